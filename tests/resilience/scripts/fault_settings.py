"""danvan's settings plus SQLite pragmas run on every new connection, for the fault tests.

DANVAN_TEST_SQLITE_PRAGMAS, e.g. "PRAGMA query_only=ON;" (SQLite refuses every write with
SQLITE_READONLY, as for a read-only file or mount: root ignores file modes, so a chmod cannot
make a database read-only in a test run as root).
"""

from __future__ import annotations

import os

from danvan.config.settings import *  # noqa: F403
from danvan.config.settings import DATABASES
from danvan.core.db import is_sqlite

_PRAGMAS = os.environ.get("DANVAN_TEST_SQLITE_PRAGMAS", "")
if _PRAGMAS and is_sqlite(DATABASES["default"]["ENGINE"]):
    _options = DATABASES["default"]["OPTIONS"]
    _options["init_command"] = f"{_options['init_command']} {_PRAGMAS}"
