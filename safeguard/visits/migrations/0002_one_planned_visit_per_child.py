from django.conf import settings
from django.db import migrations, models


def cancel_duplicate_planned_visits(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Before the constraint: a child with two planned visits keeps the first, the rest are cancelled."""
    JointVisit = apps.get_model("visits", "JointVisit")
    kept: set[tuple[int, int]] = set()
    for visit in JointVisit.objects.filter(status="planned").order_by("planned_at", "pk"):
        key = (visit.partnership_id, visit.person_id)
        if key in kept:
            visit.status = "cancelled"
            visit.save(update_fields=["status"])
        kept.add(key)


class Migration(migrations.Migration):
    dependencies = [
        ("partnership", "0002_partnership_rhi_provider"),
        ("people", "0001_initial"),
        ("visits", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(cancel_duplicate_planned_visits, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="jointvisit",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "planned")),
                fields=("partnership", "person"),
                name="one_planned_visit_per_child",
            ),
        ),
    ]
