"""Calendar and deadline-rule writes: the reference loader, day swaps, rule versions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from danvan.core.deadlines import load_overrides_file, load_rules_file
from danvan.core.errors import NotFound, PermissionDenied, ValidationFailed
from danvan.core.models import AuditEvent, CalendarOverride, DeadlineRule, Role
from danvan.core.selectors.calendar import (
    calendar_year,
    can_manage_calendar,
    compute_deadline,
    deadline_engine,
    deadline_rule_choices,
    deadline_rule_list,
    work_calendar,
)
from danvan.core.selectors.scope import shared_scopes_clear
from danvan.core.services.calendar import (
    calendar_load_reference,
    calendar_override_delete,
    calendar_override_set,
    deadline_rule_update,
    deadline_rule_version_add,
)
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reference() -> dict[str, int]:
    return calendar_load_reference()


@pytest.fixture
def admin() -> Any:
    membership = MembershipFactory(
        role=Role.ADMINISTRATOR, organization=OrganizationFactory(level="province")
    )
    return membership.user


@pytest.fixture
def officer() -> Any:
    return MembershipFactory(role=Role.OFFICER).user


def _rule(rule_id: str, valid_from: dt.date | None = None) -> DeadlineRule:
    rules = DeadlineRule.objects.filter(rule_id=rule_id).order_by("valid_from")
    return rules.get(valid_from=valid_from) if valid_from else rules.first()  # type: ignore[return-value]


# --- Reference loader ------------------------------------------------------------------------


def test_loader_creates_every_shipped_rule_version_and_swap(reference: dict[str, int]) -> None:
    assert reference["deadline_rules_created"] == len(load_rules_file()) == 21
    assert reference["calendar_overrides_created"] == len(load_overrides_file()) == 6
    assert DeadlineRule.objects.count() == 21
    assert CalendarOverride.objects.count() == 6
    assert not DeadlineRule.objects.filter(customized=True).exists()
    assert AuditEvent.objects.filter(verb="deadline_rule.create").count() == 21


def test_loader_run_twice_changes_nothing(reference: dict[str, int]) -> None:
    events = AuditEvent.objects.count()
    again = calendar_load_reference()
    assert set(again.values()) == {0}
    assert DeadlineRule.objects.count() == 21
    assert AuditEvent.objects.count() == events


def test_loader_restores_a_shipped_row_changed_outside_the_services(
    reference: dict[str, int],
) -> None:
    DeadlineRule.objects.filter(rule_id="reception.reply").update(length=99)
    CalendarOverride.objects.filter(date=D(2026, 1, 2)).update(reason="sai")
    counts = calendar_load_reference()
    assert counts["deadline_rules_updated"] == 1
    assert counts["calendar_overrides_updated"] == 1
    assert _rule("reception.reply").length == 10
    assert CalendarOverride.objects.get(date=D(2026, 1, 2)).reason.startswith("Nghỉ hoán đổi")
    event = AuditEvent.objects.filter(verb="deadline_rule.update").last()
    assert event is not None and event.changes["length"] == [99, 10]


def test_loader_keeps_what_an_administrator_edited(reference: dict[str, int], admin: Any) -> None:
    deadline_rule_update(actor=admin, rule=_rule("reception.reply"), data={"length": 12})
    calendar_override_set(
        actor=admin, date=D(2026, 1, 2), kind="off", reason="Lý do mới", source="Văn bản mới"
    )
    counts = calendar_load_reference()
    assert counts["deadline_rules_kept"] == 1
    assert counts["calendar_overrides_kept"] == 1
    assert _rule("reception.reply").length == 12
    assert CalendarOverride.objects.get(date=D(2026, 1, 2)).reason == "Lý do mới"


# --- Deadlines from the database -------------------------------------------------------------


def test_compute_deadline_reads_rules_and_swaps_from_the_database(
    reference: dict[str, int],
) -> None:
    result = compute_deadline(rule_id="denunciation.transfer", start=D(2026, 1, 6))
    assert result.due == D(2026, 1, 12)  # Saturday 10/1 is the make-up working day
    assert result.rule.pk == _rule("denunciation.transfer").pk


def test_compute_deadline_without_reference_data_says_to_install() -> None:
    with pytest.raises(NotFound, match="danvan install"):
        compute_deadline(rule_id="reception.reply", start=D(2026, 3, 2))


def test_one_engine_serves_many_deadlines_and_is_kept_between_requests(
    reference: dict[str, int], django_assert_num_queries: Any
) -> None:
    shared_scopes_clear()
    # Read: the token, the rules, the token again for the calendar, the day swaps.
    with django_assert_num_queries(4):
        engine = deadline_engine()
        dues = [
            compute_deadline(rule_id="reception.reply", start=D(2026, 3, day), engine=engine).due
            for day in range(1, 29)
        ]
    assert len(set(dues)) > 1
    # Kept: the next request only reads the token.
    with django_assert_num_queries(1):
        assert deadline_engine() is engine
    with django_assert_num_queries(1):
        assert work_calendar() is engine.calendar


def test_a_day_swap_or_a_rule_changed_anywhere_is_seen_at_once(reference: dict[str, int]) -> None:
    calendar, engine = work_calendar(), deadline_engine()
    swap = D(2026, 3, 7)  # a Saturday
    assert not calendar.is_working_day(swap)
    # Written without the services (another server, raw SQL): the triggers renew the token.
    CalendarOverride.objects.create(date=swap, kind="work", reason="Làm bù", source="test")
    assert work_calendar() is not calendar
    assert work_calendar().is_working_day(swap)
    before = engine.version_on("complaint.accept", D(2026, 7, 1)).length
    DeadlineRule.objects.filter(rule_id="complaint.accept").update(length=before + 3)
    assert deadline_engine().version_on("complaint.accept", D(2026, 7, 1)).length == before + 3


def test_rule_list_on_a_date_gives_one_version_per_rule(reference: dict[str, int]) -> None:
    before = deadline_rule_list(on=D(2026, 6, 30)).get(rule_id="complaint.accept")
    after = deadline_rule_list(on=D(2026, 7, 1)).get(rule_id="complaint.accept")
    assert (before.length, after.length) == (10, 7)
    assert deadline_rule_list(on=D(2026, 7, 1)).count() == 20
    assert deadline_rule_list(on=D(2020, 1, 1)).filter(rule_id="disclosure.publish").count() == 0


def test_rule_choices_list_each_rule_once_with_its_title(reference: dict[str, int]) -> None:
    choices = dict(deadline_rule_choices(on=D(2026, 8, 1)))
    assert len(choices) == 20
    assert choices["complaint.accept"].startswith("complaint.accept — Thụ lý")


def test_calendar_year_marks_the_days_that_have_an_override_row(reference: dict[str, int]) -> None:
    year = calendar_year(year=2026)
    with_row = {item.info.day for item in year.days if item.override is not None}
    assert with_row == {D(2026, 1, 2), D(2026, 1, 10), D(2026, 8, 22), D(2026, 8, 31)}
    assert D(2026, 11, 24) in {item.info.day for item in year.days}
    # 261 weekdays; 14 of them off (1–2/1, 16–20/2, 27/4, 30/4, 1/5, 31/8, 1–2/9, 24/11);
    # 2 Saturdays worked (10/1, 22/8).
    assert year.working_days == 261 - 14 + 2


# --- Day swaps -------------------------------------------------------------------------------


def test_administrator_adds_a_day_off_and_deadlines_follow(
    reference: dict[str, int], admin: Any
) -> None:
    before = compute_deadline(rule_id="reception.reply", start=D(2026, 3, 2)).due
    override = calendar_override_set(
        actor=admin,
        date=D(2026, 3, 10),
        kind="off",
        reason="Nghỉ thử nghiệm",
        source="Công văn 1/TEST ngày 01/03/2026",
    )
    after = compute_deadline(rule_id="reception.reply", start=D(2026, 3, 2))
    assert override.customized
    assert (before, after.due) == (D(2026, 3, 16), D(2026, 3, 17))
    assert "Nghỉ thử nghiệm" in " ".join(after.explanation)
    event = AuditEvent.objects.get(verb="calendar_override.create", target_id=str(override.pk))
    assert event.actor_id == admin.pk
    assert event.changes["kind"] == [None, "off"]


def test_setting_an_existing_date_replaces_the_override(
    reference: dict[str, int], admin: Any
) -> None:
    calendar_override_set(
        actor=admin, date=D(2026, 8, 31), kind="off", reason="Lý do sửa", source="Nguồn sửa"
    )
    row = CalendarOverride.objects.get(date=D(2026, 8, 31))
    assert (row.reason, row.source, row.customized) == ("Lý do sửa", "Nguồn sửa", True)
    assert CalendarOverride.objects.filter(date=D(2026, 8, 31)).count() == 1
    event = AuditEvent.objects.filter(verb="calendar_override.update").last()
    assert event is not None and set(event.changes) == {"reason", "source", "customized"}


def test_officer_cannot_change_the_calendar(reference: dict[str, int], officer: Any) -> None:
    assert not can_manage_calendar(officer)
    with pytest.raises(PermissionDenied):
        calendar_override_set(
            actor=officer, date=D(2026, 3, 10), kind="off", reason="x", source="y"
        )
    with pytest.raises(PermissionDenied):
        calendar_override_delete(actor=officer, date=D(2026, 1, 2))
    assert CalendarOverride.objects.count() == 6


def test_commune_administrator_cannot_change_the_calendar() -> None:
    commune_admin = MembershipFactory(
        role=Role.ADMINISTRATOR, organization=OrganizationFactory(level="commune")
    ).user
    assert not can_manage_calendar(commune_admin)


def test_superuser_can_change_the_calendar() -> None:
    assert can_manage_calendar(UserFactory(is_superuser=True))


@pytest.mark.parametrize(
    ("kwargs", "field", "text"),
    [
        ({"reason": ""}, "reason", "lý do"),
        ({"source": "  "}, "source", "căn cứ"),
        ({"kind": "holiday"}, "kind", "Ngày nghỉ"),
        ({"date": D(2026, 3, 11), "kind": "work"}, "date", "vốn là ngày làm việc"),
        ({"date": D(2026, 3, 14), "kind": "off"}, "date", "vốn là ngày nghỉ cuối tuần"),
        ({"date": D(2150, 3, 11)}, "date", "2100"),
    ],
)
def test_bad_override_is_refused_with_a_vietnamese_message(
    admin: Any, kwargs: dict[str, Any], field: str, text: str
) -> None:
    values = {
        "date": D(2026, 3, 10),
        "kind": "off",
        "reason": "Lý do",
        "source": "Công văn 1/TEST",
    } | kwargs
    with pytest.raises(ValidationFailed) as caught:
        calendar_override_set(actor=admin, **values)
    assert field in caught.value.fields
    assert text in caught.value.fields[field]
    assert not CalendarOverride.objects.exists()


def test_administrator_deletes_a_swap_and_the_day_is_ordinary_again(
    reference: dict[str, int], admin: Any
) -> None:
    calendar_override_delete(actor=admin, date=D(2026, 1, 2))
    assert not CalendarOverride.objects.filter(date=D(2026, 1, 2)).exists()
    assert deadline_engine().calendar.is_working_day(D(2026, 1, 2))
    event = AuditEvent.objects.get(verb="calendar_override.delete")
    assert event.changes["kind"] == ["off", None]


def test_deleting_a_date_without_override_is_not_found(admin: Any) -> None:
    with pytest.raises(NotFound, match="05/03/2026"):
        calendar_override_delete(actor=admin, date=D(2026, 3, 5))


# --- Rule versions ---------------------------------------------------------------------------


def test_administrator_corrects_a_rule_and_it_applies_at_once(
    reference: dict[str, int], admin: Any
) -> None:
    rule = _rule("denunciation.resolve")
    deadline_rule_update(
        actor=admin,
        rule=rule,
        data={
            "citation": "Luật Tố cáo 25/2018/QH14, Điều 30 (đã đối chiếu)",
            "variants": {"complex": 60},
        },
    )
    rule.refresh_from_db()
    assert rule.customized and rule.variants == {"complex": 60}
    with pytest.raises(ValidationFailed):
        compute_deadline(
            rule_id="denunciation.resolve", start=D(2026, 7, 1), especially_complex=True
        )
    event = AuditEvent.objects.get(verb="deadline_rule.update", target_id=str(rule.pk))
    assert event.changes["variants"][0] == {"complex": 60, "especially_complex": 90}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"length": 0}, "length"),
        ({"valid_to": D(2010, 1, 1)}, "valid_to"),
        ({"variants": {"complex": 10}}, "variants"),
        ({"variants": {"weekly": 40}}, "variants"),
        ({"title": ""}, "title"),
        ({"unit": "weeks"}, "unit"),
    ],
)
def test_bad_rule_update_is_refused_and_nothing_changes(
    reference: dict[str, int], admin: Any, data: dict[str, Any], field: str
) -> None:
    rule = _rule("complaint.first.resolve")
    with pytest.raises(ValidationFailed) as caught:
        deadline_rule_update(actor=admin, rule=rule, data=data)
    assert field in caught.value.fields
    rule.refresh_from_db()
    assert (rule.length, rule.customized) == (30, False)


def test_rule_update_that_overlaps_another_version_is_refused(
    reference: dict[str, int], admin: Any
) -> None:
    first = _rule("complaint.accept", D(2012, 7, 1))
    with pytest.raises(ValidationFailed, match="chồng lên nhau"):
        deadline_rule_update(actor=admin, rule=first, data={"valid_to": None})


def test_rule_update_of_an_unknown_field_is_refused(reference: dict[str, int], admin: Any) -> None:
    with pytest.raises(ValidationFailed, match="rule_id"):
        deadline_rule_update(actor=admin, rule=_rule("reception.reply"), data={"rule_id": "x"})


def test_officer_cannot_edit_rules(reference: dict[str, int], officer: Any) -> None:
    with pytest.raises(PermissionDenied):
        deadline_rule_update(actor=officer, rule=_rule("reception.reply"), data={"length": 5})


def test_new_version_applies_from_its_date_and_closes_the_previous_one(
    reference: dict[str, int], admin: Any
) -> None:
    created = deadline_rule_version_add(
        actor=admin,
        rule_id="complaint.first.resolve",
        valid_from=D(2027, 1, 1),
        data={"length": 25, "variants": {"complex": 40}, "citation": "Luật thử 2026, Điều 28"},
    )
    previous = _rule("complaint.first.resolve", D(2012, 7, 1))
    assert previous.valid_to == D(2027, 1, 1)
    assert (created.length, created.valid_to, created.customized) == (25, None, True)
    assert created.title == previous.title
    old = compute_deadline(rule_id="complaint.first.resolve", start=D(2026, 12, 31))
    new = compute_deadline(rule_id="complaint.first.resolve", start=D(2027, 1, 1))
    assert (old.length, new.length) == (30, 25)
    assert new.rule.citation == "Luật thử 2026, Điều 28"
    # The closed version is kept by later reference loads.
    assert calendar_load_reference()["deadline_rules_kept"] == 1


def test_new_version_inside_a_closed_period_ends_where_that_period_ended(
    reference: dict[str, int], admin: Any
) -> None:
    created = deadline_rule_version_add(
        actor=admin, rule_id="complaint.accept", valid_from=D(2021, 1, 1), data={"length": 9}
    )
    assert created.valid_to == D(2026, 7, 1)
    assert compute_deadline(rule_id="complaint.accept", start=D(2026, 6, 30)).length == 9
    assert compute_deadline(rule_id="complaint.accept", start=D(2020, 12, 31)).length == 10


@pytest.mark.parametrize("valid_from", [D(2012, 7, 1), D(2000, 1, 1)])
def test_new_version_must_start_inside_an_existing_version(
    reference: dict[str, int], admin: Any, valid_from: dt.date
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        deadline_rule_version_add(
            actor=admin, rule_id="complaint.accept", valid_from=valid_from, data={}
        )
    assert "valid_from" in caught.value.fields


def test_new_version_of_an_unknown_rule_is_not_found(admin: Any) -> None:
    with pytest.raises(NotFound):
        deadline_rule_version_add(actor=admin, rule_id="x.y", valid_from=D(2027, 1, 1), data={})
