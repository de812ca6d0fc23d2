# The work calendar and the deadline rules are kept by each server process between requests
# (danvan/core/selectors/calendar.py), under the same token as the scopes: a change to a day
# swap or a rule version renews the token of core_scopegeneration, as a role change does, and
# every process reads them again at its next request.

import importlib

from django.db import migrations

_scope = importlib.import_module("danvan.core.migrations.0007_scope_generation")

WATCHED = {
    "core_calendaroverride": None,  # every column
    "core_deadlinerule": None,
}


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        make = _scope._postgresql
    elif vendor == "sqlite":
        make = _scope._sqlite
    else:  # pragma: no cover - danvan runs on SQLite and PostgreSQL only
        raise RuntimeError(f"calendar generation triggers: unsupported database {vendor}")
    for table, columns in WATCHED.items():
        for statement in make(table, columns):
            schema_editor.execute(statement)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in WATCHED:
        if vendor == "postgresql":
            for name in (f"{table}_scope_gen", f"{table}_scope_gen_upd"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        else:
            for suffix in ("ins", "del", "upd"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_scope_gen_{suffix}")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_outbox_email"),
    ]

    operations = [
        migrations.RunPython(install, uninstall),
    ]
