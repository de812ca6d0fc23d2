"""Template context for the layout: the signed-in user's organisations, roles and scope."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"shell_memberships": []}
    memberships = list(user.memberships.select_related("organization").order_by("id"))
    return {"shell_memberships": memberships}
