"""Reads of the register imports, scoped: a job is seen by the people who may register
petitions at its organisation (officers and leaders there or above), as if it did not exist
for anyone else."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from danvan.petitions import permissions
from danvan.petitions.models import RegisterImport


def register_import_list(*, user: Any) -> QuerySet[RegisterImport]:
    ids = permissions.handling_organization_ids(user)
    qs = RegisterImport.objects.select_related("organization", "created_by")
    if ids is None:
        return qs.order_by("-created_at", "-id")
    if not ids:
        return qs.none()
    return qs.filter(organization_id__in=sorted(ids)).order_by("-created_at", "-id")


def register_import_get(*, user: Any, pk: Any) -> RegisterImport:
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    job = register_import_list(user=user).filter(pk=key).first()
    if job is None:
        raise Http404
    return job


def can_import_at(user: Any, organization_id: int) -> bool:
    """Officers and leaders of the organisation (or above it) import its registers."""
    return permissions.can_register_at(user, organization_id)
