"""Registering, launching, evaluating, recognising and replicating models through the services:
legal and illegal moves, conflicts, re-evaluation history, criteria versions, evidence."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.files import UploadedFileInput
from danvan.core.models import AuditEvent
from danvan.practices import services
from danvan.practices.inputs import RecognitionInput, ReplicationInput
from danvan.practices.models import Evaluation, Evidence, PracticeModel
from tests.practices.conftest import (
    GOOD,
    POOR,
    World,
    evaluate,
    launch,
    open_council,
    recognise,
    recognised_model,
    register,
    score,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_officer_registers_a_model_with_period_and_audit(world: World) -> None:
    model = register(world)
    assert model.status == "registered"
    assert model.year == 2025 and model.period.code == "2021-2025"
    assert model.area == world.province
    assert AuditEvent.objects.filter(verb="practice.register", target_id=str(model.pk)).exists()


def test_party_cell_is_recorded_under_its_commune_with_its_name(world: World) -> None:
    with pytest.raises(ValidationFailed) as err:
        register(world, org=world.org_a, actor=world.officer_a, registrant_kind="party_cell")
    assert "registrant_name" in err.value.fields
    model = register(
        world,
        org=world.org_a,
        actor=world.officer_a,
        registrant_kind="party_cell",
        registrant_name="Chi bộ khu phố 3",
    )
    assert model.organization == world.org_a and model.registrant_name == "Chi bộ khu phố 3"


def test_officer_of_another_commune_cannot_register_for_commune_a(world: World) -> None:
    with pytest.raises(PermissionDenied):
        register(world, org=world.org_a, actor=world.officer_b)
    assert PracticeModel.objects.count() == 0


def test_registration_without_outputs_is_refused_and_nothing_is_saved(world: World) -> None:
    with pytest.raises(ValidationFailed) as err:
        register(world, outputs="  ")
    assert "outputs" in err.value.fields
    assert PracticeModel.objects.count() == 0


def test_illegal_moves_are_refused(world: World) -> None:
    model = register(world)
    with pytest.raises(ValidationFailed) as err:
        services.practice_transition(
            model=model, actor=world.officer_stp, to="evaluated", expected_version=model.version
        )
    assert err.value.code == "illegal_transition"
    with pytest.raises(ValidationFailed):
        recognise(world, model)
    with pytest.raises(ValidationFailed):  # no council before launch
        open_council(world, model)
    launch(world, model)
    with pytest.raises(ValidationFailed):
        services.replication_add(
            model=model,
            actor=world.officer_stp,
            data=ReplicationInput(
                started_on=dt.date(2025, 6, 1), expected_version=model.version, site_name="Xã X"
            ),
        )
    services.practice_transition(
        model=model,
        actor=world.officer_stp,
        to="stopped",
        expected_version=model.version,
        note="Đơn vị sáp nhập",
    )
    with pytest.raises(ValidationFailed):
        services.practice_transition(
            model=model, actor=world.officer_stp, to="launched", expected_version=model.version
        )
    model.refresh_from_db()
    assert model.status == "stopped"


def test_stale_version_is_a_conflict_and_changes_nothing(world: World) -> None:
    model = register(world)
    stale = model.version
    launch(world, model)
    again = PracticeModel.objects.get(pk=model.pk)
    with pytest.raises(Conflict) as err:
        services.practice_transition(
            model=again,
            actor=world.officer_stp,
            to="stopped",
            expected_version=stale,
            note="Thử",
        )
    assert "vừa được người khác cập nhật" in err.value.message
    assert PracticeModel.objects.get(pk=model.pk).status == "launched"


def test_full_lifecycle_to_replicated(world: World) -> None:
    model = register(world)
    launch(world, model)
    evaluation = evaluate(world, model, [GOOD, GOOD])
    model.refresh_from_db()
    assert model.status == "evaluated" and model.passed is True
    # 100 * (2*.9 + 3*.9 + 2*.9 + 2*.85 + 1*.9) / 10 = 89.00
    assert evaluation.score == Decimal("89.00") == model.score
    recognise(world, model)
    model.refresh_from_db()
    assert (model.status, model.recognition_level, model.decision_number) == (
        "recognised",
        "province",
        "2150/QĐ-UBND",
    )
    services.replication_add(
        model=model,
        actor=world.officer_stp,
        data=ReplicationInput(
            started_on=dt.date(2026, 1, 5),
            expected_version=model.version,
            area_code="23149",
            site_name="Xã Tánh Linh",
        ),
    )
    model.refresh_from_db()
    assert model.status == "replicated"
    assert list(model.replications.values_list("area__code", flat=True)) == ["23149"]


def test_a_model_that_failed_cannot_be_recognised(world: World) -> None:
    model = register(world)
    launch(world, model)
    evaluate(world, model, [POOR, POOR])
    model.refresh_from_db()
    assert model.status == "evaluated" and model.passed is False
    with pytest.raises(ValidationFailed) as err:
        recognise(world, model)
    assert err.value.code == "not_passed"


def test_re_evaluation_keeps_the_first_council(world: World) -> None:
    model = register(world)
    launch(world, model)
    first = evaluate(world, model, [POOR, POOR])
    second = open_council(world, model, held_on=dt.date(2025, 12, 1))
    score(world, second, 0, GOOD)
    score(world, second, 1, GOOD)
    second.refresh_from_db()
    services.evaluation_close(
        evaluation=second,
        actor=world.runner,
        expected_version=second.version,
        on=dt.date(2025, 12, 1),
    )
    model.refresh_from_db()
    first.refresh_from_db()
    assert [e.round for e in Evaluation.objects.filter(model=model)] == [1, 2]
    assert first.passed is False and first.score is not None and first.score < 70
    assert model.passed is True and model.score == Decimal("89.00")


def test_only_one_open_council_at_a_time(world: World) -> None:
    model = register(world)
    launch(world, model)
    open_council(world, model)
    model.refresh_from_db()
    with pytest.raises(ValidationFailed):
        open_council(world, model)


def test_closing_with_a_missing_sheet_is_refused(world: World) -> None:
    model = register(world)
    launch(world, model)
    evaluation = open_council(world, model)
    score(world, evaluation, 0, GOOD)
    evaluation.refresh_from_db()
    with pytest.raises(ValidationFailed) as err:
        services.evaluation_close(
            evaluation=evaluation, actor=world.runner, expected_version=evaluation.version
        )
    assert err.value.code == "scores_missing"
    model.refresh_from_db()
    assert model.status == "launched"


def test_marks_above_the_maximum_or_missing_are_refused(world: World) -> None:
    model = register(world)
    launch(world, model)
    evaluation = open_council(world, model)
    with pytest.raises(ValidationFailed) as err:
        score(world, evaluation, 0, {**GOOD, "theme": 11})
    assert "points_theme" in err.value.fields
    with pytest.raises(ValidationFailed) as err:
        score(world, evaluation, 0, {k: v for k, v in GOOD.items() if k != "results"})
    assert "points_results" in err.value.fields
    assert not evaluation.members.filter(scores__isnull=False).exists()


def test_closing_a_council_read_before_a_late_sheet_is_a_conflict(world: World) -> None:
    model = register(world)
    launch(world, model)
    evaluation = open_council(world, model)
    score(world, evaluation, 0, GOOD)
    score(world, evaluation, 1, GOOD)
    evaluation.refresh_from_db()
    read_version = evaluation.version
    score(world, evaluation, 1, POOR)  # a correction lands meanwhile
    with pytest.raises(Conflict):
        services.evaluation_close(
            evaluation=evaluation, actor=world.runner, expected_version=read_version
        )
    evaluation.refresh_from_db()
    assert evaluation.status == "open"


def test_council_uses_the_criteria_set_in_force_on_its_day(world: World) -> None:
    old = register(world, name="Mô hình A")
    launch(world, old)
    e1 = open_council(world, old, held_on=dt.date(2025, 12, 31))
    new = register(world, name="Mô hình B")
    launch(world, new)
    e2 = open_council(world, new, held_on=dt.date(2026, 1, 2))
    assert (e1.criteria_set.version, e2.criteria_set.version) == (1, 2)
    assert e1.criteria_set.pass_threshold == Decimal(70)
    assert "digital" in set(e2.criteria_set.criteria.values_list("code", flat=True))


def test_evidence_goes_through_the_file_checks(world: World) -> None:
    model = register(world)
    with pytest.raises(ValidationFailed) as err:
        services.evidence_add(
            model=model,
            actor=world.officer_stp,
            files=[UploadedFileInput(name="bao-cao.pdf", data=b"MZ\x90\x00binary")],
        )
    assert "attachments" in err.value.fields
    saved = services.evidence_add(
        model=model,
        actor=world.officer_stp,
        files=[UploadedFileInput(name="bao-cao.pdf", data=PDF)],
        description="Báo cáo kết quả",
    )
    assert [e.content_type for e in saved] == ["application/pdf"]
    assert Evidence.objects.get().file.read() == PDF


def test_recognised_model_has_its_decision(world: World) -> None:
    model = recognised_model(world)
    assert model.decision_date == dt.date(2025, 12, 10)
    with pytest.raises(ValidationFailed):  # already recognised
        services.practice_recognise(
            model=model,
            actor=world.leader,
            data=RecognitionInput(
                level="province",
                decision_number="1/QĐ",
                decision_date=dt.date(2025, 12, 11),
                decision_issuer="UBND tỉnh",
                expected_version=model.version,
            ),
        )


def test_registrant_corrects_the_model_until_recognition(world: World) -> None:
    from tests.practices.conftest import practice_input

    model = register(world)
    services.practice_update(
        model=model,
        actor=world.officer_stp,
        data=practice_input(world.stp, name="4 không, 2 biết, 1 nụ cười"),
        expected_version=model.version,
    )
    model.refresh_from_db()
    assert model.name == "4 không, 2 biết, 1 nụ cười" and model.area == world.province
    event = AuditEvent.objects.get(verb="practice.update", target_id=str(model.pk))
    assert event.changes["name"] == ["4 không, 2 biết", "4 không, 2 biết, 1 nụ cười"]
    with pytest.raises(Conflict):
        services.practice_update(
            model=model,
            actor=world.officer_stp,
            data=practice_input(world.stp, name="Tên khác"),
            expected_version=model.version - 1,
        )
    with pytest.raises(PermissionDenied):
        services.practice_update(
            model=model,
            actor=world.officer_b,
            data=practice_input(world.stp, name="Tên khác"),
            expected_version=model.version,
        )
    done = recognised_model(world, name="Đã công nhận")
    with pytest.raises(ValidationFailed) as err:
        services.practice_update(
            model=done,
            actor=world.officer_stp,
            data=practice_input(world.stp, name="Sửa sau công nhận"),
            expected_version=done.version,
        )
    assert err.value.code == "not_editable"
