from django.db import migrations

COHORT_KINDS = ("ehe_register", "children_not_in_school", "children_missing_education")


def start_campaigns_where_the_board_watched_a_run(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Before campaigns, the board watched the latest run; that run becomes the campaign's first.

    Owned by the partnership's group with a named lead (else its board), dated when the run
    finished, so the burn-down the board already saw keeps its dates.
    """
    Partnership = apps.get_model("partnership", "Partnership")
    Group = apps.get_model("partnership", "Group")
    WashRun = apps.get_model("datawash", "WashRun")
    Campaign = apps.get_model("visits", "Campaign")
    CampaignRun = apps.get_model("visits", "CampaignRun")
    for partnership in Partnership.objects.all():
        if Campaign.objects.filter(partnership=partnership).exists():
            continue
        runs = WashRun.objects.filter(partnership=partnership, status="succeeded").order_by("-created_at")
        run = runs.filter(cohort_kind="ehe_register").first() or runs.filter(cohort_kind__in=COHORT_KINDS).first()
        if run is None:
            continue
        groups = Group.objects.filter(partnerships=partnership, is_active=True).order_by("pk")
        group = groups.filter(memberships__role="lead").first() or groups.filter(kind="board").first()
        if group is None:
            continue
        started = run.finished_at or run.created_at
        campaign = Campaign.objects.create(
            partnership=partnership, group=group, name="Children not seen by any service", started_at=started
        )
        CampaignRun.objects.create(campaign=campaign, run=run, adopted_at=started)


class Migration(migrations.Migration):
    dependencies = [("visits", "0004_campaign")]

    operations = [migrations.RunPython(start_campaigns_where_the_board_watched_a_run, migrations.RunPython.noop)]
