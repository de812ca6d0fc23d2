"""Attachment checks: the type is read from the file's content, never trusted from its name.

Accepted: PDF, JPEG, PNG, TIFF, Word (.docx, .doc), Excel (.xlsx), OpenDocument text (.odt)
and plain UTF-8 text; each file at most `DANVAN_ATTACHMENT_MAX_MB`, at most
`DANVAN_ATTACHMENT_MAX_FILES` per petition. The extension must agree with the content.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from danvan.core.errors import ValidationFailed
from danvan.petitions.inputs import FileInput

# content type -> accepted extensions
TYPES: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "image/tiff": (".tif", ".tiff"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "application/vnd.oasis.opendocument.text": (".odt",),
    "application/msword": (".doc",),
    "text/plain": (".txt",),
}


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    size: int
    sha256: str
    data: bytes
    is_original: bool
    description: str


def max_bytes() -> int:
    return int(getattr(settings, "DANVAN_ATTACHMENT_MAX_MB", 20)) * 1024 * 1024


def max_files() -> int:
    return int(getattr(settings, "DANVAN_ATTACHMENT_MAX_FILES", 10))


def sniff(data: bytes) -> str:
    """The content type read from the bytes, or "" when it is not an accepted kind."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/msword"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "word/document.xml" in names:
                    return TYPES_BY_EXT[".docx"]
                if "xl/workbook.xml" in names:
                    return TYPES_BY_EXT[".xlsx"]
                if "mimetype" in names and archive.read("mimetype").strip() == (
                    b"application/vnd.oasis.opendocument.text"
                ):
                    return TYPES_BY_EXT[".odt"]
        except (zipfile.BadZipFile, KeyError, ValueError, OSError):
            return ""
        return ""
    if b"\x00" not in data:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return ""
        return "text/plain"
    return ""


TYPES_BY_EXT: dict[str, str] = {ext: ct for ct, exts in TYPES.items() for ext in exts}


def _extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def _clean_name(name: str) -> str:
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:200] or "tep-dinh-kem"


def attachments_check(files: Sequence[FileInput]) -> list[CheckedFile]:
    """Check every file; raise one ValidationFailed naming each bad file, or return them all."""
    if len(files) > max_files():
        message = _("Mỗi đơn đính kèm tối đa {n} tệp.").format(n=max_files())
        raise ValidationFailed(message, fields={"files": message})
    problems: list[str] = []
    checked: list[CheckedFile] = []
    for item in files:
        name = _clean_name(item.name)
        size = len(item.data)
        if size == 0:
            problems.append(_("Tệp “{name}” rỗng.").format(name=name))
            continue
        if size > max_bytes():
            problems.append(
                _("Tệp “{name}” lớn hơn {mb} MB.").format(name=name, mb=max_bytes() // 1048576)
            )
            continue
        content_type = sniff(item.data)
        if not content_type:
            problems.append(
                _(
                    "Tệp “{name}” không thuộc loại được nhận (PDF, ảnh JPEG/PNG/TIFF, Word, "
                    "Excel, ODT, văn bản)."
                ).format(name=name)
            )
            continue
        if _extension(name) not in TYPES[content_type]:
            problems.append(
                _("Tệp “{name}”: phần mở rộng không khớp với nội dung ({expected}).").format(
                    name=name, expected=", ".join(TYPES[content_type])
                )
            )
            continue
        checked.append(
            CheckedFile(
                name=name,
                content_type=content_type,
                size=size,
                sha256=hashlib.sha256(item.data).hexdigest(),
                data=item.data,
                is_original=item.is_original,
                description=item.description.strip()[:300],
            )
        )
    if problems:
        message = " ".join(problems)
        raise ValidationFailed(message, fields={"files": message})
    return checked
