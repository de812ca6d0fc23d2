"""The entity index: indexing one record and catching up in the background, the reads scoped to
what the user may see (search by entity, related records), the page and its fragment, the API,
the command and the task."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from django.core.management import CommandError, call_command
from django.http import Http404
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from danvan.core.errors import ValidationFailed
from danvan.core.models import AdminUnit, AdminUnitSuccession, User
from danvan.core.models.units import EARLIEST, REFORM_2025
from danvan.core.services.accounts import api_token_issue
from danvan.monitoring.models import EntityIndexState, EntityMention, IssueReport
from danvan.monitoring.selectors import entities as selectors
from danvan.monitoring.services import entities as services
from danvan.monitoring.services.reports import ReportChanges, report_update
from danvan.monitoring.states import LinkKind
from danvan.petitions.services import petition_register
from danvan.reception.services import entry_register
from tests.api.test_schemathesis import api_schema  # noqa: F401
from tests.factories import CommuneFactory, ProvinceFactory, UserFactory
from tests.monitoring.conftest import MonitoringWorld
from tests.petitions.conftest import petition_input
from tests.reception.conftest import entry_input

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stub_classifier")]

PETITION = str(LinkKind.PETITION)
RECEPTION = str(LinkKind.RECEPTION)
REPORT = str(LinkKind.REPORT)
DECISION = "Quyết định 48/2010/QĐ-TTg"
Make = Callable[..., IssueReport]


@pytest.fixture(autouse=True)
def _fresh_gazetteer() -> Any:
    services.gazetteer_reset()
    yield
    services.gazetteer_reset()


@pytest.fixture
def old_units(mw: MonitoringWorld) -> AdminUnit:
    """The pre-2025 Tỉnh Bình Thuận (code 60), merged into the test's Lâm Đồng (68), with an
    old commune of its own."""
    old = ProvinceFactory(
        code="60",
        name="Bình Thuận",
        full_name="Tỉnh Bình Thuận",
        valid_from=EARLIEST,
        valid_to=REFORM_2025,
    )
    CommuneFactory(
        code="22963",
        name="Tiến Lợi",
        full_name="Xã Tiến Lợi",
        parent=old,
        valid_from=EARLIEST,
        valid_to=REFORM_2025,
    )
    AdminUnitSuccession.objects.create(
        predecessor=old, successor=mw.other_province, kind="full", effective=REFORM_2025
    )
    return old


def petition(
    mw: MonitoringWorld, content: str, *, actor: User | None = None, area: str = "19001"
) -> Any:
    return petition_register(
        actor=actor or mw.officer_a,
        data=petition_input(content=content, area_code=area, received_on=dt.date(2026, 3, 2)),
    )


def mentions(target_type: str, target_id: int) -> set[tuple[str, str]]:
    return {(m.kind, m.value) for m in selectors.entities_of(target_type, target_id)}


def auth(user: User) -> dict[str, Any]:
    _token, raw = api_token_issue(user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


# --- Indexing one record --------------------------------------------------------------------


def test_index_stores_each_entity_once(mw: MonitoringWorld, old_units: AdminUnit) -> None:
    text = (
        f"Theo {DECISION}, ngày 12/3/2025 UBND xã Tánh Linh chi 15 triệu đồng; "
        f"người dân tỉnh Bình Thuận (cũ) nhắc lại {DECISION}. Tỉnh Lâm Đồng Thử đã nắm."
    )
    stored = services.entities_index(REPORT, 7, text)

    assert stored == 6
    assert mentions(REPORT, 7) == {
        ("legal", "48/2010/qd-ttg"),
        ("date", "2025-03-12"),
        ("unit", "23149"),
        ("money", "15000000"),
        ("unit", "old:60"),
        ("unit", "68"),
    }
    row = EntityMention.objects.get(target_type=REPORT, target_id=7, kind="legal")
    assert row.text == DECISION


def test_reindex_replaces_the_old_mentions(mw: MonitoringWorld) -> None:
    services.entities_index(REPORT, 7, f"{DECISION}, 15 triệu đồng")
    services.entities_index(REPORT, 8, f"{DECISION}")

    stored = services.entities_index(REPORT, 7, "Nghị định 124/2020/NĐ-CP, ngày 1/2/2026")

    assert stored == 2
    assert mentions(REPORT, 7) == {("legal", "124/2020/nd-cp"), ("date", "2026-02-01")}
    assert mentions(REPORT, 8) == {("legal", "48/2010/qd-ttg")}  # other records untouched
    assert services.entities_index(REPORT, 7, "") == 0
    assert mentions(REPORT, 7) == set()
    assert services.entities_forget(REPORT, 8) == 1
    assert not EntityMention.objects.exists()


def test_index_refuses_a_bad_target(db: Any) -> None:
    with pytest.raises(ValidationFailed):
        services.entities_index("", 1, DECISION)
    with pytest.raises(ValidationFailed):
        services.entities_index(REPORT, 0, DECISION)
    assert not EntityMention.objects.exists()


def test_long_values_and_texts_are_cut_to_the_columns(db: Any) -> None:
    text = "Luật " + " ".join(["Đất"] * 8) + " 2024 và " + "x" * 300
    services.entities_index(REPORT, 1, text)
    assert all(len(m.value) <= 120 and len(m.text) <= 200 for m in EntityMention.objects.all())


def test_gazetteer_is_rebuilt_when_units_change(mw: MonitoringWorld) -> None:
    assert services.entities_extract("xã Hàm Tân") == []
    CommuneFactory(code="23236", name="Hàm Tân", full_name="Xã Hàm Tân", parent=mw.other_province)
    services.gazetteer_reset()
    assert [e.value for e in services.entities_extract("xã Hàm Tân")] == ["23236"]


# --- Catching up ----------------------------------------------------------------------------


def test_pending_indexes_new_records_of_each_kind_once(
    mw: MonitoringWorld, make_report: Make
) -> None:
    p = petition(mw, f"Khiếu nại {DECISION} về bồi thường 2,5 tỷ đồng ở xã An.")
    entry = entry_register(
        actor=mw.officer_a,
        data=entry_input(content="Hỏi về Nghị quyết 25-NQ/TW và việc chi 500 nghìn đồng."),
    )
    report = make_report(description=f"Người dân xã Bình phản đối {DECISION}; đã 3 tháng.")

    run = services.entities_index_pending(limit=100)

    # The entry registered a petition of its own: two petitions.
    assert run.records == {PETITION: 2, RECEPTION: 1, REPORT: 1}
    assert ("legal", "48/2010/qd-ttg") in mentions(PETITION, p.pk)
    assert ("money", "2500000000") in mentions(PETITION, p.pk)
    assert ("unit", mw.commune_a.code) in mentions(PETITION, p.pk)
    assert mentions(RECEPTION, entry.pk) == {("legal", "25-nq/tw"), ("money", "500000")}
    assert ("unit", mw.commune_b.code) in mentions(REPORT, report.pk)
    again = services.entities_index_pending(limit=100)
    assert again.total == 0


def test_pending_reindexes_a_changed_report_and_picks_up_new_records(
    mw: MonitoringWorld, make_report: Make
) -> None:
    report = make_report(description=f"Người dân phản đối {DECISION} vì bồi thường thấp.")
    other = make_report(description="Người dân phản đối việc di dời chợ về vị trí mới xa dân cư.")
    services.entities_index_pending(limit=100)

    report.refresh_from_db()
    report_update(
        report=report,
        actor=mw.officer_a,
        changes=ReportChanges(description="Nay người dân phản đối Nghị định 124/2020/NĐ-CP."),
        expected_version=report.version,
    )
    newer = petition(mw, "Đơn nêu Thông tư 05/2021/TT-TTCP.")
    run = services.entities_index_pending(limit=100)

    assert run.records == {PETITION: 1, RECEPTION: 0, REPORT: 1}
    assert mentions(REPORT, report.pk) == {("legal", "124/2020/nd-cp")}
    assert mentions(PETITION, newer.pk) == {("legal", "5/2021/tt-ttcp")}
    assert other.pk != report.pk


def test_pending_respects_the_limit_and_continues_where_it_stopped(mw: MonitoringWorld) -> None:
    made = [petition(mw, f"Đơn {i}: {DECISION}") for i in range(5)]

    first = services.entities_index_pending(limit=2)
    assert first.records[PETITION] == 2
    assert EntityIndexState.objects.get(target_type=PETITION).last_id == made[1].pk
    second = services.entities_index_pending(limit=10)
    assert second.records[PETITION] == 3
    indexed = set(
        EntityMention.objects.filter(target_type=PETITION).values_list("target_id", flat=True)
    )
    assert indexed == {p.pk for p in made}


def test_pending_refuses_a_silly_limit(db: Any) -> None:
    with pytest.raises(ValidationFailed):
        services.entities_index_pending(limit=0)


def test_reset_starts_over(mw: MonitoringWorld) -> None:
    p = petition(mw, DECISION)
    services.entities_index_pending(limit=10)
    EntityMention.objects.all().delete()
    services.entities_index_reset()
    services.entities_index_pending(limit=10)
    assert mentions(PETITION, p.pk) == {("legal", "48/2010/qd-ttg")}


# --- Reads ----------------------------------------------------------------------------------


@pytest.fixture
def scattered(mw: MonitoringWorld, make_report: Make) -> dict[str, Any]:
    """The same decision in a petition of commune A, a report of commune A and a petition of
    the other province; indexed."""
    mine = petition(mw, f"Đơn khiếu nại {DECISION} tại xã An.")
    theirs = petition(
        mw, f"Đơn ở xã Tánh Linh cũng nêu {DECISION}.", actor=mw.outsider, area="23149"
    )
    report = make_report(description=f"Người dân xã An phản đối {DECISION}, đòi 15 triệu đồng.")
    services.entities_index_pending(limit=100)
    return {"mine": mine, "theirs": theirs, "report": report}


def test_records_with_entity_lists_only_what_the_user_may_see(
    mw: MonitoringWorld, scattered: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    # One query for the mentions, then per kind of record one for the scope, one for labels.
    with django_assert_max_num_queries(6):
        page = selectors.records_with_entity(mw.officer_a, "legal", "48/2010/qd-ttg")

    found = {(r.target_type, r.target_id) for r in page.rows}
    assert found == {(PETITION, scattered["mine"].pk), (REPORT, scattered["report"].pk)}
    assert page.count == 2
    row = next(r for r in page.rows if r.target_type == REPORT)
    assert row.label == scattered["report"].title
    assert row.url == reverse("monitoring:report", args=[scattered["report"].pk])
    assert [m.value for m in row.matches] == ["48/2010/qd-ttg"]

    theirs = selectors.records_with_entity(mw.outsider, "legal", "48/2010/qd-ttg")
    assert [(r.target_type, r.target_id) for r in theirs.rows] == [
        (PETITION, scattered["theirs"].pk)
    ]


def test_records_with_entity_pages(mw: MonitoringWorld, scattered: dict[str, Any]) -> None:
    first = selectors.records_with_entity(mw.officer, "legal", "48/2010/qd-ttg", page_size=1)
    second = selectors.records_with_entity(
        mw.officer, "legal", "48/2010/qd-ttg", page=2, page_size=1
    )
    assert first.count == second.count == 2 and first.pages == 2
    assert {r.target_id for r in first.rows + second.rows} == {
        scattered["mine"].pk,
        scattered["report"].pk,
    }
    assert selectors.records_with_entity(mw.officer, "legal", "").count == 0
    assert selectors.records_with_entity(mw.officer, "bogus", "x").count == 0


def test_a_unit_of_today_also_finds_the_old_units_it_took_over(
    mw: MonitoringWorld, old_units: AdminUnit, make_report: Make
) -> None:
    old_name = make_report(
        actor=mw.outsider,
        organization_id=mw.other_org.pk,
        description="Khiếu nại kéo dài ở tỉnh Bình Thuận (cũ) về đền bù giải tỏa.",
    )
    new_name = make_report(
        actor=mw.outsider,
        organization_id=mw.other_org.pk,
        description="Người dân tỉnh Lâm Đồng Thử phản ánh về đền bù giải tỏa.",
    )
    services.entities_index_pending(limit=10)

    today = selectors.records_with_entity(mw.outsider, "unit", "68")
    before = selectors.records_with_entity(mw.outsider, "unit", "old:60")

    assert {r.target_id for r in today.rows} == {old_name.pk, new_name.pk}
    assert {r.target_id for r in before.rows} == {old_name.pk}


def test_related_lists_records_sharing_a_decision_or_a_place(
    mw: MonitoringWorld, scattered: dict[str, Any]
) -> None:
    report = scattered["report"]
    related = selectors.related_by_entities(mw.officer_a, REPORT, report.pk)

    assert [(r.target_type, r.target_id) for r in related.rows] == [
        (PETITION, scattered["mine"].pk)
    ]
    assert {m.value for m in related.rows[0].matches} == {"48/2010/qd-ttg", mw.commune_a.code}


def test_related_leaves_out_values_shared_too_widely(
    mw: MonitoringWorld, scattered: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "RELATED_COMMON", 2)  # the decision is in three records
    related = selectors.related_by_entities(mw.officer_a, REPORT, scattered["report"].pk)
    assert [{m.value for m in r.matches} for r in related.rows] == [{mw.commune_a.code}]


def test_related_of_a_record_outside_the_scope_is_not_found(
    mw: MonitoringWorld, scattered: dict[str, Any]
) -> None:
    with pytest.raises(Http404):
        selectors.related_by_entities(mw.outsider, REPORT, scattered["report"].pk)
    with pytest.raises(Http404):
        selectors.related_by_entities(mw.officer_a, "core.user", 1)
    with pytest.raises(Http404):
        selectors.related_by_entities(mw.officer_a, REPORT, 2**64)


def test_entity_display() -> None:
    assert selectors.entity_display("money", "15000000") == "15.000.000 đồng"
    assert selectors.entity_display("date", "2025-03-12") == "12/03/2025"
    assert selectors.entity_display("date", "2025-03") == "03/2025"
    assert selectors.entity_display("legal", "48/2010/qd-ttg", DECISION) == DECISION


# --- Pages ----------------------------------------------------------------------------------


def test_search_page_reads_the_query_and_lists_visible_records(
    client: Client, mw: MonitoringWorld, scattered: dict[str, Any]
) -> None:
    client.force_login(mw.officer_a)
    response = client.get(reverse("monitoring:entities"), {"q": "quyet dinh 48/2010/qd-ttg"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Văn bản pháp luật" in body
    assert reverse("petitions:detail", args=[scattered["mine"].pk]) in body
    assert reverse("monitoring:report", args=[scattered["report"].pk]) in body
    assert reverse("petitions:detail", args=[scattered["theirs"].pk]) not in body
    assert "kind=legal&amp;value=48%2F2010%2Fqd-ttg" in body


def test_search_page_by_kind_and_value_and_without_anything_found(
    client: Client, mw: MonitoringWorld, scattered: dict[str, Any]
) -> None:
    client.force_login(mw.officer_a)
    url = reverse("monitoring:entities")
    by_value = client.get(url, {"kind": "money", "value": "15000000"})
    assert by_value.status_code == 200
    assert reverse("monitoring:report", args=[scattered["report"].pk]) in by_value.content.decode()

    nothing = client.get(url, {"q": "không có gì ở đây"})
    assert "Không nhận ra" in nothing.content.decode()
    assert client.get(url).status_code == 200
    assert client.get(url, {"kind": "bogus", "value": "x", "page": "0"}).status_code == 200


def test_pages_need_a_signed_in_user(client: Client, mw: MonitoringWorld) -> None:
    assert client.get(reverse("monitoring:entities")).status_code == 302
    related = reverse("monitoring:entities_related", args=[REPORT, 1])
    assert client.get(related).status_code == 302


def test_related_fragment(client: Client, mw: MonitoringWorld, scattered: dict[str, Any]) -> None:
    url = reverse("monitoring:entities_related", args=[REPORT, scattered["report"].pk])
    client.force_login(mw.officer_a)
    response = client.get(url, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    body = response.content.decode()
    assert "Hồ sơ có cùng văn bản, địa danh, số tiền" in body
    assert "<html" not in body
    assert reverse("petitions:detail", args=[scattered["mine"].pk]) in body

    client.force_login(mw.outsider)
    assert client.get(url).status_code == 404


# --- API ------------------------------------------------------------------------------------


def test_api_extract(client: Client, mw: MonitoringWorld) -> None:
    response = client.post(
        "/api/v1/monitoring/entities/extract",
        json.dumps({"text": f"{DECISION} ngày 12/3/2025 ở xã An"}),
        content_type="application/json",
        **auth(mw.officer_a),
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert [(e["kind"], e["value"], e["text"]) for e in response.json()] == [
        ("legal", "48/2010/qd-ttg", DECISION),
        ("date", "2025-03-12", "ngày 12/3/2025"),
        ("unit", mw.commune_a.code, "xã An"),
    ]


def test_api_extract_refuses_long_text_and_strangers(client: Client, mw: MonitoringWorld) -> None:
    url = "/api/v1/monitoring/entities/extract"
    too_long = client.post(
        url,
        json.dumps({"text": "x" * 20_001}),
        content_type="application/json",
        **auth(mw.officer_a),
    )
    assert too_long.status_code == 422
    assert "error" in too_long.json()
    anonymous = client.post(url, json.dumps({"text": "x"}), content_type="application/json")
    assert anonymous.status_code == 401


def test_api_records_are_scoped_and_paged(
    client: Client, mw: MonitoringWorld, scattered: dict[str, Any]
) -> None:
    url = "/api/v1/monitoring/entities/records"
    response = client.get(
        url, {"kind": "legal", "value": "48/2010/qd-ttg", "page_size": 1}, **auth(mw.officer_a)
    )
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2 and body["page_size"] == 1 and len(body["items"]) == 1
    assert body["items"][0]["matches"][0]["value"] == "48/2010/qd-ttg"

    outsider = client.get(url, {"kind": "legal", "value": "48/2010/qd-ttg"}, **auth(mw.outsider))
    assert [i["target_id"] for i in outsider.json()["items"]] == [scattered["theirs"].pk]
    bad = client.get(url, {"kind": "bogus", "value": "x"}, **auth(mw.officer_a))
    assert bad.status_code == 422


# --- Command and task -----------------------------------------------------------------------


def test_command_extract_prints_one_json_line_per_line(mw: MonitoringWorld) -> None:
    out = io.StringIO()
    call_command(
        "entities", "extract", stdin=io.StringIO(f"{DECISION}\n\nxã An, 15tr\n"), stdout=out
    )
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [[e["value"] for e in line] for line in lines] == [
        ["48/2010/qd-ttg"],
        [],
        [mw.commune_a.code, "15000000"],
    ]


def test_command_index(mw: MonitoringWorld) -> None:
    p = petition(mw, DECISION)
    out = io.StringIO()
    call_command("entities", "index", "--limit", "10", stdout=out)
    assert "1 hồ sơ" in out.getvalue()
    assert mentions(PETITION, p.pk) == {("legal", "48/2010/qd-ttg")}
    with pytest.raises(CommandError):
        call_command("entities", "index", "--limit", "0")


def test_task_runs_the_catch_up(mw: MonitoringWorld) -> None:
    from danvan.monitoring.tasks_entities import entities_index_task

    p = petition(mw, DECISION)
    result = entities_index_task.enqueue(limit=10)
    assert result.return_value == {
        "records": {PETITION: 1, RECEPTION: 0, REPORT: 0},
        "mentions": 1,
    }
    assert mentions(PETITION, p.pk) == {("legal", "48/2010/qd-ttg")}


# --- The real reference data ----------------------------------------------------------------


def test_gazetteer_from_the_shipped_units(db: Any) -> None:
    from danvan.core.services.units import admin_units_load_reference

    admin_units_load_reference()
    found = {
        text: [e.value for e in services.entities_extract(text)]
        for text in (
            "tỉnh Bình Thuận",
            "xã Ba Chẽ",  # its code was corrected in 2026: today's code
            "Thành phố Đồng Nai",
            "tỉnh Đồng Nai",
            "phường Bến Thành, TP.HCM",
            "huyện Tánh Linh",
        )
    }
    assert found == {
        "tỉnh Bình Thuận": ["old:60"],
        "xã Ba Chẽ": ["06978"],
        "Thành phố Đồng Nai": ["75"],
        "tỉnh Đồng Nai": ["75"],
        "phường Bến Thành, TP.HCM": ["26743", "79"],
        "huyện Tánh Linh": ["huyen:tanh-linh"],
    }
    assert selectors._expanded([("unit", "68")]) == {
        ("unit", "68"): 0,
        ("unit", "old:60"): 0,
        ("unit", "old:67"): 0,
        ("unit", "old:68"): 0,
    }


# --- Fuzzing the two operations -------------------------------------------------------------

fuzzed = schemathesis.pytest.from_fixture("api_schema").include(path_regex="/monitoring/entities")


@pytest.fixture
def super_header(mw: MonitoringWorld) -> dict[str, str]:
    services.entities_index(REPORT, 1, f"{DECISION}, xã An, 15 triệu đồng, ngày 1/2/2026")
    _, raw = api_token_issue(user=UserFactory(username="st-entities", is_superuser=True))
    return {"Authorization": f"Bearer {raw}"}


@fuzzed.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_entities_api_never_answers_with_a_server_error(
    case: Any, super_header: dict[str, str]
) -> None:
    case.call_and_validate(headers=super_header, checks=[not_a_server_error])
