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
    _scope.triggers_install(schema_editor, WATCHED)


def uninstall(apps, schema_editor):
    _scope.triggers_uninstall(schema_editor, WATCHED)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_outbox_email"),
    ]

    operations = [
        migrations.RunPython(install, uninstall),
    ]
