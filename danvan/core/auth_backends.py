"""The authentication backend: Django's `ModelBackend`, with the signed-in user read by a fixed
statement (danvan/core/db/fixed.py).

Every signed-in request loads its user by primary key; Django's backend builds and compiles
`User.objects.get(pk=...)` each time. Sign-in, permissions and `user_can_authenticate` (an
inactive account is refused) are Django's. `AUTHENTICATION_BACKENDS` names this class; a session
is bound to the backend that signed it in, so sessions opened under Django's `ModelBackend` path
(before 25 November 2026) end once and their users sign in again.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from danvan.core.db.fixed import rows_where


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id: Any) -> Any:
        if user_id is None:
            return None
        found = rows_where(get_user_model(), "pk", user_id)
        user = found[0] if found else None
        return user if user is not None and self.user_can_authenticate(user) else None
