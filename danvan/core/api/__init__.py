"""Core API routers, one module per area, mounted under /api/v1/ by `danvan.api.main`."""

from __future__ import annotations

from ninja import Router


def routers() -> list[tuple[str, Router]]:
    from danvan.core.api import audit, auth, calendar, health, obligations, orgs, tasks, units

    return [
        ("", health.router),
        ("/calendar", calendar.router),
        ("/admin-units", units.router),
        ("/organizations", orgs.router),
        ("/auth", auth.router),
        ("/audit", audit.router),
        ("/obligations", obligations.router),
        ("/tasks", tasks.router),
    ]
