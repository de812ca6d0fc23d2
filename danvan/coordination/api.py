"""The coordination API, mounted at /api/v1/coordination."""

from ninja import Router

router = Router(tags=["coordination"])
