"""The kinds the retention job now disposes of through their own apps are deleted by default, as the
schedules they follow say. A default a partnership has already overridden is its own rule and untouched;
the defaults themselves change only where still as first seeded. Soft intelligence stays report-only
(MoPI: the police review it before it goes) and so does the audit trail (kept whole as evidence)."""

from django.db import migrations

NOW_DELETED = ("interview", "profile_photo", "placement_notice", "sharing_decision", "training_booking")


def forwards(apps, schema_editor):
    RetentionRule = apps.get_model("dataprotection", "RetentionRule")
    RetentionRule.objects.filter(partnership=None, kind__in=NOW_DELETED, disposal="review").update(disposal="delete")


def backwards(apps, schema_editor):
    RetentionRule = apps.get_model("dataprotection", "RetentionRule")
    RetentionRule.objects.filter(partnership=None, kind__in=NOW_DELETED, disposal="delete").update(disposal="review")


class Migration(migrations.Migration):
    dependencies = [("dataprotection", "0002_retention_defaults")]
    operations = [migrations.RunPython(forwards, backwards)]
