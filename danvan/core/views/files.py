"""Serving a stored upload (evidence, attachments, document files) to someone the caller has
already checked may see it: always a download, never cached, never sniffed by the browser; a
file missing from the disk is a 404, not a server error."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404


def private_download(response: FileResponse) -> FileResponse:
    """Mark a download as private (no shared caches) and not to be content-sniffed."""
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def stored_file_response(stored: Any, *, filename: str, content_type: str = "") -> FileResponse:
    """A download of the `FieldFile` `stored` under `filename` (404 when it is gone)."""
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except OSError:
        raise Http404 from None
    return private_download(
        FileResponse(
            handle,
            as_attachment=True,
            filename=filename,
            content_type=content_type or "application/octet-stream",
        )
    )
