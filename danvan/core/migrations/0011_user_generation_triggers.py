# The assignee choices of a case page, the register and the intake page (people at an
# organisation: danvan/petitions/views/common.py `people_choices`) are kept by each server
# process under the scope generation token: a membership change already renews it; a person's
# name, username or active flag renews it here. Signing in (last_login) and other columns do not.

import importlib

from django.db import migrations

_scope = importlib.import_module("danvan.core.migrations.0007_scope_generation")

WATCHED = {
    "core_user": ["username", "full_name", "is_active"],
}


def install(apps, schema_editor):
    _scope.triggers_install(schema_editor, WATCHED)


def uninstall(apps, schema_editor):
    _scope.triggers_uninstall(schema_editor, WATCHED)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0010_calendar_generation_triggers"),
    ]

    operations = [
        migrations.RunPython(install, uninstall),
    ]
