"""Register imports: upload, column mapping, dry run (check) and import, and the bulk writer.

The flow of a `RegisterImport` job:

    uploaded --check--> checking --> checked --import--> importing --> done
        ^  (mapping changed: back to uploaded)     \\--> failed (a re-check, then import, resumes)

The check and the import stream the file (`reader.sheet_rows`) and run as background tasks
(`petitions.tasks`); both write their progress (`rows_done` / `rows_total`) on the job.

The import writes in batches of `BATCH` rows, each in one transaction: the petitions (case
numbers reserved from `CaseCounter` in the same transaction), their senders (or the vault for a
denouncer), search text, duplicate bands, timeline events ("registered", and the recorded
result as a "transition"), the deadline registry rows of open cases, one audit event per batch
and the job's progress. A failure rolls back the batch being written and marks the job failed;
what was committed stays, and a new check + import skips it (`Petition.source_ref`).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.models import Obligation, Organization
from danvan.core.selectors.audit import audit_verbs_register
from danvan.core.services.audit import audit_record
from danvan.core.services.versioning import versioned_update
from danvan.petitions import permissions
from danvan.petitions.imports import columns as cols
from danvan.petitions.imports import reader
from danvan.petitions.imports.checks import GoodRow, Problem, RowChecker
from danvan.petitions.models import (
    CaseCounter,
    ImportStatus,
    Petition,
    Petitioner,
    PetitionEvent,
    RegisterImport,
)
from danvan.petitions.states import OPEN_STATES, Status

logger = logging.getLogger(__name__)

BATCH = 1000
MAX_PROBLEMS = 50_000  # stored on the job; the counts stay exact beyond it
ACTIVE = (ImportStatus.CHECKING, ImportStatus.IMPORTING)

audit_verbs_register(
    {
        "petition.import_upload": gettext_lazy("Tải lên sổ đơn để nhập"),
        "petition.import_map": gettext_lazy("Ghép cột sổ đơn"),
        "petition.import_check": gettext_lazy("Kiểm tra thử sổ đơn"),
        "petition.import_start": gettext_lazy("Bắt đầu nhập sổ đơn"),
        "petition.import_batch": gettext_lazy("Nhập một lô đơn từ sổ"),
        "petition.import_done": gettext_lazy("Nhập sổ đơn xong"),
        "petition.export": gettext_lazy("Xuất sổ đơn ra Excel"),
    },
    {
        "file_name": gettext_lazy("tên tệp"),
        "organization": gettext_lazy("cơ quan"),
        "mapping": gettext_lazy("ghép cột"),
        "petitions": gettext_lazy("số đơn"),
        "rows": gettext_lazy("dòng"),
        "case_numbers": gettext_lazy("số hồ sơ"),
        "only_good_rows": gettext_lazy("chỉ nhập các dòng hợp lệ"),
        "filters": gettext_lazy("bộ lọc"),
    },
)


def import_max_bytes() -> int:
    return int(getattr(settings, "DANVAN_IMPORT_MAX_MB", 50)) * 1024 * 1024


# --- The mapping ---------------------------------------------------------------------------


def job_columns(job: RegisterImport) -> list[cols.Column]:
    data = job.mapping if isinstance(job.mapping, dict) else {}
    out = []
    for item in data.get("columns", []):
        try:
            out.append(
                cols.Column(
                    index=int(item["index"]),
                    header=str(item.get("header", "")),
                    field=str(item.get("field", "")),
                )
            )
        except (KeyError, TypeError, ValueError):
            continue
    return out


def job_keeps_accepted_open(job: RegisterImport) -> bool:
    data = job.mapping if isinstance(job.mapping, dict) else {}
    return bool(data.get("keep_accepted_open"))


def _mapping(columns: list[cols.Column], keep_accepted_open: bool) -> dict[str, Any]:
    return {
        "columns": [c.as_dict() for c in columns],
        "keep_accepted_open": bool(keep_accepted_open),
    }


def mapping_problems(columns: list[cols.Column], *, complete: bool = True) -> list[str]:
    """What keeps a mapping from being used: fields unknown or mapped twice, and (with
    `complete`) required fields without a column."""
    problems = []
    seen: dict[str, cols.Column] = {}
    for c in columns:
        if not c.field:
            continue
        if c.field not in cols.FIELD_LABELS:
            problems.append(
                _("Cột «{column}»: «{field}» không phải là trường để nhập.").format(
                    column=c.header or c.letter, field=c.field
                )
            )
            continue
        if c.field in seen:
            problems.append(
                _(
                    "Cột «{a}» và cột «{b}» cùng ghép vào «{field}»: mỗi trường chỉ ghép một cột."
                ).format(
                    a=seen[c.field].header or seen[c.field].letter,
                    b=c.header or c.letter,
                    field=cols.FIELD_LABELS[c.field],
                )
            )
        seen[c.field] = c
    missing = [str(cols.FIELD_LABELS[f]) for f in cols.REQUIRED_FIELDS if f not in seen]
    if missing and complete:
        problems.append(
            _("Chưa ghép cột cho: {fields}. Chọn cột của sổ chứa các thông tin này.").format(
                fields=", ".join(missing)
            )
        )
    return problems


def _detect(source: reader.Source, sheet: str, header_row: int | None) -> cols.Layout:
    try:
        rows = reader.head_rows(source, sheet, max(cols.HEADER_SCAN_ROWS, (header_row or 0) + 1))
    except reader.UnreadableFile:
        message = (
            _("Không có trang tính «{sheet}» trong tệp.").format(sheet=sheet)
            if sheet
            else _("Không đọc được tệp như một bảng tính Excel (.xlsx).")
        )
        raise ValidationFailed(message, fields={"sheet" if sheet else "file": message}) from None
    if header_row is None:
        rows = rows[: cols.HEADER_SCAN_ROWS]
    return cols.detect_layout(rows, header_row)


# --- Upload, mapping, start ------------------------------------------------------------------


def _organization(actor: Any, organization_id: int | None) -> Organization:
    """The register's organisation. `actor` None is the operator at the command line
    (`danvan import petitions --org`), who may import for any active organisation."""
    if organization_id is not None:
        org = (
            Organization.objects.select_related("area__parent")
            .filter(pk=organization_id, is_active=True)
            .first()
        )
        if org is None or (actor is not None and not permissions.can_register_at(actor, org)):
            message = _("Không có cơ quan này hoặc bạn không được nhập sổ đơn cho cơ quan này.")
            raise ValidationFailed(message, fields={"organization": message})
        return org
    orgs = permissions.home_organizations(actor)
    if not orgs:
        raise PermissionDenied(
            _("Chỉ cán bộ, lãnh đạo của cơ quan tiếp nhận đơn mới được nhập sổ đơn của cơ quan.")
        )
    if len(orgs) > 1:
        message = _("Bạn làm việc ở nhiều cơ quan: chọn cơ quan của sổ đơn.")
        raise ValidationFailed(message, fields={"organization": message})
    return orgs[0]


def _require_access(actor: Any, job: RegisterImport) -> None:
    if actor is not None and not permissions.can_register_at(actor, job.organization_id):
        raise PermissionDenied(_("Bạn không được nhập sổ đơn cho cơ quan này."))


def _file_check(upload: IO[bytes], size: int) -> str:
    """The file's SHA-256, after checking its size and that it is an XLSX workbook."""
    limit = import_max_bytes()
    if size > limit:
        message = _("Tệp lớn quá {mb} MB: chia sổ thành nhiều tệp.").format(
            mb=limit // (1024 * 1024)
        )
        raise ValidationFailed(message, fields={"file": message})
    upload.seek(0)
    head = upload.read(8)
    if reader.looks_like_xls(head):
        message = _(
            "Tệp Excel 97-2003 (.xls) chưa được hỗ trợ: mở tệp bằng Excel hoặc LibreOffice và lưu "
            "lại dưới dạng .xlsx."
        )
        raise ValidationFailed(message, fields={"file": message})
    if not reader.looks_like_xlsx(head):
        message = _("Tệp không phải là bảng tính Excel (.xlsx): chọn đúng tệp sổ đơn.")
        raise ValidationFailed(message, fields={"file": message})
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: upload.read(1 << 20), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def register_import_create(
    *,
    actor: Any,
    upload: IO[bytes],
    file_name: str,
    size: int,
    organization_id: int | None = None,
    sheet: str = "",
) -> RegisterImport:
    """Keep an uploaded register and detect its header row and columns."""
    org = _organization(actor, organization_id)
    sha = _file_check(upload, size)
    layout = _detect(upload, sheet.strip(), None)
    upload.seek(0)
    name = (file_name or "so-don.xlsx").replace("\\", "/").rsplit("/", 1)[-1][:250]
    with transaction.atomic():
        job = RegisterImport(
            organization=org,
            created_by=actor if getattr(actor, "pk", None) else None,
            file_name=name,
            file_sha256=sha,
            sheet=sheet.strip()[:100],
            header_row=layout.header_row,
            mapping=_mapping(layout.columns, False),
        )
        job.file.save(f"{sha}.xlsx", File(upload), save=False)
        job.save()
        audit_record(
            actor=actor,
            verb="petition.import_upload",
            target=job,
            changes={"file_name": (None, name), "organization": (None, org.code)},
        )
    return job


