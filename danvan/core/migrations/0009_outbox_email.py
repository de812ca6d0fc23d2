"""The e-mail outbox (`core.OutboxEmail`): reminders and alerts stored with the change that
causes them and sent after it, again while the mail server refuses them. A new, empty table.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0008_document_sequence'),
    ]

    operations = [
        migrations.CreateModel(
            name='OutboxEmail',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=40)),
                ('subject', models.CharField(max_length=300)),
                ('body', models.TextField()),
                ('from_email', models.CharField(max_length=254)),
                ('to', models.JSONField(default=list)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('next_attempt_at', models.DateTimeField()),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('given_up_at', models.DateTimeField(blank=True, null=True)),
                ('last_error', models.TextField(blank=True)),
            ],
            options={
                'indexes': [models.Index(condition=models.Q(('given_up_at__isnull', True), ('sent_at__isnull', True)), fields=['next_attempt_at'], name='outbox_email_pending'), models.Index(fields=['sent_at'], name='outbox_email_sent')],
            },
        ),
    ]
