"""The monitoring dashboard: counts per province and commune scoped to the viewer, colours that
follow the counts, the drill-down page (and its fallback without commune boundaries), trends,
pressing issues, the optional tile map, the API."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from danvan.core.models import AdminUnit, AdminUnitSuccession
from danvan.monitoring import geo
from danvan.monitoring.selectors import dashboard as selectors
from danvan.monitoring.views import dashboard as views
from tests.factories import CommuneFactory, ProvinceFactory
from tests.monitoring.dashboard_fixtures import (  # noqa: F401
    COMMUNE_1,
    COMMUNE_2,
    PROVINCE_A,
    PROVINCE_B,
    Map,
    alert,
    geo_world,
    report,
)

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def shape_class(html: str, code: str) -> int:
    """The colour class of the shape with `code` on a rendered map."""
    match = re.search(
        rf'data-code="{code}">\s*<path d="[^"]*" fill="#[0-9a-f]{{6}}" class="unit-shape cls-(\d)"',
        html,
    )
    assert match, code
    return int(match[1])


# --- Selectors --------------------------------------------------------------------------------


def test_province_counts_follow_open_reports_and_alerts(
    geo_world: Map,  # noqa: F811
    report: Callable[..., Any],  # noqa: F811
    alert: Callable[..., Any],  # noqa: F811
) -> None:
    w = geo_world
    report(w.org_a, w.commune_1)
    report(w.org_a1, w.commune_1)
    report(w.org_a, w.province_a)  # filed at the province level
    report(w.org_a, w.commune_2, status="resolved")  # closed: not counted
    alert(w.org_a, w.commune_2)
    alert(w.org_a, w.commune_2, status="closed", close_note="Đã xử lý")

    counts = selectors.dashboard_province_counts(user=w.officer_a)

    assert counts[PROVINCE_A].open_reports == 3
    assert counts[PROVINCE_A].open_alerts == 1
    assert counts[PROVINCE_A].name == "Tỉnh Quảng Trị"
    assert counts[PROVINCE_B].open_reports == 0


def test_officer_of_province_a_does_not_see_counts_of_province_b(
    geo_world: Map,  # noqa: F811
    report: Callable[..., Any],  # noqa: F811
    alert: Callable[..., Any],  # noqa: F811
) -> None:
    w = geo_world
    report(w.org_a, w.commune_1)
    report(w.org_b, w.commune_b)
    report(w.org_b, w.commune_b)
    alert(w.org_b, w.commune_b)

    mine = selectors.dashboard_province_counts(user=w.officer_a)
    theirs = selectors.dashboard_province_counts(user=w.officer_b)
    everyone = selectors.dashboard_province_counts(user=w.admin)

    assert (mine[PROVINCE_A].open_reports, mine[PROVINCE_B].open_reports) == (1, 0)
    assert mine[PROVINCE_B].open_alerts == 0
    assert (theirs[PROVINCE_A].open_reports, theirs[PROVINCE_B].open_reports) == (0, 2)
    assert (everyone[PROVINCE_A].open_reports, everyone[PROVINCE_B].open_reports) == (1, 2)
    assert selectors.dashboard_kpis(user=w.officer_a).open_reports == 1
    assert selectors.dashboard_kpis(user=w.officer_a).open_alerts == 0
    assert selectors.dashboard_kpis(user=w.nobody).open_reports == 0


def test_commune_officer_sees_only_their_commune_organisation(
    geo_world: Map,  # noqa: F811
    report: Callable[..., Any],  # noqa: F811
) -> None:
    w = geo_world
    report(w.org_a, w.commune_2)
    report(w.org_a1, w.commune_1)

    counts = selectors.dashboard_commune_counts(user=w.officer_a1, province_code=PROVINCE_A)

    assert counts.communes[COMMUNE_1].open_reports == 1
    assert counts.communes[COMMUNE_2].open_reports == 0


def test_escalated_report_and_area_alert_count_for_the_receiving_organisation(
    geo_world: Map,  # noqa: F811
    report: Callable[..., Any],  # noqa: F811
    alert: Callable[..., Any],  # noqa: F811
) -> None:
    w = geo_world
    report(w.org_a, w.commune_1, escalated_to=w.org_b, status="escalated")
    alert(w.org_a, w.commune_1, area_organization=w.org_b)

    counts = selectors.dashboard_province_counts(user=w.officer_b)

    assert counts[PROVINCE_A].open_reports == 1
    assert counts[PROVINCE_A].open_alerts == 1


def test_commune_counts_with_province_level_records_unplaced(
    geo_world: Map,  # noqa: F811
    report: Callable[..., Any],  # noqa: F811
    alert: Callable[..., Any],  # noqa: F811
) -> None:
    w = geo_world
    report(w.org_a, w.commune_1)
    report(w.org_a, w.commune_1)
    report(w.org_a, w.commune_2)
    report(w.org_a, w.province_a)
    alert(w.org_a, w.commune_2)

    counts = selectors.dashboard_commune_counts(user=w.officer_a, province_code=PROVINCE_A)

    assert counts.communes[COMMUNE_1].open_reports == 2
    assert counts.communes[COMMUNE_2].open_reports == 1
    assert counts.communes[COMMUNE_2].open_alerts == 1
    assert counts.unplaced.open_reports == 1
    ranked = selectors.ranked(counts.communes.values(), "reports")
    assert [c.code for c in ranked] == [COMMUNE_1, COMMUNE_2]
    assert selectors.ranked(counts.communes.values(), "alerts")[0].code == COMMUNE_2


def test_record_on_a_closed_unit_counts_where_the_unit_went(
    geo_world: Map,  # noqa: F811
    report: Callable[..., Any],  # noqa: F811
) -> None:
    w = geo_world
    old_province = ProvinceFactory(
        code="45", name="Quảng Trị cũ", valid_from=dt.date(1900, 1, 1), valid_to=dt.date(2025, 7, 1)
    )
    old_commune = CommuneFactory(
        code="19500",
        name="Xã Cũ",
        parent=old_province,
        valid_from=dt.date(1900, 1, 1),
        valid_to=dt.date(2025, 7, 1),
    )
    AdminUnitSuccession.objects.create(
        predecessor=old_commune, successor=w.commune_2, effective=dt.date(2025, 7, 1)
    )
    AdminUnitSuccession.objects.create(
        predecessor=old_province, successor=w.province_a, effective=dt.date(2025, 7, 1)
    )
    report(w.org_a, old_commune, reported_on=dt.date(2025, 6, 20))

    provinces = selectors.dashboard_province_counts(user=w.officer_a)
    communes = selectors.dashboard_commune_counts(user=w.officer_a, province_code=PROVINCE_A)

    assert provinces[PROVINCE_A].open_reports == 1
    assert "45" not in provinces or provinces["45"].open_reports == 0
    assert communes.communes[COMMUNE_2].open_reports == 1


def test_area_places_batches_the_succession_walk(
    geo_world: Map,  # noqa: F811
    django_assert_max_num_queries: Any,
) -> None:
    w = geo_world
    olds = []
    for i in range(5):
        old = CommuneFactory(
            code=f"195{i:02d}",
            parent=w.province_a,
            valid_from=dt.date(1900, 1, 1),
            valid_to=dt.date(2025, 7, 1),
        )
        AdminUnitSuccession.objects.create(
            predecessor=old, successor=w.commune_1, effective=dt.date(2025, 7, 1)
        )
        olds.append(old.pk)
    with django_assert_max_num_queries(4):
        places = selectors.area_places([*olds, w.commune_2.pk])
    assert {places[pk].commune for pk in olds} == {COMMUNE_1}
    assert places[w.commune_2.pk] == selectors.Place(PROVINCE_A, COMMUNE_2)


def test_pressing_issues_rank_severity_then_sensitivity_then_people_then_recency(
    geo_world: Map,  # noqa: F811
    report: Callable[..., Any],  # noqa: F811
) -> None:
    w = geo_world
    today = timezone.localdate()
    plain = report(w.org_a, w.commune_1, severity=3, people_affected=500)
    sensitive = report(w.org_a, w.commune_1, severity=3, flag_religious=True, people_affected=5)
    critical = report(w.org_a, w.commune_2, severity=4, people_affected=1)
    older = report(
        w.org_a, w.commune_2, severity=3, people_affected=500, reported_on=today - dt.timedelta(9)
    )
    report(w.org_a, w.commune_2, severity=4, status="resolved")
    report(w.org_b, w.commune_b, severity=4)  # another province's organisation

    pressing = selectors.dashboard_pressing(user=w.officer_a)

    assert [r.pk for r in pressing] == [critical.pk, sensitive.pk, plain.pk, older.pk]


def test_trends_count_reports_and_petitions_per_topic_and_month(
    geo_world: Map,  # noqa: F811
    report: Callable[..., Any],  # noqa: F811
) -> None:
    from danvan.core.services.calendar import calendar_load_reference
    from danvan.petitions.models import Petition
    from danvan.petitions.services import petition_register
    from tests.petitions.conftest import petition_input

    calendar_load_reference()
    w = geo_world
    today = timezone.localdate()
    this_month = today.replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    report(w.org_a, w.commune_1, topic="dat_dai", reported_on=this_month)
    report(w.org_a, w.commune_1, topic="dat_dai", reported_on=last_month, status="resolved")
    report(w.org_a, w.commune_1, topic="moi_truong", reported_on=this_month)
    report(w.org_a, w.commune_1, topic="dat_dai", reported_on=today - dt.timedelta(days=400))
    report(w.org_b, w.commune_b, topic="dat_dai", reported_on=this_month)  # not in scope
    sent = petition_register(
        actor=w.officer_a,
        data=petition_input(area_code=COMMUNE_1, topic="dat_dai", received_on=this_month),
    )
    # The receiver's copy of a case transferred between two visible units counts once.
    received = petition_register(
        actor=w.officer_a,
        data=petition_input(area_code=COMMUNE_1, topic="dat_dai", received_on=this_month),
    )
    Petition.objects.filter(pk=received.pk).update(transferred_from=sent)

    trends = selectors.dashboard_trends(user=w.officer_a, months=12, today=today)

    assert len(trends.months) == 12
    assert trends.months[-1] == this_month and trends.months[-2] == last_month
    land = next(t for t in trends.topics if t.code == "dat_dai")
    assert trends.topics[0].code == "dat_dai"  # the busiest first
    assert land.reports[-1] == 1 and land.reports[-2] == 1
    assert sum(land.reports) == 2  # the 400-day-old report is outside the window
    assert land.petitions[-1] == 1
    env = next(t for t in trends.topics if t.code == "moi_truong")
    assert env.reports[-1] == 1 and sum(env.petitions) == 0
    assert trends.reports_total[-1] == 2
    # Scoped to a province with no petitions or reports in scope: nothing.
    other = selectors.dashboard_trends(user=w.officer_a, province_code=PROVINCE_B)
    assert other.topics == []


def test_month_starts_cross_the_year() -> None:
    months = selectors.month_starts(3, today=dt.date(2026, 2, 14))
    assert months == [dt.date(2025, 12, 1), dt.date(2026, 1, 1), dt.date(2026, 2, 1)]
    assert len(selectors.month_starts(1000)) == selectors.MAX_MONTHS


# --- Pages ------------------------------------------------------------------------------------


def test_dashboard_page_colours_provinces_by_their_counts(
    geo_world: Map,  # noqa: F811
    report: Callable[..., Any],  # noqa: F811
    alert: Callable[..., Any],  # noqa: F811
) -> None:
    w = geo_world
    for _i in range(3):
        report(w.org_a, w.commune_1)
    report(w.org_b, w.commune_b)
    alert(w.org_b, w.commune_b)

    response = client_for(w.admin).get("/nam-tinh-hinh/")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="unit"') == 34
    assert shape_class(html, PROVINCE_A) > shape_class(html, PROVINCE_B) > 0
    assert shape_class(html, "01") == 0  # Hà Nội: nothing open
    assert 'href="/nam-tinh-hinh/ban-do/44/"' in html
    assert "Tỉnh Quảng Trị: 3 vấn đề đang mở, 0 cảnh báo" in html
    assert 'aria-current="true" class="current">vấn đề đang mở' in html

    by_alerts = client_for(w.admin).get("/nam-tinh-hinh/", {"by": "alerts"}).content.decode()
    assert shape_class(by_alerts, PROVINCE_B) > shape_class(by_alerts, PROVINCE_A) == 0
    assert 'href="/nam-tinh-hinh/ban-do/46/?by=alerts"' in by_alerts
    assert 'aria-current="true" class="current">cảnh báo' in by_alerts


def test_dashboard_page_shows_only_what_the_user_may_see(
    geo_world: Map,  # noqa: F811
    report: Callable[..., Any],  # noqa: F811
) -> None:
    w = geo_world
    report(w.org_b, w.commune_b, title="Tranh chấp đất ở phường Thuận Hóa", severity=4)
    report(w.org_a, w.commune_1, title="Ô nhiễm ở Đồng Thuận")

    html = client_for(w.officer_a).get("/nam-tinh-hinh/").content.decode()

    assert "Ô nhiễm ở Đồng Thuận" in html
    assert "Tranh chấp đất ở phường Thuận Hóa" not in html
    assert shape_class(html, PROVINCE_B) == 0
    assert "Thành phố Huế: 0 vấn đề đang mở, 0 cảnh báo" in html


def test_dashboard_needs_login(geo_world: Map) -> None:  # noqa: F811
    response = Client().get("/nam-tinh-hinh/")
    assert response.status_code == 302


def test_dashboard_has_trend_charts_and_pressing_links(
    geo_world: Map,  # noqa: F811
    report: Callable[..., Any],  # noqa: F811
) -> None:
    w = geo_world
    issue = report(w.org_a, w.commune_1, severity=4, topic="dat_dai", title="Khiếu kiện đông người")

    html = client_for(w.officer_a).get("/nam-tinh-hinh/").content.decode()

    assert html.count('class="trend-svg"') == 2  # all topics + the one topic with data
    assert 'class="line line-reports"' in html and 'class="line line-petitions"' in html
    assert f'href="/nam-tinh-hinh/van-de/{issue.pk}/"' in html
    assert "Khiếu kiện đông người" in html
    assert "Bảng số liệu theo tháng" in html


def test_province_page_draws_communes_and_links_to_the_issue_list(
    geo_world: Map,  # noqa: F811
    report: Callable[..., Any],  # noqa: F811
) -> None:
    w = geo_world
    report(w.org_a, w.commune_1)
    report(w.org_a, w.commune_1)

    response = client_for(w.officer_a).get(f"/nam-tinh-hinh/ban-do/{PROVINCE_A}/")

    assert response.status_code == 200
    html = response.content.decode()
    communes = geo.communes_layer(PROVINCE_A)
    assert communes is not None
    assert html.count('class="unit"') == len(communes.features)
    assert shape_class(html, COMMUNE_1) > shape_class(html, COMMUNE_2) == 0
    assert f'href="/nam-tinh-hinh/van-de/?area={COMMUNE_1}"' in html
    assert 'id="communes-ranked"' in html  # the ranked table is always there
    assert "Phường Đồng Thuận: 2 vấn đề đang mở, 0 cảnh báo" in html


@pytest.mark.parametrize("code", ["99", "abc", "4", "444"])
def test_province_page_is_404_for_an_unknown_code(geo_world: Map, code: str) -> None:  # noqa: F811
    response = client_for(geo_world.officer_a).get(f"/nam-tinh-hinh/ban-do/{code}/")
    assert response.status_code == 404


@pytest.fixture
def no_commune_geometry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The shipped data without the commune files."""
    (tmp_path / "geo").mkdir()
    shutil.copyfile(geo.GEO_DIR / "provinces.json", tmp_path / "geo" / "provinces.json")
    monkeypatch.setattr(geo, "GEO_DIR", tmp_path / "geo")
    geo.geo_cache_clear()
    yield
    geo.geo_cache_clear()


