"""The campaigns API, mounted at /api/v1/campaigns."""

from ninja import Router

router = Router(tags=["campaigns"])
