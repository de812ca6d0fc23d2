"""Giving and changing a task on its pages (lead unit, person, supporting units), the
recurring-task pages, and the same through the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from danvan.core.models import Task, TaskSeries, TaskSupport
from tests.core.test_tasks_world import TasksWorld, give, tasks_world

__all__ = ["tasks_world"]


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def support_rows(*rows: tuple[Any, str], total: int = 3) -> dict[str, str]:
    data = {
        "support-TOTAL_FORMS": str(total),
        "support-INITIAL_FORMS": "0",
        "support-MIN_NUM_FORMS": "0",
        "support-MAX_NUM_FORMS": "30",
    }
    for i in range(total):
        org, duty = rows[i] if i < len(rows) else (None, "")
        data[f"support-{i}-organization"] = str(org.pk) if org is not None else ""
        data[f"support-{i}-duty"] = duty
    return data


def test_leader_gives_a_task_with_supporting_units_on_the_page(tasks_world: TasksWorld) -> None:
    w = tasks_world
    client = _client(w.leader_a)
    page = client.get(reverse("core:task_create"))
    assert page.status_code == 200
    assert "Giao nhiệm vụ" in page.content.decode()
    response = client.post(
        reverse("core:task_create"),
        {
            "title": "Vận động nhân dân hiến đất làm đường",
            "description": "Thôn 2 và thôn 5",
            "organization": str(w.org_a.pk),
            "assignee": str(w.officer_a.pk),
            "due": days(20).isoformat(),
            **support_rows((w.front_a, "Vận động hội viên")),
        },
    )
    assert response.status_code == 302
    task = Task.objects.get()
    assert response["Location"] == reverse("core:task", args=[task.pk])
    assert (task.organization, task.assignee) == (w.org_a, w.officer_a)
    assert [(s.organization, s.duty) for s in TaskSupport.objects.filter(task=task)] == [
        (w.front_a, "Vận động hội viên")
    ]


def test_the_form_offers_only_units_the_user_may_give_tasks_for(tasks_world: TasksWorld) -> None:
    w = tasks_world
    client = _client(w.officer_a)
    page = client.get(reverse("core:task_create"))
    choices = [str(label) for _v, label in page.context["form"].fields["organization"].choices]
    assert "Ủy ban nhân dân xã Lam An" in choices
    assert "Ủy ban nhân dân xã Lam Bình" not in choices
    response = client.post(
        reverse("core:task_create"),
        {
            "title": "Việc",
            "organization": str(w.org_b.pk),
            "due": days(3).isoformat(),
            **support_rows(),
        },
    )
    assert response.status_code == 400
    assert not Task.objects.exists()


def test_a_viewer_cannot_open_the_create_page(tasks_world: TasksWorld) -> None:
    assert _client(tasks_world.viewer).get(reverse("core:task_create")).status_code == 403


def test_missing_fields_and_the_lead_as_supporter_are_refused_with_messages(
    tasks_world: TasksWorld,
) -> None:
    w = tasks_world
    client = _client(w.leader_a)
    empty = client.post(reverse("core:task_create"), {**support_rows()})
    body = empty.content.decode()
    assert empty.status_code == 400
    assert "Nhập tên việc phải làm." in body and "Nhập hạn hoàn thành" in body
    lead_twice = client.post(
        reverse("core:task_create"),
        {
            "title": "Việc",
            "organization": str(w.org_a.pk),
            "due": days(3).isoformat(),
            **support_rows((w.org_a, "")),
        },
    )
    assert lead_twice.status_code == 400
    assert "Đơn vị chủ trì không đồng thời là đơn vị phối hợp." in lead_twice.content.decode()
    assert not Task.objects.exists()


def test_assignee_options_follow_the_chosen_unit(tasks_world: TasksWorld) -> None:
    w = tasks_world
    response = _client(w.province_leader).get(
        reverse("core:task_assignee_options"), {"organization": str(w.org_a.pk)}
    )
    body = response.content.decode()
    assert "Canbo A" in body and "Canbo B" not in body


def test_leader_edits_the_task_and_replaces_its_supporting_units(
    tasks_world: TasksWorld,
) -> None:
    w = tasks_world
    task = give(w, "Kiểm tra bãi rác", days(5), supporting=[(w.front_a, "Giám sát")])
    client = _client(w.leader_a)
    page = client.get(reverse("core:task_edit", args=[task.pk]))
    assert page.status_code == 200
    response = client.post(
        reverse("core:task_edit", args=[task.pk]),
        {
            "title": "Kiểm tra và xử lý bãi rác",
            "due": days(9).isoformat(),
            "assignee": str(w.officer_a.pk),
            "description": "",
            "expected_version": str(task.version),
            **support_rows(),
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.title == "Kiểm tra và xử lý bãi rác" and task.due == days(9)
    assert task.assignee == w.officer_a
    assert not TaskSupport.objects.filter(task=task).exists()
    assert (
        _client(w.front_officer).get(reverse("core:task_edit", args=[task.pk])).status_code == 404
    )


def test_supporting_officer_cannot_edit(tasks_world: TasksWorld) -> None:
    w = tasks_world
    task = give(w, "Kiểm tra bãi rác", days(5), supporting=[w.front_a])
    assert (
        _client(w.front_officer).get(reverse("core:task_edit", args=[task.pk])).status_code == 403
    )


def test_series_pages_create_list_and_stop(tasks_world: TasksWorld) -> None:
    w = tasks_world
    client = _client(w.leader_a)
    assert client.get(reverse("core:task_series_create")).status_code == 200
    response = client.post(
        reverse("core:task_series_create"),
        {
            "title": "Báo cáo công tác dân vận tháng",
            "organization": str(w.org_a.pk),
            "recurrence": "monthly",
            "starts_on": timezone.localdate().isoformat(),
            "due_rule": "after_end",
            "due_offset_days": "5",
            **support_rows((w.front_a, "Số liệu của MTTQ")),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    series = TaskSeries.objects.get()
    assert Task.objects.filter(series=series).count() >= 1
    listing = client.get(reverse("core:task_series_list")).content.decode()
    assert "Báo cáo công tác dân vận tháng" in listing
    detail = client.get(reverse("core:task_series", args=[series.pk])).content.decode()
    assert "Dừng việc định kỳ" in detail
    stop = client.post(
        reverse("core:task_series_stop", args=[series.pk]),
        {"stop-expected_version": str(series.version), "stop-reason": "Thôi áp dụng"},
    )
    assert stop.status_code == 302
    series.refresh_from_db()
    assert series.status == "stopped"
    assert (
        _client(w.officer_b).get(reverse("core:task_series", args=[series.pk])).status_code == 404
    )


def test_series_form_refuses_a_bad_due_day(tasks_world: TasksWorld) -> None:
    w = tasks_world
    response = _client(w.leader_a).post(
        reverse("core:task_series_create"),
        {
            "title": "Báo cáo quý",
            "organization": str(w.org_a.pk),
            "recurrence": "quarterly",
            "starts_on": timezone.localdate().isoformat(),
            "due_rule": "next_month_day",
            "due_day": "",
            **support_rows(),
        },
    )
    assert response.status_code == 400
    assert "Ngày trong tháng sau kỳ là một số từ 1 đến 28." in response.content.decode()
    assert not TaskSeries.objects.exists()


# --- API ------------------------------------------------------------------------------------


def test_api_gives_a_task_with_supporting_units_and_refuses_an_outsider(
    tasks_world: TasksWorld,
) -> None:
    w = tasks_world
    payload = {
        "title": "Rà soát hộ nghèo",
        "organization_code": "46001-UBND",
        "due": days(10).isoformat(),
        "assignee_id": w.officer_a.pk,
        "supporting": [{"organization_code": "46001-MTTQ", "duty": "Giám sát"}],
    }
    created = _client(w.leader_a).post("/api/v1/tasks", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["supporting"][0]["organization"]["code"] == "46001-MTTQ"
    refused = _client(w.officer_b).post("/api/v1/tasks", payload, content_type="application/json")
    assert refused.status_code in (403, 422)
    assert Task.objects.count() == 1
    patched = _client(w.leader_a).patch(
        f"/api/v1/tasks/{data['id']}",
        {"expected_version": data["version"], "supporting": []},
        content_type="application/json",
    )
    assert patched.status_code == 200 and patched.json()["supporting"] == []


def test_api_series_create_detail_and_stop(tasks_world: TasksWorld) -> None:
    w = tasks_world
    client = _client(w.leader_a)
    created = client.post(
        "/api/v1/tasks/series",
        {
            "title": "Báo cáo 6 tháng",
            "organization_code": "46001-UBND",
            "recurrence": "half_yearly",
            "starts_on": timezone.localdate().isoformat(),
            "due_rule": "next_month_day",
            "due_day": 10,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["occurrences"][0]["period_label"].startswith("6 tháng")
    assert [s["id"] for s in client.get("/api/v1/tasks/series").json()] == [data["id"]]
    stopped = client.post(
        f"/api/v1/tasks/series/{data['id']}/stop",
        {"expected_version": data["version"]},
        content_type="application/json",
    )
    assert stopped.status_code == 200 and stopped.json()["status"] == "stopped"
    again = client.post(
        f"/api/v1/tasks/series/{data['id']}/stop",
        {"expected_version": data["version"]},
        content_type="application/json",
    )
    assert again.status_code in (409, 422)
    assert _client(w.officer_b).get(f"/api/v1/tasks/series/{data['id']}").status_code == 404


def test_api_progress_with_evidence_multipart(tasks_world: TasksWorld) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    w = tasks_world
    task = give(w, "Kiểm tra", days(4))
    response = _client(w.officer_a).post(
        f"/api/v1/tasks/{task.pk}/progress-with-evidence",
        {
            "progress": "35",
            "expected_version": str(task.version),
            "note": "Ảnh hiện trường",
            "evidence": [SimpleUploadedFile("anh.txt", "Ghi chép hiện trường".encode())],
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["progress"] == 35
    updates = _client(w.officer_a).get(f"/api/v1/tasks/{task.pk}/updates").json()
    assert updates[0]["evidence"][0]["name"] == "anh.txt"


@pytest.mark.parametrize("who", ["support", "orgs"])
def test_api_lists_with_the_new_who_values(tasks_world: TasksWorld, who: str) -> None:
    w = tasks_world
    task = give(w, "Việc có phối hợp", days(4), supporting=[w.front_a])
    items = _client(w.front_officer).get("/api/v1/tasks", {"who": who}).json()["items"]
    assert [i["id"] for i in items] == ([task.pk] if who == "support" else [])


def test_lead_keeps_a_supporting_unit_it_could_not_name_itself_when_editing(
    tasks_world: TasksWorld,
) -> None:
    w = tasks_world
    # The province gives commune A a task with commune B supporting; commune A's leader could
    # not have named commune B, but editing the task must not drop it.
    task = give(w, "Giải tỏa lấn chiếm", days(5), actor=w.province_leader, supporting=[w.org_b])
    client = _client(w.leader_a)
    page = client.get(reverse("core:task_edit", args=[task.pk])).content.decode()
    assert f'<option value="{w.org_b.pk}" selected>' in page
    response = client.post(
        reverse("core:task_edit", args=[task.pk]),
        {
            "title": "Giải tỏa lấn chiếm hành lang đường",
            "due": days(5).isoformat(),
            "assignee": "",
            "description": "",
            "expected_version": str(task.version),
            **support_rows((w.org_b, "")),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(TaskSupport.objects.filter(task=task).values_list("organization", flat=True)) == [
        w.org_b.pk
    ]
    api = _client(w.leader_a).patch(
        f"/api/v1/tasks/{task.pk}",
        {
            "expected_version": task.version + 1,
            "supporting": [{"organization_code": w.org_b.code, "duty": "Phối hợp"}],
        },
        content_type="application/json",
    )
    assert api.status_code == 200, api.content.decode()
    assert TaskSupport.objects.get(task=task).duty == "Phối hợp"
