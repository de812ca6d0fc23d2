"""The denouncer's identity is never found outside the vault.

A canary identity (name, ID number, phone, address, a scan) goes through intake, the whole
lifecycle, the API, the pages, search, documents, logs and error pages; then every table, the
database file (SQLite) and every stored file are searched for it. The positive control — a
granted, audited reveal that does show it — proves the search can find it when it is there.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from danvan.core.models import AuditEvent
from danvan.core.services.accounts import api_token_issue
from danvan.petitions.documents import document_file_bytes
from danvan.petitions.inputs import FileInput, PersonInput, TransitionInput
from danvan.petitions.models import Petition, PetitionDocument
from danvan.petitions.services import petition_register, petition_transition
from danvan.petitions.vault import identity_grant_create, vault_key_generate, vault_reveal
from danvan.text import fold
from tests.petitions.conftest import World, petition_input

CANARY_NAME = "Phạm Thị Canari Nguyệt"
CANARY_ID = "036199004217"
CANARY_PHONE = "0987654321"
CANARY_ADDRESS = "Tổ dân phố Chim Hoàng Yến"
NEEDLES = [CANARY_NAME, CANARY_ID, CANARY_PHONE, CANARY_ADDRESS]


def _variants() -> list[bytes]:
    found: list[bytes] = []
    for needle in NEEDLES:
        for text in {needle, needle.upper(), fold(needle), fold(needle).replace(" ", "")}:
            found.append(text.encode("utf-8"))
    return found


VARIANTS = _variants()


def leaks(blob: bytes | str) -> list[str]:
    data = blob.encode("utf-8", "replace") if isinstance(blob, str) else bytes(blob)
    lowered = data.lower()
    return [v.decode() for v in VARIANTS if v.lower() in lowered]


def _move(petition: Petition, actor: Any, to: str, on: dt.date, **extra: Any) -> Petition:
    return petition_transition(
        petition=petition,
        actor=actor,
        data=TransitionInput(
            to=to, on=on, reason=f"Bước {to}", expected_version=petition.version, **extra
        ),
    )


def _docx_text(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


def _all_table_rows() -> dict[str, bytes]:
    """Every row of every table (models and raw tables such as the FTS index), as bytes."""
    dumps: dict[str, bytes] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')
            chunks = []
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, memoryview | bytes):
                        chunks.append(bytes(value))
                    elif value is not None:
                        chunks.append(str(value).encode("utf-8"))
            dumps[table] = b"\n".join(chunks)
    return dumps


@pytest.mark.django_db(transaction=True)
def test_canary_identity_never_leaves_the_vault(
    world: World, settings: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    settings.DEBUG = False
    scan = f"Đơn tố cáo viết tay của {CANARY_NAME}, CCCD {CANARY_ID}".encode()
    petition = petition_register(
        actor=world.officer,
        data=petition_input(
            kind="denunciation",
            content="Tố cáo cán bộ địa chính xã An nhận tiền để hợp thức hóa đất lấn chiếm.",
            respondent="Cán bộ địa chính xã An",
            petitioners=[
                PersonInput(
                    full_name=CANARY_NAME,
                    id_number=CANARY_ID,
                    phone=CANARY_PHONE,
                    address=CANARY_ADDRESS,
                )
            ],
        ),
        files=[FileInput(name="don-viet-tay.txt", data=scan, is_original=True)],
    )
    petition = _move(petition, world.officer, "triaged", dt.date(2026, 3, 5), outcome="accept")
    petition = _move(petition, world.officer, "accepted", dt.date(2026, 3, 6))
    petition = _move(petition, world.officer, "verifying", dt.date(2026, 3, 9))
    petition = _move(
        petition,
        world.officer,
        "resolved",
        dt.date(2026, 3, 20),
        decision_number="15/KL-UBND",
        result_summary="Tố cáo đúng một phần; kiểm điểm cán bộ địa chính.",
    )

    outputs: dict[str, bytes | str] = {}
    # API payloads (list, search by the canary, detail) and pages, as the officer sees them.
    client = Client()
    _token, raw = api_token_issue(user=world.officer)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    for path in (
        "/api/v1/petitions",
        f"/api/v1/petitions?q={CANARY_NAME}",
        f"/api/v1/petitions?q={CANARY_ID}",
        f"/api/v1/petitions/{petition.pk}",
        "/api/v1/petitions/999999",
        f"/api/v1/petitions/{petition.pk}/identity",  # no reason: 400
        f"/api/v1/petitions/{petition.pk}/identity?reason=Xac+minh+noi+dung+to+cao",  # no grant
    ):
        response = client.get(path, **headers)
        outputs[f"api {path}"] = response.content
    # Search never reaches the vault (the query itself is echoed back, so count the results).
    for needle in (CANARY_NAME, CANARY_ID):
        searched = json.loads(outputs.pop(f"api /api/v1/petitions?q={needle}"))
        assert searched["count"] == 0
    browser = Client()
    browser.force_login(world.officer)
    for path in (
        "/don-thu/",
        f"/don-thu/{petition.pk}/",
        "/don-thu/999999/",
        "/han-xu-ly/",
    ):
        outputs[f"page {path}"] = browser.get(path).content
    # Documents issued along the way (the ones a verifier receives).
    documents = list(PetitionDocument.objects.filter(petition=petition))
    assert len(documents) >= 4
    for document in documents:
        outputs[f"docx {document.template}"] = _docx_text(document_file_bytes(document))

    # Positive control: a leader grants, the officer reveals with a reason, and sees it.
    identity_grant_create(
        petition=petition,
        actor=world.leader,
        user=world.officer,
        reason="Cần liên hệ người tố cáo để bổ sung chứng cứ",
        expires_at=timezone.now() + dt.timedelta(days=3),
    )
    identity = vault_reveal(
        petition=petition, actor=world.officer, reason="Liên hệ người tố cáo bổ sung chứng cứ"
    )
    assert identity.persons[0].full_name == CANARY_NAME
    revealed = client.get(
        f"/api/v1/petitions/{petition.pk}/identity?reason=Lien+he+bo+sung+chung+cu", **headers
    )
    assert revealed.status_code == 200 and leaks(revealed.content), "control: search must work"
    assert (
        AuditEvent.objects.filter(
            verb="petition.identity_reveal", target_id=str(petition.pk)
        ).count()
        == 2
    )

    # Nothing anywhere else.
    for where, blob in outputs.items():
        assert not leaks(blob), f"identity found in {where}"
    for table, blob in _all_table_rows().items():
        assert not leaks(blob), f"identity found in table {table}"
    logged = "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records)
    assert not leaks(logged), "identity found in the logs"
    media = Path(settings.MEDIA_ROOT)
    for path in media.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".docx":
                data = _docx_text(data)
            assert not leaks(data), f"identity found in stored file {path.name}"
    if connection.vendor == "sqlite":
        copy = tmp_path / "copy.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(copy)])
        assert not leaks(copy.read_bytes()), "identity found in the database file"

    # A wrong key fails loudly instead of showing anything.
    settings.DANVAN_VAULT_KEY = vault_key_generate()
    wrong = client.get(
        f"/api/v1/petitions/{petition.pk}/identity?reason=Lien+he+bo+sung+chung+cu", **headers
    )
    assert wrong.status_code >= 500
    assert "error" in wrong.json() and not leaks(wrong.content)
