"""On PostgreSQL, refuse UPDATE and DELETE of audit rows in the database itself.

SQLite relies on the model layer (AuditEvent refuses changes) and on `danvan audit verify`.
"""

from django.db import migrations

from danvan.core.models.audit import POSTGRES_APPEND_ONLY_REVERSE_SQL, POSTGRES_APPEND_ONLY_SQL


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_APPEND_ONLY_SQL, params=None)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_APPEND_ONLY_REVERSE_SQL, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
