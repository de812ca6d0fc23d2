"""Indicators: every number drills down to the records behind it, as the user may see them.

For the system (no user) the rows are exactly the records counted (the same number, the
numerator of a rate marked on its rows); for a commune officer looking at the province's
report, only the commune's records are listed and the rest is reported as hidden; titles never
carry a visitor's or a denouncer's name."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from danvan.core.models import Task
from danvan.reports.indicators import (
    RecordList,
    coverage_for,
    figures_compute,
    indicator_get,
    indicators_all,
    rate,
    records_for,
)
from tests.reports.conftest import WINDOW, IndWorld
from tests.reports.test_indicators_figures import oracle_for

pytestmark = pytest.mark.django_db

PK = re.compile(r"/(\d+)/$")


def _pks(records: RecordList) -> list[int]:
    found = []
    for row in records.rows:
        match = PK.search(row.url)
        assert match, row.url
        found.append(int(match[1]))
    return found


@pytest.mark.parametrize("which", ["province", "commune_a"])
def test_the_rows_are_exactly_the_records_counted(ind_world: IndWorld, which: str) -> None:
    org = ind_world.province_org if which == "province" else ind_world.org_a
    coverage = coverage_for(org)
    figures = figures_compute(coverage, WINDOW)
    checked = 0
    for indicator in indicators_all():
        records = records_for(indicator.code, coverage, WINDOW, None)
        assert records.hidden == 0
        assert len(records.rows) == records.total  # below the page size here
        assert len(set(_pks(records))) == records.total  # each record once
        value = figures[indicator.code]
        if indicator.kind == "rate":
            numerator = sum(1 for r in records.rows if r.counted)
            assert rate(numerator, records.total) == value, indicator.code
        elif indicator.code == "reception.visitors":
            from danvan.reception.models import ReceptionEntry

            people = ReceptionEntry.objects.filter(pk__in=_pks(records)).values_list(
                "visitor_count", flat=True
            )
            assert sum(people) == value
        else:
            assert records.total == value, indicator.code
        for row in records.rows:
            assert row.reference and row.title and row.url
            if indicator.code != "petitions.overdue":
                assert row.on is not None and WINDOW.start <= row.on <= WINDOW.end, (
                    indicator.code,
                    row,
                )
            else:
                assert row.on is not None and row.on < WINDOW.end
        checked += records.total
    assert checked > (100 if which == "province" else 20)


def test_rate_rows_say_why_they_count(ind_world: IndWorld) -> None:
    coverage = coverage_for(ind_world.province_org)
    on_time = records_for("petitions.resolved_on_time_pct", coverage, WINDOW, None)
    expected = {
        p["id"]: p["on_time"] for p in oracle_for(ind_world, "province").petitions()["resolved"]
    }
    assert dict(zip(_pks(on_time), (r.counted for r in on_time.rows), strict=True)) == expected
    assert {r.note.split(" (")[0] for r in on_time.rows} <= {"Đúng hạn", "Quá hạn"}
    ratings = records_for("satisfaction.pct", coverage, WINDOW, None)
    assert {r.note for r in ratings.rows if r.counted} == {"Hài lòng"}
    assert {r.note for r in ratings.rows if not r.counted} <= {
        "Hài lòng một phần",
        "Không hài lòng",
    }


def test_a_topic_drills_down_to_that_topic(ind_world: IndWorld) -> None:
    from danvan.petitions.models import Petition

    coverage = coverage_for(ind_world.province_org)
    khac = records_for("petitions.received.topic.khac", coverage, WINDOW, None)
    topics = set(Petition.objects.filter(pk__in=_pks(khac)).values_list("topic", flat=True))
    assert topics == {"khac", "cu_da_bo"}  # the old code is listed where it is counted
    dat_dai = records_for("petitions.received.topic.dat_dai", coverage, WINDOW, None)
    assert set(Petition.objects.filter(pk__in=_pks(dat_dai)).values_list("topic", flat=True)) == {
        "dat_dai"
    }
    assert (
        dat_dai.total
        == figures_compute(coverage, WINDOW, codes=["petitions.received.topic.dat_dai"])[
            "petitions.received.topic.dat_dai"
        ]
    )


def _org_of(code: str, pks: list[int]) -> set[int]:
    """The organisations owning the records listed under `code` (the scope's key)."""
    from danvan.dialogues.models import Commitment, Dialogue
    from danvan.monitoring.models import IssueReport
    from danvan.petitions.models import Petition
    from danvan.practices.models import PracticeModel
    from danvan.reception.models import ReceptionEntry, ReceptionSession

    source = code.split(".")[0]
    if code.startswith("reception.sessions"):
        qs: Any = ReceptionSession.objects
    elif source == "reception":
        qs = ReceptionEntry.objects
    elif source in ("petitions", "satisfaction"):
        qs = Petition.objects
    elif source == "dialogues":
        qs = Dialogue.objects
    elif source == "commitments":
        return set(
            Commitment.objects.filter(task_id__in=pks).values_list(
                "dialogue__organization_id", flat=True
            )
        )
    elif source == "issues":
        qs = IssueReport.objects
    elif source == "models":
        qs = PracticeModel.objects
    elif source == "tasks":
        qs = Task.objects
    else:
        raise AssertionError(code)
    return set(qs.filter(pk__in=pks).values_list("organization_id", flat=True))


def test_a_commune_officer_sees_the_communes_rows_and_the_rest_as_hidden(
    ind_world: IndWorld,
) -> None:
    w = ind_world
    coverage = coverage_for(w.province_org)
    seen_some = hidden_some = 0
    for indicator in indicators_all():
        code = indicator.code
        everything = records_for(code, coverage, WINDOW, None)
        mine = records_for(code, coverage, WINDOW, w.officer_a)
        assert mine.total == everything.total
        assert len(mine.rows) + mine.hidden == mine.total, code
        assert set(_pks(mine)) <= set(_pks(everything))
        if code == "alerts.raised":
            # Addressed to the province's Ban Tuyên giáo và Dân vận: not the commune's to read.
            assert mine.rows == [] and mine.hidden == mine.total
            continue
        owners = _org_of(code, _pks(mine))
        assert owners <= {w.org_a.pk}, code
        # Independently: the commune's own records among those counted.
        expected = len([pk for pk in _pks(everything) if _org_of(code, [pk]) == {w.org_a.pk}])
        assert len(mine.rows) == expected, code
        seen_some += len(mine.rows)
        hidden_some += mine.hidden
    assert seen_some and hidden_some


def test_someone_from_another_province_sees_nothing(ind_world: IndWorld) -> None:
    coverage = coverage_for(ind_world.province_org)
    for code in ("petitions.received", "reception.visitors", "tasks.late", "models.registered"):
        records = records_for(code, coverage, WINDOW, ind_world.outsider)
        assert records.rows == [] and records.hidden == records.total > 0


def test_the_province_leader_sees_every_row(ind_world: IndWorld) -> None:
    coverage = coverage_for(ind_world.province_org)
    for code in ("petitions.received", "reception.sessions_by_head", "issues.reported"):
        records = records_for(code, coverage, WINDOW, ind_world.leader)
        assert records.hidden == 0 and len(records.rows) == records.total > 0


def test_titles_never_carry_a_name_or_a_denunciations_text(ind_world: IndWorld) -> None:
    from danvan.petitions.models import Petition
    from danvan.reception.models import ReceptionEntry

    coverage = coverage_for(ind_world.province_org)
    visitor_names = set(ReceptionEntry.objects.values_list("visitor_name", flat=True))
    for code in ("reception.visitors", "reception.crowd_delegations"):
        for row in records_for(code, coverage, WINDOW, None).rows:
            assert not any(name and name in row.title for name in visitor_names)
    records = records_for("petitions.received", coverage, WINDOW, None)
    kinds = dict(Petition.objects.filter(pk__in=_pks(records)).values_list("pk", "kind"))
    content = "Nội dung đơn thư"
    denunciations = 0
    for pk, row in zip(_pks(records), records.rows, strict=True):
        assert row.reference.endswith(tuple(o.code for o in ind_world.in_scope_orgs))
        if kinds[pk] == "denunciation":
            denunciations += 1
            assert content not in row.title and row.title.startswith("Tố cáo")
    assert denunciations


def test_the_rows_link_to_pages_the_user_may_open(ind_world: IndWorld) -> None:
    client = Client()
    client.force_login(ind_world.officer_a)
    coverage = coverage_for(ind_world.province_org)
    opened = 0
    for code in ("petitions.received", "reception.visitors", "dialogues.held", "tasks.late"):
        for row in records_for(code, coverage, WINDOW, ind_world.officer_a).rows[:2]:
            assert client.get(row.url).status_code == 200, row.url
            opened += 1
    assert opened


def test_an_unknown_code_is_refused(ind_world: IndWorld) -> None:
    coverage = coverage_for(ind_world.org_a)
    assert indicator_get("petitions.nothing") is None
    with pytest.raises(KeyError):
        records_for("petitions.nothing", coverage, WINDOW, None)
    from danvan.petitions import indicators

    with pytest.raises(KeyError):
        indicators.records("petitions.overdue.topic.dat_dai", coverage, WINDOW, None)


def test_rates_are_percentages_with_one_decimal(ind_world: IndWorld) -> None:
    values = figures_compute(coverage_for(ind_world.province_org), WINDOW)
    for indicator in indicators_all():
        if indicator.kind == "rate":
            value = values[indicator.code]
            assert isinstance(value, Decimal)
            assert Decimal(0) <= value <= Decimal(100)
            assert value == value.quantize(Decimal("0.1"))
