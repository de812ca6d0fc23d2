"""Writes of the projects module (conventions §1): every change goes through these.

Each service checks permission and input first (raising `core.errors`), then writes inside
`transaction.atomic` with its audit entry. Moves and edits are guarded by the project's
`version` (`core.services.versioning.versioned_update`), sent by the caller.

Ledger writes that move money (a contribution received, an expenditure, a void) also bump the
version, against the version read inside their own transaction: the balance is checked and the
row written in one step, so two payments racing for the last money cannot both pass (the loser
gets a conflict), on SQLite as on PostgreSQL. An expenditure never exceeds the money received.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from danvan.core.documents import short_date
from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.files import files_check
from danvan.core.models import Membership, Organization
from danvan.core.services.audit import audit_record
from danvan.core.services.common import field_error as _fail
from danvan.core.services.common import today as _today
from danvan.core.services.inputs import clean_reason as _reason
from danvan.core.services.inputs import clean_text as _text
from danvan.core.services.versioning import versioned_update
from danvan.projects import permissions
from danvan.projects.inputs import (
    ContributionInput,
    ExpenditureInput,
    Number,
    ProgressInput,
    ProjectInput,
    TransitionInput,
)
from danvan.projects.models import (
    AMOUNT_DIGITS,
    AMOUNT_PLACES,
    Contribution,
    Expenditure,
    ProgressReport,
    Project,
)
from danvan.projects.states import (
    KIND_UNITS,
    LEDGER_STATES,
    PROGRESS_STATES,
    REASON_STATES,
    STATE_SOURCES,
    TERMINAL,
    TRANSITIONS,
    ContributionKind,
    ContributionState,
    Kind,
    Source,
    Status,
    allowed_targets,
)
from danvan.text import fold

EARLIEST = dt.date(2000, 1, 1)
MAX_YEARS_AHEAD = 10
TEXT_MAX = 20_000
MONEY_MAX = 10**15  # a million billion đồng: far above any commune's works
_QUANT = Decimal(1).scaleb(-AMOUNT_PLACES)
_AMOUNT_MAX = Decimal(10) ** (AMOUNT_DIGITS - AMOUNT_PLACES)


# --- Small checks ----------------------------------------------------------------------------


def _day(value: Any, *, field: str, label: str, future: bool = False) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise _fail(field, _("Nhập {what} (ngày/tháng/năm).").format(what=label))
    today = _today()
    latest = today.replace(year=today.year + MAX_YEARS_AHEAD) if future else today
    if value < EARLIEST:
        raise _fail(
            field,
            _("{what} không được trước ngày {day}.").format(
                what=label[:1].upper() + label[1:], day=short_date(EARLIEST)
            ),
        )
    if value > latest:
        if not future:
            raise _fail(
                field,
                _("{what} không được sau hôm nay.").format(what=label[:1].upper() + label[1:]),
            )
        raise _fail(
            field,
            _("{what} không được sau ngày {day}.").format(
                what=label[:1].upper() + label[1:], day=short_date(latest)
            ),
        )
    return value


def number_parse(
    value: Any, *, field: str, label: str, required: bool = True, positive: bool = False
) -> Decimal | None:
    """A non-negative figure with at most two decimals ("1200", "1.234.567", "12,5", 87.5).

    Dots followed by three digits are thousands separators (Vietnamese style), a comma is the
    decimal mark."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise _fail(field, _("Nhập {what}.").format(what=label.lower()))
        return None
    if isinstance(value, bool):
        raise _fail(field, _("{what} phải là một số.").format(what=label))
    text = str(value).strip().replace(" ", "").replace("\u00a0", "")
    if isinstance(value, str):
        parts = text.split(".")
        if len(parts) > 1 and all(len(p) == 3 for p in parts[1:]) and "," not in text:
            text = "".join(parts)
        elif "," in text:
            text = text.replace(".", "").replace(",", ".")
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        raise _fail(field, _("{what} phải là một số.").format(what=label)) from None
    if not number.is_finite() or number < 0:
        raise _fail(field, _("{what} phải là số không âm.").format(what=label))
    if positive and number == 0:
        raise _fail(field, _("{what} phải lớn hơn 0.").format(what=label))
    if number >= _AMOUNT_MAX:
        raise _fail(field, _("{what} quá lớn.").format(what=label))
    if number != number.quantize(_QUANT):
        raise _fail(field, _("{what} chỉ lấy tối đa 2 chữ số thập phân.").format(what=label))
    return number.quantize(_QUANT)


