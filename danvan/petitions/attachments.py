"""Attachment checks of petitions: the core's file checks (`danvan.core.files`) with the
petition's limit of files.
"""

from __future__ import annotations

from collections.abc import Sequence

from danvan.core.files import (
    TYPES,
    TYPES_BY_EXT,
    CheckedFile,
    files_check,
    max_bytes,
    max_files,
    sniff,
)
from danvan.petitions.inputs import FileInput

__all__ = [
    "TYPES",
    "TYPES_BY_EXT",
    "CheckedFile",
    "attachments_check",
    "max_bytes",
    "max_files",
    "sniff",
]


def attachments_check(files: Sequence[FileInput]) -> list[CheckedFile]:
    """Check every file of a petition; raise one ValidationFailed naming each bad file."""
    return files_check(files)
