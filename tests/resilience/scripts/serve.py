"""`danvan <args>` (e.g. `serve --no-worker --port N`: waitress) with `pause.install()` first.

Usage: python -m tests.resilience.scripts.serve serve --no-worker --port N
"""

from __future__ import annotations

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.config.settings")
django.setup()

from danvan.cli import main  # noqa: E402
from tests.resilience.scripts import pause  # noqa: E402

if __name__ == "__main__":
    pause.install()
    main(sys.argv[1:])
