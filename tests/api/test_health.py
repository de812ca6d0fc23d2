from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.django_db
def test_health_reports_database_and_task_backend_without_login(client: Client) -> None:
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["database"]["detail"] in {"sqlite", "postgresql"}
    assert body["tasks"]["ok"] is True


@pytest.mark.django_db
def test_health_counts_tasks_waiting_in_the_database_queue(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    from danvan.core.tasks import ping

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    ping.enqueue()
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json()["tasks"] == {"ok": True, "detail": "DatabaseBackend; 1 việc đang chờ"}


@pytest.mark.django_db
def test_health_reports_unusable_task_backend_as_degraded(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "no.such.Backend"}}
    response = client.get("/api/v1/health")
    assert response.status_code == 503
    assert response.json()["status"] == "degraded"
    assert response.json()["tasks"]["ok"] is False


def test_openapi_schema_is_served(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "danvan API"