def money_parse(
    value: Number, *, field: str, label: str, required: bool = True, positive: bool = False
) -> int | None:
    """A sum of money in whole đồng."""
    number = number_parse(value, field=field, label=label, required=required, positive=positive)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise _fail(field, _("{what} tính bằng đồng, không có phần lẻ.").format(what=label))
    if number >= MONEY_MAX:
        raise _fail(field, _("{what} quá lớn.").format(what=label))
    return int(number)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral() else str(value)
    return value


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def require_manager(actor: Any, project: Project) -> None:
    if not permissions.can_manage(actor, project):
        raise PermissionDenied(
            _(
                "Bạn không có quyền quản lý công trình này (cần vai trò cán bộ hoặc lãnh đạo tại "
                "đơn vị quản lý công trình hoặc cấp trên)."
            )
        )


def _conflict() -> Conflict:
    message = _(
        "Công trình vừa được người khác cập nhật: tải lại trang để xem thay đổi rồi thực hiện lại."
    )
    return Conflict(message, fields={"expected_version": message})


def _save_versioned(project: Project, expected_version: int, **values: Any) -> None:
    if expected_version != project.version or not versioned_update(
        project, expected_version=expected_version, **values
    ):
        raise _conflict()


# --- The project -----------------------------------------------------------------------------


def _organization_for(actor: Any, organization_id: int | None) -> Organization:
    if organization_id is not None:
        org = (
            Organization.objects.filter(pk=organization_id, is_active=True)
            .select_related("area")
            .first()
        )
        if org is None or not permissions.can_manage_at(actor, org):
            raise _fail(
                "organization",
                _("Không có đơn vị này hoặc bạn không được quản lý công trình của đơn vị này."),
            )
    else:
        ids = sorted(
            {
                m.organization_id
                for m in Membership.objects.filter(
                    user_id=int(getattr(actor, "pk", 0) or 0),
                    role__in=permissions.MANAGER_ROLES,
                    organization__level="commune",
                )
            }
        )
        orgs = list(
            Organization.objects.filter(pk__in=ids, is_active=True).select_related("area")[:2]
        )
        if not orgs:
            raise PermissionDenied(
                _(
                    "Bạn chưa có vai trò cán bộ hoặc lãnh đạo ở một xã, phường nên chưa lập được "
                    "công trình."
                )
            )
        if len(orgs) > 1:
            raise _fail("organization", _("Bạn làm việc ở nhiều đơn vị: chọn đơn vị quản lý."))
        org = orgs[0]
    if org.level != "commune" or org.area is None or org.area.level != "commune":
        raise _fail(
            "organization",
            _("Đơn vị quản lý phải là một cơ quan cấp xã (công trình thuộc một xã, phường)."),
        )
    return org


def _project_values(data: ProjectInput) -> dict[str, Any]:
    if data.kind not in Kind.values:
        raise _fail("kind", _("Chọn loại công trình."))
    name = _text(data.name, field="name", limit=300, required=_("Nhập tên công trình."))
    areas = _text(
        data.residential_areas,
        field="residential_areas",
        limit=500,
        required=_("Nhập thôn, tổ dân phố nơi có công trình."),
    )
    start = _day(data.starts_on, field="starts_on", label=_("ngày khởi công dự kiến"), future=True)
    end = _day(data.ends_on, field="ends_on", label=_("ngày hoàn thành dự kiến"), future=True)
    if end < start:
        raise _fail("ends_on", _("Ngày hoàn thành dự kiến phải từ ngày khởi công trở đi."))
    length = number_parse(
        data.length_km, field="length_km", label=_("Chiều dài"), required=False, positive=True
    )
    area_m2 = number_parse(
        data.area_m2, field="area_m2", label=_("Diện tích"), required=False, positive=True
    )
    if length is not None and length >= 1000:
        raise _fail("length_km", _("Chiều dài tính bằng km, dưới 1.000 km."))
    if data.kind == Kind.ROAD and length is None:
        raise _fail("length_km", _("Đường giao thông: nhập chiều dài (km)."))
    return {
        "name": name,
        "kind": data.kind,
        "residential_areas": areas,
        "description": _text(data.description, field="description", limit=TEXT_MAX, multiline=True),
        "length_km": length.quantize(Decimal("0.001")) if length is not None else None,
        "area_m2": area_m2,
        "planned_cost": money_parse(
            data.planned_cost, field="planned_cost", label=_("Tổng mức đầu tư dự kiến")
        ),
        "starts_on": start,
        "ends_on": end,
        "decision_ref": _text(data.decision_ref, field="decision_ref", limit=300),
    }