def _editable(job: RegisterImport) -> None:
    if job.status in ACTIVE:
        raise Conflict(_("Sổ đơn đang được kiểm tra hoặc đang nhập: chờ xong rồi thực hiện tiếp."))
    if job.status == ImportStatus.DONE:
        raise Conflict(_("Sổ đơn này đã nhập xong: tải lên lại tệp nếu cần nhập lần nữa."))


def _reset() -> dict[str, Any]:
    return {
        "status": ImportStatus.UPLOADED,
        "rows_total": 0,
        "rows_done": 0,
        "rows_bad": 0,
        "rows_created": 0,
        "rows_skipped": 0,
        "problems": [],
        "message": "",
        "finished_at": None,
    }


def _save(job: RegisterImport, **values: Any) -> None:
    if not versioned_update(job, expected_version=job.version, **values):
        raise Conflict(_("Lần nhập này vừa được người khác thay đổi: tải lại trang rồi làm lại."))


def register_import_map(
    *,
    actor: Any,
    job: RegisterImport,
    fields: dict[int, str] | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
    keep_accepted_open: bool | None = None,
) -> RegisterImport:
    """Change the sheet, the header row, the target field of columns (by 0-based index; "" to
    ignore) or the option for accepted cases. The job goes back to "uploaded"."""
    _require_access(actor, job)
    _editable(job)
    columns = job_columns(job)
    new_sheet = job.sheet if sheet is None else sheet.strip()[:100]
    if new_sheet != job.sheet or (header_row is not None and header_row != job.header_row):
        if header_row is not None and not 1 <= header_row <= 1000:
            message = _("Dòng tiêu đề là một số từ 1 đến 1000.")
            raise ValidationFailed(message, fields={"header_row": message})
        with job.file.open("rb") as fh:
            layout = _detect(fh, new_sheet, header_row)
        columns = layout.columns
        header_row = layout.header_row
    by_index = {c.index: c for c in columns}
    for index, target in (fields or {}).items():
        column = by_index.get(index)
        if column is None:
            message = _("Tệp không có cột số {n}.").format(n=index + 1)
            raise ValidationFailed(message, fields={"mapping": message})
        column.field = (target or "").strip()
    problems = mapping_problems(columns, complete=False)
    if problems:
        raise ValidationFailed(" ".join(problems), fields={"mapping": " ".join(problems)})
    keep = job_keeps_accepted_open(job) if keep_accepted_open is None else keep_accepted_open
    mapping = _mapping(columns, keep)
    with transaction.atomic():
        _save(
            job,
            sheet=new_sheet,
            header_row=header_row or job.header_row,
            mapping=mapping,
            **_reset(),
        )
        audit_record(
            actor=actor,
            verb="petition.import_map",
            target=job,
            changes={
                "mapping": (
                    None,
                    ", ".join(f"{c.letter}={c.field}" for c in columns if c.field),
                )
            },
        )
    return job


