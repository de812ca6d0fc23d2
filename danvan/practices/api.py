"""The practices API, mounted at /api/v1/practices."""

from ninja import Router

router = Router(tags=["practices"])
