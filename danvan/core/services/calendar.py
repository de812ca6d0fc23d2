"""Writes of the work calendar and the deadline rules.

- `calendar_load_reference()` loads the shipped rule versions and day swaps
  (danvan/data/calendar/); idempotent, it never duplicates and leaves alone the rows an
  administrator created or edited (`customized`).
- `calendar_override_set` / `calendar_override_delete`: an administrator records the
  government's yearly day swaps.
- `deadline_rule_update` / `deadline_rule_version_add`: an administrator corrects a rule version
  or, when the law changes, opens a new version from a date (closing the previous one).

Every change is audited in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from django.db import transaction

from danvan.core.deadlines import (
    MAX_YEAR,
    MIN_YEAR,
    OFF,
    WORK,
    DayKind,
    RuleVersion,
    WorkCalendar,
    fmt,
    load_overrides_file,
    load_rules_file,
    overlap_error,
    rule_errors,
    weekday_name,
)
from danvan.core.errors import NotFound, PermissionDenied, ValidationFailed
from danvan.core.models import CalendarOverride, DeadlineRule
from danvan.core.selectors.calendar import can_manage_calendar, rule_version_from_model
from danvan.core.services.audit import audit_record

RULE_FIELDS = (
    "title",
    "starts_from",
    "length",
    "unit",
    "direction",
    "variants",
    "citation",
    "verified",
    "note",
    "valid_from",
    "valid_to",
)
OVERRIDE_FIELDS = ("kind", "reason", "source")
_TEXT_MAX = {"title": 250, "starts_from": 250, "citation": 300, "reason": 250, "source": 250}


def _require_manager(actor: Any) -> None:
    if not can_manage_calendar(actor):
        raise PermissionDenied(
            "Chỉ quản trị viên cấp tỉnh hoặc trung ương mới được sửa lịch làm việc và quy tắc "
            "thời hạn."
        )


# --- Reference data --------------------------------------------------------------------------


def _rule_values(rule: RuleVersion) -> dict[str, Any]:
    return {
        "title": rule.title,
        "starts_from": rule.starts_from,
        "length": rule.length,
        "unit": rule.unit,
        "direction": rule.direction,
        "variants": dict(rule.variants),
        "citation": rule.citation,
        "verified": rule.verified,
        "note": rule.note,
        "valid_to": rule.valid_to,
    }


def calendar_load_reference() -> dict[str, int]:
    """Create or update the shipped rule versions (key: rule id + valid_from) and day swaps
    (key: date). Rows marked `customized` are kept as the administrator left them."""
    rules = load_rules_file()
    overrides = load_overrides_file()
    counts = {
        "deadline_rules_created": 0,
        "deadline_rules_updated": 0,
        "deadline_rules_kept": 0,
        "calendar_overrides_created": 0,
        "calendar_overrides_updated": 0,
        "calendar_overrides_kept": 0,
    }
    with transaction.atomic():
        existing_rules = {(r.rule_id, r.valid_from): r for r in DeadlineRule.objects.all()}
        for rule in rules:
            values = _rule_values(rule)
            row = existing_rules.get((rule.rule_id, rule.valid_from))
            if row is None:
                row = DeadlineRule.objects.create(
                    rule_id=rule.rule_id, valid_from=rule.valid_from, **values
                )
                audit_record(
                    actor=None,
                    verb="deadline_rule.create",
                    target=row,
                    changes={name: (None, value) for name, value in values.items()},
                )
                counts["deadline_rules_created"] += 1
                continue
            if row.customized:
                counts["deadline_rules_kept"] += 1
                continue
            changes = {
                name: (getattr(row, name), value)
                for name, value in values.items()
                if getattr(row, name) != value
            }
            if changes:
                for name, (_old, new) in changes.items():
                    setattr(row, name, new)
                row.save(update_fields=list(changes))
                audit_record(actor=None, verb="deadline_rule.update", target=row, changes=changes)
                counts["deadline_rules_updated"] += 1
        problem = overlap_error(
            rule_version_from_model(r) for r in DeadlineRule.objects.order_by("rule_id")
        )
        if problem:
            raise ValidationFailed(problem)

        existing_days = {o.date: o for o in CalendarOverride.objects.all()}
        for override in overrides:
            values = {"kind": override.kind, "reason": override.reason, "source": override.source}
            existing = existing_days.get(override.day)
            if existing is None:
                created = CalendarOverride.objects.create(date=override.day, **values)
                audit_record(
                    actor=None,
                    verb="calendar_override.create",
                    target=created,
                    changes={"date": (None, override.day)}
                    | {name: (None, value) for name, value in values.items()},
                )
                counts["calendar_overrides_created"] += 1
                continue
            if existing.customized:
                counts["calendar_overrides_kept"] += 1
                continue
            changes = {
                name: (getattr(existing, name), value)
                for name, value in values.items()
                if getattr(existing, name) != value
            }
            if changes:
                for name, (_old, new) in changes.items():
                    setattr(existing, name, new)
                existing.save(update_fields=list(changes))
                audit_record(
                    actor=None, verb="calendar_override.update", target=existing, changes=changes
                )
                counts["calendar_overrides_updated"] += 1
    return counts


# --- Day swaps -------------------------------------------------------------------------------


def calendar_override_set(
    *, actor: Any, date: dt.date, kind: str, reason: str, source: str
) -> CalendarOverride:
    """Record that `date` is a day off (`off`) or a make-up working day (`work`), with the
    reason and the official document; replaces an existing override of that date."""
    _require_manager(actor)
    reason = " ".join((reason or "").split())
    source = " ".join((source or "").split())
    errors: dict[str, str] = {}
    if not MIN_YEAR <= date.year <= MAX_YEAR:
        errors["date"] = f"Chỉ đặt được ngày trong các năm từ {MIN_YEAR} đến {MAX_YEAR}."
    if kind not in (OFF, WORK):
        errors["kind"] = "Chọn “Ngày nghỉ” hoặc “Ngày làm việc bù”."
    if not reason:
        errors["reason"] = "Cần ghi lý do, ví dụ “Nghỉ hoán đổi dịp Quốc khánh”."
    elif len(reason) > _TEXT_MAX["reason"]:
        errors["reason"] = f"Lý do dài tối đa {_TEXT_MAX['reason']} ký tự."
    if not source:
        errors["source"] = "Cần ghi căn cứ: số, ngày của văn bản thông báo lịch nghỉ."
    elif len(source) > _TEXT_MAX["source"]:
        errors["source"] = f"Căn cứ dài tối đa {_TEXT_MAX['source']} ký tự."
    if not errors:
        # An override that changes nothing is a mistake (a wrong date, usually): say so.
        plain = WorkCalendar().info(date)
        if kind == WORK and plain.kind == DayKind.WORKING:
            errors["date"] = (
                f"Ngày {fmt(date)} ({weekday_name(date)}) vốn là ngày làm việc: “ngày làm việc "
                "bù” chỉ đặt cho thứ Bảy, Chủ nhật hoặc ngày nghỉ."
            )
        elif kind == OFF and plain.kind == DayKind.WEEKEND:
            errors["date"] = (
                f"Ngày {fmt(date)} ({weekday_name(date)}) vốn là ngày nghỉ cuối tuần: kiểm tra "
                "lại ngày được nghỉ hoán đổi."
            )
    if errors:
        raise ValidationFailed(
            "Chưa ghi được điều chỉnh lịch: " + " ".join(errors.values()), fields=errors
        )
    values = {"kind": kind, "reason": reason, "source": source}
    with transaction.atomic():
        existing = CalendarOverride.objects.filter(date=date).first()
        if existing is None:
            override = CalendarOverride.objects.create(date=date, customized=True, **values)
            audit_record(
                actor=actor,
                verb="calendar_override.create",
                target=override,
                changes={"date": (None, date)}
                | {name: (None, value) for name, value in values.items()},
            )
            return override
        changes: dict[str, tuple[Any, Any]] = {
            name: (getattr(existing, name), value)
            for name, value in values.items()
            if getattr(existing, name) != value
        }
        if not existing.customized:
            changes["customized"] = (False, True)
        for name, (_old, new) in changes.items():
            setattr(existing, name, new)
        if changes:
            existing.save(update_fields=list(changes))
            audit_record(
                actor=actor, verb="calendar_override.update", target=existing, changes=changes
            )
        return existing


def calendar_override_delete(*, actor: Any, date: dt.date) -> None:
    """Remove the override of `date`: the day follows the holidays and weekends again."""
    _require_manager(actor)
    with transaction.atomic():
        override = CalendarOverride.objects.filter(date=date).first()
        if override is None:
            raise NotFound(f"Không có điều chỉnh lịch nào cho ngày {fmt(date)}.")
        target_id = str(override.pk)
        label = str(override)
        before = {name: getattr(override, name) for name in ("date", *OVERRIDE_FIELDS)}
        override.delete()
        audit_record(
            actor=actor,
            verb="calendar_override.delete",
            target_type=CalendarOverride._meta.label_lower,
            target_id=target_id,
            target_label=label,
            changes={name: (value, None) for name, value in before.items()},
        )


# --- Deadline rules --------------------------------------------------------------------------


def _clean_rule_data(data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(data) - set(RULE_FIELDS)
    if unknown:
        names = ", ".join(sorted(unknown))
        raise ValidationFailed(
            f"Không sửa được trường: {names}.", fields={name: "Không sửa được." for name in unknown}
        )
    cleaned = dict(data)
    for name in ("title", "starts_from", "citation", "note"):
        if name in cleaned:
            cleaned[name] = " ".join(str(cleaned[name] or "").split())
    if "variants" in cleaned:
        cleaned["variants"] = MappingProxyType(dict(cleaned["variants"] or {}))
    return cleaned


def _validate_rule(candidate: RuleVersion, siblings: list[RuleVersion]) -> None:
    errors = rule_errors(candidate)
    for name in ("title", "starts_from", "citation"):
        value = getattr(candidate, name)
        if len(value) > _TEXT_MAX[name]:
            errors[name] = f"Dài tối đa {_TEXT_MAX[name]} ký tự."
    if not candidate.starts_from:
        errors["starts_from"] = "Cần ghi sự kiện bắt đầu tính thời hạn."
    if errors:
        raise ValidationFailed("Quy tắc chưa hợp lệ: " + " ".join(errors.values()), fields=errors)
    problem = overlap_error([candidate, *siblings])
    if problem:
        raise ValidationFailed(problem, fields={"valid_from": problem})


def deadline_rule_update(
    *, actor: Any, rule: DeadlineRule, data: Mapping[str, Any]
) -> DeadlineRule:
    """Correct one rule version (fields of RULE_FIELDS); marks it `customized` so that loading
    the reference data does not overwrite it."""
    _require_manager(actor)
    cleaned = _clean_rule_data(data)
    with transaction.atomic():
        row = DeadlineRule.objects.select_for_update().filter(pk=rule.pk).first()
        if row is None:
            raise NotFound("Không tìm thấy phiên bản quy tắc thời hạn này.")
        current = rule_version_from_model(row)
        candidate = replace(current, **cleaned)
        siblings = [
            rule_version_from_model(other)
            for other in DeadlineRule.objects.filter(rule_id=row.rule_id).exclude(pk=row.pk)
        ]
        _validate_rule(candidate, siblings)
        changes: dict[str, tuple[Any, Any]] = {}
        for name in RULE_FIELDS:
            old = getattr(row, name)
            new = getattr(candidate, name)
            if name == "variants":
                old, new = dict(old or {}), dict(new)
            if old != new:
                changes[name] = (old, new)
        if not changes:
            return row
        if not row.customized:
            changes["customized"] = (False, True)
        for name, (_old, new) in changes.items():
            setattr(row, name, new)
        row.save(update_fields=list(changes))
        audit_record(actor=actor, verb="deadline_rule.update", target=row, changes=changes)
    rule.refresh_from_db()
    return row


def deadline_rule_version_add(
    *, actor: Any, rule_id: str, valid_from: dt.date, data: Mapping[str, Any]
) -> DeadlineRule:
    """Open a new version of `rule_id` in force from `valid_from` (the law's effective date).

    The new version starts as a copy of the version in force on that day, changed by `data`;
    that version is closed on `valid_from` and the new one takes over the rest of its period.
    """
    _require_manager(actor)
    cleaned = _clean_rule_data(data)
    cleaned.pop("valid_from", None)
    with transaction.atomic():
        versions = list(
            DeadlineRule.objects.select_for_update().filter(rule_id=rule_id).order_by("valid_from")
        )
        if not versions:
            raise NotFound(f"Không có quy tắc thời hạn “{rule_id}”.")
        current = next(
            (v for v in versions if rule_version_from_model(v).in_force_on(valid_from)), None
        )
        if current is None or current.valid_from == valid_from:
            message = (
                f"Ngày {fmt(valid_from)} phải nằm trong thời gian hiệu lực của một phiên bản "
                f"hiện có và khác ngày bắt đầu của phiên bản đó."
            )
            raise ValidationFailed(message, fields={"valid_from": message})
        base = rule_version_from_model(current)
        cleaned.setdefault("valid_to", base.valid_to)
        candidate = replace(base, valid_from=valid_from, pk=None, **cleaned)
        closed = replace(base, valid_to=valid_from)
        siblings = [closed if v.pk == current.pk else rule_version_from_model(v) for v in versions]
        _validate_rule(candidate, siblings)
        old_valid_to = current.valid_to
        current.valid_to = valid_from
        current.customized = True
        current.save(update_fields=["valid_to", "customized"])
        audit_record(
            actor=actor,
            verb="deadline_rule.update",
            target=current,
            changes={"valid_to": (old_valid_to, valid_from)},
        )
        values = {name: getattr(candidate, name) for name in RULE_FIELDS}
        values["variants"] = dict(values["variants"])
        created = DeadlineRule.objects.create(rule_id=rule_id, customized=True, **values)
        audit_record(
            actor=actor,
            verb="deadline_rule.create",
            target=created,
            changes={name: (None, value) for name, value in values.items()},
        )
    return created
