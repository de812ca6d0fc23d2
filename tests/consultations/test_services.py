"""Services: the draft's lifecycle and structure, citizens' and organisations' comments,
moderation, groups, responses, the synthesis with its shared number, and what the tracking
code shows."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from danvan.consultations import selectors, services
from danvan.consultations.inputs import (
    CitizenCommentInput,
    DraftChanges,
    ModerationInput,
    OrganizationCommentInput,
    ResponseInput,
    SectionInput,
    SynthesisInput,
    TransitionInput,
)
from danvan.consultations.models import Comment, CommentGroup, Draft, Section
from danvan.core.documents import document_number_peek
from danvan.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from danvan.core.models import AuditEvent, DocumentSequence
from tests.consultations.conftest import (
    World,
    article,
    close,
    comment,
    days,
    draft_input,
    publish,
)

pytestmark = pytest.mark.django_db


def test_officer_prepares_a_draft_from_pasted_text(
    world: World, prepared: Callable[..., Draft]
) -> None:
    draft = prepared()
    kinds = list(Section.objects.filter(draft=draft).values_list("kind", "number"))
    assert kinds == [
        ("chapter", "I"),
        ("article", "1"),
        ("article", "2"),
        ("chapter", "II"),
        ("article", "3"),
    ]
    assert draft.status == "draft"
    assert AuditEvent.objects.filter(verb="consultation.sections_import").count() == 1


def test_opening_needs_an_article(world: World) -> None:
    draft = services.draft_create(actor=world.officer, data=draft_input(world))
    with pytest.raises(ValidationFailed) as exc:
        services.draft_transition(
            draft=draft,
            actor=world.officer,
            data=TransitionInput(to="open", expected_version=draft.version),
        )
    assert exc.value.code == "no_articles"


def test_structure_is_frozen_once_open(world: World, opened: Callable[..., Draft]) -> None:
    draft = opened()
    assert draft.opened_on is not None
    with pytest.raises(ValidationFailed):
        services.section_add(
            draft=draft,
            actor=world.officer,
            data=SectionInput(kind="article", number="9", title="Mới"),
            expected_version=draft.version,
        )


def test_a_stale_version_is_a_conflict(world: World, prepared: Callable[..., Draft]) -> None:
    draft = prepared()
    stale = draft.version
    services.draft_update(
        draft=draft,
        actor=world.officer,
        changes=DraftChanges(title="Tên mới"),
        expected_version=stale,
    )
    with pytest.raises(Conflict):
        services.draft_update(
            draft=Draft.objects.get(pk=draft.pk),
            actor=world.officer,
            changes=DraftChanges(summary="Khác"),
            expected_version=stale,
        )


def test_cancel_needs_a_reason(world: World, opened: Callable[..., Draft]) -> None:
    draft = opened()
    with pytest.raises(ValidationFailed):
        services.draft_transition(
            draft=draft,
            actor=world.officer,
            data=TransitionInput(to="cancelled", expected_version=draft.version),
        )
    services.draft_transition(
        draft=draft,
        actor=world.officer,
        data=TransitionInput(
            to="cancelled", expected_version=draft.version, reason="Dừng ban hành văn bản."
        ),
    )
    assert Draft.objects.get(pk=draft.pk).status == "cancelled"


def test_commune_officer_cannot_manage_a_provincial_draft(
    world: World, opened: Callable[..., Draft]
) -> None:
    draft = opened()
    with pytest.raises(PermissionDenied):
        services.comment_enter(
            draft=draft,
            actor=world.commune_officer,
            data=OrganizationCommentInput(
                text="Ý kiến của phường.", organization_id=world.commune_a_org.pk
            ),
        )


def test_citizen_comment_waits_for_moderation_with_a_code(
    world: World, opened: Callable[..., Draft]
) -> None:
    draft = opened()
    c = comment(draft, area=world.commune_a)
    assert c.status == "pending" and c.tracking_code and len(c.tracking_code) == 14
    status = selectors.comment_public_status(
        tracking_code=c.tracking_code.lower().replace("-", " ")
    )
    assert status.status == "pending" and status.section.startswith("Điều 3")
    # the audit log keeps no personal data of the citizen
    event = AuditEvent.objects.get(verb="consultation.comment_submit")
    assert "Nguyễn Văn An" not in str(event.changes) and "0905123456" not in str(event.changes)


def test_citizen_cannot_comment_outside_the_period_or_on_a_chapter(
    world: World, opened: Callable[..., Draft], prepared: Callable[..., Draft]
) -> None:
    draft = opened()
    chapter = Section.objects.filter(draft=draft, kind="chapter").first()
    assert chapter is not None
    with pytest.raises(ValidationFailed) as exc:
        services.comment_submit_public(
            draft=draft,
            data=CitizenCommentInput(text="Ý kiến về chương.", name="An", section_id=chapter.pk),
        )
    assert "section" in exc.value.fields
    not_open = prepared()
    with pytest.raises(ValidationFailed) as exc:
        comment(not_open)
    assert exc.value.code == "closed"
    later = opened(opens_on=days(3), closes_on=days(30))
    with pytest.raises(ValidationFailed):
        comment(later)


def test_area_audience_takes_only_its_communes(world: World, opened: Callable[..., Draft]) -> None:
    draft = opened(audience="area", audience_area_id=world.commune_b.pk)
    with pytest.raises(ValidationFailed) as exc:
        comment(draft, area=world.commune_a)
    assert "area" in exc.value.fields
    assert comment(draft, area=world.commune_b).area_id == world.commune_b.pk


def test_rejection_needs_a_reason_the_author_then_reads(
    world: World, opened: Callable[..., Draft]
) -> None:
    draft = opened()
    c = comment(draft)
    with pytest.raises(ValidationFailed):
        services.comment_moderate(
            comment=c, actor=world.officer, data=ModerationInput(to="rejected", expected_version=1)
        )
    with pytest.raises(ValidationFailed) as exc:
        services.comment_moderate(
            comment=c,
            actor=world.officer,
            data=ModerationInput(to="rejected", expected_version=1, reason="other"),
        )
    assert "note" in exc.value.fields
    services.comment_moderate(
        comment=c,
        actor=world.officer,
        data=ModerationInput(
            to="rejected", expected_version=1, reason="petition", note="Xin gửi qua mục Gửi ý kiến."
        ),
    )
    assert c.tracking_code
    status = selectors.comment_public_status(tracking_code=c.tracking_code)
    assert status.status == "rejected"
    assert status.reject_reason.startswith("Là khiếu nại")
    assert status.reject_note == "Xin gửi qua mục Gửi ý kiến."


def test_moderating_twice_from_the_same_page_is_a_conflict(
    world: World, opened: Callable[..., Draft]
) -> None:
    draft = opened()
    c = comment(draft)
    services.comment_moderate(
        comment=c, actor=world.officer, data=ModerationInput(to="published", expected_version=1)
    )
    with pytest.raises(Conflict):
        services.comment_moderate(
            comment=Comment.objects.get(pk=c.pk),
            actor=world.leader,
            data=ModerationInput(to="rejected", expected_version=1, reason="off_topic"),
        )


def test_organisation_comment_is_published_at_once(
    world: World, opened: Callable[..., Draft]
) -> None:
    draft = opened()
    c = services.comment_enter(
        draft=draft,
        actor=world.officer,
        data=OrganizationCommentInput(
            text="Đề nghị ưu tiên hộ đồng bào dân tộc thiểu số.",
            section_id=article(draft, "2").pk,
            organization_id=world.front.pk,
        ),
    )
    assert (c.status, c.author_kind, c.author_name) == (
        "published",
        "organization",
        world.front.name,
    )
    assert c.tracking_code is None


def test_suggested_groups_join_similar_comments_per_section(
    world: World, opened: Callable[..., Draft]
) -> None:
    draft = opened()
    a = publish(
        comment(draft, "Đề nghị nâng mức hỗ trợ làm nhà ở cho hộ nghèo lên 50 triệu đồng/hộ."),
        world.officer,
    )
    b = publish(
        comment(draft, "tôi đề nghị tăng mức hỗ trợ nhà ở hộ nghèo lên 50 triệu đồng"),
        world.officer,
    )
    c = publish(
        comment(draft, "Đề nghị nâng mức hỗ trợ làm nhà ở cho hộ nghèo lên 70 triệu đồng/hộ."),
        world.officer,
    )
    # the same words on another article stay apart
    d = publish(
        comment(draft, "tôi đề nghị tăng mức hỗ trợ nhà ở hộ nghèo lên 50 triệu đồng", number="2"),
        world.officer,
    )
    pending = comment(draft, "Đề nghị nâng mức hỗ trợ nhà ở cho hộ nghèo lên 50 triệu đồng.")
    assert services.groups_suggest(draft=draft, actor=world.officer) == 1
    group = CommentGroup.objects.get(draft=draft)
    members = set(group.comments.values_list("pk", flat=True))
    assert members == {a.pk, b.pk}
    assert c.pk not in members and d.pk not in members and pending.pk not in members
    # running again adds nothing
    assert services.groups_suggest(draft=draft, actor=world.officer) == 0


def test_officer_merges_and_splits_groups_by_hand(
    world: World, opened: Callable[..., Draft]
) -> None:
    draft = opened()
    cs = [publish(comment(draft, f"Ý kiến số {i} về mức hỗ trợ."), world.officer) for i in range(4)]
    g1 = services.group_create(draft=draft, actor=world.officer, comment_ids=[cs[0].pk, cs[1].pk])
    g2 = services.group_create(draft=draft, actor=world.officer, comment_ids=[cs[2].pk, cs[3].pk])
    services.group_merge(group=g1, other=g2, actor=world.officer)
    assert not CommentGroup.objects.filter(pk=g2.pk).exists()
    assert g1.comments.count() == 4
    services.comment_detach(comment=Comment.objects.get(pk=cs[0].pk), actor=world.officer)
    assert g1.comments.count() == 3
    other = publish(comment(draft, "Ý kiến điều 2.", number="2"), world.officer)
    with pytest.raises(ValidationFailed):
        services.group_create(draft=draft, actor=world.officer, comment_ids=[cs[0].pk, other.pk])


def test_accepting_needs_the_change_and_a_grouped_comment_is_answered_through_its_group(
    world: World, opened: Callable[..., Draft]
) -> None:
    draft = opened()
    a = publish(comment(draft, "Ý kiến một về mức hỗ trợ."), world.officer)
    b = publish(comment(draft, "Ý kiến hai về mức hỗ trợ."), world.officer)
    group = services.group_create(draft=draft, actor=world.officer, comment_ids=[a.pk, b.pk])
    with pytest.raises(ValidationFailed) as exc:
        services.response_set(
            draft=draft,
            actor=world.officer,
            data=ResponseInput(kind="accepted", text="Tiếp thu."),
            group=group,
        )
    assert "change" in exc.value.fields
    with pytest.raises(ValidationFailed):
        services.response_set(
            draft=draft,
            actor=world.officer,
            data=ResponseInput(kind="noted", text="Ghi nhận."),
            comment=Comment.objects.get(pk=a.pk),
        )
    with pytest.raises(NotFound):
        other = opened()
        services.response_set(
            draft=other,
            actor=world.officer,
            data=ResponseInput(kind="noted", text="x"),
            group=group,
        )


def _synthesise(world: World, draft: Draft) -> Draft:
    draft.refresh_from_db()
    return services.draft_synthesis_publish(
        draft=draft,
        actor=world.officer,
        data=SynthesisInput(expected_version=draft.version, signer="Rơ Mah H'Linh"),
    )


def test_synthesis_needs_every_comment_moderated_and_answered_then_numbers_it(
    world: World, opened: Callable[..., Draft]
) -> None:
    draft = opened()
    a = comment(draft, "Đề nghị nâng mức hỗ trợ lên 50 triệu đồng/hộ.", area=world.commune_a)
    b = comment(draft, "Nâng mức hỗ trợ lên 50 triệu đồng mỗi hộ.", area=world.commune_b)
    with pytest.raises(ValidationFailed):  # still open
        _synthesise(world, draft)
    close(draft, world.officer)
    with pytest.raises(ValidationFailed) as exc:
        _synthesise(world, draft)
    assert exc.value.code == "pending_comments"
    publish(a, world.officer)
    publish(b, world.officer)
    group = services.group_create(draft=draft, actor=world.officer, comment_ids=[a.pk, b.pk])
    with pytest.raises(ValidationFailed) as exc:
        _synthesise(world, draft)
    assert exc.value.code == "unanswered"
    services.response_set(
        draft=draft,
        actor=world.officer,
        data=ResponseInput(
            kind="accepted", text="Tiếp thu, nâng mức hỗ trợ.", change="Điều 3: 50 triệu đồng/hộ."
        ),
        group=group,
    )
    assert a.tracking_code
    before = selectors.comment_public_status(tracking_code=a.tracking_code)
    assert before.response_kind == ""  # not visible before the synthesis is published
    expected_number = document_number_peek(organization=world.ubnd, symbol="BC", issued_on=days(0))
    done = _synthesise(world, draft)
    assert done.status == "synthesised"
    assert done.synthesis_number == expected_number and expected_number.startswith("01/BC-")
    after = selectors.comment_public_status(tracking_code=a.tracking_code)
    assert (after.response_kind, after.response_change, after.grouped) == (
        "accepted",
        "Điều 3: 50 triệu đồng/hộ.",
        True,
    )
    # the counter is registered: without the body's sequence row, the next "BC" number is
    # still counted from the synthesis
    DocumentSequence.objects.all().delete()
    assert document_number_peek(organization=world.ubnd, symbol="BC", issued_on=days(0)).startswith(
        "02/BC-"
    )


def test_statistics_count_per_section_author_status_area_and_response(
    world: World, opened: Callable[..., Draft]
) -> None:
    draft = opened()
    a = publish(comment(draft, "Ý kiến một.", area=world.commune_a), world.officer)
    comment(draft, "Ý kiến hai.", number="1", area=world.commune_b)
    services.comment_enter(
        draft=draft,
        actor=world.officer,
        data=OrganizationCommentInput(text="Ý kiến của Mặt trận.", organization_id=world.front.pk),
    )
    services.response_set(
        draft=draft,
        actor=world.officer,
        data=ResponseInput(kind="explained", text="Giải trình."),
        comment=a,
    )
    stats = selectors.draft_statistics(draft)
    assert stats.total == 3
    assert stats.by_status == {"published": 2, "pending": 1}
    assert stats.by_author == {"citizen": 2, "organization": 1}
    assert stats.by_response == {"explained": 1}
    rows = {label.split(".")[0]: (t, p, q) for label, t, p, q, _r in stats.by_section}
    assert (
        rows["Điều 3"] == (1, 1, 0)
        and rows["Điều 1"] == (1, 0, 1)
        and rows["Góp ý chung"] == (1, 1, 0)
    )
    assert dict(stats.by_area) == {world.commune_a.full_name: 1, world.commune_b.full_name: 1}
    assert stats.by_day == [(days(0), 3)]
