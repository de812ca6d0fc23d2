"""Registering documents: number/symbol checks, duplicates, files, edits, links, rights."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from danvan.coordination import services
from danvan.coordination.inputs import DocumentInput
from danvan.coordination.models import DocumentFile, LegalDocument
from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.files import UploadedFileInput
from danvan.core.models import AuditEvent
from tests.coordination.conftest import PDF, World, doc_input

pytestmark = pytest.mark.django_db


def test_officer_registers_document_with_file_folded_for_search(world: World) -> None:
    document = services.document_register(
        actor=world.officer,
        data=doc_input(world.ubnd, reference="Số 05-CT/UBND"),
        files=[UploadedFileInput(name="chi-thi-05.pdf", data=PDF)],
    )
    assert document.reference == "05-CT/UBND"
    assert "05-ct/ubnd" in document.search_text
    assert "chi thi ve tang cuong cong tac dan van" in document.search_text
    stored = DocumentFile.objects.get(document=document)
    assert stored.original_name == "chi-thi-05.pdf"
    assert stored.content_type == "application/pdf"
    assert stored.file.read() == PDF
    assert AuditEvent.objects.filter(verb="coordination.document_register").count() == 1


@pytest.mark.parametrize("reference", ["", "   ", "CT/UBND", "05", "số"])
def test_empty_or_malformed_reference_is_refused(world: World, reference: str) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.document_register(
            actor=world.officer, data=doc_input(world.ubnd, reference=reference)
        )
    assert "reference" in exc.value.fields
    assert LegalDocument.objects.count() == 0


@pytest.mark.parametrize("reference", ["25-NQ/TW", "48/2010/QĐ-TTg", "53-CTr/HU", "12/KH-UBND"])
def test_usual_reference_shapes_are_accepted(world: World, reference: str) -> None:
    document = services.document_register(
        actor=world.officer, data=doc_input(world.ubnd, reference=reference)
    )
    assert document.reference == reference


def test_same_reference_and_date_in_same_organisation_is_refused_with_message(
    world: World, register: Callable[..., LegalDocument]
) -> None:
    first = register()
    with pytest.raises(ValidationFailed) as exc:
        register(reference="05-ct/ubnd")
    assert "đã có trong sổ văn bản" in exc.value.message
    assert first.reference in exc.value.message
    # Same number on another date is another document.
    register(issued_on=first.issued_on.replace(year=first.issued_on.year - 1))
    assert LegalDocument.objects.count() == 2


def test_bad_file_writes_nothing(world: World) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.document_register(
            actor=world.officer,
            data=doc_input(world.ubnd),
            files=[UploadedFileInput(name="virus.pdf", data=b"MZ\x90\x00binary\x00")],
        )
    assert "files" in exc.value.fields
    assert LegalDocument.objects.count() == 0
    assert DocumentFile.objects.count() == 0


def test_officer_of_another_province_cannot_register_for_this_one(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.document_register(actor=world.outsider, data=doc_input(world.ubnd))
    assert LegalDocument.objects.count() == 0


def test_viewer_cannot_register(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.document_register(actor=world.viewer, data=doc_input(world.ubnd))


def test_edit_with_stale_version_is_a_conflict(
    world: World, register: Callable[..., LegalDocument]
) -> None:
    document = register()
    data = doc_input(world.ubnd, title="Chỉ thị về đổi mới công tác dân vận chính quyền")
    services.document_update(actor=world.officer, document=document, data=data, expected_version=1)
    document.refresh_from_db()
    assert document.version == 2
    assert "doi moi" in document.search_text
    stale = doc_input(world.ubnd, title="Tiêu đề khác")
    with pytest.raises(Conflict):
        services.document_update(
            actor=world.officer, document=document, data=stale, expected_version=1
        )


def test_edit_into_an_existing_reference_is_refused(
    world: World, register: Callable[..., LegalDocument]
) -> None:
    first = register()
    second = register(reference="06-CT/UBND")
    data: DocumentInput = doc_input(world.ubnd, reference=first.reference)
    with pytest.raises(ValidationFailed):
        services.document_update(
            actor=world.officer, document=second, data=data, expected_version=second.version
        )


def test_provincial_plan_implements_central_resolution(
    world: World, register: Callable[..., LegalDocument]
) -> None:
    central = register(
        kind="resolution", reference="25-NQ/TW", issuer_name="Ban Chấp hành Trung ương"
    )
    plan = register(kind="plan", reference="59-KH/TU")
    link = services.document_link_add(actor=world.officer, source=plan, target=central)
    assert link.kind == "implements"
    with pytest.raises(ValidationFailed):
        services.document_link_add(actor=world.officer, source=plan, target=central)
    with pytest.raises(ValidationFailed):
        services.document_link_add(actor=world.officer, source=plan, target=plan)
    services.document_link_remove(actor=world.officer, link=link)
    assert not plan.links_out.exists()


def test_files_are_limited_per_document(
    world: World, register: Callable[..., LegalDocument], settings: object
) -> None:
    document = register()
    files = [UploadedFileInput(name=f"phu-luc-{n}.pdf", data=PDF + bytes([n])) for n in range(10)]
    services.document_files_add(actor=world.officer, document=document, files=files)
    with pytest.raises(ValidationFailed):
        services.document_files_add(
            actor=world.officer,
            document=document,
            files=[UploadedFileInput(name="them.pdf", data=PDF)],
        )
    assert document.files.count() == 10
