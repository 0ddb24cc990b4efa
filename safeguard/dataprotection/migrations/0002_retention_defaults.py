"""The default retention schedule. Periods follow published local authority retention schedules (the
IRMS toolkit for local government) and police guidance (MoPI); a partnership changes them on the
retention page, with a reason."""

from django.db import migrations

DEFAULTS = [
    # kind, years, days, trigger, disposal, source
    ("extract", 1, 0, "created", "delete", "Working copies: kept only as long as a wash needs them"),
    ("wash_run", 2, 0, "created", "delete", "Results superseded by later runs"),
    ("visit", 6, 0, "closed", "delete", "IRMS: multi-agency case records, 6 years after the last action"),
    ("episode", 6, 0, "closed", "delete", "6 years after the episode closed"),
    ("interview", 6, 0, "closed", "review", "Goes with its episode"),
    ("profile_photo", 0, 0, "birthday_25", "review", "Philomena profile: until the child's 25th birthday"),
    ("placement_notice", 75, 0, "created", "review", "Looked-after children's records kept by the local authority: 75 years"),
    ("sharing_decision", 6, 0, "created", "review", "IRMS: 6 years after the decision"),
    ("intelligence", 6, 0, "created", "review", "MoPI review period, decided by the police"),
    ("audit", 7, 0, "created", "review", "Hash-chained: kept whole; archived by hand"),
    ("training_booking", 6, 0, "created", "review", "Workforce records: 6 years"),
    ("subscriber", 0, 30, "left", "delete", "30 days after unsubscribing"),
]


def seed(apps, schema_editor):
    RetentionRule = apps.get_model("dataprotection", "RetentionRule")
    for kind, years, days, trigger, disposal, source in DEFAULTS:
        RetentionRule.objects.get_or_create(
            partnership=None,
            kind=kind,
            defaults={"years": years, "days": days, "trigger": trigger, "disposal": disposal, "source": source},
        )


class Migration(migrations.Migration):
    dependencies = [("dataprotection", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