def _search_text(values: dict[str, Any]) -> str:
    parts = [values["name"], values["residential_areas"], values["decision_ref"]]
    return fold(" ".join(p for p in parts if p))[:4000]


def project_create(*, actor: Any, data: ProjectInput) -> Project:
    """Register a project (status planned) of a commune body the actor manages."""
    org = _organization_for(actor, data.organization_id)
    values = _project_values(data)
    with transaction.atomic():
        project = Project.objects.create(
            organization=org,
            area=org.area,  # type: ignore[misc]  # checked by _organization_for
            search_text=_search_text(values),
            created_by=_actor(actor),
            **values,
        )
        audit_record(
            actor=_actor(actor),
            verb="project.create",
            target=project,
            changes={k: (None, _plain(v)) for k, v in values.items() if v not in ("", None)},
        )
    return project


def project_update(
    *, actor: Any, project: Project, data: ProjectInput, expected_version: int
) -> Project:
    """Change the plan (name, kind, scale, cost, dates, decision) until the project is handed
    over or cancelled; the managing unit does not change."""
    require_manager(actor, project)
    if project.status in TERMINAL:
        raise _fail("status", _("Công trình đã bàn giao hoặc đã hủy: không sửa được nữa."))
    values = _project_values(data)
    changes = {
        k: (_plain(getattr(project, k)), _plain(v))
        for k, v in values.items()
        if getattr(project, k) != v
    }
    if not changes:
        return project
    with transaction.atomic():
        _save_versioned(project, expected_version, search_text=_search_text(values), **values)
        audit_record(actor=_actor(actor), verb="project.update", target=project, changes=changes)
    return project


def project_transition(*, actor: Any, project: Project, data: TransitionInput) -> Project:
    """Move the project along `states.TRANSITIONS`; suspending and cancelling need a reason."""
    require_manager(actor, project)
    to = data.to
    if to not in TRANSITIONS.get(project.status, frozenset()):
        allowed = ", ".join(str(Status(s).label) for s in allowed_targets(project.status))
        raise ValidationFailed(
            _("Không chuyển được từ “{src}” sang “{dst}”. Bước được phép: {allowed}.").format(
                src=Status(project.status).label,
                dst=Status(to).label if to in Status.values else to,
                allowed=allowed or _("không còn bước nào"),
            ),
            fields={"to": _("Bước chuyển không hợp lệ.")},
            code="illegal_transition",
        )
    on = data.on or _today()
    _day(on, field="on", label=_("ngày thực hiện"))
    values: dict[str, Any] = {"status": to}
    if to in REASON_STATES:
        values["status_note"] = _reason(data.reason)
    elif project.status == Status.SUSPENDED:
        values["status_note"] = ""
    if to == Status.IN_PROGRESS and project.started_on is None:
        values["started_on"] = on
    if to == Status.COMPLETED:
        if project.started_on and on < project.started_on:
            raise _fail(
                "on",
                _("Ngày hoàn thành không được trước ngày khởi công ({day}).").format(
                    day=short_date(project.started_on)
                ),
            )
        values["completed_on"] = on
        values["progress"] = 100
    if to == Status.HANDED_OVER:
        if project.completed_on and on < project.completed_on:
            raise _fail(
                "on",
                _("Ngày bàn giao không được trước ngày hoàn thành ({day}).").format(
                    day=short_date(project.completed_on)
                ),
            )
        values["handed_over_on"] = on
    before = project.status
    with transaction.atomic():
        _save_versioned(project, data.expected_version, **values)
        if to == Status.COMPLETED:
            ProgressReport.objects.create(
                project=project,
                date=on,
                percent=100,
                note=_("Hoàn thành thi công."),
                created_by=_actor(actor),
            )
        audit_record(
            actor=_actor(actor),
            verb="project.transition",
            target=project,
            changes={
                "status": (before, to),
                **{
                    k: (None, _plain(v))
                    for k, v in values.items()
                    if k not in ("status", "progress") and v
                },
            },
        )
    return project


