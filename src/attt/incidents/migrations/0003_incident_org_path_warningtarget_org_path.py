"""A copy of the unit's path on Incident and WarningTarget (visibility without a JOIN to
orgs_organisation)."""

import attt.core.paths
from django.db import migrations
from django.db.models import OuterRef, Subquery


def copy_paths(apps, schema_editor):
    Organisation = apps.get_model("orgs", "Organisation")
    unit_path = Subquery(Organisation.objects.filter(pk=OuterRef("unit_id")).values("path")[:1])
    for name in ("Incident", "WarningTarget"):
        # One UPDATE with a subquery per table, whatever the number of rows.
        model = apps.get_model("incidents", name)
        model.objects.update(org_path=unit_path)
        if schema_editor.connection.vendor == "postgresql":
            # Fresh statistics for the new column, or the planner does not know the path index is selective.
            schema_editor.execute(f"ANALYZE {model._meta.db_table}")


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0001_initial'),
        ('incidents', '0002_clock_reminder'),
    ]

    operations = [
        migrations.AddField(
            model_name='incident',
            name='org_path',
            field=attt.core.paths.PathField(db_index=True, default='', editable=False, max_length=400),
        ),
        migrations.AddField(
            model_name='warningtarget',
            name='org_path',
            field=attt.core.paths.PathField(db_index=True, default='', editable=False, max_length=400),
        ),
        migrations.RunPython(copy_paths, migrations.RunPython.noop),
    ]