def register_import_check_start(
    *, actor: Any, job: RegisterImport, queue: bool = True
) -> RegisterImport:
    """Queue the dry run: every row checked, nothing written (`queue` False: the caller runs
    `register_import_check_run` itself, as the command line does)."""
    _require_access(actor, job)
    _editable(job)
    problems = mapping_problems(job_columns(job))
    if problems:
        raise ValidationFailed(" ".join(problems), fields={"mapping": " ".join(problems)})
    with transaction.atomic():
        _save(job, **{**_reset(), "status": ImportStatus.CHECKING})
        audit_record(actor=actor, verb="petition.import_check", target=job)
        if queue:
            transaction.on_commit(lambda: _enqueue("check", job.pk))
    return job


def register_import_start(
    *, actor: Any, job: RegisterImport, only_good: bool, queue: bool = True
) -> RegisterImport:
    """Queue the import of every row (refused while bad rows exist) or of the good rows only
    (`queue` False: the caller runs `register_import_run` itself)."""
    _require_access(actor, job)
    if job.status != ImportStatus.CHECKED:
        raise Conflict(_("Cần kiểm tra thử sổ đơn (và sửa các dòng lỗi) trước khi nhập."))
    if job.rows_bad and not only_good:
        raise ValidationFailed(
            _(
                "Còn {n} dòng lỗi: sửa tệp rồi tải lên lại, hoặc chọn «Chỉ nhập các dòng hợp lệ»."
            ).format(n=job.rows_bad),
            fields={"only_good": _("Còn dòng lỗi.")},
        )
    if job.rows_total - job.rows_bad - job.rows_skipped <= 0:
        raise ValidationFailed(
            _("Không còn dòng hợp lệ nào chưa nhập: không có gì để nhập."),
            fields={"only_good": _("Không có dòng để nhập.")},
        )
    with transaction.atomic():
        _save(
            job,
            status=ImportStatus.IMPORTING,
            only_good_rows=bool(only_good),
            rows_done=0,
            rows_created=0,
            message="",
        )
        audit_record(
            actor=actor,
            verb="petition.import_start",
            target=job,
            changes={"only_good_rows": (None, bool(only_good))},
        )
        if queue:
            transaction.on_commit(lambda: _enqueue("import", job.pk))
    return job


