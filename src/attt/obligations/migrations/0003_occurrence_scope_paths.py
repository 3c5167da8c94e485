"""Copies of the unit's path and the system owner's path on Occurrence (visibility without joins)."""

import attt.systems.models.paths
from django.db import migrations
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def copy_paths(apps, schema_editor):
    Occurrence = apps.get_model("obligations", "Occurrence")
    Organisation = apps.get_model("orgs", "Organisation")
    System = apps.get_model("systems", "System")
    Occurrence.objects.update(
        org_path=Subquery(Organisation.objects.filter(pk=OuterRef("organisation_id")).values("path")[:1]),
        system_owner_path=Coalesce(
            Subquery(System.objects.filter(pk=OuterRef("system_id")).values("owner__path")[:1]), Value("")),
    )
    if schema_editor.connection.vendor == "postgresql":
        # Fresh statistics for the new columns: without them the planner walks the due-date index
        # and filters every row instead of using the path indexes (60 ms instead of 0.2 ms).
        schema_editor.execute("ANALYZE obligations_occurrence")


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0001_initial'),
        ('systems', '0003_scope_paths'),
        ('obligations', '0002_duty_rule_source_task'),
    ]

    operations = [
        migrations.AddField(
            model_name='occurrence',
            name='org_path',
            field=attt.systems.models.paths.PathField(db_index=True, default='', editable=False, max_length=400),
        ),
        migrations.AddField(
            model_name='occurrence',
            name='system_owner_path',
            field=attt.systems.models.paths.PathField(db_index=True, default='', editable=False, max_length=400),
        ),
        migrations.RunPython(copy_paths, migrations.RunPython.noop),
    ]
