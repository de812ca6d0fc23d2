"""Reads about people and roles, scoped to what the caller administers."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from danvan.core import permissions
from danvan.core.models import ApiToken, Membership, Organization, User
from danvan.text import fold


def user_list(
    *,
    actor: Any,
    query: str = "",
    organization_id: int | None = None,
    role: str = "",
    active: bool | None = None,
) -> QuerySet[User]:
    """Users the actor administers: those holding a role in the actor's administration scope.

    A superuser also sees users without any role and other superusers.
    """
    ids = permissions.administered_organization_ids(actor)
    qs = User.objects.all()
    if ids is not None:
        if not ids:
            return qs.none()
        qs = qs.filter(
            Exists(
                Membership.objects.filter(user_id=OuterRef("pk"), organization_id__in=sorted(ids))
            ),
            is_superuser=False,
        )
    query = query.strip()
    if query:
        qs = qs.filter(
            Q(search_name__contains=fold(query))
            | Q(username__icontains=query)
            | Q(email__icontains=query)
        )
    if organization_id is not None or role:
        wanted = Membership.objects.filter(user_id=OuterRef("pk"))
        if organization_id is not None:
            wanted = wanted.filter(organization_id=organization_id)
        if role:
            wanted = wanted.filter(role=role)
        qs = qs.filter(Exists(wanted))
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("organization").order_by(
                "organization__code", "role"
            ),
        )
    ).order_by("username")


def user_get_for_admin(*, actor: Any, user_id: int) -> User:
    """One user the actor administers; 404 (as if missing) for anyone else."""
    user = user_list(actor=actor).filter(pk=user_id).first()
    if user is None:
        raise Http404
    return user


def grantable_organizations(*, actor: Any) -> QuerySet[Organization]:
    """Organisations at which the actor may create users and grant roles."""
    ids = permissions.administered_organization_ids(actor)
    qs = Organization.objects.filter(is_active=True).select_related("area")
    if ids is not None:
        qs = qs.filter(pk__in=sorted(ids))
    return qs.order_by("level", "code")


def user_memberships(*, user: User) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user)
        .select_related("organization", "organization__area")
        .order_by("organization__code", "role")
    )


def user_api_tokens(*, user: User) -> QuerySet[ApiToken]:
    """The user's tokens, newest first (digests are never shown: only the prefix)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at")
