"""Copies of the owner and operator paths on System (visibility without joins), and indexes."""

import attt.systems.models.paths
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_paths(apps, schema_editor):
    System = apps.get_model("systems", "System")
    Organisation = apps.get_model("orgs", "Organisation")

    def path_of(column):
        return Subquery(Organisation.objects.filter(pk=OuterRef(column)).values("path")[:1])

    System.objects.update(owner_path=path_of("owner_id"), operator_path=path_of("operator_id"))


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0001_initial'),
        ('systems', '0002_control_dossier_dossiercomment_dossierdocument_and_more'),
    ]

    operations = [
        migrations.AddField(
            model_name='system',
            name='operator_path',
            field=attt.systems.models.paths.PathField(db_index=True, default='', editable=False, max_length=400),
        ),
        migrations.AddField(
            model_name='system',
            name='owner_path',
            field=attt.systems.models.paths.PathField(db_index=True, default='', editable=False, max_length=400),
        ),
        migrations.RunPython(copy_paths, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='system',
            name='approved_level',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='cấp độ được phê duyệt'),
        ),
        migrations.AddIndex(
            model_name='system',
            index=models.Index(fields=['name', 'id'], name='systems_sys_name_id_idx'),
        ),
        migrations.AddIndex(
            model_name='system',
            index=models.Index(fields=['approved_level', 'proposed_level'], name='systems_sys_levels_idx'),
        ),
        migrations.AddIndex(
            model_name='system',
            index=models.Index(fields=['owner_path', 'operator_path', 'status', 'approved_level', 'proposed_level', 'plan_complete', 'compliance', 'soc_monitored'], name='systems_sys_figures_idx'),
        ),
    ]