# --- Ledgers ---------------------------------------------------------------------------------


def _require_ledger_open(project: Project) -> None:
    if project.status not in LEDGER_STATES:
        raise _fail(
            "project",
            _("Công trình ở trạng thái “{status}”: không ghi thêm thu, chi được nữa.").format(
                status=Status(project.status).label
            ),
        )


def money_balance(project_id: int) -> int:
    """Money received minus money paid out (voided lines left out)."""
    received = (
        Contribution.objects.filter(
            project_id=project_id,
            kind=ContributionKind.MONEY,
            state=ContributionState.RECEIVED,
            voided=False,
        ).aggregate(s=Sum("value"))["s"]
        or 0
    )
    spent = (
        Expenditure.objects.filter(project_id=project_id, voided=False).aggregate(s=Sum("amount"))[
            "s"
        ]
        or 0
    )
    return int(received) - int(spent)


def _lock_ledger(project: Project) -> None:
    """Inside a transaction: re-read the project, check its ledgers are open, bump its version
    so that a concurrent money write conflicts instead of overdrawing the account."""
    row = Project.objects.filter(pk=project.pk).values("version", "status").first()
    if row is None:
        raise _conflict()
    project.status = row["status"]
    _require_ledger_open(project)
    if not versioned_update(project, expected_version=int(row["version"])):
        raise _conflict()


def _contribution_values(data: ContributionInput) -> dict[str, Any]:
    if data.source not in Source.values:
        raise _fail("source", _("Chọn nguồn đóng góp."))
    if data.kind not in ContributionKind.values:
        raise _fail("kind", _("Chọn hình thức đóng góp: tiền, ngày công, đất hoặc vật liệu."))
    state_source = data.source in STATE_SOURCES
    if state_source and data.kind in (ContributionKind.LABOUR, ContributionKind.LAND):
        raise _fail(
            "kind",
            _("Ngân sách nhà nước chỉ hỗ trợ bằng tiền hoặc vật liệu, không bằng ngày công, đất."),
        )
    contributor = _text(data.contributor, field="contributor", limit=300)
    if not contributor:
        if not state_source:
            raise _fail(
                "contributor",
                _("Nhập tên hộ gia đình, tổ chức đóng góp (hoặc ghi chung “Các hộ thôn …”)."),
            )
        contributor = str(Source(data.source).label)
    if data.kind == ContributionKind.MONEY:
        money = money_parse(data.amount, field="amount", label=_("Số tiền"), positive=True)
        assert money is not None
        amount = Decimal(money)
        unit = KIND_UNITS[data.kind]
        value: int | None = money
    else:
        parsed = number_parse(data.amount, field="amount", label=_("Số lượng"), positive=True)
        assert parsed is not None
        amount = parsed
        if data.kind == ContributionKind.MATERIALS:
            unit = _text(
                data.unit,
                field="unit",
                limit=30,
                required=_("Vật liệu: nhập đơn vị tính (tấn, m³, bao...)."),
            )
            value = money_parse(data.value, field="value", label=_("Giá trị quy đổi"))
        else:
            unit = KIND_UNITS[data.kind]
            value = money_parse(
                data.value, field="value", label=_("Giá trị quy đổi"), required=False
            )
    pledged_on = _day(data.pledged_on or _today(), field="pledged_on", label=_("ngày đăng ký"))
    received_on = None
    if data.received:
        received_on = _day(data.received_on or _today(), field="received_on", label=_("ngày nhận"))
        if data.pledged_on is None:
            pledged_on = received_on
        elif received_on < pledged_on:
            raise _fail("received_on", _("Ngày nhận không được trước ngày đăng ký."))
    return {
        "source": data.source,
        "contributor": contributor,
        "listed": bool(data.listed) and not state_source,
        "kind": data.kind,
        "amount": amount,
        "unit": unit,
        "value": value,
        "state": ContributionState.RECEIVED if data.received else ContributionState.PLEDGED,
        "pledged_on": pledged_on,
        "received_on": received_on,
        "receipt": _text(data.receipt, field="receipt", limit=100),
        "note": _text(data.note, field="note", limit=500),
    }


