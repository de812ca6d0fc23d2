"""Writes of the deadline registry: `obligation_sync` and the label / link registries.

Every module keeps its own obligations in the one `Obligation` table by calling
`obligation_sync(target=record, specs=[...])` whenever the record's deadlines may have changed:
the registry is derived data (the module's record and its rules are the truth), so a sync is not
audited; it upserts the given keys and cancels the record's open keys that are no longer given.

Modules also tell the registry how to show their obligations without the core importing them:
`obligation_kinds_register` (the label of a kind), `obligation_target_statuses_register` (labels
of record statuses for the board's filter) and `obligation_target_url_register` (the page of a
record, from its id, without a query); `obligation_target_readers_register` limits a type of
record to the roles that may read it. Topics come from the shared taxonomy `core.topics`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from danvan.core.errors import ValidationFailed
from danvan.core.models import Membership, Obligation, ObligationStatus, Role
from danvan.core.services.mail import mail_queue

Label = str | Promise
TargetUrl = Callable[[int], str]

_TITLE_MAX = Obligation._meta.get_field("title").max_length or 300
_LABEL_MAX = Obligation._meta.get_field("target_label").max_length or 250
_KEY_MAX = Obligation._meta.get_field("key").max_length or 60
_KIND_MAX = Obligation._meta.get_field("kind").max_length or 60

# Statuses the board shows and a sync may cancel.
LIVE_STATUSES: frozenset[str] = frozenset({ObligationStatus.OPEN, ObligationStatus.PAUSED})

# Fields a sync writes on an existing row (besides `updated_at` and the reminder flags).
_SYNCED_FIELDS = (
    "kind",
    "title",
    "rule_id",
    "explanation",
    "target_label",
    "target_status",
    "topic",
    "organization_id",
    "assignee_id",
    "area_id",
    "started_on",
    "due",
    "status",
    "completed_on",
)


@dataclass(frozen=True)
class ObligationSpec:
    """One obligation of a record as its module computes it now."""

    key: str
    kind: str
    title: str
    started_on: dt.date
    due: dt.date | None
    organization_id: int
    assignee_id: int | None = None
    area_id: int | None = None
    rule_id: str = ""
    explanation: list[str] = field(default_factory=list)
    status: str = ObligationStatus.OPEN  # open|paused|done|cancelled
    completed_on: dt.date | None = None
    topic: str = ""


# --- Registries -----------------------------------------------------------------------------

_KIND_LABELS: dict[str, Label] = {"task": gettext_lazy("Nhiệm vụ")}
_TARGET_STATUS_LABELS: dict[str, Label] = {}
_TARGET_URLS: dict[str, TargetUrl] = {}
_TARGET_READERS: dict[str, frozenset[str]] = {}


def obligation_kinds_register(kind: str, label: Label) -> None:
    """Give a kind of obligation ("petition.triage") its Vietnamese label for the board."""
    _KIND_LABELS[kind] = label


def _text(label: Label) -> str:
    # A plain string was registered untranslated (gettext_noop): translate it now.
    return _(label) if isinstance(label, str) else str(label)


def obligation_kind_label(kind: str) -> str:
    label = _KIND_LABELS.get(kind)
    return kind if label is None else _text(label)


def obligation_kind_choices() -> list[tuple[str, str]]:
    """(kind, label) of every registered kind, by label."""
    return sorted(((k, _text(v)) for k, v in _KIND_LABELS.items()), key=lambda kv: kv[1])


def obligation_target_statuses_register(status: str, label: Label) -> None:
    """Give a record status code ("accepted") its label for the board's filter."""
    _TARGET_STATUS_LABELS[status] = label


def obligation_target_status_label(status: str) -> str:
    label = _TARGET_STATUS_LABELS.get(status)
    return status if label is None else _text(label)


def obligation_target_status_choices() -> list[tuple[str, str]]:
    return sorted(((k, _text(v)) for k, v in _TARGET_STATUS_LABELS.items()), key=lambda kv: kv[1])


def obligation_target_url_register(target_type: str, fn: TargetUrl) -> None:
    """Say how to link a record of `target_type` ("petitions.petition"): `fn(target_id) -> url`.

    `fn` is called for every row of a board page, so it must not query the database
    (a `reverse(...)` with the id).
    """
    _TARGET_URLS[target_type] = fn