QUEUE_DOWN = gettext_lazy(
    "Chưa đưa được việc vào hàng đợi xử lý nền (máy chủ hàng đợi không trả lời). Không có gì "
    "bị thay đổi: hãy bấm lại sau ít phút; nếu vẫn không được, báo quản trị hệ thống."
)


def _enqueue(what: str, job_id: int) -> None:
    """Queue the job's task after the commit. When the queue cannot be reached (Redis down),
    the job goes back to where it was (checked, or to be checked) with a message saying so,
    instead of staying "in progress" with no task behind it."""
    from danvan.petitions import tasks

    task = tasks.register_import_check_task if what == "check" else tasks.register_import_run_task
    try:
        task.enqueue(job_id)
    except Exception:
        logger.exception("Register import %s: its %s task could not be queued", job_id, what)
        active, back = (
            (ImportStatus.CHECKING, ImportStatus.UPLOADED)
            if what == "check"
            else (ImportStatus.IMPORTING, ImportStatus.CHECKED)
        )
        with transaction.atomic():
            job = RegisterImport.objects.select_for_update().filter(pk=job_id).first()
            if job is None or job.status != active:
                return
            _save(job, status=back, message=str(QUEUE_DOWN))
            audit_record(
                actor=None,
                verb="petition.import_queue_failed",
                target=job,
                changes={"status": (str(active), str(back))},
            )


# --- The scan (check and import) ---------------------------------------------------------------


@dataclass
class Tally:
    total: int = 0
    done: int = 0
    bad: int = 0
    skipped: int = 0
    created: int = 0
    problems: list[dict[str, Any]] = field(default_factory=list)

    def add(self, problems: list[Problem]) -> None:
        room = MAX_PROBLEMS - len(self.problems)
        if room > 0:
            self.problems.extend(p.as_dict() for p in problems[:room])


Progress = Callable[[Tally], None]


def _rows(job: RegisterImport, fh: IO[bytes]) -> Iterator[tuple[int, int, tuple[Any, ...]]]:
    """(estimated data rows, row number, values) after the header (and the numbering row)."""
    with reader.sheet_rows(fh, job.sheet) as (estimate, rows):
        first = True
        for number, values in rows:
            if number <= job.header_row:
                continue
            if first:
                first = False
                if cols.is_numbering_row(values):
                    continue
            yield max(estimate - job.header_row, 0), number, values


def _known(org_id: int, keys: list[str], case_numbers: list[str]) -> tuple[set[str], set[str]]:
    found_keys = set(
        Petition.objects.filter(organization_id=org_id, source_ref__in=keys).values_list(
            "source_ref", flat=True
        )
    )
    found_numbers: set[str] = set()
    if case_numbers:
        found_numbers = set(
            Petition.objects.filter(
                organization_id=org_id, case_number__in=case_numbers
            ).values_list("case_number", flat=True)
        )
    return {k for k in found_keys if k}, found_numbers


