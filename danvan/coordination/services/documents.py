"""Writes of the document register: register, edit, files, links between documents."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from danvan.coordination import rules
from danvan.coordination.inputs import DocumentInput
from danvan.coordination.models import (
    DocumentFile,
    DocumentKind,
    DocumentLink,
    LegalDocument,
)
from danvan.coordination.services.common import (
    check_writer,
    date,
    invalid,
    long_text,
    organization,
    search_text,
    text,
)
from danvan.coordination.states import LinkKind
from danvan.core.errors import Conflict
from danvan.core.files import CheckedFile, FileLike, files_check
from danvan.core.services.audit import audit_record
from danvan.core.services.versioning import versioned_update

FILES_PER_DOCUMENT = 10


def _no_right() -> str:
    return _(
        "Bạn không có quyền vào sổ văn bản của đơn vị này: cần vai trò cán bộ, lãnh đạo hoặc "
        "quản trị tại đơn vị đó hoặc đơn vị cấp trên."
    )


def _reference(value: str) -> str:
    reference = rules.reference_clean(value)
    if not reference:
        raise invalid("reference", _("Nhập số, ký hiệu của văn bản (ví dụ 25-NQ/TW)."))
    if len(reference) > 80:
        raise invalid("reference", _("Số, ký hiệu dài quá 80 ký tự."))
    if not rules.reference_looks_valid(reference):
        raise invalid(
            "reference",
            _(
                "Số, ký hiệu «%(ref)s» không đúng dạng: bắt đầu bằng số văn bản, rồi dấu gạch "
                "ngang hoặc gạch chéo và ký hiệu (ví dụ 25-NQ/TW, 755-CV/TU, 12/KH-UBND)."
            )
            % {"ref": reference},
        )
    return reference


def _cleaned(data: DocumentInput) -> dict[str, Any]:
    if data.kind not in DocumentKind.values:
        raise invalid("kind", _("Chọn loại văn bản."))
    issued_on = date(data.issued_on, field="issued_on", label=_("ngày ban hành"))
    effective_from = date(
        data.effective_from, field="effective_from", label=_("ngày có hiệu lực"), required=False
    )
    effective_to = date(
        data.effective_to, field="effective_to", label=_("ngày hết hiệu lực"), required=False
    )
    if effective_from and effective_to and effective_to < effective_from:
        raise invalid("effective_to", _("Ngày hết hiệu lực phải sau ngày có hiệu lực."))
    issuer = None
    if data.issuer_id is not None:
        issuer = organization(data.issuer_id, field="issuer", label=_("cơ quan ban hành"))
    issuer_name = text(
        data.issuer_name,
        field="issuer_name",
        label=_("cơ quan ban hành"),
        max_length=250,
        required=issuer is None,
    ) or (issuer.name if issuer else "")
    return {
        "kind": data.kind,
        "reference": _reference(data.reference),
        "issuer_name": issuer_name,
        "issuer": issuer,
        "issued_on": issued_on,
        "title": text(
            data.title, field="title", label=_("trích yếu"), max_length=500, required=True
        ),
        "summary": long_text(data.summary, field="summary"),
        "effective_from": effective_from,
        "effective_to": effective_to,
    }


def _duplicate_message(values: dict[str, Any]) -> str:
    return _(
        "Văn bản số %(ref)s ngày %(day)s đã có trong sổ văn bản của đơn vị này: mở văn bản đó "
        "để cập nhật thay vì vào sổ lần nữa."
    ) % {"ref": values["reference"], "day": values["issued_on"].strftime("%d/%m/%Y")}


def _check_unique(org_id: int, values: dict[str, Any], exclude: int | None = None) -> None:
    qs = LegalDocument.objects.filter(
        organization_id=org_id,
        reference__iexact=values["reference"],
        issued_on=values["issued_on"],
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    existing = qs.values_list("reference", flat=True).first()
    if existing is not None:
        raise invalid("reference", _duplicate_message({**values, "reference": existing}))


def _file_save(document: LegalDocument, actor: Any, f: CheckedFile) -> DocumentFile:
    stored = DocumentFile(
        document=document,
        original_name=f.name,
        content_type=f.content_type,
        size=f.size,
        sha256=f.sha256,
        description=f.description,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    stored.file.save(f.sha256, ContentFile(f.data), save=False)
    stored.save()
    return stored


def document_register(
    *, actor: Any, data: DocumentInput, files: Sequence[FileLike] = ()
) -> LegalDocument:
    """Enter a document in the register of `data.organization_id`, with its files."""
    org = organization(data.organization_id, field="organization", label=_("đơn vị quản lý"))
    check_writer(actor, org, _no_right())
    values = _cleaned(data)
    checked = files_check(list(files), limit=FILES_PER_DOCUMENT) if files else []
    _check_unique(int(org.pk), values)
    try:
        with transaction.atomic():
            document = LegalDocument.objects.create(
                organization=org,
                created_by=actor if getattr(actor, "pk", None) else None,
                search_text=search_text(
                    values["reference"], values["title"], values["issuer_name"]
                ),
                **values,
            )
            for f in checked:
                _file_save(document, actor, f)
            audit_record(
                actor=actor,
                verb="coordination.document_register",
                target=document,
                changes={
                    "reference": (None, document.reference),
                    "kind": (None, document.kind),
                    "issued_on": (None, document.issued_on),
                    "issuer_name": (None, document.issuer_name),
                    "title": (None, document.title),
                    "files": (None, [f.name for f in checked] or None),
                },
            )
    except IntegrityError:  # a concurrent registration of the same document won the race
        raise invalid("reference", _duplicate_message(values)) from None
    return document


_EDITABLE = (
    "kind",
    "reference",
    "issuer_name",
    "issuer",
    "issued_on",
    "title",
    "summary",
    "effective_from",
    "effective_to",
)


def document_update(
    *, actor: Any, document: LegalDocument, data: DocumentInput, expected_version: int
) -> LegalDocument:
    """Correct the register entry (the managing organisation does not change)."""
    check_writer(actor, document.organization_id, _no_right())
    values = _cleaned(data)
    _check_unique(document.organization_id, values, exclude=int(document.pk))
    changes: dict[str, tuple[Any, Any]] = {}
    for name in _EDITABLE:
        old = getattr(document, name)
        if old != values[name]:
            changes[name] = (
                str(old) if name == "issuer" and old else old,
                str(values[name]) if name == "issuer" and values[name] else values[name],
            )
    if not changes:
        return document
    values["search_text"] = search_text(values["reference"], values["title"], values["issuer_name"])
    try:
        with transaction.atomic():
            if not versioned_update(document, expected_version=expected_version, **values):
                raise Conflict(
                    _(
                        "Văn bản vừa được người khác cập nhật: tải lại trang để xem thay đổi rồi "
                        "thực hiện lại."
                    ),
                    fields={"expected_version": _("Phiên bản đã cũ.")},
                )
            audit_record(
                actor=actor, verb="coordination.document_update", target=document, changes=changes
            )
    except IntegrityError:
        raise invalid("reference", _duplicate_message(values)) from None
    document.refresh_from_db()
    return document


def document_files_add(
    *, actor: Any, document: LegalDocument, files: Sequence[FileLike]
) -> list[DocumentFile]:
    """Attach files to a registered document (at most FILES_PER_DOCUMENT in all)."""
    check_writer(actor, document.organization_id, _no_right())
    if not files:
        raise invalid("files", _("Chọn ít nhất một tệp."))
    room = FILES_PER_DOCUMENT - document.files.count()
    checked = files_check(list(files), limit=max(room, 0))
    with transaction.atomic():
        saved = [_file_save(document, actor, f) for f in checked]
        audit_record(
            actor=actor,
            verb="coordination.document_files_add",
            target=document,
            changes={"files": (None, [f.name for f in checked])},
        )
    return saved


def document_link_add(
    *, actor: Any, source: LegalDocument, target: LegalDocument, kind: str = LinkKind.IMPLEMENTS
) -> DocumentLink:
    """Record that `source` implements (amends, replaces, relates to) `target`."""
    check_writer(actor, source.organization_id, _no_right())
    if kind not in LinkKind.values:
        raise invalid("kind", _("Chọn quan hệ giữa hai văn bản."))
    if source.pk == target.pk:
        raise invalid("target", _("Một văn bản không liên kết với chính nó."))
    if DocumentLink.objects.filter(source=source, target=target).exists():
        raise invalid("target", _("Hai văn bản này đã được liên kết."))
    with transaction.atomic():
        link = DocumentLink.objects.create(source=source, target=target, kind=kind)
        audit_record(
            actor=actor,
            verb="coordination.document_link",
            target=source,
            changes={"link": (None, f"{LinkKind(kind).label}: {target}")},
        )
    return link


def document_link_remove(*, actor: Any, link: DocumentLink) -> None:
    check_writer(actor, link.source.organization_id, _no_right())
    with transaction.atomic():
        audit_record(
            actor=actor,
            verb="coordination.document_unlink",
            target=link.source,
            changes={"link": (f"{LinkKind(link.kind).label}: {link.target}", None)},
        )
        link.delete()