def obligation_target_readers_register(target_type: str, roles: Iterable[str]) -> None:
    """Say that only holders of `roles` may read records of `target_type`.

    The board then shows that type's obligations only in the organisations where the user holds
    one of those roles (petitions: not to the Front nor to administrators, who do not read
    them). A type nobody registered is shown to every role in scope.
    """
    _TARGET_READERS[target_type] = frozenset(roles)


def obligation_target_readers() -> dict[str, frozenset[str]]:
    """The registered (target type -> roles that read it)."""
    return dict(_TARGET_READERS)


def obligation_target_url(obligation: Obligation) -> str:
    """The page of the obligation's record, or "" when its module registered none."""
    fn = _TARGET_URLS.get(obligation.target_type)
    if fn is None:
        return ""
    try:
        return fn(int(obligation.target_id))
    except NoReverseMatch:
        return ""


# --- Sync -----------------------------------------------------------------------------------


def _target_ref(target: models.Model) -> tuple[str, int]:
    if target.pk is None:
        raise ValueError("obligation_sync: the target must be saved first.")
    return target._meta.label_lower, int(target.pk)


def _check(specs: Sequence[ObligationSpec]) -> None:
    seen: set[str] = set()
    for spec in specs:
        problem = ""
        if not spec.key or len(spec.key) > _KEY_MAX:
            problem = _("Mã nghĩa vụ «%(key)s» không hợp lệ.") % {"key": spec.key}
        elif spec.key in seen:
            problem = _("Mã nghĩa vụ «%(key)s» bị lặp.") % {"key": spec.key}
        elif not spec.kind or len(spec.kind) > _KIND_MAX:
            problem = _("Loại nghĩa vụ «%(kind)s» không hợp lệ.") % {"kind": spec.kind}
        elif spec.status not in ObligationStatus.values:
            problem = _("Trạng thái nghĩa vụ «%(status)s» không hợp lệ.") % {"status": spec.status}
        elif spec.status == ObligationStatus.OPEN and spec.due is None:
            problem = _("Nghĩa vụ «%(key)s» đang mở phải có hạn.") % {"key": spec.key}
        if problem:
            raise ValidationFailed(problem, fields={"specs": problem})
        seen.add(spec.key)


def _values(
    spec: ObligationSpec,
    *,
    target_label: str,
    target_status: str,
    existing: Obligation | None,
    today: dt.date,
) -> dict[str, Any]:
    completed_on: dt.date | None = None
    if spec.status == ObligationStatus.DONE:
        kept = existing.completed_on if existing is not None else None
        if existing is not None and existing.status == ObligationStatus.DONE and kept:
            # Done stays done on the day it was done, whatever a later sync says.
            completed_on = kept
        else:
            completed_on = spec.completed_on or today
    return {
        "kind": spec.kind,
        "title": spec.title[:_TITLE_MAX],
        "rule_id": spec.rule_id,
        "explanation": [str(line) for line in spec.explanation],
        "target_label": target_label[:_LABEL_MAX],
        "target_status": target_status,
        "topic": spec.topic,
        "organization_id": spec.organization_id,
        "assignee_id": spec.assignee_id,
        "area_id": spec.area_id,
        "started_on": spec.started_on,
        "due": spec.due,
        "status": spec.status,
        "completed_on": completed_on,
    }


def obligation_sync(
    *,
    target: models.Model,
    specs: Sequence[ObligationSpec],
    target_label: str = "",
    target_status: str = "",
) -> None:
    """Make the registry hold exactly `specs` as the live obligations of `target`.

    Upserts by (target type, target id, key); a live (open or paused) key of the target that
    is not in `specs` is cancelled; done and cancelled rows not in `specs` are left as they
    are. A row already done keeps its completion day. When a due date changes, the reminders
    already sent for it are forgotten so the new date is reminded again. One SELECT of the
    target's rows, then at most one bulk INSERT and one bulk UPDATE of the changed columns.
    """
    _check(specs)
    target_type, target_id = _target_ref(target)
    label = target_label or str(target)
    now = timezone.now()
    today = timezone.localdate()
    with transaction.atomic():
        existing = {
            row.key: row
            for row in Obligation.objects.filter(target_type=target_type, target_id=target_id)
        }
        to_create: list[Obligation] = []
        to_update: list[Obligation] = []
        # Only the columns that changed on some row are written: a move usually changes a status
        # and a date, and a bulk UPDATE of every column costs much more.
        fields: set[str] = set()
        for spec in specs:
            row = existing.get(spec.key)
            values = _values(
                spec,
                target_label=label,
                target_status=target_status,
                existing=row,
                today=today,
            )
            if row is None:
                to_create.append(
                    Obligation(key=spec.key, target_type=target_type, target_id=target_id, **values)
                )
                continue
            changed = [name for name, value in values.items() if getattr(row, name) != value]
            if not changed:
                continue
            if row.due != values["due"]:
                row.reminded_before_on = None
                row.reminded_overdue_on = None
                fields |= {"reminded_before_on", "reminded_overdue_on"}
            for name in changed:
                setattr(row, name, values[name])
            fields.update(changed)
            row.updated_at = now
            to_update.append(row)
        wanted = {spec.key for spec in specs}
        for key, row in existing.items():
            if key in wanted or row.status not in LIVE_STATUSES:
                continue
            row.status = ObligationStatus.CANCELLED
            row.target_status = target_status or row.target_status
            row.updated_at = now
            fields |= {"status", "target_status"}
            to_update.append(row)
        if to_create:
            Obligation.objects.bulk_create(to_create)
        if to_update:
            Obligation.objects.bulk_update(to_update, sorted(fields | {"updated_at"}))


