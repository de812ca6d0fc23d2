"""The inspectorate's forms (01/TCD, 01/XLD, 01/KQGQ): random petitions, reception sessions and
register entries spread over the window's edges, counted again in plain Python (the oracle below
never calls the forms' queries) by the columns' documented definitions, and compared cell by
cell with the workbook `statforms_build` writes."""

from __future__ import annotations

import datetime as dt
import io
import random
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pytest
from openpyxl import load_workbook

from danvan.core.models import Obligation, Organization
from danvan.petitions.models import Petition
from danvan.reception.models import ReceptionEntry, ReceptionSession
from danvan.reports.documents.statforms import statforms_build
from danvan.reports.indicators import Window, coverage_for
from tests.factories import CommuneFactory, OrganizationFactory, ProvinceFactory

D = dt.date
WINDOW = Window(D(2025, 12, 15), D(2026, 6, 14))
ONE = dt.timedelta(days=1)
KINDS = ("complaint", "denunciation", "proposal", "report", "mixed")
OUTCOMES = ("accept", "transfer", "guide", "answer", "file", "ineligible")
# How the forms read petitions (docs/reports-documents.md), written out again here.
KIND_GROUP = {
    "complaint": "complaint",
    "denunciation": "denunciation",
    "proposal": "proposal",
    "report": "proposal",
    "mixed": "proposal",
}
ELIGIBLE = {"accept", "answer", "guide", "transfer"}
COMPETENT = {"accept", "answer"}


@dataclass
class SWorld:
    province_org: Organization
    org_a: Organization
    org_b: Organization
    other_org: Organization

    @property
    def covered(self) -> list[Organization]:
        return [self.province_org, self.org_a, self.org_b]


def day_near(rng: random.Random) -> dt.date:
    edges = [WINDOW.start - ONE, WINDOW.start, WINDOW.end, WINDOW.end + ONE]
    if rng.random() < 0.4:
        return rng.choice(edges)
    return WINDOW.start - 60 * ONE + rng.randrange(300) * ONE


def _petitions(world: SWorld, rng: random.Random, areas: dict[int, Any]) -> list[Petition]:
    orgs = [*world.covered, world.other_org]
    seqs: dict[int, int] = defaultdict(int)
    made: list[Petition] = []
    for i in range(160):
        org = orgs[i % len(orgs)]
        received = day_near(rng)
        kind = rng.choice((*KINDS, "complaint", "complaint"))
        triaged = None if rng.random() < 0.25 else received + rng.choice((0, 1, 10, 60, 200)) * ONE
        outcome = rng.choice((*OUTCOMES, "accept", "accept")) if triaged else ""
        accepted = triaged + rng.choice((0, 2)) * ONE if outcome == "accept" else None
        resolved = None
        if accepted is not None and rng.random() < 0.6:
            resolved = accepted + rng.choice((5, 30, 45, 120)) * ONE
        withdrawn = None
        if resolved is None and rng.random() < 0.15:
            withdrawn = received + rng.choice((1, 20, 100)) * ONE
            if triaged is not None and triaged > withdrawn:
                triaged, outcome, accepted = None, "", None
        seqs[org.pk] += 1
        seq = seqs[org.pk]
        p = Petition.objects.create(
            organization=org,
            year=received.year,
            seq=seq,
            case_number=f"{seq}/{received.year}/{org.code}",
            tracking_code=f"SF{org.pk:03d}{seq:06d}",
            kind=kind,
            channel="post",
            received_on=received,
            content="Nội dung đơn dùng để kiểm thử biểu thống kê.",
            area=areas[org.pk],
            complaint_round=2 if kind == "complaint" and rng.random() < 0.4 else 1,
            triage_outcome=outcome,
            triaged_on=triaged,
            accepted_on=accepted,
            resolved_on=resolved,
            withdrawn_on=withdrawn,
            status="withdrawn" if withdrawn else ("resolved" if resolved else "received"),
            duplicate_of=rng.choice(made) if made and rng.random() < 0.2 else None,
        )
        if accepted is not None and rng.random() < 0.9:
            due = accepted + 30 * ONE
            Obligation.objects.create(
                key="resolve",
                kind="petition.resolve",
                title="Giải quyết",
                target_type="petitions.petition",
                target_id=p.pk,
                organization=org,
                started_on=accepted,
                due=due,
                status="done" if resolved else "open",
                completed_on=resolved,
            )
        made.append(p)
    return made


