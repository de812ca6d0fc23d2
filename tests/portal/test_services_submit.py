"""A citizen's submission: routing, the checks each kind needs, the vault, the consent record."""

from __future__ import annotations

import struct
import zlib
from typing import Any

import pytest

from danvan.core.errors import ValidationFailed
from danvan.core.models import AuditEvent
from danvan.petitions.inputs import FileInput
from danvan.petitions.models import Petition, Petitioner, VaultEntry
from danvan.portal.models import Submission
from danvan.portal.services import PRIVACY_NOTICE_VERSION, portal_submit
from tests.petitions.conftest import World
from tests.portal.conftest import submission

pytestmark = pytest.mark.django_db


def _submit(**overrides: Any) -> Any:
    files = overrides.pop("files", ())
    return portal_submit(data=submission(**overrides), files=files, ip_hash="h" * 64)


def _png() -> bytes:
    """A real 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_report_goes_to_the_communes_peoples_committee_inbox(world: World) -> None:
    result = _submit()
    petition = result.submission.petition
    assert petition is not None
    assert petition.organization == world.commune_a_org
    assert petition.area == world.commune_a
    assert petition.channel == "online"
    assert petition.inbox_pending is True
    assert petition.registered_by is None
    assert petition.source_ref == f"portal:{result.submission.pk}"
    assert result.tracking_code == petition.tracking_code
    assert result.via_province is False
    assert list(petition.petitioners.values_list("full_name", flat=True)) == ["Nguyễn Thị Hoa"]
    # The officers see it in their inbox.
    from danvan.petitions.selectors import PetitionFilters, petition_list

    inbox = petition_list(user=world.officer_a, filters=PetitionFilters(inbox=True))
    assert list(inbox) == [petition]


def test_commune_without_peoples_committee_goes_to_the_province(world: World) -> None:
    result = _submit(commune="19003")
    petition = result.submission.petition
    assert petition is not None
    assert petition.organization == world.province_org
    assert petition.area == world.remote_commune  # the place stays the commune
    assert petition.remote is True
    assert result.via_province is True


def test_no_commune_goes_to_the_province(world: World) -> None:
    petition = _submit(commune="").submission.petition
    assert petition is not None
    assert petition.organization == world.province_org
    assert petition.area == world.province


def test_commune_of_another_province_is_refused(world: World) -> None:
    from tests.factories import CommuneFactory, ProvinceFactory

    other = ProvinceFactory(code="45")
    CommuneFactory(code="20001", parent=other)
    with pytest.raises(ValidationFailed) as error:
        _submit(commune="20001")
    assert "commune" in error.value.fields
    assert not Submission.objects.exists()


def test_consent_is_required_and_nothing_is_stored_without_it(world: World) -> None:
    with pytest.raises(ValidationFailed) as error:
        _submit(consent=False, content="ngắn")
    # Every problem at once, under the portal's field names.
    assert set(error.value.fields) >= {"consent", "content"}
    assert not Petition.objects.exists()
    assert not Submission.objects.exists()


def test_complaint_needs_name_and_address(world: World) -> None:
    with pytest.raises(ValidationFailed) as error:
        _submit(kind="complaint", name="", address="", phone="")
    assert "Luật Khiếu nại" in error.value.fields["name"]
    assert "address" in error.value.fields
    with pytest.raises(ValidationFailed) as error:
        _submit(kind="complaint", anonymous=True)
    assert "anonymous" in error.value.fields


def test_report_without_name_is_anonymous_but_contact_needs_a_name(world: World) -> None:
    petition = _submit(name="", address="", phone="").submission.petition
    assert petition is not None and petition.anonymous is True
    assert not petition.petitioners.exists()
    with pytest.raises(ValidationFailed) as error:
        _submit(name="", address="", phone="0912345678")
    assert "name" in error.value.fields


def test_mixed_kind_is_not_offered(world: World) -> None:
    with pytest.raises(ValidationFailed) as error:
        _submit(kind="mixed")
    assert "kind" in error.value.fields


def test_denouncers_identity_goes_to_the_vault_like_intake(world: World) -> None:
    result = _submit(
        kind="denunciation",
        name="Lê Văn Tố",
        address="Thôn Bắc",
        id_number="044085009999",
        respondent="Cán bộ địa chính xã An",
        files=[FileInput(name="anh.png", data=_png())],
    )
    petition = result.submission.petition
    assert petition is not None
    assert petition.kind == "denunciation"
    assert not Petitioner.objects.filter(petition=petition).exists()
    assert VaultEntry.objects.filter(petition=petition).exists()
    assert petition.vault.files.count() == 1
    assert not petition.attachments.exists()
    assert petition.pseudonym
    assert "le van to" not in petition.search_text
    assert "044085009999" not in petition.search_text


def test_named_denunciation_needs_name_and_address(world: World) -> None:
    with pytest.raises(ValidationFailed) as error:
        _submit(kind="denunciation", name="", address="", phone="")
    assert "Luật Tố cáo" in error.value.fields["name"]


def test_anonymous_denunciation_is_accepted_without_identity(world: World) -> None:
    result = _submit(kind="denunciation", anonymous=True, name="", address="", phone="")
    petition = result.submission.petition
    assert petition is not None and petition.anonymous is True
    assert not VaultEntry.objects.filter(petition=petition).exists()
    with pytest.raises(ValidationFailed) as error:
        _submit(kind="denunciation", anonymous=True, name="Ai Đó", address="", phone="")
    assert "anonymous" in error.value.fields


def test_file_type_is_read_from_the_content(world: World) -> None:
    with pytest.raises(ValidationFailed) as error:
        _submit(files=[FileInput(name="ho-so.pdf", data=b"MZ\x90\x00 not a pdf \x00\x01")])
    assert "ho-so.pdf" in error.value.fields["files"]
    with pytest.raises(ValidationFailed) as error:
        _submit(files=[FileInput(name="anh.pdf", data=_png())])  # a PNG named .pdf
    assert "phần mở rộng" in error.value.fields["files"]
    assert not Submission.objects.exists()
    petition = _submit(files=[FileInput(name="anh.png", data=_png())]).submission.petition
    assert petition is not None
    assert [a.content_type for a in petition.attachments.all()] == ["image/png"]


def test_file_count_is_limited(world: World, settings: Any) -> None:
    settings.DANVAN_ATTACHMENT_MAX_FILES = 2
    files = [FileInput(name=f"a{i}.txt", data=b"van ban") for i in range(3)]
    with pytest.raises(ValidationFailed) as error:
        _submit(files=files)
    assert "2" in error.value.fields["files"]


def test_submission_keeps_consent_and_never_the_raw_address(world: World) -> None:
    result = portal_submit(
        data=submission(),
        ip_hash="a" * 64,
        user_agent="Mozilla/5.0 " + "x" * 500 + "\x07",
    )
    row = Submission.objects.get(pk=result.submission.pk)
    assert row.ip_hash == "a" * 64
    assert len(row.user_agent) == 200 and "\x07" not in row.user_agent
    assert row.privacy_notice_version == PRIVACY_NOTICE_VERSION
    assert row.consent_at is not None


def test_registration_is_audited_as_the_system_with_the_portal_marker(world: World) -> None:
    petition = _submit().submission.petition
    assert petition is not None
    event = AuditEvent.objects.get(verb="petition.register", target_id=str(petition.pk))
    assert event.actor_id is None
    assert event.changes["via"] == [None, "portal"]
    assert event.changes["channel"] == [None, "online"]
    timeline = petition.events.get(verb="registered")
    assert timeline.actor_label == "Cổng công dân"
    assert AuditEvent.objects.filter(verb="portal.submit").count() == 1
    # The receipt document is issued as for any registration.
    assert petition.documents.filter(template="tiep_nhan").exists()
