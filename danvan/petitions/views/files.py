"""Downloads of a case's documents and attachments, after the case's scope check.

Files are never served from a public media URL: a user outside the case's scope gets 404 as if
the file did not exist, and every file is sent as a download (never rendered inline).
"""

from __future__ import annotations

import io
import re

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from danvan.core.errors import NotFound
from danvan.core.views.files import private_download, stored_file_response
from danvan.petitions import selectors
from danvan.petitions.documents import document_file_bytes
from danvan.text import fold

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _filename(*parts: str, ext: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(" ".join(p for p in parts if p)).lower()).strip("-")
    return f"{slug[:120] or 'van-ban'}{ext}"


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int, doc_pk: int) -> FileResponse:
    petition = selectors.petition_get(user=request.user, pk=pk)
    document = petition.documents.filter(pk=doc_pk).first()
    if document is None:
        raise Http404
    try:
        data = document_file_bytes(document)
    except NotFound:
        raise Http404 from None
    name = _filename(petition.case_number, document.title, ext=".docx")
    return private_download(
        FileResponse(io.BytesIO(data), as_attachment=True, filename=name, content_type=DOCX)
    )


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int, att_pk: int) -> FileResponse:
    petition = selectors.petition_get(user=request.user, pk=pk)
    attachment = petition.attachments.filter(pk=att_pk).first()
    if attachment is None:
        raise Http404
    return stored_file_response(
        attachment.file,
        filename=attachment.original_name or "tep-dinh-kem",
        content_type=attachment.content_type,
    )