def _reception(world: SWorld, rng: random.Random, petitions: list[Petition]) -> None:
    orgs = [*world.covered, world.other_org]
    sessions: list[ReceptionSession] = []
    for i in range(50):
        org = orgs[i % len(orgs)]
        sessions.append(
            ReceptionSession.objects.create(
                organization=org,
                level=org.level,
                date=day_near(rng),
                place_kind="hq",
                kind=rng.choice(("scheduled", "daily", "extraordinary")),
                host_kind=rng.choice(("head", "delegate")),
                host_name="Người chủ trì",
                host_position="Chủ tịch",
                status=rng.choice(("held", "held", "held", "planned", "cancelled")),
            )
        )
    pool = rng.sample(petitions, 25)  # few petitions, many visits: repeats
    seqs: dict[int, int] = defaultdict(int)
    for i in range(140):
        org = orgs[i % len(orgs)]
        own = [s for s in sessions if s.organization_id == org.pk]
        session = rng.choice(own) if own and rng.random() < 0.6 else None
        day = session.date if session else day_near(rng)
        seqs[org.pk] += 1
        seq = seqs[org.pk]
        ReceptionEntry.objects.create(
            organization=org,
            session=session,
            year=day.year,
            seq=seq,
            number=f"{seq}/{day.year}",
            received_on=day,
            visitor_name="Trần Thị Bình",
            visitor_count=rng.choice((1, 1, 2, 4, 5, 7, 12)),
            content="Nội dung trình bày.",
            outcome=rng.choice(("received", "guided", "answered", "transferred", "refused")),
            petition=rng.choice(pool) if rng.random() < 0.6 else None,
        )


@pytest.fixture
def sworld(db: Any) -> SWorld:
    province: Any = ProvinceFactory(code="44", name="Quảng Trị Thử", full_name="Tỉnh Quảng Trị")
    commune_a: Any = CommuneFactory(code="19001", name="An", full_name="Xã An", parent=province)
    commune_b: Any = CommuneFactory(code="19002", name="Bình", full_name="Xã Bình", parent=province)
    other: Any = ProvinceFactory(code="45", name="Huế Thử", full_name="Thành phố Huế Thử")
    province_org: Any = OrganizationFactory(
        code="44-UBND", name="UBND tỉnh Quảng Trị Thử", area=province, level="province"
    )
    org_a: Any = OrganizationFactory(
        code="19001-UBND", name="UBND xã An", area=commune_a, level="commune", parent=province_org
    )
    org_b: Any = OrganizationFactory(
        code="19002-UBND", name="UBND xã Bình", area=commune_b, level="commune", parent=province_org
    )
    other_org: Any = OrganizationFactory(
        code="45-UBND", name="UBND thành phố Huế Thử", area=other, level="province"
    )
    world = SWorld(province_org, org_a, org_b, other_org)
    rng = random.Random(20260614)
    areas = {
        province_org.pk: province,
        org_a.pk: commune_a,
        org_b.pk: commune_b,
        other_org.pk: other,
    }
    petitions = _petitions(world, rng, areas)
    _reception(world, rng, petitions)
    return world


# --- The oracle: {organisation id: {column number: value}} -------------------------------------


def inside(day: dt.date | None) -> bool:
    return day is not None and WINDOW.start <= day <= WINDOW.end


def oracle_xld(org_ids: set[int]) -> dict[int, dict[int, int]]:
    out: dict[int, dict[int, int]] = {}
    cases: dict[int, set[int]] = defaultdict(set)
    for p in Petition.objects.all():
        if p.organization_id not in org_ids or p.received_on > WINDOW.end:
            continue
        new = p.received_on >= WINDOW.start
        open_at_start = (p.triaged_on is None or p.triaged_on >= WINDOW.start) and not (
            p.withdrawn_on is not None and p.withdrawn_on < WINDOW.start
        )
        if not new and not open_at_start:
            continue
        c = out.setdefault(p.organization_id, dict.fromkeys(range(1, 23), 0))
        c[1] += 1
        c[2 if not new else 3] += 1
        triaged = p.triaged_on is not None and p.triaged_on <= WINDOW.end
        withdrawn_first = (
            p.triaged_on is None and p.withdrawn_on is not None and p.withdrawn_on <= WINDOW.end
        )
        c[4 if triaged or withdrawn_first else 5] += 1
        if not triaged or p.triage_outcome not in ELIGIBLE:
            continue
        c[6] += 1
        cases[p.organization_id].add(p.duplicate_of_id or p.pk)
        group = KIND_GROUP[p.kind]
        c[{"complaint": 8, "denunciation": 9, "proposal": 10}[group]] += 1
        c[11 if p.complaint_round == 2 else 13] += 1
        if p.triage_outcome in COMPETENT:
            c[14] += 1
            c[{"complaint": 15, "denunciation": 16, "proposal": 17}[group]] += 1
        else:
            c[18] += 1
            c[19 if p.triage_outcome == "guide" else 20] += 1
    for org_id, c in out.items():
        c[7] = len(cases[org_id])
    return out


