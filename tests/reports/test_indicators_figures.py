"""Indicators: every figure computed again in plain Python over the fixture rows (the oracle
below never calls the modules' queries) and compared with `figures_compute`, for a province with
its communes, a commune without its sibling, a department and a national body; window edges,
duplicates and transfers counted once (through the real services), topic breakdowns, rates
without a denominator."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from django.utils import timezone

from danvan.core.models import Obligation, Organization, Task
from danvan.core.topics import topic_codes
from danvan.reports.indicators import (
    Coverage,
    Window,
    coverage_for,
    figures_compute,
    indicators_all,
)
from tests.factories import CommuneFactory, OrganizationFactory
from tests.reports.conftest import WINDOW, IndWorld, edge_days

pytestmark = pytest.mark.django_db

# --- The oracle --------------------------------------------------------------------------------


def pct(numerator: int, denominator: int) -> Decimal | None:
    if denominator == 0:
        return None
    return (Decimal(100 * numerator) / Decimal(denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def fold_topics(topics: Iterable[str]) -> dict[str, int]:
    known = set(topic_codes())
    counts = Counter(t if t in known else "khac" for t in topics)
    return {t: counts.get(t, 0) for t in topic_codes()}


class Oracle:
    """Plain Python over the rows of every table an indicator reads."""

    def __init__(self, orgs: set[int] | None, areas: set[int] | None, window: Window) -> None:
        self.orgs, self.areas, self.window = orgs, areas, window

    def covered(self, org_id: int | None) -> bool:
        return self.orgs is None or org_id in self.orgs

    def inside(self, day: dt.date | None) -> bool:
        return day is not None and self.window.start <= day <= self.window.end

    # Petitions

    def petitions(self) -> dict[str, list[dict[str, Any]]]:
        from danvan.petitions.models import Petition

        rows = list(Petition.objects.values())
        by_id = {p["id"]: p for p in rows}
        due = {
            o["target_id"]: o["due"]
            for o in Obligation.objects.filter(
                target_type="petitions.petition", key="resolve"
            ).values("target_id", "due")
        }

        def repeats(p: dict[str, Any], link: str) -> bool:
            other = p[link]
            return other is not None and self.covered(by_id[other]["organization_id"])

        end = self.window.end
        cases = [
            p
            for p in rows
            if self.covered(p["organization_id"]) and not repeats(p, "duplicate_of_id")
        ]
        received = [
            p
            for p in cases
            if self.inside(p["received_on"])
            and not p["inbox_pending"]
            and not repeats(p, "transferred_from_id")
        ]
        resolved = [p for p in cases if self.inside(p["resolved_on"])]
        for p in resolved:
            p["on_time"] = due.get(p["id"]) is not None and p["resolved_on"] <= due[p["id"]]
        rated = [
            p
            for p in cases
            if p["satisfaction"]
            and p["satisfaction_at"] is not None
            and self.inside(timezone.localdate(p["satisfaction_at"]))
        ]
        overdue = [
            p
            for p in cases
            if p["accepted_on"] is not None
            and p["accepted_on"] <= end
            and due.get(p["id"]) is not None
            and due[p["id"]] < end
            and not (p["resolved_on"] is not None and p["resolved_on"] <= end)
            and not (p["withdrawn_on"] is not None and p["withdrawn_on"] <= end)
        ]
        return {
            "received": received,
            "eligible": [
                p
                for p in received
                if p["triage_outcome"] in ("accept", "transfer", "guide", "answer")
            ],
            "within": [p for p in received if p["triage_outcome"] in ("accept", "answer")],
            "resolved": resolved,
            "rated": rated,
            "overdue": overdue,
        }

    # Other modules

    def sessions(self) -> list[dict[str, Any]]:
        from danvan.reception.models import ReceptionSession

        return [
            s
            for s in ReceptionSession.objects.values()
            if self.covered(s["organization_id"])
            and self.inside(s["date"])
            and s["status"] == "held"
            and s["host_kind"] == "head"
            and s["kind"] in ("scheduled", "extraordinary")
        ]

    def entries(self) -> list[dict[str, Any]]:
        from danvan.reception.models import ReceptionEntry

        return [
            e
            for e in ReceptionEntry.objects.values()
            if self.covered(e["organization_id"])
            and self.inside(e["received_on"])
            and e["outcome"] != "refused"
        ]

    def dialogues(self) -> list[dict[str, Any]]:
        from danvan.dialogues.models import Dialogue

        return [
            d
            for d in Dialogue.objects.values()
            if self.covered(d["organization_id"])
            and self.inside(d["held_on"])
            and d["status"] in ("held", "minutes_signed", "closed")
        ]

    def commitments(self) -> list[dict[str, Any]]:
        from danvan.dialogues.models import Commitment

        tasks = {t["id"]: t for t in Task.objects.values()}
        return [
            c
            for c in Commitment.objects.values("id", "task_id", "dialogue__organization_id")
            if self.covered(c["dialogue__organization_id"])
            and tasks[c["task_id"]]["status"] == "done"
            and self.inside(tasks[c["task_id"]]["completed_on"])
        ]

    def issues(self) -> list[dict[str, Any]]:
        from danvan.monitoring.models import IssueReport

        return [
            r
            for r in IssueReport.objects.values()
            if self.covered(r["organization_id"]) and self.inside(r["reported_on"])
        ]

    def alerts(self) -> list[dict[str, Any]]:
        from danvan.monitoring.models import Alert

        return [
            a
            for a in Alert.objects.values()
            if (self.areas is None or a["area_id"] in self.areas)
            and self.inside(timezone.localdate(a["created_at"]))
        ]

    def models(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        from danvan.practices.models import PracticeModel

        rows = [m for m in PracticeModel.objects.values() if self.covered(m["organization_id"])]
        return (
            [m for m in rows if self.inside(m["registered_on"])],
            [
                m
                for m in rows
                if m["status"] in ("recognised", "replicated") and self.inside(m["decision_date"])
            ],
        )

    def tasks(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        late_before = min(timezone.localdate(), self.window.end + dt.timedelta(days=1))
        due = [
            t
            for t in Task.objects.values()
            if self.covered(t["organization_id"])
            and self.inside(t["due"])
            and t["status"] != "cancelled"
        ]
        on_time = [
            t
            for t in due
            if t["status"] == "done"
            and (t["completed_on"] is None or t["completed_on"] <= t["due"])
        ]
        late = [
            t
            for t in due
            if (
                t["status"] == "done"
                and t["completed_on"] is not None
                and t["completed_on"] > t["due"]
            )
            or (t["status"] in ("open", "in_progress") and t["due"] < late_before)
        ]
        return on_time, late

    def figures(self) -> dict[str, Any]:
        p = self.petitions()
        values: dict[str, Any] = {
            "petitions.received": len(p["received"]),
            "petitions.eligible": len(p["eligible"]),
            "petitions.within_competence": len(p["within"]),
            "petitions.resolved": len(p["resolved"]),
            "petitions.resolved_on_time_pct": pct(
                sum(1 for x in p["resolved"] if x["on_time"]), len(p["resolved"])
            ),
            "petitions.overdue": len(p["overdue"]),
            "satisfaction.pct": pct(
                sum(1 for x in p["rated"] if x["satisfaction"] == "satisfied"), len(p["rated"])
            ),
        }
        for code, rows in (
            ("petitions.received", p["received"]),
            ("petitions.resolved", p["resolved"]),
        ):
            for topic, n in fold_topics(x["topic"] for x in rows).items():
                values[f"{code}.topic.{topic}"] = n
        entries = self.entries()
        values["reception.sessions_by_head"] = len(self.sessions())
        values["reception.visitors"] = sum(e["visitor_count"] for e in entries)
        values["reception.crowd_delegations"] = sum(1 for e in entries if e["visitor_count"] >= 5)
        values["dialogues.held"] = len(self.dialogues())
        values["commitments.done"] = len(self.commitments())
        issues = self.issues()
        values["issues.reported"] = len(issues)
        for topic, n in fold_topics(r["topic"] for r in issues).items():
            values[f"issues.reported.topic.{topic}"] = n
        values["alerts.raised"] = len(self.alerts())
        registered, recognised = self.models()
        values["models.registered"] = len(registered)
        values["models.recognised"] = len(recognised)
        on_time, late = self.tasks()
        values["tasks.on_time"] = len(on_time)
        values["tasks.late"] = len(late)
        return values


def oracle_for(world: IndWorld, which: str, window: Window = WINDOW) -> Oracle:
    if which == "province":
        return Oracle(
            {o.pk for o in world.in_scope_orgs},
            {world.province.pk, world.commune_a.pk, world.commune_b.pk},
            window,
        )
    if which == "commune_a":
        return Oracle({world.org_a.pk}, {world.commune_a.pk}, window)
    if which == "commune_b":
        return Oracle({world.org_b.pk}, {world.commune_b.pk}, window)
    if which == "department":
        return Oracle(
            {world.department.pk, world.department_office.pk}, {world.province.pk}, window
        )
    return Oracle(None, None, window)


def coverage_of(world: IndWorld, which: str) -> Coverage:
    org = {
        "province": world.province_org,
        "commune_a": world.org_a,
        "commune_b": world.org_b,
        "department": world.department,
    }.get(which)
    if org is None:
        return Coverage(0, frozenset(), frozenset(), everything=True)
    return coverage_for(org)


# --- Figures against the oracle ----------------------------------------------------------------


@pytest.mark.parametrize("which", ["province", "commune_a", "commune_b", "department", "national"])
def test_figures_match_an_independent_count(ind_world: IndWorld, which: str) -> None:
    expected = oracle_for(ind_world, which).figures()
    got = figures_compute(coverage_of(ind_world, which), WINDOW)
    assert set(got) == {i.code for i in indicators_all()}
    assert set(expected) <= set(got)
    assert {code: got[code] for code in expected} == expected


def test_the_fixture_is_not_trivial(ind_world: IndWorld) -> None:
    """Every base figure of the province is above zero (and below the national one for the
    counts the other province also has), so the comparisons above test something."""
    province = oracle_for(ind_world, "province").figures()
    national = oracle_for(ind_world, "national").figures()
    for indicator in indicators_all():
        if indicator.parent:
            continue
        if indicator.kind == "rate":
            assert province[indicator.code] is not None, indicator.code
        else:
            assert province[indicator.code], indicator.code
    assert national["petitions.received"] > province["petitions.received"]
    assert national["reception.visitors"] > province["reception.visitors"]
    assert national["tasks.late"] > province["tasks.late"]


def test_a_province_includes_its_communes_and_a_commune_excludes_its_sibling(
    ind_world: IndWorld,
) -> None:
    province = figures_compute(coverage_for(ind_world.province_org), WINDOW)
    a = figures_compute(coverage_for(ind_world.org_a), WINDOW)
    b = figures_compute(coverage_for(ind_world.org_b), WINDOW)
    # Sums over records that never repeat across the two communes add up inside the province.
    for code in ("reception.visitors", "dialogues.held", "models.registered", "tasks.late"):
        assert a[code] + b[code] <= province[code]
        assert a[code] != province[code] or b[code] == 0
    only_a = oracle_for(ind_world, "commune_a")
    sibling = {ind_world.org_b.pk}
    assert not any(p["organization_id"] in sibling for p in only_a.petitions()["received"])
    assert a["petitions.received"] == len(only_a.petitions()["received"])


def test_every_source_yields_exactly_its_codes(ind_world: IndWorld) -> None:
    import importlib

    coverage = coverage_for(ind_world.province_org)
    by_source: dict[str, set[str]] = {}
    for indicator in indicators_all():
        by_source.setdefault(indicator.source, set()).add(indicator.code)
    for source, codes in by_source.items():
        got = importlib.import_module(source).figures(coverage, WINDOW)
        assert set(got) == codes, source


@pytest.mark.parametrize("which", ["province", "commune_a", "national"])
def test_topic_breakdowns_add_up_to_their_total(ind_world: IndWorld, which: str) -> None:
    got = figures_compute(coverage_of(ind_world, which), WINDOW)
    parents = {i.parent for i in indicators_all() if i.parent}
    assert parents == {"petitions.received", "petitions.resolved", "issues.reported"}
    for parent in parents:
        parts = [got[f"{parent}.topic.{t}"] for t in topic_codes()]
        assert sum(parts) == got[parent]  # type: ignore[arg-type]
    # The old topic code is counted under «Khác»: the breakdown is not just the stored codes.
    from danvan.petitions.models import Petition

    assert Petition.objects.filter(topic="cu_da_bo").exists()


# --- Window edges ------------------------------------------------------------------------------


def _fresh_commune(world: IndWorld, code: str) -> Organization:
    commune: Any = CommuneFactory(code=code, name=f"Mới {code}", parent=world.province)
    org: Any = OrganizationFactory(
        code=f"{code}-UBND",
        name=f"UBND xã Mới {code}",
        area=commune,
        level="commune",
        parent=world.province_org,
    )
    return org  # type: ignore[no-any-return]


def test_first_and_last_days_are_in_the_window_and_the_day_after_is_not(
    ind_world: IndWorld,
) -> None:
    from danvan.petitions.models import Petition
    from danvan.reception.models import ReceptionEntry
    from tests.reports.conftest import _Numbers, make_petition

    org = _fresh_commune(ind_world, "19055")
    days = edge_days(WINDOW)
    numbers = _Numbers()
    for i, day in enumerate(days):
        make_petition(org, org.area, numbers, received=day)  # type: ignore[arg-type]
        Task.objects.create(title=f"Việc {i}", organization=org, due=day, status="open")
        ReceptionEntry.objects.create(
            organization=org,
            year=day.year,
            seq=i + 1,
            number=f"{i + 1}",
            received_on=day,
            visitor_count=i + 1,
            content="Nội dung.",
            outcome="guided",
        )
    inside = [d for d in days if WINDOW.start <= d <= WINDOW.end]
    assert WINDOW.start in inside and WINDOW.end in inside
    assert WINDOW.end + dt.timedelta(days=1) not in inside
    got = figures_compute(coverage_for(org), WINDOW)
    assert got["petitions.received"] == len(inside)
    assert got["tasks.late"] == len(inside)  # open, due in a window that has ended
    assert got["reception.visitors"] == sum(i + 1 for i, d in enumerate(days) if d in inside)
    received = set(Petition.objects.filter(organization=org).values_list("received_on", flat=True))
    assert received == set(days)


def test_a_window_still_running_counts_no_task_not_yet_due_as_late(ind_world: IndWorld) -> None:
    org = _fresh_commune(ind_world, "19056")
    today = timezone.localdate()
    window = Window(today - dt.timedelta(days=10), today + dt.timedelta(days=10))
    Task.objects.create(title="Quá hạn", organization=org, due=today - dt.timedelta(days=1))
    Task.objects.create(title="Chưa đến hạn", organization=org, due=today + dt.timedelta(days=1))
    Task.objects.create(title="Hạn hôm nay", organization=org, due=today)
    got = figures_compute(coverage_for(org), window, codes=["tasks.late", "tasks.on_time"])
    assert got == {"tasks.late": 1, "tasks.on_time": 0}


# --- Rates without a denominator ---------------------------------------------------------------


def test_rates_without_a_denominator_are_none_and_counts_zero(ind_world: IndWorld) -> None:
    org = _fresh_commune(ind_world, "19057")
    got = figures_compute(coverage_for(org), WINDOW)
    rates = {i.code for i in indicators_all() if i.kind == "rate"}
    assert rates == {"petitions.resolved_on_time_pct", "satisfaction.pct"}
    for code, value in got.items():
        assert value is None if code in rates else value == 0, code


# --- Duplicates and transfers through the real services ----------------------------------------


def _register(actor: Any, area_code: str, org: Organization) -> Any:
    from danvan.petitions.inputs import PersonInput, PetitionInput
    from danvan.petitions.services import petition_register

    return petition_register(
        actor=actor,
        data=PetitionInput(
            kind="proposal",
            channel="in_person",
            received_on=dt.date(2026, 3, 2),
            content="Kiến nghị sửa chữa đường liên thôn bị sạt lở sau mưa lũ.",
            area_code=area_code,
            topic="xay_dung_ha_tang",
            organization_id=org.pk,
            petitioners=[PersonInput(full_name="Lê Văn Tám")],
        ),
    )


def test_transfers_and_duplicates_count_once(ind_world: IndWorld) -> None:
    from danvan.core.models import Role
    from danvan.petitions.inputs import TransitionInput
    from danvan.petitions.services import (
        petition_inbox_acknowledge,
        petition_mark_duplicate,
        petition_transition,
    )
    from tests.factories import MembershipFactory, UserFactory

    w = ind_world
    province_officer: Any = UserFactory(username="ind.canbo.tinh")
    MembershipFactory(user=province_officer, organization=w.province_org, role=Role.OFFICER)
    window = Window(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    code = "petitions.received.topic.xay_dung_ha_tang"

    def received(org: Organization) -> Any:
        return figures_compute(coverage_for(org), window, codes=[code])[code]

    before = {o.pk: received(o) for o in (w.province_org, w.org_a, w.org_b, w.department)}

    original = _register(province_officer, "19001", w.org_a)
    original = petition_transition(
        petition=original,
        actor=province_officer,
        data=TransitionInput(
            to="triaged",
            on=dt.date(2026, 3, 4),
            reason="Thuộc thẩm quyền của Sở.",
            outcome="transfer",
            transfer_to=w.department.code,
            expected_version=original.version,
        ),
    )
    from danvan.petitions.models import Petition

    copy = Petition.objects.get(transferred_from=original)
    assert copy.organization_id == w.department.pk and copy.inbox_pending
    # Waiting in the department's inbox: not in its register yet.
    assert received(w.department) == before[w.department.pk]
    petition_inbox_acknowledge(petition=copy, actor=province_officer)
    assert received(w.department) == before[w.department.pk] + 1  # its only copy
    assert received(w.org_a) == before[w.org_a.pk] + 1
    assert received(w.province_org) == before[w.province_org.pk] + 1  # once, not twice

    again = _register(province_officer, "19002", w.org_b)
    petition_mark_duplicate(
        petition=again,
        actor=province_officer,
        duplicate_of=original,
        expected_version=again.version,
    )
    assert received(w.province_org) == before[w.province_org.pk] + 1  # still once
    # Commune Bình does not see the original: the duplicate is its only copy.
    assert received(w.org_b) == before[w.org_b.pk] + 1
