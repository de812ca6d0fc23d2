"""Stored uploads are served as private downloads, and a file gone from the disk is a 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import Http404

from danvan.core.models import TaskEvidence
from danvan.core.views.files import stored_file_response


def _field_file(name: str) -> FieldFile:
    field = TaskEvidence._meta.get_field("file")
    return FieldFile(instance=TaskEvidence(), field=field, name=name)  # type: ignore[arg-type]


def test_a_stored_file_is_a_private_download(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    name = default_storage.save("tasks/bien-ban.pdf", ContentFile(b"%PDF-1.4 test"))

    response = stored_file_response(
        _field_file(name), filename="Biên bản.pdf", content_type="application/pdf"
    )

    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"  # type: ignore[arg-type]
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]


def test_a_file_missing_from_the_disk_is_404(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)

    with pytest.raises(Http404):
        stored_file_response(_field_file("tasks/khong-con.pdf"), filename="x.pdf")
    with pytest.raises(Http404):
        stored_file_response(_field_file(""), filename="x.pdf")