def oracle_kqgq(org_ids: set[int]) -> dict[int, dict[int, int]]:
    deadlines = {
        o.target_id: o
        for o in Obligation.objects.filter(target_type="petitions.petition", key="resolve")
    }
    out: dict[int, dict[int, int]] = {}
    cases: dict[int, set[int]] = defaultdict(set)
    for p in Petition.objects.all():
        if (
            p.organization_id not in org_ids
            or p.kind != "complaint"
            or p.triage_outcome != "accept"
            or p.accepted_on is None
            or p.accepted_on > WINDOW.end
        ):
            continue
        new = p.accepted_on >= WINDOW.start
        still_open = (p.resolved_on is None or p.resolved_on >= WINDOW.start) and not (
            p.withdrawn_on is not None and p.withdrawn_on < WINDOW.start
        )
        if not new and not still_open:
            continue
        c = out.setdefault(p.organization_id, dict.fromkeys([1, 2, 3, 4, 5, 6, 25, 26], 0))
        c[1] += 1
        c[3 if new else 2] += 1
        cases[p.organization_id].add(p.duplicate_of_id or p.pk)
        if inside(p.resolved_on):
            c[5] += 1
            o = deadlines.get(p.pk)
            if o is not None and o.status == "done" and o.completed_on and o.due:
                c[25 if o.completed_on <= o.due else 26] += 1
        elif p.resolved_on is None and inside(p.withdrawn_on):
            c[6] += 1
    for org_id, c in out.items():
        c[4] = len(cases[org_id])
    return out


def oracle_tcd(org_ids: set[int]) -> dict[int, dict[int, int]]:
    received = [
        e for e in ReceptionEntry.objects.select_related("session") if e.outcome != "refused"
    ]
    by_petition: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    for e in received:
        if e.petition_id:
            by_petition[e.petition_id].append((e.received_on, e.pk))

    def repeat(e: ReceptionEntry) -> bool:
        return any(key < (e.received_on, e.pk) for key in by_petition.get(e.petition_id or 0, []))

    def category(e: ReceptionEntry) -> str:
        s = e.session
        if s is None or s.kind == "daily":
            return "daily"
        return "head" if s.host_kind == "head" else "delegate"

    # Where each category starts: lượt, người, vụ lần đầu, nhiều lần, đoàn, người, lần đầu, nhiều.
    first_column = {"daily": 4, "head": 13, "delegate": 22}
    out: dict[int, dict[int, int]] = {}
    groups: dict[tuple[int, str, bool], list[ReceptionEntry]] = defaultdict(list)
    for e in received:
        if e.organization_id in org_ids and inside(e.received_on):
            groups[(e.organization_id, category(e), False)].append(e)
            if e.visitor_count >= 5:
                groups[(e.organization_id, category(e), True)].append(e)
    for (org_id, cat, crowd), entries in groups.items():
        c = out.setdefault(org_id, dict.fromkeys(range(1, 30), 0))
        linked = {e.petition_id for e in entries if e.petition_id}
        repeated = {e.petition_id for e in entries if e.petition_id and repeat(e)}
        loose = sum(1 for e in entries if not e.petition_id)
        base = first_column[cat] + (4 if crowd else 0)
        c[base] = len(entries)
        c[base + 1] = sum(e.visitor_count for e in entries)
        c[base + 2] = len(linked) - len(repeated) + loose
        c[base + 3] = len(repeated)
    for s in ReceptionSession.objects.all():
        if (
            s.organization_id in org_ids
            and inside(s.date)
            and s.status == "held"
            and s.kind in ("scheduled", "extraordinary")
        ):
            c = out.setdefault(s.organization_id, dict.fromkeys(range(1, 30), 0))
            c[12 if s.host_kind == "head" else 21] += 1
    for c in out.values():
        c[1] = c[4] + c[13] + c[22]
        c[2] = c[5] + c[14] + c[23]
        c[3] = c[6] + c[7] + c[15] + c[16] + c[24] + c[25]
    return out


# --- The tests ---------------------------------------------------------------------------------


def build(world: SWorld) -> Any:
    data = statforms_build(
        coverage_for(world.province_org),
        WINDOW,
        org_name=world.province_org.name,
        period_label="6 tháng đầu năm 2026",
    )
    return load_workbook(io.BytesIO(data))


def table(sheet: Any) -> tuple[dict[str, dict[int, Any]], int]:
    """{unit name: {form column number: cell value}} and the sheet's row of column numbers."""
    numbers = next(r for r in range(1, 20) if sheet.cell(row=r, column=1).value == "A")
    out: dict[str, dict[int, Any]] = {}
    r = numbers + 1
    while sheet.cell(row=r, column=2).value:
        name = sheet.cell(row=r, column=2).value
        out[name] = {
            n: sheet.cell(row=r, column=2 + n).value for n in range(1, sheet.max_column - 1)
        }
        r += 1
    return out, numbers


