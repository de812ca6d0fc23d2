"""The task pages /nhiem-vu/ and /nhiem-vu/<id>/, the task API, and the task's link from the
overdue board and the menu."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from danvan.core.models import AuditEvent, Obligation, Role, Task, User
from danvan.core.selectors.tasks import TaskFilters, task_list
from danvan.core.services.tasks import task_complete, task_create, task_update_progress
from tests.factories import MembershipFactory, UserFactory
from tests.petitions import conftest as petitions_conftest
from tests.petitions.conftest import World

pytestmark = pytest.mark.django_db

# The petitions tests' small province (communes 19001/19002, their People's Committees and
# people) and the shipped calendar rules (autouse).
world = petitions_conftest.world
_rules = petitions_conftest._rules

API = "/api/v1/tasks"


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def fresh(user: User) -> User:
    """The user as the next request sees it (no cached scope)."""
    return User.objects.get(pk=user.pk)


def page_url(task: Task) -> str:
    return reverse("core:task", args=[task.pk])


def new_task(w: World, title: str, due: dt.date, **kwargs: Any) -> Task:
    kwargs.setdefault("organization", w.commune_a_org)
    kwargs.setdefault("assignee", w.officer_a)
    return task_create(actor=w.leader, title=title, due=due, **kwargs)


@pytest.fixture
def tasks(world: World) -> dict[str, Task]:
    """Commune A: one late, one due today, one far off (assigned to nobody) and one done;
    commune B: one of its own."""
    late = new_task(
        world,
        "Kiểm tra hiện trạng bãi rác thôn 3",
        days(-4),
        description="Phối hợp với trưởng thôn, chụp ảnh hiện trạng.",
        target=world.commune_b_org,
    )
    today = new_task(world, "Trả lời ông Nguyễn Văn Hùng", days(0))
    later = new_task(world, "Báo cáo kết quả đối thoại", days(40), assignee=None)
    done = new_task(world, "Họp dân thôn Đông", days(-10))
    done = task_complete(task=done, actor=world.leader, expected_version=done.version)
    other = new_task(
        world, "Việc của xã Bình", days(-2), organization=world.commune_b_org, assignee=None
    )
    return {"late": late, "today": today, "later": later, "done": done, "other": other}


def body_of(response: Any) -> str:
    return response.content.decode()


# --- The list -------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in(client: Client) -> None:
    assert client.get(reverse("core:tasks")).status_code == 302


def test_commune_officer_lists_their_communes_tasks_with_the_boards_light(
    client: Client, world: World, tasks: dict[str, Task]
) -> None:
    client.force_login(world.officer_a)

    response = client.get(reverse("core:tasks"))

    body = body_of(response)
    assert response.status_code == 200
    assert "Kiểm tra hiện trạng bãi rác thôn 3" in body
    assert "quá hạn 4 ngày" in body and "đến hạn hôm nay" in body and "còn 40 ngày" in body
    assert "Quá hạn" in body and "Sắp đến hạn" in body and "Trong hạn" in body
    assert "Việc của xã Bình" not in body
    assert f'href="{page_url(tasks["late"])}"' in body
    # Unfinished first, most urgent first; the done one last.
    assert (
        body.index("Kiểm tra hiện trạng")
        < body.index("Trả lời ông")
        < body.index("Báo cáo kết quả")
        < body.index("Họp dân thôn Đông")
    )


def test_province_leader_sees_every_communes_tasks(
    client: Client, world: World, tasks: dict[str, Task]
) -> None:
    client.force_login(world.leader)

    body = body_of(client.get(reverse("core:tasks")))

    assert "Việc của xã Bình" in body and "Kiểm tra hiện trạng" in body


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"who": "me"}, {"late", "today", "done"}),
        ({"status": "active"}, {"late", "today", "later"}),
        ({"status": "done"}, {"done"}),
        ({"overdue": "on"}, {"late"}),
        ({"due_from": days(-5).isoformat(), "due_to": days(1).isoformat()}, {"late", "today"}),
        ({"q": "bãi rác"}, {"late"}),
        ({"q": "BÁO CÁO"}, {"later"}),  # upper case matches on SQLite as on PostgreSQL
    ],
)
def test_filters_narrow_the_list(
    client: Client,
    world: World,
    tasks: dict[str, Task],
    params: dict[str, str],
    expected: set[str],
) -> None:
    client.force_login(world.officer_a)

    body = body_of(client.get(reverse("core:tasks"), params))

    shown = {key for key, task in tasks.items() if f'href="{page_url(task)}"' in body}
    assert shown == expected


def test_my_organisations_filter_keeps_the_organisations_where_i_hold_a_role(
    world: World, tasks: dict[str, Task]
) -> None:
    # The province leader sees both communes, but holds a role only at the province.
    own = new_task(world, "Việc của tỉnh", days(3), organization=world.province_org, assignee=None)

    rows = task_list(user=fresh(world.leader), filters=TaskFilters(who="orgs"))

    assert [t.pk for t in rows] == [own.pk]


def test_reversed_due_range_is_shown_on_the_filter(
    client: Client, world: World, tasks: dict[str, Task]
) -> None:
    client.force_login(world.officer_a)

    response = client.get(
        reverse("core:tasks"), {"due_from": days(5).isoformat(), "due_to": days(1).isoformat()}
    )

    body = body_of(response)
    assert "Ngày cuối của khoảng hạn phải sau ngày đầu." in body
    assert "Kiểm tra hiện trạng" not in body


def test_htmx_filter_returns_only_the_results(
    client: Client, world: World, tasks: dict[str, Task]
) -> None:
    client.force_login(world.officer_a)

    response = client.get(reverse("core:tasks"), {"overdue": "on"}, HTTP_HX_REQUEST="true")

    body = body_of(response)
    assert "Kiểm tra hiện trạng" in body and "Trả lời ông" not in body
    assert "<form" not in body and "<html" not in body


def test_list_runs_the_same_number_of_queries_for_more_tasks(
    client: Client, world: World, tasks: dict[str, Task]
) -> None:
    client.force_login(world.officer_a)
    client.get(reverse("core:tasks"))  # warm the session and the calendar cache

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("core:tasks")).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for n in range(6):
        new_task(world, f"Việc thêm {n}", days(n), target=world.commune_b_org)
    assert count() == before


# --- One task -------------------------------------------------------------------------------


def test_commune_officer_cannot_see_another_communes_task(
    client: Client, world: World, tasks: dict[str, Task]
) -> None:
    client.force_login(world.officer_b)

    assert client.get(page_url(tasks["late"])).status_code == 404
    assert client.get(page_url(tasks["other"])).status_code == 200
    response = client.post(
        reverse("core:task_progress", args=[tasks["late"].pk]),
        {"progress-progress": "50", "progress-expected_version": "1"},
    )
    assert response.status_code == 404
    assert Task.objects.get(pk=tasks["late"].pk).progress == 0


def test_task_page_shows_the_task_and_its_forms_to_a_writer(
    client: Client, world: World, tasks: dict[str, Task]
) -> None:
    client.force_login(world.officer_a)

    response = client.get(page_url(tasks["late"]))

    body = body_of(response)
    assert response.status_code == 200
    assert "Kiểm tra hiện trạng bãi rác thôn 3" in body
    assert "Phối hợp với trưởng thôn" in body
    assert "UBND xã An" in body and "Canbo.A" in body
    assert days(-4).strftime("%d/%m/%Y") in body
    assert 'id="task-progress" max="100" value="0"' in body
    assert "UBND xã Bình" in body  # the linked record's label (no page registered: no link)
    assert reverse("core:task_progress", args=[tasks["late"].pk]) in body
    assert reverse("core:task_cancel", args=[tasks["late"].pk]) in body
    assert "Nhật ký thao tác" not in body  # an officer does not read the audit log


def test_linked_record_links_through_the_registry(client: Client, world: World) -> None:
    parent = new_task(world, "Tổ chức đối thoại", days(10))
    child = new_task(world, "Gửi giấy mời", days(5), target=parent)
    client.force_login(world.officer_a)

    body = body_of(client.get(page_url(child)))

    assert f'<a href="{page_url(parent)}" id="task-target">Tổ chức đối thoại</a>' in body


def test_viewer_reads_the_task_but_cannot_change_it(
    client: Client, world: World, tasks: dict[str, Task]
) -> None:
    client.force_login(world.viewer)
    task = tasks["late"]

    body = body_of(client.get(page_url(task)))
    response = client.post(
        reverse("core:task_complete", args=[task.pk]),
        {"complete-expected_version": str(task.version)},
    )

    assert "Kiểm tra hiện trạng" in body
    assert reverse("core:task_progress", args=[task.pk]) not in body
    assert response.status_code == 403
    assert Task.objects.get(pk=task.pk).status == "open"


def test_officer_reports_progress_with_a_note(
    client: Client, world: World, tasks: dict[str, Task]
) -> None:
    task = tasks["late"]
    client.force_login(world.officer_a)

    response = client.post(
        reverse("core:task_progress", args=[task.pk]),
        {
            "progress-progress": "60",
            "progress-note": "Đã khảo sát xong hai điểm.",
            "progress-expected_version": str(task.version),
        },
        follow=True,
    )

    task.refresh_from_db()
    assert (task.progress, task.status, task.version) == (60, "in_progress", 2)
    assert "Đã cập nhật tiến độ: 60%." in body_of(response)
    event = AuditEvent.objects.filter(target_type="core.task", target_id=str(task.pk)).last()
    assert event is not None and event.verb == "task.progress"
    assert event.changes["note"] == [None, "Đã khảo sát xong hai điểm."]


def test_progress_above_100_is_refused_on_the_field(
    client: Client, world: World, tasks: dict[str, Task]
) -> None:
    task = tasks["late"]
    client.force_login(world.officer_a)

    response = client.post(
        reverse("core:task_progress", args=[task.pk]),
        {"progress-progress": "150", "progress-expected_version": str(task.version)},
    )

    assert response.status_code == 400
    assert "Tiến độ là một số phần trăm từ 0 đến 100." in body_of(response)
    assert Task.objects.get(pk=task.pk).progress == 0


def test_leader_completes_the_task_and_it_leaves_the_board(
    client: Client, world: World, tasks: dict[str, Task]
) -> None:
    task = tasks["today"]
    client.force_login(world.leader)

    response = client.post(
        reverse("core:task_complete", args=[task.pk]),
        {"complete-note": "Đã gửi văn bản trả lời.", "complete-expected_version": "1"},
        follow=True,
    )

    body = body_of(response)
    task.refresh_from_db()
    assert (task.status, task.progress, task.completed_on) == ("done", 100, timezone.localdate())
    assert Obligation.objects.get(target_type="core.task", target_id=task.pk).status == "done"
    assert "Đã ghi nhận hoàn thành nhiệm vụ" in body
    # The leader reads the task's audit trail on its page.
    assert "Nhật ký thao tác" in body
    assert "Hoàn thành nhiệm vụ" in body and "Đã gửi văn bản trả lời." in body
    assert reverse("core:task_progress", args=[task.pk]) not in body  # closed: no forms


def test_cancelling_needs_a_reason(client: Client, world: World, tasks: dict[str, Task]) -> None:
    task = tasks["later"]
    client.force_login(world.officer_a)
    url = reverse("core:task_cancel", args=[task.pk])

    refused = client.post(url, {"cancel-reason": "  ", "cancel-expected_version": "1"})
    done = client.post(
        url, {"cancel-reason": "Đã gộp vào việc khác.", "cancel-expected_version": "1"}
    )

    assert refused.status_code == 400
    assert "Nhập lý do hủy nhiệm vụ." in body_of(refused)
    assert done.status_code == 302
    task.refresh_from_db()
    assert task.status == "cancelled"
    event = AuditEvent.objects.filter(target_type="core.task", target_id=str(task.pk)).last()
    assert event is not None and event.changes["reason"] == [None, "Đã gộp vào việc khác."]


def test_stale_version_is_a_conflict_and_changes_nothing(
    client: Client, world: World, tasks: dict[str, Task]
) -> None:
    task = tasks["late"]
    read_at = task.version
    # Someone else reports progress after the page was read.
    task_update_progress(task=task, actor=world.leader, progress=30, expected_version=read_at)
    client.force_login(world.officer_a)

    response = client.post(
        reverse("core:task_complete", args=[task.pk]),
        {"complete-expected_version": str(read_at)},
    )

    body = body_of(response)
    assert response.status_code == 409
    assert "Nhiệm vụ vừa được người khác cập nhật" in body
    task.refresh_from_db()
    assert (task.status, task.progress) == ("in_progress", 30)
    # The page is shown as it is now, with the new version in its forms.
    assert f'name="complete-expected_version" value="{task.version}"' in body


def test_writing_a_closed_task_says_why(
    client: Client, world: World, tasks: dict[str, Task]
) -> None:
    task = tasks["done"]
    client.force_login(world.officer_a)

    response = client.post(
        reverse("core:task_progress", args=[task.pk]),
        {"progress-progress": "10", "progress-expected_version": str(task.version)},
    )

    assert response.status_code == 422
    assert "không thay đổi được nữa" in body_of(response)
    assert Task.objects.get(pk=task.pk).progress == 100


# --- Board and menu -------------------------------------------------------------------------


def test_board_row_of_a_task_links_to_the_task_page(
    client: Client, world: World, tasks: dict[str, Task]
) -> None:
    client.force_login(world.officer_a)

    body = body_of(client.get(reverse("core:board")))

    assert f'<a href="{page_url(tasks["late"])}">UBND xã Bình</a>' in body
    assert f'<a href="{page_url(tasks["today"])}">Trả lời ông Nguyễn Văn Hùng</a>' in body


def test_menu_shows_the_task_list(client: Client, world: World) -> None:
    client.force_login(world.officer_a)

    body = body_of(client.get(reverse("core:tasks")))

    assert f'<a href="{reverse("core:tasks")}" aria-current="page">Nhiệm vụ</a>' in body


# --- API ------------------------------------------------------------------------------------


def test_api_lists_the_callers_tasks_with_the_light(
    client: Client, world: World, tasks: dict[str, Task]
) -> None:
    client.force_login(world.officer_a)

    data = client.get(API, {"status": "active"}).json()

    assert data["count"] == 3
    first = data["items"][0]
    assert first["title"] == "Kiểm tra hiện trạng bãi rác thôn 3"
    assert (first["rag"], first["days_left"], first["can_write"]) == ("red", -4, True)
    assert first["organization"]["code"] == "19001-UBND"
    assert "Việc của xã Bình" not in {i["title"] for i in data["items"]}


def test_api_answers_404_for_another_communes_task(
    client: Client, world: World, tasks: dict[str, Task]
) -> None:
    client.force_login(world.officer_b)

    response = client.get(f"{API}/{tasks['late'].pk}")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_api_progress_then_stale_complete_is_409(
    client: Client, world: World, tasks: dict[str, Task]
) -> None:
    task = tasks["late"]
    client.force_login(world.officer_a)

    ok = client.post(
        f"{API}/{task.pk}/progress",
        {"progress": 40, "expected_version": 1},
        content_type="application/json",
    )
    stale = client.post(
        f"{API}/{task.pk}/complete", {"expected_version": 1}, content_type="application/json"
    )

    assert ok.status_code == 200
    assert (ok.json()["progress"], ok.json()["status"], ok.json()["version"]) == (
        40,
        "in_progress",
        2,
    )
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    assert Task.objects.get(pk=task.pk).status == "in_progress"


def test_api_refuses_a_reader_without_a_writing_role(
    client: Client, world: World, tasks: dict[str, Task]
) -> None:
    reader = cast(User, UserFactory(username="giamsat"))
    MembershipFactory(user=reader, organization=world.commune_a_org, role=Role.VIEWER)
    client.force_login(reader)
    task = tasks["late"]

    response = client.post(
        f"{API}/{task.pk}/cancel",
        {"reason": "Không cần nữa", "expected_version": 1},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert Task.objects.get(pk=task.pk).status == "open"


def test_api_rejects_a_reversed_due_range(client: Client, world: World) -> None:
    client.force_login(world.officer_a)

    response = client.get(API, {"due_from": "2026-05-10", "due_to": "2026-05-01"})

    assert response.status_code == 422
    assert "due_to" in response.json()["error"]["fields"]


@pytest.mark.parametrize("pk", ["0", "99999999999999999999"])
def test_unknown_or_out_of_range_id_is_404(client: Client, world: World, pk: str) -> None:
    client.force_login(world.leader)

    assert client.get(f"/nhiem-vu/{pk}/").status_code == 404
    assert client.get(f"{API}/{pk}").status_code in (404, 422)
