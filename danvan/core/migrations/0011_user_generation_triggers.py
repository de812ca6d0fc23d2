# Values each server process keeps under the scope generation token, beyond the scopes and the
# calendar: the assignee choices (people at an organisation: danvan/petitions/views/common.py
# `people_choices`) and the home page's summary of a user's scope
# (danvan/core/selectors/home.py). A person's username, name or active flag now renews the
# token (signing in, last_login, does not), and so do an organisation's code and a unit's
# code, name and end of validity (shown in the summary).

import importlib

from django.db import migrations

_scope = importlib.import_module("danvan.core.migrations.0007_scope_generation")

WATCHED = {
    "core_user": ["username", "full_name", "is_active"],
}
# Watched since 0007 with fewer columns; their update triggers are made again with these.
WIDER = {
    "core_organization": ["parent_id", "area_id", "level", "kind", "name", "code"],
    "core_adminunit": ["parent_id", "level", "code", "full_name", "valid_to"],
}


def install(apps, schema_editor):
    _scope.triggers_install(schema_editor, WATCHED)
    _scope.triggers_uninstall(schema_editor, WIDER)
    _scope.triggers_install(schema_editor, WIDER)


def uninstall(apps, schema_editor):
    _scope.triggers_uninstall(schema_editor, WATCHED)
    _scope.triggers_uninstall(schema_editor, WIDER)
    _scope.triggers_install(schema_editor, {table: _scope.WATCHED[table] for table in WIDER})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0010_calendar_generation_triggers"),
    ]

    operations = [
        migrations.RunPython(install, uninstall),
    ]