def expected_sheet(
    world: SWorld, oracle: dict[int, dict[int, int]], columns: int
) -> dict[str, dict[int, Any]]:
    names = {o.pk: o.name for o in world.covered}
    out = {names[pk]: dict(values) for pk, values in oracle.items()}
    total = {n: sum(v.get(n, 0) for v in oracle.values()) for n in range(1, columns + 1)}
    out["Tổng cộng"] = total
    return out


def compare(
    got: dict[str, dict[int, Any]], want: dict[str, dict[int, Any]], tracked: set[int]
) -> None:
    assert set(got) == set(want)
    for name, values in want.items():
        assert {n: got[name][n] for n in tracked} == {n: values.get(n, 0) for n in tracked}, name
        untracked = {n: got[name][n] for n in got[name] if n not in tracked}
        assert set(untracked.values()) <= {None}, (name, untracked)


def test_reception_form_counts_visits_people_cases_and_sessions_per_unit(sworld: SWorld) -> None:
    book = build(sworld)

    sheet = book["01-TCD"]
    got, numbers = table(sheet)
    org_ids = {o.pk for o in sworld.covered}
    want = expected_sheet(sworld, oracle_tcd(org_ids), 29)
    compare(got, want, set(range(1, 30)))
    assert "UBND thành phố Huế Thử" not in got  # outside the coverage
    assert sum(want["Tổng cộng"].values()) > 0
    assert want["Tổng cộng"][7] > 0 and want["Tổng cộng"][8] > 0  # repeats and crowds occur
    assert sheet.cell(row=numbers, column=3).value == "1=4+13+22"
    assert sheet.cell(row=numbers, column=2 + 12).value == "12"


def test_handling_form_counts_petitions_to_handle_and_their_outcomes(sworld: SWorld) -> None:
    book = build(sworld)

    got, _numbers = table(book["01-XLD"])
    want = expected_sheet(sworld, oracle_xld({o.pk for o in sworld.covered}), 22)
    compare(got, want, set(range(1, 21)) - {12})
    total = want["Tổng cộng"]
    assert total[2] > 0 and total[5] > 0 and total[11] > 0 and total[19] > 0
    assert total[1] == total[2] + total[3] == total[4] + total[5]
    assert total[6] == total[8] + total[9] + total[10] == total[14] + total[18]


def test_resolution_form_counts_complaints_decisions_and_deadlines(sworld: SWorld) -> None:
    book = build(sworld)

    got, _numbers = table(book["01-KQGQ"])
    want = expected_sheet(sworld, oracle_kqgq({o.pk for o in sworld.covered}), 26)
    compare(got, want, {1, 2, 3, 4, 5, 6, 25, 26})
    total = want["Tổng cộng"]
    assert total[5] > 0 and total[25] > 0 and total[26] > 0


def test_forms_have_the_header_the_merged_column_heads_and_the_notes(sworld: SWorld) -> None:
    book = build(sworld)

    assert book.sheetnames == ["01-TCD", "01-XLD", "01-KQGQ"]
    sheet = book["01-TCD"]
    cells = [sheet.cell(row=r, column=c).value for r in range(1, 5) for c in (1, 27)]
    assert "UBND TỈNH QUẢNG TRỊ THỬ" in cells
    assert "Biểu số: 01/TCD" in cells
    assert "TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN THƯỜNG XUYÊN, ĐỊNH KỲ VÀ ĐỘT XUẤT" in cells
    period = sheet.cell(row=4, column=1).value
    assert period == (
        "Kỳ báo cáo: 6 tháng đầu năm 2026 (số liệu tính từ ngày 15/12/2025 đến ngày 14/06/2026)"
    )
    merged = {str(r) for r in sheet.merged_cells.ranges}
    # "Tiếp thường xuyên" spans form columns 4-11 (sheet columns F-M) on the first header row.
    assert sheet["F6"].value == "Tiếp thường xuyên" and "F6:M6" in merged
    assert sheet["C6"].value == "Tổng số lượt tiếp" and "C6:C9" in merged
    xld = book["01-XLD"]
    notes = [str(xld.cell(row=r, column=1).value or "") for r in range(1, xld.max_row + 1)]
    assert any(n.startswith("Cột (12):") for n in notes)
    assert any(n.startswith("Cột (21):") for n in notes)
    assert any("chưa đối chiếu" in n for n in notes)


def test_forms_take_a_bounded_number_of_queries(
    sworld: SWorld, django_assert_max_num_queries: Any
) -> None:
    coverage = coverage_for(sworld.province_org)
    with django_assert_max_num_queries(7):
        statforms_build(coverage, WINDOW, org_name="UBND", period_label="2026")
