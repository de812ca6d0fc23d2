"""Fixtures of the fault tests (marked `fault`: `pytest -m fault` runs only them).

Processes the tests kill, race or cut off from their database cannot share pytest-django's test
transaction, so each test gets a scratch database of its own: a copy of a template made once per
session from the migrated test database (the same migrations `danvan migrate` applies: SQLite's
backup API, or PostgreSQL's CREATE DATABASE … TEMPLATE) and seeded once by `scripts/seed.py`.
Copying avoids migrating again in every test (several minutes on a small machine).
"""

from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.resilience.support import Database, PgServer, last_json, run_module

_NAMES = itertools.count(1)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "fault: fault tests (killed processes, races, database faults); select with -m fault",
    )


@pytest.fixture(scope="session")
def fault_template(
    django_db_setup: Any,
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
    vault_test_key: str,
) -> Iterator[Database]:
    """The migrated and seeded database every scratch database is copied from."""
    from django.db import connection, connections

    root = tmp_path_factory.mktemp("fault-template")
    pg: PgServer | None = None
    name = ""
    path: Path | None = None
    with django_db_blocker.unblock():
        vendor = connection.vendor
        # pytest-django sets up only the databases of tests marked django_db: without one,
        # this connection would be the real database of the checkout.
        is_test_db = (
            connection.is_in_memory_db()
            if vendor == "sqlite"
            else str(connection.settings_dict["NAME"]).startswith("test_")
        )
        assert is_test_db, "mark the fault test with pytest.mark.django_db"
        if vendor == "sqlite":
            path = root / "template.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(path)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
            url = f"sqlite:///{path}"
        else:
            pg = PgServer.from_settings(connection.settings_dict)
            source = str(connection.settings_dict["NAME"])
            name = f"danvan_fault_tpl_{os.getpid()}"
            connections.close_all()
            pg.drop(name)
            pg.create(name, template=source)
            url = pg.url(name)
    template = Database(
        vendor=vendor,
        url=url,
        root=root,
        seed={},
        vault_key=vault_test_key,
        pg=pg,
        name=name,
        path=path,
    )
    try:
        template.seed = last_json(run_module("seed", env=template.env()))
        yield template
    finally:
        if pg is not None:
            pg.drop(name)


@pytest.fixture
def scratch(fault_template: Database, tmp_path: Path) -> Iterator[Database]:
    """A fresh copy of the template for one test, removed afterwards."""
    t = fault_template
    if t.vendor == "sqlite":
        assert t.path is not None
        path = tmp_path / "db.sqlite3"
        shutil.copyfile(t.path, path)
        yield Database(
            vendor=t.vendor,
            url=f"sqlite:///{path}",
            root=tmp_path,
            seed=t.seed,
            vault_key=t.vault_key,
            path=path,
        )
        return
    assert t.pg is not None
    name = f"danvan_fault_{os.getpid()}_{next(_NAMES)}"
    t.pg.drop(name)
    t.pg.create(name, template=t.name)
    try:
        yield Database(
            vendor=t.vendor,
            url=t.pg.url(name),
            root=tmp_path,
            seed=t.seed,
            vault_key=t.vault_key,
            pg=t.pg,
            name=name,
        )
    finally:
        t.pg.drop(name)
