"""The conferences API, mounted at /api/v1/conferences."""

from ninja import Router

router = Router(tags=["conferences"])
