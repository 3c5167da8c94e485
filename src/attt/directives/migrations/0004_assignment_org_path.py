"""A copy of the unit's path on Assignment (visibility without a JOIN to orgs_organisation)."""

import attt.core.paths
from django.db import migrations
from django.db.models import OuterRef, Subquery


def copy_paths(apps, schema_editor):
    Assignment = apps.get_model("directives", "Assignment")
    Organisation = apps.get_model("orgs", "Organisation")
    # One UPDATE with a subquery, whatever the number of rows.
    Assignment.objects.update(
        org_path=Subquery(Organisation.objects.filter(pk=OuterRef("organisation_id")).values("path")[:1]))
    if schema_editor.connection.vendor == "postgresql":
        # Fresh statistics for the new column, or the planner does not know the path index is selective.
        schema_editor.execute("ANALYZE directives_assignment")


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0001_initial'),
        ('directives', '0003_task_review_marks'),
    ]

    operations = [
        migrations.AddField(
            model_name='assignment',
            name='org_path',
            field=attt.core.paths.PathField(db_index=True, default='', editable=False, max_length=400),
        ),
        migrations.RunPython(copy_paths, migrations.RunPython.noop),
    ]