def contribution_record(*, actor: Any, project: Project, data: ContributionInput) -> Contribution:
    """Write one line of the contributions ledger, pledged or already received."""
    require_manager(actor, project)
    _require_ledger_open(project)
    values = _contribution_values(data)
    with transaction.atomic():
        if (
            values["kind"] == ContributionKind.MONEY
            and values["state"] == ContributionState.RECEIVED
        ):
            _lock_ledger(project)
        else:
            _require_ledger_open(project)
        contribution = Contribution.objects.create(
            project=project, created_by=_actor(actor), **values
        )
        audit_record(
            actor=_actor(actor),
            verb="project.contribution_record",
            target=project,
            changes={k: (None, _plain(v)) for k, v in values.items() if v not in ("", None)},
        )
    return contribution


def contribution_receive(
    *,
    actor: Any,
    contribution: Contribution,
    on: dt.date | None = None,
    receipt: str = "",
) -> Contribution:
    """A pledged contribution arrives: mark it received with its date and receipt."""
    project = contribution.project
    require_manager(actor, project)
    _require_ledger_open(project)
    if contribution.voided or contribution.state != ContributionState.PLEDGED:
        raise _fail("state", _("Chỉ khoản đã đăng ký mà chưa nhận mới ghi nhận được."))
    day = _day(on or _today(), field="received_on", label=_("ngày nhận"))
    if day < contribution.pledged_on:
        raise _fail("received_on", _("Ngày nhận không được trước ngày đăng ký."))
    ref = _text(receipt, field="receipt", limit=100)
    with transaction.atomic():
        _lock_ledger(project)
        updated = Contribution.objects.filter(
            pk=contribution.pk, state=ContributionState.PLEDGED, voided=False
        ).update(
            state=ContributionState.RECEIVED, received_on=day, receipt=ref or contribution.receipt
        )
        if updated != 1:
            raise _conflict()
        contribution.refresh_from_db()
        audit_record(
            actor=_actor(actor),
            verb="project.contribution_receive",
            target=project,
            changes={
                "contribution": (None, contribution.pk),
                "state": (ContributionState.PLEDGED, ContributionState.RECEIVED),
                "received_on": (None, day.isoformat()),
            },
        )
    return contribution


def contribution_void(*, actor: Any, contribution: Contribution, reason: str) -> Contribution:
    """Void a mistaken line (it stays in the ledger, out of every total)."""
    project = contribution.project
    require_manager(actor, project)
    _require_ledger_open(project)
    why = _reason(reason)
    if contribution.voided:
        raise _fail("reason", _("Khoản đóng góp này đã hủy bỏ rồi."))
    with transaction.atomic():
        _lock_ledger(project)
        updated = Contribution.objects.filter(pk=contribution.pk, voided=False).update(
            voided=True, void_reason=why
        )
        if updated != 1:
            raise _conflict()
        if money_balance(project.pk) < 0:
            raise _fail(
                "reason",
                _(
                    "Không hủy được: số tiền đã chi sẽ vượt số tiền đã nhận. Hủy các khoản chi "
                    "tương ứng trước."
                ),
            )
        contribution.voided, contribution.void_reason = True, why
        audit_record(
            actor=_actor(actor),
            verb="project.contribution_void",
            target=project,
            changes={"contribution": (None, contribution.pk), "reason": (None, why)},
        )
    return contribution