def test_province_page_without_commune_geometry_shows_the_ranked_table(
    geo_world: Map,  # noqa: F811
    report: Callable[..., Any],  # noqa: F811
    no_commune_geometry: None,
) -> None:
    w = geo_world
    report(w.org_a, w.commune_2)

    response = client_for(w.officer_a).get(f"/nam-tinh-hinh/ban-do/{PROVINCE_A}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="unit"' not in html
    assert "no-geometry" in html
    table = html[html.index('id="communes-ranked"') :]
    first_row = re.search(r'<tbody>\s*<tr><th scope="row"><a href="([^"]+)">([^<]+)</a>', table)
    assert first_row is not None
    assert first_row[1] == f"/nam-tinh-hinh/van-de/?area={COMMUNE_2}"
    assert first_row[2] == "Phường Đồng Sơn"


def test_province_known_only_from_the_boundaries_still_has_a_page(
    geo_world: Map,  # noqa: F811
) -> None:
    # Hà Nội is not in this test database's unit list, but its boundaries ship.
    assert not AdminUnit.objects.filter(code="01").exists()
    response = client_for(geo_world.admin).get("/nam-tinh-hinh/ban-do/01/")
    assert response.status_code == 200
    assert "Thành phố Hà Nội" in response.content.decode()


def test_tile_map_only_when_configured_and_leaflet_ships(
    geo_world: Map,  # noqa: F811
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = client_for(geo_world.officer_a)
    html = client.get("/nam-tinh-hinh/").content.decode()
    assert "tile-map" not in html and "leaflet" not in html

    settings.DANVAN_MAP_TILE_URL = "https://tiles.example.gov.vn/{z}/{x}/{y}.png"
    monkeypatch.setattr(views, "_static_exists", lambda name: False)
    assert "tile-map" not in client.get("/nam-tinh-hinh/").content.decode()

    monkeypatch.setattr(views, "_static_exists", lambda name: True)
    html = client.get("/nam-tinh-hinh/").content.decode()
    assert 'data-tile-url="https://tiles.example.gov.vn/{z}/{x}/{y}.png"' in html
    assert 'data-geojson-url="/nam-tinh-hinh/ban-do/geojson/"' in html
    assert "vendor/leaflet/leaflet.js" in html


def test_geojson_for_the_tile_map_carries_scoped_counts(
    geo_world: Map,  # noqa: F811
    report: Callable[..., Any],  # noqa: F811
) -> None:
    w = geo_world
    report(w.org_a, w.commune_1)
    report(w.org_b, w.commune_b)
    client = client_for(w.officer_a)

    data = client.get("/nam-tinh-hinh/ban-do/geojson/").json()
    by_code = {f["properties"]["code"]: f["properties"] for f in data["features"]}
    assert len(by_code) == 34
    assert by_code[PROVINCE_A]["open_reports"] == 1
    assert by_code[PROVINCE_B]["open_reports"] == 0
    assert by_code[PROVINCE_A]["href"] == "/nam-tinh-hinh/ban-do/44/"

    communes = client.get(f"/nam-tinh-hinh/ban-do/{PROVINCE_A}/geojson/").json()
    props = {f["properties"]["code"]: f["properties"] for f in communes["features"]}
    assert props[COMMUNE_1]["open_reports"] == 1
    assert client.get("/nam-tinh-hinh/ban-do/99/geojson/").status_code == 404


# --- API --------------------------------------------------------------------------------------


def test_api_summary_and_provinces_are_scoped(
    geo_world: Map,  # noqa: F811
    report: Callable[..., Any],  # noqa: F811
    alert: Callable[..., Any],  # noqa: F811
) -> None:
    w = geo_world
    report(w.org_a, w.commune_1, severity=4, flag_ethnic=True)
    report(w.org_b, w.commune_b)
    alert(w.org_a, w.commune_1)
    client = client_for(w.officer_a)

    summary = client.get("/api/v1/monitoring/dashboard/summary")
    assert summary.status_code == 200
    assert summary.json() == {"open_reports": 1, "open_alerts": 1, "sensitive": 1, "severity_4": 1}

    provinces = client.get("/api/v1/monitoring/dashboard/provinces").json()
    by_code = {row["code"]: row for row in provinces}
    assert by_code[PROVINCE_A] == {
        "code": PROVINCE_A,
        "name": "Tỉnh Quảng Trị",
        "open_reports": 1,
        "open_alerts": 1,
    }
    assert by_code[PROVINCE_B]["open_reports"] == 0


def test_api_communes_of_a_province(
    geo_world: Map,  # noqa: F811
    report: Callable[..., Any],  # noqa: F811
) -> None:
    w = geo_world
    report(w.org_a, w.commune_1)
    report(w.org_a, w.province_a)
    client = client_for(w.officer_a)

    body = client.get(f"/api/v1/monitoring/dashboard/provinces/{PROVINCE_A}/communes").json()

    assert body["province"]["open_reports"] == 2
    assert body["has_geometry"] is True
    assert {c["code"]: c["open_reports"] for c in body["communes"]} == {COMMUNE_1: 1, COMMUNE_2: 0}
    assert body["unplaced"] == {"open_reports": 1, "open_alerts": 0}

    missing = client.get("/api/v1/monitoring/dashboard/provinces/99/communes")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    bad = client.get("/api/v1/monitoring/dashboard/provinces/4x/communes")
    assert bad.status_code == 422


def test_api_trends_bounds_the_months(
    geo_world: Map,  # noqa: F811
    report: Callable[..., Any],  # noqa: F811
) -> None:
    w = geo_world
    report(w.org_a, w.commune_1, topic="y_te")
    client = client_for(w.officer_a)

    body = client.get("/api/v1/monitoring/dashboard/trends", {"months": 3}).json()
    assert len(body["months"]) == 3
    assert body["topics"][0]["code"] == "y_te"
    assert body["topics"][0]["reports"] == [0, 0, 1]
    for months in (0, 25, "x"):
        response = client.get("/api/v1/monitoring/dashboard/trends", {"months": months})
        assert response.status_code == 422
    assert client.get("/api/v1/monitoring/dashboard/trends", {"province": "../"}).status_code == 422


def test_api_needs_authentication(geo_world: Map) -> None:  # noqa: F811
    assert Client().get("/api/v1/monitoring/dashboard/summary").status_code == 401


@pytest.mark.parametrize("language", ["vi", "en"])
def test_svg_numbers_never_take_the_locale_decimal_comma(
    geo_world: Map,  # noqa: F811
    report: Callable[..., Any],  # noqa: F811
    language: str,
) -> None:
    w = geo_world
    for days in (3, 40, 70, 100):
        report(w.org_a, w.commune_1, reported_on=timezone.localdate() - dt.timedelta(days=days))
    client = client_for(w.officer_a)
    client.cookies["django_language"] = language

    for url in ("/nam-tinh-hinh/", f"/nam-tinh-hinh/ban-do/{PROVINCE_A}/"):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert not re.search(r'\s(?:x|y|x1|x2|y1|y2|cx|cy|width|height)="[^"]*[,.]', html)
        for points in re.findall(r'points="([^"]*)"', html):
            assert re.fullmatch(r"-?\d+,-?\d+( -?\d+,-?\d+)*", points), points


def test_province_page_queries_stay_bounded(
    geo_world: Map,  # noqa: F811
    report: Callable[..., Any],  # noqa: F811
    django_assert_max_num_queries: Any,
) -> None:
    w = geo_world
    for _i in range(12):
        report(w.org_a, w.commune_1)
        report(w.org_a, w.commune_2)
    client = client_for(w.officer_a)
    with django_assert_max_num_queries(40):
        assert client.get(f"/nam-tinh-hinh/ban-do/{PROVINCE_A}/").status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get("/nam-tinh-hinh/").status_code == 200
