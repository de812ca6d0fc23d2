"""The oversight API, mounted at /api/v1/oversight."""

from ninja import Router

router = Router(tags=["oversight"])