def expenditure_record(*, actor: Any, project: Project, data: ExpenditureInput) -> Expenditure:
    """Pay out money of the project: never more than the balance of the money received."""
    require_manager(actor, project)
    _require_ledger_open(project)
    date = _day(data.date, field="date", label=_("ngày chi"))
    item = _text(data.item, field="item", limit=300, required=_("Nhập nội dung chi."))
    amount = money_parse(data.amount, field="amount", label=_("Số tiền"), positive=True)
    assert amount is not None
    voucher = _text(
        data.voucher, field="voucher", limit=100, required=_("Nhập số chứng từ (phiếu chi).")
    )
    note = _text(data.note, field="note", limit=500)
    with transaction.atomic():
        _lock_ledger(project)
        balance = money_balance(project.pk)
        if amount > balance:
            raise _fail(
                "amount",
                _("Số tiền chi vượt số dư: hiện chỉ còn {balance} đồng đã nhận chưa chi.").format(
                    balance=f"{balance:,}".replace(",", ".")
                ),
                code="over_balance",
            )
        expenditure = Expenditure.objects.create(
            project=project,
            date=date,
            item=item,
            amount=amount,
            voucher=voucher,
            note=note,
            created_by=_actor(actor),
        )
        audit_record(
            actor=_actor(actor),
            verb="project.expenditure_record",
            target=project,
            changes={
                "date": (None, date.isoformat()),
                "item": (None, item),
                "amount": (None, amount),
                "voucher": (None, voucher),
            },
        )
    return expenditure


def expenditure_void(*, actor: Any, expenditure: Expenditure, reason: str) -> Expenditure:
    project = expenditure.project
    require_manager(actor, project)
    _require_ledger_open(project)
    why = _reason(reason)
    if expenditure.voided:
        raise _fail("reason", _("Khoản chi này đã hủy bỏ rồi."))
    with transaction.atomic():
        _lock_ledger(project)
        updated = Expenditure.objects.filter(pk=expenditure.pk, voided=False).update(
            voided=True, void_reason=why
        )
        if updated != 1:
            raise _conflict()
        expenditure.voided, expenditure.void_reason = True, why
        audit_record(
            actor=_actor(actor),
            verb="project.expenditure_void",
            target=project,
            changes={"expenditure": (None, expenditure.pk), "reason": (None, why)},
        )
    return expenditure


# --- Progress --------------------------------------------------------------------------------


def progress_report(*, actor: Any, project: Project, data: ProgressInput) -> ProgressReport:
    """Report the progress of the works (percent done, what was done, an optional photo)."""
    require_manager(actor, project)
    if project.status not in PROGRESS_STATES:
        raise _fail("percent", _("Chỉ báo cáo tiến độ khi công trình đang thi công."))
    date = _day(data.date, field="date", label=_("ngày báo cáo"))
    if project.started_on and date < project.started_on:
        raise _fail(
            "date",
            _("Ngày báo cáo không được trước ngày khởi công ({day}).").format(
                day=short_date(project.started_on)
            ),
        )
    if data.percent is None or isinstance(data.percent, bool) or not 0 <= int(data.percent) <= 100:
        raise _fail("percent", _("Nhập khối lượng hoàn thành từ 0 đến 100 (%)."))
    percent = int(data.percent)
    note = _text(data.note, field="note", limit=TEXT_MAX, multiline=True)
    checked = files_check([data.photo], limit=1, field="photo")[0] if data.photo else None
    with transaction.atomic():
        report = ProgressReport(
            project=project, date=date, percent=percent, note=note, created_by=_actor(actor)
        )
        if checked is not None:
            report.original_name = checked.name
            report.content_type = checked.content_type
            report.size = checked.size
            report.sha256 = checked.sha256
            report.file.save(checked.name, ContentFile(checked.data), save=False)
        report.save()
        latest = ProgressReport.objects.filter(project=project).order_by("-date", "-id").first()
        current = latest.percent if latest is not None else percent
        Project.objects.filter(pk=project.pk).update(progress=current)
        project.progress = current
        audit_record(
            actor=_actor(actor),
            verb="project.progress_report",
            target=project,
            changes={
                "date": (None, date.isoformat()),
                "percent": (None, percent),
                "photo": (None, checked.name if checked else None),
            },
        )
    return report
