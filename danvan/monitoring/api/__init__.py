"""/api/v1/monitoring: issue reports, alerts, the dashboard's figures, entities, topic
suggestions. One router per area, mounted here."""

from __future__ import annotations

from ninja import Router

from danvan.monitoring.api import alerts, dashboard, entities, reports, topics

router = Router(tags=["monitoring"])
router.add_router("/reports", reports.router)
router.add_router("/alerts", alerts.router)
router.add_router("/dashboard", dashboard.router)
router.add_router("/entities", entities.router)
router.add_router("/topics", topics.router)
