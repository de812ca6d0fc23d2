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


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("get", "/api/v1/no-such-thing", 404, "not_found"),
        ("put", "/api/v1/auth/token", 405, "method_not_allowed"),
    ],
)
def test_api_errors_before_any_endpoint_use_the_one_json_format(
    client: Client, method: str, path: str, status: int, code: str
) -> None:
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert response.json() == {
        "error": {"code": code, "message": response.json()["error"]["message"], "fields": {}}
    }
    assert response.json()["error"]["message"]


@pytest.mark.django_db
def test_unreadable_body_gets_a_vietnamese_bad_request(client: Client) -> None:
    response = client.post("/api/v1/auth/token", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"
    assert "JSON" in response.json()["error"]["message"]


def test_api_docs_page_loads_its_assets_locally_not_from_a_cdn(client: Client) -> None:
    import re

    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any("swagger-ui" in s for s in sources)
    assert [s for s in sources if s.startswith(("http://", "https://", "//"))] == []


@pytest.mark.django_db
def test_health_reports_an_unreachable_redis_queue_as_degraded(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    # django_rq reads RQ_QUEUES from the settings on each access, so overriding the setting is
    # enough (assigning django_rq.settings.QUEUES would shadow that for the rest of the run).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0"}}
    response = client.get("/api/v1/health")
    assert response.status_code == 503
    assert response.json()["tasks"]["ok"] is False
    assert response.json()["tasks"]["detail"].startswith("RQBackend: ")


@pytest.mark.django_db
def test_health_reports_mail_waiting_too_long_without_taking_the_server_out(
    client: Client,
) -> None:
    import datetime as dt

    from django.utils import timezone

    from danvan.core.models import OutboxEmail

    assert client.get("/api/v1/health").json()["mail"] == {
        "ok": True,
        "detail": "0 thư đang chờ gửi (0 chờ quá 1 giờ); 0 thư không gửi được trong 24 giờ qua",
    }
    now = timezone.now()
    row = dict(kind="alert", subject="s", body="b", from_email="", to=["a@example.vn"])
    OutboxEmail.objects.create(**row, next_attempt_at=now)  # just queued
    late = OutboxEmail.objects.create(**row, next_attempt_at=now)
    OutboxEmail.objects.filter(pk=late.pk).update(created_at=now - dt.timedelta(hours=2))

    response = client.get("/api/v1/health")

    assert response.status_code == 200 and response.json()["status"] == "ok"
    assert response.json()["mail"] == {
        "ok": False,
        "detail": "2 thư đang chờ gửi (1 chờ quá 1 giờ); 0 thư không gửi được trong 24 giờ qua",
    }
    OutboxEmail.objects.filter(pk=late.pk).update(sent_at=now)
    OutboxEmail.objects.exclude(pk=late.pk).update(given_up_at=now)
    assert (
        client.get("/api/v1/health")
        .json()["mail"]["detail"]
        .endswith("1 thư không gửi được trong 24 giờ qua")
    )
    assert client.get("/api/v1/health").json()["mail"]["ok"] is False
