"""The danvan WSGI application with `pause.install()` applied, for gunicorn:
`gunicorn tests.resilience.scripts.wsgi:application`."""

from __future__ import annotations

from danvan.config.wsgi import application
from tests.resilience.scripts import pause

pause.install()

__all__ = ["application"]