def _scan(job: RegisterImport, *, write: bool, progress: Progress | None = None) -> Tally:
    org = job.organization
    checker = RowChecker(
        org=org,
        columns=job_columns(job),
        today=timezone.localdate(),
        keep_accepted_open=job_keeps_accepted_open(job),
        actor_id=job.created_by_id,
    )
    tally = Tally()
    seen: dict[str, int] = {}  # row key -> first row with it in this file
    pending: list[GoodRow] = []
    writer = Writer(job) if write else None

    def flush() -> None:
        if not pending:
            return
        keys, numbers = _known(
            org.pk,
            [g.key for g in pending],
            [g.case_number_given for g in pending if g.case_number_given],
        )
        fresh = [g for g in pending if g.key not in keys and g.case_number_given not in numbers]
        tally.skipped += len(pending) - len(fresh)
        if writer is not None:
            tally.created += writer.write(fresh, tally)
        else:
            _progress_save(job, tally)
        pending.clear()
        if progress is not None:
            progress(tally)

    with job.file.open("rb") as fh:
        for estimate, number, values in _rows(job, fh):
            tally.total = max(tally.total, estimate)
            if checker.is_blank(values):
                continue
            tally.done += 1
            good, problems = checker.check(number, values)
            if good is None:
                tally.bad += 1
                tally.add(problems)
            else:
                first = seen.get(good.key)
                if first is not None:
                    tally.skipped += 1
                    tally.add(
                        [
                            Problem(
                                number,
                                "",
                                _("trùng với dòng {row} trong tệp: không nhập lần nữa.").format(
                                    row=first
                                ),
                                "warning",
                            )
                        ]
                    )
                else:
                    seen[good.key] = number
                    tally.add(problems)
                    pending.append(good)
            if len(pending) >= BATCH or (not write and tally.done % BATCH == 0):
                flush()
        flush()
    tally.total = tally.done
    return tally


def _progress_save(job: RegisterImport, tally: Tally) -> None:
    RegisterImport.objects.filter(pk=job.pk).update(
        rows_done=tally.done, rows_total=max(tally.total, tally.done)
    )


def _finish(job: RegisterImport, tally: Tally, status: str, message: str) -> None:
    values = {
        "status": status,
        "rows_total": tally.total,
        "rows_done": tally.done,
        "rows_bad": tally.bad,
        "rows_skipped": tally.skipped,
        "problems": tally.problems,
        "message": message[:500],
        "finished_at": timezone.now(),
    }
    if status == ImportStatus.DONE:
        values["rows_created"] = tally.created
    RegisterImport.objects.filter(pk=job.pk).update(version=F("version") + 1, **values)
    for name, value in values.items():
        setattr(job, name, value)
    job.version += 1


def _failed(job: RegisterImport, exc: BaseException, *, during: str) -> None:
    logger.exception("Register import %s failed during %s", job.pk, during)
    RegisterImport.objects.filter(pk=job.pk).update(
        version=F("version") + 1,
        status=ImportStatus.FAILED,
        finished_at=timezone.now(),
        message=_(
            "Lỗi khi {during}: {error}. Các lô đã ghi vẫn được giữ; kiểm tra lại rồi nhập tiếp, "
            "các dòng đã nhập sẽ được bỏ qua."
        ).format(during=during, error=f"{type(exc).__name__}: {exc}"[:300])[:500],
    )
    job.refresh_from_db()


def _job(job_id: int) -> RegisterImport:
    return RegisterImport.objects.select_related("organization__area__parent", "created_by").get(
        pk=job_id
    )


def register_import_check_run(*, job_id: int, progress: Progress | None = None) -> RegisterImport:
    """The dry run of a queued job: counts and problems, nothing written."""
    job = _job(job_id)
    if job.status != ImportStatus.CHECKING:
        return job  # a stale task (the mapping changed since)
    try:
        with translation.override("vi"):
            tally = _scan(job, write=False, progress=progress)
    except Exception as exc:
        _failed(job, exc, during=_("kiểm tra"))
        return job
    _finish(job, tally, ImportStatus.CHECKED, "")
    return job