def obligation_next_due(*, target: models.Model) -> tuple[dt.date | None, str]:
    """The earliest due date of the target's open obligations and its key; (None, "") if none."""
    target_type, target_id = _target_ref(target)
    row = (
        Obligation.objects.filter(
            target_type=target_type,
            target_id=target_id,
            status=ObligationStatus.OPEN,
            due__isnull=False,
        )
        .order_by("due", "id")
        .values_list("due", "key")
        .first()
    )
    if row is None:
        return None, ""
    return row[0], row[1]


# --- Reminders ------------------------------------------------------------------------------


@dataclass
class ReminderReport:
    """What a reminder run did (or, in a dry run, would do)."""

    day: dt.date
    dry_run: bool = False
    before: int = 0  # obligations reminded because the due date is near
    overdue: int = 0  # obligations reminded because the due date has passed
    emails: int = 0  # e-mails sent (one per person)
    recipients_without_email: int = 0  # people who should be told but have no address
    obligations_without_recipient: int = 0  # nobody assigned and no leader at the organisation

    def as_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "dry_run": self.dry_run,
            "before": self.before,
            "overdue": self.overdue,
            "emails": self.emails,
            "recipients_without_email": self.recipients_without_email,
            "obligations_without_recipient": self.obligations_without_recipient,
        }


# Ids per UPDATE ... WHERE id IN (...): well under SQLite's limit of bound parameters.
_ID_CHUNK = 500


@dataclass
class _Inbox:
    user: Any
    overdue: list[Obligation] = field(default_factory=list)
    before: list[Obligation] = field(default_factory=list)


def _absolute(path: str) -> str:
    if not path:
        return ""
    base = str(getattr(settings, "DANVAN_BASE_URL", "") or "").rstrip("/")
    return f"{base}{path}" if base else path


def _board_path() -> str:
    try:
        return reverse("core:board")
    except NoReverseMatch:
        return ""


