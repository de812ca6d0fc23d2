"""Administrators and inspectors ask for an integrity check; the worker runs it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from danvan.core.models import AuditVerification, Role
from danvan.core.services.audit import audit_record
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _user(role: str):  # type: ignore[no-untyped-def]
    user = UserFactory()
    MembershipFactory(user=user, organization=OrganizationFactory(), role=role)
    return user


@pytest.mark.django_db(transaction=True)
def test_inspector_asks_for_a_check_and_the_worker_records_an_intact_chain(
    client: Client, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = DB_QUEUE
    inspector = _user(Role.INSPECTOR)
    client.force_login(inspector)

    response = client.post("/nhat-ky/kiem-tra/")
    assert response.status_code == 302
    verification = AuditVerification.objects.get()
    assert verification.status == AuditVerification.Status.QUEUED

    call_command("worker", "--batch", "--interval", "0.1", verbosity=0)

    verification.refresh_from_db()
    assert verification.status == AuditVerification.Status.OK
    assert verification.events >= 1
    page = client.get("/nhat-ky/kiem-tra/").content.decode()
    assert "Nguyên vẹn" in page


@pytest.mark.django_db(transaction=True)
def test_check_run_by_the_worker_reports_a_tampered_row(settings) -> None:  # type: ignore[no-untyped-def]
    from danvan.core.services.audit import audit_verification_request

    settings.TASKS = DB_QUEUE
    admin = _user(Role.ADMINISTRATOR)
    event = audit_record(actor=admin, verb="test.event", target=admin, changes={"x": (1, 2)})
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER USER")
        cursor.execute("UPDATE core_auditevent SET verb = 'forged' WHERE seq = %s", [event.seq])
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditevent ENABLE TRIGGER USER")

    verification = audit_verification_request(actor=admin)
    call_command("worker", "--batch", "--interval", "0.1", verbosity=0)

    verification.refresh_from_db()
    assert verification.status == AuditVerification.Status.BROKEN
    assert f"seq {event.seq}" in verification.problem


@pytest.mark.django_db
def test_officer_cannot_ask_for_a_check_nor_see_the_page(client: Client) -> None:
    client.force_login(_user(Role.OFFICER))
    assert client.get("/nhat-ky/kiem-tra/").status_code == 404
    assert client.post("/nhat-ky/kiem-tra/").status_code == 404
    assert not AuditVerification.objects.exists()


@pytest.mark.django_db
def test_a_check_that_cannot_be_queued_is_closed_with_the_reason(
    client: Client, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    import redis

    from danvan.core import tasks

    class Down:
        """A task whose queue (Redis) does not answer."""

        def enqueue(self, *args: Any) -> None:
            raise redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6379.")

    monkeypatch.setattr(tasks, "audit_chain_verify_task", Down())
    client.force_login(_user(Role.INSPECTOR))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/nhat-ky/kiem-tra/")

    assert response.status_code == 302  # not an error page
    verification = AuditVerification.objects.get()
    assert verification.status == AuditVerification.Status.FAILED
    assert verification.finished_at is not None
    assert "hàng đợi" in verification.problem
    page = client.get("/nhat-ky/kiem-tra/").content.decode()
    assert "Không chạy được" in page and "Chưa đưa được việc kiểm tra vào hàng đợi" in page
