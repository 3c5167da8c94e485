from django.db import migrations


def load(apps, schema_editor):
    from attt.directives.defaults import load_default_rules

    load_default_rules(apps.get_model("directives", "AssigneeRule"))


class Migration(migrations.Migration):
    dependencies = [("directives", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