def _fmt_day(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day is not None else ""


def _item_lines(obligation: Obligation, *, today: dt.date) -> list[str]:
    from danvan.core.selectors.obligations import days_left_text

    assert obligation.due is not None
    head = f"- {obligation_kind_label(obligation.kind)}: {obligation.title}"
    if obligation.target_label:
        head += f" — {obligation.target_label}"
    assignee = obligation.assignee
    who = (
        (assignee.full_name or assignee.get_username())
        if assignee is not None
        else _("chưa giao cho ai")
    )
    detail = _("  Cơ quan: %(org)s; người được giao: %(who)s; hạn %(due)s (%(left)s).") % {
        "org": obligation.organization.name,
        "who": who,
        "due": _fmt_day(obligation.due),
        "left": days_left_text((obligation.due - today).days),
    }
    lines = [head, detail]
    link = _absolute(obligation_target_url(obligation))
    if link:
        lines.append(f"  {link}")
    return lines


def _message(inbox: _Inbox, *, today: dt.date, amber_days: int) -> EmailMessage:
    user = inbox.user
    name = user.full_name or user.get_username()
    parts: list[str] = []
    if inbox.overdue:
        parts.append(
            ngettext("%(n)d việc quá hạn", "%(n)d việc quá hạn", len(inbox.overdue))
            % {"n": len(inbox.overdue)}
        )
    if inbox.before:
        parts.append(
            ngettext("%(n)d việc sắp đến hạn", "%(n)d việc sắp đến hạn", len(inbox.before))
            % {"n": len(inbox.before)}
        )
    subject = _("[danvan] Nhắc hạn: %(what)s") % {"what": ", ".join(parts)}
    lines = [
        _("Kính gửi %(name)s,") % {"name": name},
        "",
        _("Hệ thống danvan nhắc các việc có thời hạn dưới đây (ngày %(day)s).")
        % {"day": _fmt_day(today)},
    ]
    if inbox.overdue:
        lines += ["", _("VIỆC ĐÃ QUÁ HẠN")]
        for obligation in inbox.overdue:
            lines += _item_lines(obligation, today=today)
    if inbox.before:
        lines += [
            "",
            _("VIỆC SẮP ĐẾN HẠN (trong %(n)d ngày làm việc tới)") % {"n": amber_days},
        ]
        for obligation in inbox.before:
            lines += _item_lines(obligation, today=today)
    board = _absolute(_board_path())
    if board:
        lines += ["", _("Xem tất cả việc đang chờ xử lý: %(url)s") % {"url": board}]
    lines += ["", _("Thư này được gửi tự động, xin đừng trả lời.")]
    return EmailMessage(
        subject=subject,
        body="\n".join(lines) + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )


def obligation_reminders_send(
    *, today: dt.date | None = None, dry_run: bool = False
) -> ReminderReport:
    """E-mail the assignee and the leaders of the organisation about open obligations that
    are due within `AMBER_WORKING_DAYS` working days (once, "before") and about those whose
    due date has passed (once, "overdue").

    One e-mail per person listing all their items, stored in the outbox with the flags and
    sent after the transaction commits (`core.services.mail`, tried again if refused). The
    flags `reminded_before_on` / `reminded_overdue_on` make a second run the same day (or a
    run on two workers at once) send nothing new. People without an e-mail address are
    skipped and counted. `dry_run` computes the same report without sending or flagging.
    """
    from danvan.core.selectors.calendar import work_calendar
    from danvan.core.selectors.obligations import AMBER_WORKING_DAYS, amber_cutoff

    day = today or timezone.localdate()
    until = amber_cutoff(day, work_calendar())
    report = ReminderReport(day=day, dry_run=dry_run)
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        candidates = Obligation.objects.filter(status=ObligationStatus.OPEN).filter(
            Q(due__lt=day, reminded_overdue_on__isnull=True)
            | Q(due__gte=day, due__lte=until, reminded_before_on__isnull=True)
        )
        if not dry_run:
            # Two runs at once: the second waits here, then re-reads the flags (PostgreSQL);
            # SQLite's IMMEDIATE transactions already serialise the whole block.
            candidates = candidates.select_for_update(of=("self",))
        rows = list(candidates.select_related("assignee", "organization").order_by("due", "id"))
        if not rows:
            return report
        leaders: dict[int, list[Any]] = {}
        for membership in Membership.objects.filter(
            role=Role.LEADER,
            organization_id__in=sorted({row.organization_id for row in rows}),
            user__is_active=True,
        ).select_related("user"):
            leaders.setdefault(membership.organization_id, []).append(membership.user)

        inboxes: dict[int, _Inbox] = {}
        before_ids: list[int] = []
        overdue_ids: list[int] = []
        for row in rows:
            assert row.due is not None
            late = row.due < day
            (overdue_ids if late else before_ids).append(row.pk)
            people = {user.pk: user for user in leaders.get(row.organization_id, [])}
            if row.assignee is not None and row.assignee.is_active:
                people[row.assignee.pk] = row.assignee
            if not people:
                report.obligations_without_recipient += 1
            for person in people.values():
                inbox = inboxes.setdefault(person.pk, _Inbox(user=person))
                (inbox.overdue if late else inbox.before).append(row)
        report.before = len(before_ids)
        report.overdue = len(overdue_ids)

        messages: list[EmailMessage] = []
        for inbox in inboxes.values():
            if not (inbox.user.email or "").strip():
                report.recipients_without_email += 1
                continue
            messages.append(_message(inbox, today=day, amber_days=AMBER_WORKING_DAYS))
        report.emails = len(messages)
        if dry_run:
            return report
        for start in range(0, len(before_ids), _ID_CHUNK):
            Obligation.objects.filter(pk__in=before_ids[start : start + _ID_CHUNK]).update(
                reminded_before_on=day
            )
        for start in range(0, len(overdue_ids), _ID_CHUNK):
            Obligation.objects.filter(pk__in=overdue_ids[start : start + _ID_CHUNK]).update(
                reminded_overdue_on=day
            )
        mail_queue(messages, kind="obligation_reminder")
    return report
