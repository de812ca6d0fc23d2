"""Anonymisation when the retention period ends (Luật Bảo vệ dữ liệu cá nhân)."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone

from danvan.core.models import AuditEvent
from danvan.core.services.retention import retention_run
from danvan.petitions.inputs import FileInput
from danvan.petitions.models import Petition, PetitionDocument, VaultEntry
from danvan.petitions.services.portal import petition_anonymise, petition_retention_due
from danvan.portal.models import Submission
from danvan.text import fold
from tests.petitions.conftest import World
from tests.portal.helpers import answer_and_close, move, submit

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "Đoàn Thị Riêng Tư"
ID_NUMBER = "044199001122"
PHONE = "0911222333"
ADDRESS = "Xóm Bí Mật, thôn Đông"


def _years_later(days: int = 1) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=5 * 366 + days)


def _closed_named(world: World) -> Petition:
    petition = submit(
        name=NAME,
        id_number=ID_NUMBER,
        phone=PHONE,
        address=ADDRESS,
        content=f"Tôi là {NAME}, ở {ADDRESS}, phản ánh đèn đường thôn Đông hỏng một tháng.",
        files=[FileInput(name="ghi-chu.txt", data=f"Thư của {NAME}".encode())],
    )
    return answer_and_close(petition, world.officer_a)


def test_closed_case_is_anonymised_after_its_period(world: World, settings: Any) -> None:
    petition = _closed_named(world)
    attachment = petition.attachments.get()
    stored = Path(django_settings.MEDIA_ROOT) / attachment.file.name
    assert stored.exists()
    assert list(petition_retention_due(timezone.localdate())) == []  # not yet
    due = list(petition_retention_due(_years_later()))
    assert due == [petition]

    assert retention_run(today=_years_later(), dry_run=True)["petitions.petition"] == 1
    Petition.objects.get(pk=petition.pk)  # a dry run changes nothing
    assert Petition.objects.get(pk=petition.pk).anonymised_on is None

    result = retention_run(today=_years_later())
    assert result["petitions.petition"] == 1
    petition.refresh_from_db()
    assert petition.anonymised_on == _years_later()
    person = petition.petitioners.get()
    assert (person.full_name, person.id_number, person.phone, person.address, person.email) == (
        "[đã ẩn danh]",
        "",
        "",
        "",
        "",
    )
    assert NAME not in petition.content and ADDRESS not in petition.content
    assert "đèn đường" in petition.content  # the case itself stays
    assert fold(NAME) not in petition.search_text
    assert not petition.attachments.exists()
    assert not stored.exists()
    for document in PetitionDocument.objects.filter(petition=petition):
        assert NAME not in json.dumps(document.content, ensure_ascii=False)
    event = AuditEvent.objects.get(verb="petition.anonymise", target_id=str(petition.pk))
    recorded = json.dumps(event.changes, ensure_ascii=False)
    assert NAME not in recorded and ID_NUMBER not in recorded
    assert event.changes["full_name"] == ["[đã ẩn]", "[đã ẩn]"]
    assert event.changes["attachments"] == [1, 0]
    # Once only.
    assert retention_run(today=_years_later())["petitions.petition"] == 0
    assert petition_anonymise(petition=petition) is False


def test_denunciation_vault_is_destroyed(world: World) -> None:
    petition = submit(
        kind="denunciation",
        name=NAME,
        address=ADDRESS,
        id_number=ID_NUMBER,
        content=f"Tố cáo cán bộ xã nhận tiền; người báo tin là {NAME}, liên hệ qua hàng xóm.",
    )
    assert VaultEntry.objects.filter(petition=petition).exists()
    from danvan.petitions.services import petition_inbox_acknowledge

    petition_inbox_acknowledge(petition=petition, actor=world.officer_a)
    move(petition, world.officer_a, "triaged", outcome="file")
    move(petition, world.officer_a, "closed")
    assert petition_anonymise(petition=petition, today_=_years_later()) is True
    petition.refresh_from_db()
    assert not VaultEntry.objects.filter(petition=petition).exists()
    # The denouncer's name, read from the vault before it went, is gone from the text too.
    assert NAME not in petition.content
    event = AuditEvent.objects.get(verb="petition.anonymise", target_id=str(petition.pk))
    assert event.changes["vault"] == [True, False]


def test_open_case_is_never_anonymised(world: World) -> None:
    submit(name=NAME, address=ADDRESS)
    assert retention_run(today=_years_later(days=3650))["petitions.petition"] == 0


def test_submission_record_loses_address_hash_and_browser_after_a_year(world: World) -> None:
    submit()
    row = Submission.objects.get()
    assert row.ip_hash
    later = timezone.localdate() + dt.timedelta(days=367)
    assert retention_run(today=timezone.localdate(), dry_run=True)["portal.submission"] == 0
    assert retention_run(today=later)["portal.submission"] == 1
    row.refresh_from_db()
    assert (row.ip_hash, row.user_agent, row.anonymised_on) == ("", "", later)
    assert row.consent_at is not None and row.privacy_notice_version  # proof of consent stays
    event = AuditEvent.objects.get(verb="portal.anonymise")
    assert event.changes["ip_hash"] == ["[đã ẩn]", "[đã ẩn]"]


def test_retention_command(world: World) -> None:
    _closed_named(world)
    out = io.StringIO()
    call_command("retention", "--dry-run", "--today", _years_later().isoformat(), stdout=out)
    text = out.getvalue()
    assert "petitions.petition, 5 năm): 1 hồ sơ đến hạn" in text
    assert "Chạy thử" in text
    assert Petition.objects.get().anonymised_on is None
    out = io.StringIO()
    call_command("retention", "--today", _years_later().isoformat(), stdout=out)
    assert "đã ẩn danh hóa 1 hồ sơ" in out.getvalue()
    assert Petition.objects.get().anonymised_on is not None
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("retention", "--today", "hôm nay")