def register_import_run(*, job_id: int, progress: Progress | None = None) -> RegisterImport:
    """The import of a queued job, batch by batch."""
    job = _job(job_id)
    if job.status != ImportStatus.IMPORTING:
        return job
    if job.rows_bad and not job.only_good_rows:
        _failed(job, ValueError(_("còn dòng lỗi")), during=_("nhập"))
        return job
    try:
        with translation.override("vi"):
            tally = _scan(job, write=True, progress=progress)
    except Exception as exc:
        _failed(job, exc, during=_("nhập"))
        return job
    message = _("Đã nhập {created} đơn; bỏ qua {skipped} dòng đã có; {bad} dòng lỗi.").format(
        created=tally.created, skipped=tally.skipped, bad=tally.bad
    )
    with transaction.atomic():
        _finish(job, tally, ImportStatus.DONE, message)
        audit_record(
            actor=job.created_by,
            verb="petition.import_done",
            target=job,
            changes={
                "petitions": (None, tally.created),
                "rows": (None, tally.done),
            },
        )
    return job


# --- The writer ------------------------------------------------------------------------------


def _reserve_numbers(org_id: int, year: int, n: int) -> int:
    """The first of `n` consecutive case numbers of the organisation in `year` (this
    transaction holds the counter row until it ends, as `case_number_next` does)."""
    updated = CaseCounter.objects.filter(organization_id=org_id, year=year).update(
        last=F("last") + n
    )
    if not updated:
        try:
            with transaction.atomic():
                CaseCounter.objects.create(organization_id=org_id, year=year, last=n)
        except IntegrityError:
            CaseCounter.objects.filter(organization_id=org_id, year=year).update(last=F("last") + n)
    last = CaseCounter.objects.get(organization_id=org_id, year=year).last
    return last - n + 1


