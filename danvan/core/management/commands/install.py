"""`danvan install`: migrate the configured database and load the reference data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from danvan.core.db import is_sqlite
from danvan.core.services.reference import reference_data_load


class Command(BaseCommand):
    help = "Áp dụng migration, tạo bảng cache, gom tệp tĩnh và nạp dữ liệu tham chiếu (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet", action="store_true", help="không in tóm tắt")

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = 0 if options["quiet"] else 1
        database = settings.DATABASES["default"]
        if is_sqlite(database["ENGINE"]):
            Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        counts = reference_data_load()
        if verbosity:
            summary = ", ".join(f"{k}: {v}" for k, v in counts.items())
            self.stdout.write(f"Cơ sở dữ liệu đã sẵn sàng. Dữ liệu tham chiếu — {summary}")
        # Each app may prepare what it needs (e.g. the petitions vault's demo key file): an
        # AppConfig method `danvan_install()` returning lines to print. Core imports no app.
        for config in apps.get_app_configs():
            hook = getattr(config, "danvan_install", None)
            if callable(hook):
                for line in hook() or []:
                    if verbosity:
                        self.stdout.write(str(line))
