"""Template context for the layout: the signed-in user's roles and the navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from danvan.core.navigation import navigation_for


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"shell_memberships": [], "shell_navigation": []}
    memberships = list(user.memberships.select_related("organization").order_by("id"))
    return {
        "shell_memberships": memberships,
        "shell_navigation": navigation_for(user, request.path),
    }
