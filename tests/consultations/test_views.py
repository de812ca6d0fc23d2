"""The pages: staff pages render and act for a manager, are 404 outside scope, 403 for a reader
who may not act; the portal's draft page takes a comment (honeypot, throttle) and the tracking
page shows the moderation and the response."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from docx import Document

from danvan.consultations import services
from danvan.consultations.inputs import ResponseInput, SynthesisInput
from danvan.consultations.models import Comment, Draft
from danvan.core.models import User
from tests.consultations.conftest import World, article, close, comment, days, publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


def logged(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_manager_sees_every_page_of_a_draft(world: World, opened: Callable[..., Draft]) -> None:
    draft = opened()
    comment(draft)
    client = logged(world.officer)
    for name in ("list", "create", "moderation"):
        assert client.get(reverse(f"consultations:{name}")).status_code == 200, name
    for name in ("detail", "edit", "comments", "groups", "responses", "statistics"):
        response = client.get(reverse(f"consultations:{name}", kwargs={"pk": draft.pk}))
        assert response.status_code == 200, name
    page = client.get(reverse("consultations:moderation")).content.decode()
    assert "Đề nghị nâng mức hỗ trợ" in page


def test_a_draft_outside_scope_is_not_found(world: World, opened: Callable[..., Draft]) -> None:
    draft = opened()
    client = logged(world.outsider)
    assert client.get(reverse("consultations:detail", kwargs={"pk": draft.pk})).status_code == 404
    listing = client.get(reverse("consultations:list")).content.decode()
    assert draft.title not in listing


def test_reader_cannot_edit(world: World, opened: Callable[..., Draft]) -> None:
    draft = opened()
    client = logged(world.viewer)
    assert client.get(reverse("consultations:detail", kwargs={"pk": draft.pk})).status_code == 200
    assert client.get(reverse("consultations:edit", kwargs={"pk": draft.pk})).status_code == 403


def test_create_then_paste_the_text(world: World) -> None:
    client = logged(world.officer)
    response = client.post(
        reverse("consultations:create"),
        {
            "organization": world.ubnd.pk,
            "kind": "regulation",
            "title": "Quy chế thử",
            "opens_on": days(1).isoformat(),
            "closes_on": days(30).isoformat(),
            "audience": "public",
        },
    )
    assert response.status_code == 302
    draft = Draft.objects.get(title="Quy chế thử")
    response = client.post(
        reverse("consultations:paste", kwargs={"pk": draft.pk}),
        {
            "expected_version": draft.version,
            "text": "Điều 1. Phạm vi\nNội dung.\nĐiều 2. Đối tượng",
        },
    )
    assert response.status_code == 302
    assert draft.sections.count() == 2
    # the same version again: the page reloads with the conflict
    response = client.post(
        reverse("consultations:paste", kwargs={"pk": draft.pk}),
        {"expected_version": draft.version, "text": "Điều 3. Khác"},
    )
    assert response.status_code == 409


def test_moderation_and_response_through_the_pages(
    world: World, opened: Callable[..., Draft]
) -> None:
    draft = opened()
    c = comment(draft)
    client = logged(world.officer)
    url = reverse("consultations:moderate", kwargs={"pk": draft.pk, "cpk": c.pk})
    client.post(url, {"to": "published", "expected_version": c.version, "next": "queue"})
    assert Comment.objects.get(pk=c.pk).status == "published"
    response = client.post(
        reverse("consultations:response_set", kwargs={"pk": draft.pk, "key": f"c{c.pk}"}),
        {"kind": "explained", "text": "Giải trình: mức hỗ trợ theo khả năng ngân sách."},
    )
    assert response.status_code == 302
    assert Comment.objects.get(pk=c.pk).response.kind == "explained"


def test_synthesis_docx_anonymises_citizens(world: World, opened: Callable[..., Draft]) -> None:
    draft = opened()
    c = publish(comment(draft, name="Nguyễn Văn An", area=world.commune_a), world.officer)
    services.response_set(
        draft=draft,
        actor=world.officer,
        data=ResponseInput(kind="accepted", text="Tiếp thu.", change="Điều 3: 50 triệu đồng/hộ."),
        comment=c,
    )
    close(draft, world.officer)
    draft.refresh_from_db()
    services.draft_synthesis_publish(
        draft=draft, actor=world.officer, data=SynthesisInput(expected_version=draft.version)
    )
    draft.refresh_from_db()
    response = logged(world.viewer).get(
        reverse("consultations:synthesis_docx", kwargs={"pk": draft.pk})
    )
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(cell.text for t in doc.tables for row in t.rows for cell in row.cells)
    assert "BÁO CÁO" in text and "Tổng hợp, tiếp thu, giải trình ý kiến góp ý dự thảo" in text
    assert f"Số: {draft.synthesis_number}" in cells
    assert f"Công dân ở {world.commune_a.full_name}" in cells
    assert "Nguyễn Văn An" not in cells + text and "0905123456" not in cells + text
    assert "Nội dung đã sửa: Điều 3: 50 triệu đồng/hộ" in cells


def _form(world: World, draft: Draft, **extra: Any) -> dict[str, Any]:
    data = {
        "section": article(draft, "3").pk,
        "text": "Đề nghị nâng mức hỗ trợ lên 50 triệu đồng.",
        "name": "Trần Thị Mai",
        "area": world.commune_a.pk,
        "consent": "on",
        "website": "",
    }
    data.update(extra)
    return data


def test_citizen_comments_on_the_portal_and_tracks_it(
    world: World, opened: Callable[..., Draft]
) -> None:
    draft = opened()
    client = Client()
    listing = client.get(reverse("consultations:public_list")).content.decode()
    assert draft.title in listing
    url = reverse("consultations:public_detail", kwargs={"pk": draft.pk})
    page = client.get(url).content.decode()
    assert "Góp ý điều này" in page
    response = client.post(url, _form(world, draft))
    assert response.status_code == 200
    code = re.search(r'id="tracking-code"><code>([A-Z0-9-]+)<', response.content.decode())
    assert code is not None
    stored = Comment.objects.get(tracking_code=code.group(1))
    assert stored.author_name == "Trần Thị Mai" and stored.status == "pending"
    track = client.post(reverse("consultations:public_track"), {"code": code.group(1)})
    assert "Chờ duyệt" in track.content.decode()
    assert track["Cache-Control"].startswith("no-store")
    # others never see the name on the public page
    publish(stored, world.officer)
    assert "Trần Thị Mai" not in client.get(url).content.decode()


def test_honeypot_gets_a_receipt_and_stores_nothing(
    world: World, opened: Callable[..., Draft]
) -> None:
    draft = opened()
    url = reverse("consultations:public_detail", kwargs={"pk": draft.pk})
    response = Client().post(url, _form(world, draft, website="http://spam"))
    assert response.status_code == 200 and 'id="tracking-code"' in response.content.decode()
    assert Comment.objects.count() == 0


def test_portal_comments_are_throttled(
    world: World, opened: Callable[..., Draft], settings: Any
) -> None:
    settings.DANVAN_PORTAL_SUBMIT_RATE = "2/hour"
    draft = opened()
    url = reverse("consultations:public_detail", kwargs={"pk": draft.pk})
    client = Client()
    codes = [client.post(url, _form(world, draft)).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert Comment.objects.count() == 2


def test_unknown_code_is_not_found(world: World) -> None:
    response = Client().post(reverse("consultations:public_track"), {"code": "AAAA-BBBB-CCCC"})
    assert response.status_code == 404


def test_a_draft_being_prepared_is_not_public(world: World, prepared: Callable[..., Draft]) -> None:
    draft = prepared()
    url = reverse("consultations:public_detail", kwargs={"pk": draft.pk})
    assert Client().get(url).status_code == 404