class Writer:
    """Writes checked rows as petitions, the way `petition_register` leaves them."""

    def __init__(self, job: RegisterImport) -> None:
        from danvan.petitions.demo_bulk import MemoEngine

        self.job = job
        self.org = job.organization
        self.actor = job.created_by
        self.actor_label = (
            (self.actor.full_name or self.actor.username)[:200] if self.actor else "system"
        )
        self.engine = MemoEngine()

    def write(self, rows: list[GoodRow], tally: Tally) -> int:
        if not rows:
            _progress_save(self.job, tally)
            return 0
        with transaction.atomic():
            created = self._insert(rows)
            RegisterImport.objects.filter(pk=self.job.pk).update(
                rows_done=tally.done,
                rows_total=max(tally.total, tally.done),
                rows_created=tally.created + created,
                rows_skipped=tally.skipped,
                rows_bad=tally.bad,
            )
        return created

    def _specs(self, fields: dict[str, Any]) -> list[Any]:
        from danvan.petitions.deadlines import petition_obligation_specs

        petition = Petition(**fields)
        petition.pk = 0  # related managers need a key; the caches below answer them
        petition._prefetched_objects_cache = {  # type: ignore[attr-defined]
            "suspensions": [],
            "extensions": [],
            "agencies": [],
        }
        return petition_obligation_specs(petition, engine=self.engine)

    def _insert(self, rows: list[GoodRow]) -> int:
        from danvan.core.bulk import raw_insert, reserve_ids
        from danvan.petitions.demo_bulk import bands_insert
        from danvan.petitions.duplicates import duplicate_hashes_many
        from danvan.petitions.search import search_text_for
        from danvan.petitions.services.common import tracking_code_new
        from danvan.text.dedup import name_key

        org = self.org
        years: dict[int, list[GoodRow]] = {}
        for row in rows:
            years.setdefault(row.petition["year"], []).append(row)
        numbers: dict[int, tuple[int, str]] = {}
        for year in sorted(years):
            group = sorted(years[year], key=lambda g: (g.petition["received_on"], g.row))
            first = _reserve_numbers(org.pk, year, len(group))
            for i, row in enumerate(group):
                seq = first + i
                numbers[row.row] = (seq, f"{seq}/{year}/{org.code}")
        ids = reserve_ids(Petition, len(rows))
        label = Petition._meta.label_lower
        petitions: list[dict[str, Any]] = []
        people: list[dict[str, Any]] = []
        bands: list[tuple[int, int, int]] = []
        events: list[dict[str, Any]] = []
        obligations: list[dict[str, Any]] = []
        vault_rows: list[tuple[int, GoodRow]] = []
        source = _("Theo sổ đơn nhập từ tệp «{file}», dòng {row}.")
        hashes = duplicate_hashes_many([row.petition["content"] for row in rows])
        for k, (pid, row) in enumerate(zip(ids, rows, strict=True)):
            p = dict(row.petition)
            seq, case_number = numbers[row.row]
            names = [] if row.protected else [person.full_name for person in row.people]
            p.update(
                id=pid,
                seq=seq,
                case_number=case_number,
                tracking_code=tracking_code_new(),
                search_text=search_text_for(
                    content=p["content"],
                    summary=p["summary"],
                    case_number=case_number,
                    names=names,
                    respondent=p["respondent"],
                    requests=p["requests"],
                ),
            )
            specs = (
                self._specs({k: v for k, v in p.items() if k != "id"})
                if p["status"] in OPEN_STATES
                else []
            )
            open_specs = [(s.due, s.key) for s in specs if s.status == "open" and s.due is not None]
            p["next_deadline"], p["next_deadline_key"] = min(open_specs, default=(None, ""))
            petitions.append(p)
            org_id = int(p["organization_id"])
            if row.protected:
                if row.people:
                    vault_rows.append((pid, row))
            else:
                people.extend(
                    {
                        "petition_id": pid,
                        "organization_id": org_id,
                        "position": i,
                        "full_name": person.full_name,
                        "search_name": name_key(person.full_name),
                        "id_number": person.id_number,
                        "address": person.address,
                        "phone": person.phone,
                        "email": person.email,
                        "is_representative": person.is_representative,
                    }
                    for i, person in enumerate(row.people)
                )
            found, copy = hashes[k]
            bands.extend(
                (pid, org_id, b) for b in sorted({*found, *([copy] if copy is not None else [])})
            )
            events.append(
                {
                    "petition_id": pid,
                    "on": p["received_on"],
                    "actor_id": self.actor.pk if self.actor else None,
                    "actor_label": self.actor_label,
                    "verb": "registered",
                    "from_status": "",
                    "to_status": Status.RECEIVED,
                    "reason": row.note if row.final_on is None else "",
                    "data": {
                        "channel": p["channel"],
                        "duplicate_of": None,
                        "import": self.job.pk,
                        "row": row.row,
                    },
                }
            )
            if row.final_on is not None:
                events.append(
                    {
                        "petition_id": pid,
                        "on": row.final_on,
                        "actor_id": self.actor.pk if self.actor else None,
                        "actor_label": self.actor_label,
                        "verb": "transition",
                        "from_status": Status.RECEIVED,
                        "to_status": p["status"],
                        "reason": source.format(file=self.job.file_name, row=row.row)[:4000],
                        "data": {
                            "triage_outcome": p.get("triage_outcome", ""),
                            "import": self.job.pk,
                        },
                    }
                )
            obligations.extend(
                {
                    "key": s.key,
                    "kind": s.kind,
                    "title": s.title[:300],
                    "rule_id": s.rule_id,
                    "explanation": [str(line) for line in s.explanation],
                    "target_type": label,
                    "target_id": pid,
                    "target_label": case_number,
                    "target_status": p["status"],
                    "topic": s.topic,
                    "organization_id": s.organization_id,
                    "assignee_id": s.assignee_id,
                    "area_id": s.area_id,
                    "started_on": s.started_on,
                    "due": s.due,
                    "status": s.status,
                    "completed_on": s.completed_on if s.status == "done" else None,
                }
                for s in specs
            )
        raw_insert(Petition, petitions, ids=True)
        raw_insert(Petitioner, people)
        bands_insert(bands)
        raw_insert(PetitionEvent, events)
        raw_insert(Obligation, obligations)
        if vault_rows:
            from danvan.petitions.vault import vault_store

            for pid, row in vault_rows:
                shell = Petition(
                    pk=pid, organization_id=org.pk, pseudonym=row.petition["pseudonym"]
                )
                vault_store(petition=shell, persons=row.people)
        first_case, last_case = numbers[rows[0].row][1], numbers[rows[-1].row][1]
        audit_record(
            actor=self.actor,
            verb="petition.import_batch",
            target=self.job,
            changes={
                "petitions": (None, len(rows)),
                "rows": (None, f"{rows[0].row}-{rows[-1].row}"),
                "case_numbers": (None, f"{first_case} … {last_case}"),
            },
        )
        return len(rows)
