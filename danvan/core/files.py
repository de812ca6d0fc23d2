"""Uploaded files of any module: the type is read from the content, never trusted from the name.

Accepted: PDF, JPEG, PNG, TIFF, Word (.docx, .doc), Excel (.xlsx), OpenDocument text (.odt)
and plain UTF-8 text; each file at most `DANVAN_ATTACHMENT_MAX_MB`, at most
`DANVAN_ATTACHMENT_MAX_FILES` per record unless the caller gives its own limit. The extension
must agree with the content. Petitions, task evidence, practice-model evidence and document
files all go through `files_check`.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Protocol

from django.conf import settings
from django.utils.translation import gettext as _

from danvan.core.errors import ValidationFailed


class FileLike(Protocol):
    """What an upload must offer: its name and bytes (a description and "original" flag are
    read when present)."""

    name: str
    data: bytes


@dataclass
class UploadedFileInput:
    """A file as received, before checks (views and the API build these)."""

    name: str
    data: bytes = dataclass_field(repr=False)
    description: str = ""
    is_original: bool = False


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


def files_check(
    files: Sequence[FileLike], *, limit: int | None = None, field: str = "files"
) -> list[CheckedFile]:
    """Check every file; raise one ValidationFailed naming each bad file, or return them all.

    `limit` is the most files one record takes (default `DANVAN_ATTACHMENT_MAX_FILES`); the
    error is reported on `field`.
    """
    limit = max_files() if limit is None else limit
    if len(files) > limit:
        message = _("Mỗi hồ sơ đính kèm tối đa {n} tệp.").format(n=limit)
        raise ValidationFailed(message, fields={field: message})
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
                is_original=bool(getattr(item, "is_original", False)),
                description=str(getattr(item, "description", "") or "").strip()[:300],
            )
        )
    if problems:
        message = " ".join(problems)
        raise ValidationFailed(message, fields={field: message})
    return checked
