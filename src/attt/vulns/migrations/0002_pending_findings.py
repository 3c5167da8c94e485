# Findings of hosts that matched no system are kept (PendingFinding) until the unit assigns the
# host; HostAssignment counts them. Issue 15, part 1.

import attt.systems.models.paths
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('vulns', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='hostassignment',
            name='findings_pending',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.CreateModel(
            name='PendingFinding',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('org_path', attt.systems.models.paths.PathField(db_index=True, default='', editable=False, max_length=400)),
                ('scanner', models.CharField(max_length=10)),
                ('hash', models.CharField(max_length=64)),
                ('host', models.CharField(max_length=300)),
                ('port', models.CharField(blank=True, max_length=10)),
                ('protocol', models.CharField(blank=True, max_length=20)),
                ('plugin_id', models.CharField(blank=True, max_length=200)),
                ('title', models.CharField(max_length=500)),
                ('severity', models.PositiveSmallIntegerField(choices=[(0, 'Thông tin'), (1, 'Thấp'), (2, 'Trung bình'), (3, 'Cao'), (4, 'Nghiêm trọng')])),
                ('cves', models.JSONField(blank=True, default=list)),
                ('description', models.TextField(blank=True)),
                ('solution', models.TextField(blank=True)),
                ('first_seen', models.DateTimeField()),
                ('last_seen', models.DateTimeField()),
                ('assignment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pending', to='vulns.hostassignment')),
                ('first_scan', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='vulns.scan')),
                ('last_scan', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='vulns.scan')),
            ],
            options={
                'ordering': ['assignment', 'id'],
                'constraints': [models.UniqueConstraint(fields=('assignment', 'hash'), name='vulns_pending_unique')],
            },
        ),
    ]
