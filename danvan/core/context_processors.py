"""Template context for the layout: the signed-in user's roles and the navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from danvan.core.navigation import navigation_for, navigation_html
from danvan.core.selectors.scope import user_scope


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"shell_memberships": [], "shell_navigation": [], "shell_navigation_html": ""}
    navigation = navigation_for(user, request.path)
    return {
        # The roles come with the user's scope (kept between requests): no query per page.
        "shell_memberships": list(user_scope(user).held),
        "shell_navigation": navigation,
        # The menu's HTML, kept per process for each distinct menu (danvan/core/navigation.py).
        "shell_navigation_html": navigation_html(navigation),
    }
