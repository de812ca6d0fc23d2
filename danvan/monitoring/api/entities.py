"""/api/v1/monitoring: entities (filled in by its owner)."""

from __future__ import annotations

from ninja import Router

router = Router()
