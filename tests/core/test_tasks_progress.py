"""Progress reports with evidence, supporting units' reports, and who sees what: the lead's
writers report and complete; a supporting unit sees the task, reports on its part and cannot
complete; a unit outside both gets 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from danvan.core.errors import PermissionDenied, ValidationFailed
from danvan.core.files import UploadedFileInput
from danvan.core.models import AuditEvent, Task, TaskEvidence, TaskProgressUpdate, TaskSupport
from danvan.core.selectors.tasks import TaskFilters, task_list
from danvan.core.services.tasks import (
    task_complete,
    task_support_progress,
    task_update_progress,
)
from tests.core.test_tasks_world import TasksWorld, fresh, give, tasks_world

__all__ = ["tasks_world"]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def task(tasks_world: TasksWorld) -> Task:
    w = tasks_world
    return give(
        w,
        "Vận động hộ dân thôn 3 bàn giao mặt bằng",
        days(10),
        assignee=w.officer_a,
        supporting=[(w.front_a, "Tuyên truyền, vận động hội viên")],
    )


# --- Services -------------------------------------------------------------------------------


def test_lead_reports_progress_with_evidence_kept_with_the_report(
    task: Task, tasks_world: TasksWorld
) -> None:
    w = tasks_world
    task = task_update_progress(
        task=task,
        actor=w.officer_a,
        progress=40,
        note="Đã họp dân 2 buổi",
        expected_version=task.version,
        evidence=[UploadedFileInput(name="Biên bản họp.pdf", data=PDF)],
    )
    update = TaskProgressUpdate.objects.get(task=task)
    assert (update.percent, update.note, update.is_lead) == (40, "Đã họp dân 2 buổi", True)
    assert update.organization == w.org_a and update.reported_by == w.officer_a
    evidence = TaskEvidence.objects.get(update=update)
    assert evidence.original_name == "Biên bản họp.pdf"
    assert evidence.content_type == "application/pdf" and evidence.size == len(PDF)
    assert evidence.file.read() == PDF
    assert task.progress == 40 and task.status == "in_progress"


def test_a_bad_evidence_file_refuses_the_whole_report(task: Task, tasks_world: TasksWorld) -> None:
    w = tasks_world
    with pytest.raises(ValidationFailed) as caught:
        task_update_progress(
            task=task,
            actor=w.officer_a,
            progress=40,
            expected_version=task.version,
            evidence=[UploadedFileInput(name="virus.exe", data=b"MZ\x90\x00\x03")],
        )
    assert "evidence" in caught.value.fields
    task.refresh_from_db()
    assert task.progress == 0 and task.version == 1
    assert not TaskProgressUpdate.objects.exists()


def test_supporting_unit_reports_its_part_without_touching_the_task(
    task: Task, tasks_world: TasksWorld
) -> None:
    w = tasks_world
    update = task_support_progress(
        task=task,
        actor=fresh(w.front_officer),
        progress=60,
        note="Đã vận động 12/20 hộ",
        evidence=[UploadedFileInput(name="danh-sach.txt", data="Danh sách hộ".encode())],
    )
    assert update.organization == w.front_a and not update.is_lead
    assert TaskSupport.objects.get(task=task).progress == 60
    task.refresh_from_db()
    assert (task.progress, task.status, task.version) == (0, "open", 1)
    assert AuditEvent.objects.filter(verb="task.support_progress").count() == 1


def test_supporting_unit_cannot_complete_cancel_or_set_the_lead_progress(
    task: Task, tasks_world: TasksWorld
) -> None:
    w = tasks_world
    actor = fresh(w.front_officer)
    with pytest.raises(PermissionDenied):
        task_complete(task=task, actor=actor, expected_version=task.version)
    with pytest.raises(PermissionDenied):
        task_update_progress(task=task, actor=actor, progress=50, expected_version=task.version)
    task.refresh_from_db()
    assert task.status == "open"


def test_the_leads_officer_is_not_a_supporting_reporter(
    task: Task, tasks_world: TasksWorld
) -> None:
    with pytest.raises(PermissionDenied):
        task_support_progress(task=task, actor=fresh(tasks_world.officer_b), progress=10)


def test_completion_is_the_last_report(task: Task, tasks_world: TasksWorld) -> None:
    w = tasks_world
    task_complete(
        task=task,
        actor=w.leader_a,
        expected_version=task.version,
        note="Đã bàn giao đủ mặt bằng",
        evidence=[UploadedFileInput(name="bien-ban.pdf", data=PDF)],
    )
    last = TaskProgressUpdate.objects.get(task=task)
    assert last.percent == 100 and last.evidence.count() == 1


# --- Visibility -----------------------------------------------------------------------------


def test_supporting_unit_sees_the_task_in_its_list_and_filter(
    task: Task, tasks_world: TasksWorld
) -> None:
    w = tasks_world
    other = give(w, "Việc riêng của xã", days(3))
    front = fresh(w.front_officer)
    assert list(task_list(user=front)) == [task]
    assert list(task_list(user=front, filters=TaskFilters(who="support"))) == [task]
    lead = fresh(w.officer_a)
    assert list(task_list(user=lead, filters=TaskFilters(who="support"))) == []
    assert set(task_list(user=lead)) == {task, other}


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_supporting_unit_reads_the_page_and_reports_but_gets_no_lead_forms(
    task: Task, tasks_world: TasksWorld
) -> None:
    w = tasks_world
    client = _client(w.front_officer)
    page = client.get(reverse("core:task", args=[task.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Báo cáo phần việc phối hợp" in body
    assert "Xác nhận hoàn thành" not in body and "Lưu tiến độ" not in body
    response = client.post(
        reverse("core:task_support_progress", args=[task.pk]),
        {
            "support-organization": str(w.front_a.pk),
            "support-progress": "30",
            "support-note": "Đã phát tờ rơi",
            "support-evidence": [_upload("anh.pdf", PDF)],
        },
    )
    assert response.status_code == 302
    assert TaskSupport.objects.get(task=task).progress == 30
    refused = client.post(
        reverse("core:task_complete", args=[task.pk]),
        {"complete-expected_version": str(task.version)},
    )
    assert refused.status_code == 403
    task.refresh_from_db()
    assert task.status == "open"


def _upload(name: str, data: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_lead_reports_with_a_file_and_everyone_who_sees_the_task_downloads_it(
    task: Task, tasks_world: TasksWorld
) -> None:
    w = tasks_world
    client = _client(w.officer_a)
    response = client.post(
        reverse("core:task_progress", args=[task.pk]),
        {
            "progress-progress": "50",
            "progress-note": "Đã đo đạc xong",
            "progress-expected_version": str(task.version),
            "progress-evidence": [_upload("Bản đồ đo đạc.pdf", PDF)],
        },
    )
    assert response.status_code == 302
    evidence = TaskEvidence.objects.get()
    url = reverse("core:task_evidence", args=[task.pk, evidence.pk])
    page = client.get(reverse("core:task", args=[task.pk])).content.decode()
    assert url in page and "Đã đo đạc xong" in page
    download = _client(w.front_officer).get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    assert "attachment" in download["Content-Disposition"]
    assert _client(w.officer_b).get(url).status_code == 404
    other = give(w, "Việc khác", days(5))
    wrong_task = reverse("core:task_evidence", args=[other.pk, evidence.pk])
    assert client.get(wrong_task).status_code == 404


def test_a_unit_outside_lead_and_support_gets_404(task: Task, tasks_world: TasksWorld) -> None:
    client = _client(tasks_world.officer_b)
    assert client.get(reverse("core:task", args=[task.pk])).status_code == 404
    response = client.post(
        reverse("core:task_support_progress", args=[task.pk]), {"support-progress": "10"}
    )
    assert response.status_code == 404


def test_existing_progress_form_still_works_without_files(
    task: Task, tasks_world: TasksWorld
) -> None:
    response = _client(tasks_world.officer_a).post(
        reverse("core:task_progress", args=[task.pk]),
        {
            "progress-progress": "20",
            "progress-note": "",
            "progress-expected_version": str(task.version),
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.progress == 20
    assert TaskProgressUpdate.objects.filter(task=task, percent=20).exists()


# --- API ------------------------------------------------------------------------------------


def test_api_support_progress_and_updates(task: Task, tasks_world: TasksWorld) -> None:
    w = tasks_world
    client = _client(w.front_officer)
    response = client.post(
        f"/api/v1/tasks/{task.pk}/support-progress",
        {"progress": 25, "note": "Đã họp chi hội"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["percent"] == 25
    detail = client.get(f"/api/v1/tasks/{task.pk}").json()
    assert detail["supporting"][0]["progress"] == 25
    assert detail["can_write"] is False and detail["can_report_support"] is True
    updates = client.get(f"/api/v1/tasks/{task.pk}/updates").json()
    assert [u["note"] for u in updates] == ["Đã họp chi hội"]
    refused = client.post(
        f"/api/v1/tasks/{task.pk}/complete",
        {"expected_version": task.version},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert _client(w.officer_b).get(f"/api/v1/tasks/{task.pk}/updates").status_code == 404


def test_one_task_is_found_exactly_where_the_visible_list_holds_it(
    task: Task, tasks_world: TasksWorld
) -> None:
    """`task_get` checks the scope on the row it read (a fixed statement); it must answer as
    `task_visible` filters, for the lead, a supporting unit and everyone else alike."""
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404

    from danvan.core.selectors.tasks import task_get, task_visible

    w = tasks_world
    other = give(w, "Việc riêng của xã B", days(3))
    superuser = type(w.officer_a).objects.create(username="quan.tri.viec", is_superuser=True)
    users = [w.province_leader, w.viewer, w.officer_a, w.leader_a, w.front_officer, w.officer_b]
    for user in [*(fresh(u) for u in users), superuser, AnonymousUser()]:
        visible = set(task_visible(Task.objects.all(), user).values_list("pk", flat=True))
        for t in (task, other):
            try:
                found = task_get(user=user, pk=t.pk)
            except Http404:
                found = None
            assert (found is not None) == (t.pk in visible), (user, t.title)
            if found is not None:
                assert found == t and found.organization == t.organization
    assert task_get(user=fresh(w.front_officer), pk=task.pk) == task  # by its support only
    with pytest.raises(Http404):
        task_get(user=fresh(w.officer_b), pk=task.pk)
    for bad in ("abc", 10**20, None):
        with pytest.raises(Http404):
            task_get(user=fresh(w.officer_a), pk=bad)  # type: ignore[arg-type]
