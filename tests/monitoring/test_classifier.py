"""The topic classifier inside the product: `danvan classify` (stdin -> codes, train, evaluate),
the model's location and rebuild, officers' corrections, the htmx fragment, the API endpoint,
and the petition intake recording a correction."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from danvan.core.errors import ValidationFailed
from danvan.core.models import AuditEvent, User
from danvan.core.services.accounts import api_token_issue
from danvan.core.topics import topic_codes
from danvan.monitoring import classifier
from danvan.monitoring.models import TopicCorrection
from danvan.monitoring.services.topics import topic_correction_record
from danvan.text import classify
from tests.factories import UserFactory
from tests.petitions.conftest import World, world  # noqa: F401  (fixture)

VENV_BIN = Path(sys.executable).parent

CLEAR = {
    "Tranh chấp ranh giới đất với hộ bên cạnh, đề nghị xã đo đạc lại thửa đất": "dat_dai",
    "Nhà trường thu nhiều khoản tiền ngoài học phí, phụ huynh bức xúc": "giao_duc",
}


@pytest.fixture(scope="session")
def trained_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One model built from the committed data (no corrections), shared by the tests."""
    path = tmp_path_factory.mktemp("classifier") / "model.pkl"
    classifier.classifier_train(include_corrections=False, path=path)
    return path


@pytest.fixture(autouse=True)
def _model(settings: Any, trained_model: Path, tmp_path: Path) -> Path:
    """Each test reads its own copy of the shared model (a test may retrain it)."""
    path = tmp_path / "classifier" / "model.pkl"
    path.parent.mkdir(parents=True)
    shutil.copy(trained_model, path)
    settings.DANVAN_CLASSIFIER_MODEL = str(path)
    settings.DANVAN_CLASSIFIER_PARAMS = {"calibration_folds": 0}  # rebuilds in tests: faster
    classifier.classifier_reset()
    yield path
    classifier.classifier_reset()


def run_classify(lines: list[str]) -> list[str]:
    out = io.StringIO()
    data = "".join(f"{line}\n" for line in lines).encode("utf-8")
    call_command("classify", stdin=io.BytesIO(data), stdout=out)
    return out.getvalue().splitlines()


# --- danvan classify ---------------------------------------------------------------------------


def test_classify_prints_one_code_per_line_in_input_order() -> None:
    texts = list(CLEAR)
    lines = [texts[0], texts[1], "", texts[0], "@@@ ### !!!", texts[1]]

    codes = run_classify(lines)

    assert codes == ["dat_dai", "giao_duc", "khac", "dat_dai", "khac", "giao_duc"]


def test_classify_answers_every_line_with_a_known_code_across_batches() -> None:
    texts = [*CLEAR, "", "zxqv wkpt", "tram y te thieu thuoc", "ko biet noi j"]
    lines = [texts[i % len(texts)] for i in range(4500)]  # more than two batches

    codes = run_classify(lines)

    assert len(codes) == 4500
    assert set(codes) <= set(topic_codes())
    assert codes[: len(texts)] == codes[len(texts) : 2 * len(texts)]
    assert all(codes[i] == "khac" for i in range(2, 4500, len(texts)))


def test_classify_reads_utf8_and_crlf_whatever_the_locale(_model: Path, tmp_path: Path) -> None:
    # The real command in a child process with the C locale: what `danvan classify` does.
    var = tmp_path / "var"
    (var / "classifier").mkdir(parents=True)
    shutil.copy(_model, var / "classifier" / "model.pkl")
    env = {
        **os.environ,
        "LC_ALL": "C",
        "LANG": "C",
        "PYTHONIOENCODING": "",
        "DANVAN_VAR_DIR": str(var),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    stdin = "\r\n".join([*CLEAR, "", "Nhà trường thu học phí cao"]).encode("utf-8") + b"\r\n"

    result = subprocess.run(
        [str(VENV_BIN / "danvan"), "classify"],
        input=stdin,
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode("ascii").splitlines() == ["dat_dai", "giao_duc", "khac", "giao_duc"]


def test_classify_refuses_options_of_the_subcommands() -> None:
    with pytest.raises(CommandError) as excinfo:
        call_command("classify", "--json", stdin=io.BytesIO(b""), stdout=io.StringIO())

    assert excinfo.value.returncode == 2


# --- danvan classify train / evaluate ----------------------------------------------------------


@pytest.mark.django_db
def test_train_writes_the_model_and_prints_counts(settings: Any, tmp_path: Path) -> None:
    target = tmp_path / "new" / "model.pkl"
    settings.DANVAN_CLASSIFIER_MODEL = str(target)
    out = io.StringIO()

    call_command("classify", "train", "--no-corrections", stdout=out)

    text = out.getvalue()
    assert target.exists()
    assert str(target) in text
    assert "dat_dai:" in text
    model = classify.load(target)
    assert model.data_hash == classifier.committed_data_hash()
    assert model.labels == topic_codes()
    assert model.meta["corrections"] == 0


def test_evaluate_prints_every_topic_of_the_held_out_set_and_macro_f1() -> None:
    out = io.StringIO()

    call_command("classify", "evaluate", stdout=out)

    text = out.getvalue()
    _texts, labels = classify.read_dir(classifier.HELDOUT_DIR)
    for code in set(labels):
        assert f"\n{code} " in text
    assert "macro-F1:" in text
    assert "accuracy:" in text


def test_evaluate_on_a_folder_as_json(tmp_path: Path) -> None:
    texts = list(CLEAR)
    (tmp_path / "dat_dai.txt").write_text(texts[0] + "\n", encoding="utf-8")
    (tmp_path / "giao_duc.txt").write_text(texts[1] + "\n", encoding="utf-8")
    out = io.StringIO()

    call_command("classify", "evaluate", "--data", str(tmp_path), "--json", stdout=out)

    result = json.loads(out.getvalue())
    assert result["n"] == 2
    assert result["macro_f1"] == 1.0
    assert {row["code"] for row in result["per_topic"]} == {"dat_dai", "giao_duc"}


def test_evaluate_of_a_missing_folder_fails_with_status_2(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as excinfo:
        call_command("classify", "evaluate", "--data", str(tmp_path / "none"))

    assert excinfo.value.returncode == 2


# --- The model file ----------------------------------------------------------------------------


def test_a_model_built_from_other_data_is_rebuilt_on_first_use(_model: Path) -> None:
    stale = classify.load(_model)
    stale.data_hash = "something else"
    classify.save(stale, _model)
    classifier.classifier_reset()

    model = classifier.classifier_model()

    assert model.data_hash == classifier.committed_data_hash()
    assert classify.load(_model).data_hash == classifier.committed_data_hash()


def test_a_missing_model_is_built_and_then_cached(_model: Path) -> None:
    _model.unlink()

    first = classifier.classifier_model()

    assert _model.exists()
    assert classifier.classifier_model() is first


def test_a_retrain_by_another_process_is_picked_up(_model: Path) -> None:
    first = classifier.classifier_model()
    other = classify.load(_model)
    other.meta["marker"] = "retrained"
    classify.save(other, _model)
    os.utime(_model, ns=(1, 1))  # a different modification time, whatever the clock says

    assert classifier.classifier_model() is not first
    assert classifier.classifier_model().meta["marker"] == "retrained"


def test_topic_suggest_gives_label_confidence_and_two_alternatives() -> None:
    suggestion = classifier.topic_suggest(next(iter(CLEAR)))

    assert suggestion.code == "dat_dai"
    assert suggestion.label == "Đất đai, bồi thường, giải phóng mặt bằng"
    assert 0.0 < suggestion.confidence <= 1.0
    assert len(suggestion.alternatives) == 2
    assert all(p <= suggestion.confidence for _c, p in suggestion.alternatives)
    assert classifier.topic_suggest("  ").code == "khac"
    assert classifier.topic_suggest("  ").confidence == 0.0


@given(text=st.text(max_size=300))
@hypothesis_settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_topic_suggest_answers_any_text_with_a_known_code(text: str) -> None:
    suggestion = classifier.topic_suggest(text)

    assert suggestion.code in topic_codes()
    assert 0.0 <= suggestion.confidence <= 1.0
    assert all(code in topic_codes() for code, _p in suggestion.alternatives)


def test_topic_suggest_without_model_or_data_answers_khac(
    settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.DANVAN_CLASSIFIER_MODEL = str(tmp_path / "none" / "model.pkl")
    monkeypatch.setattr(classifier, "TRAIN_DIR", tmp_path / "empty")
    classifier.classifier_reset()

    suggestion = classifier.topic_suggest("tranh chấp đất đai")

    assert (suggestion.code, suggestion.confidence) == ("khac", 0.0)


# --- Corrections -------------------------------------------------------------------------------


@pytest.fixture
def officer(db: Any) -> User:
    return UserFactory(username="canbo.phanloai")  # type: ignore[no-any-return]


@pytest.mark.django_db
def test_correction_is_recorded_and_audited_only_when_the_topic_differs(officer: User) -> None:
    text = "Trạm y tế xã thiếu thuốc"
    topic_correction_record(
        text=text, suggested="y_te", confidence=0.9, chosen="y_te", actor=officer
    )
    topic_correction_record(
        text="   ", suggested="y_te", confidence=0.9, chosen="an_sinh", actor=officer
    )
    assert not TopicCorrection.objects.exists()

    topic_correction_record(
        text=text,
        suggested="y_te",
        confidence=0.41,
        chosen="an_sinh",
        target_type="petitions.petition",
        target_id=12,
        actor=officer,
    )

    row = TopicCorrection.objects.get()
    assert (row.text, row.suggested, row.chosen, row.confidence) == (text, "y_te", "an_sinh", 0.41)
    assert (row.target_type, row.target_id, row.created_by) == ("petitions.petition", 12, officer)
    event = AuditEvent.objects.get(verb="monitoring.topic_correct")
    assert event.target_id == str(row.pk)


@pytest.mark.django_db
def test_correction_text_is_capped_and_stripped_of_personal_data(officer: User) -> None:
    text = "Tôi là Nguyễn Văn Hùng, số điện thoại 0912345678, phản ánh trạm y tế. " + "x" * 9000

    topic_correction_record(
        text=text, suggested="y_te", confidence=None, chosen="an_sinh", actor=officer
    )

    stored = TopicCorrection.objects.get().text
    assert len(stored) <= 5000
    assert "Nguyễn" not in stored
    assert "0912345678" not in stored
    assert "trạm y tế" in stored


@pytest.mark.django_db
def test_correction_with_unknown_topic_or_confidence_is_refused(officer: User) -> None:
    with pytest.raises(ValidationFailed) as excinfo:
        topic_correction_record(
            text="x", suggested="no_such", confidence=1.5, chosen="y_te", actor=officer
        )

    assert set(excinfo.value.fields) == {"suggested", "confidence"}
    assert not TopicCorrection.objects.exists()


@pytest.mark.django_db
def test_training_with_corrections_changes_the_prediction_for_that_kind_of_text(
    officer: User, _model: Path
) -> None:
    # Reports about swiftlet houses (nhà yến) in residential areas: noise and smell.
    probe = "Phản ánh việc nuôi chim yến trong khu dân cư ở tổ dân phố 3"
    before = classifier.topic_suggest(probe)
    target = before.alternatives[0][0]
    for text in (
        "Nhà nuôi chim yến giữa khu dân cư, đề nghị xử lý",
        "Hộ dân xây nhà yến trong khu phố, người dân phản ánh",
        "Nuôi chim yến trong khu dân cư, cần kiểm tra",
    ):
        topic_correction_record(
            text=text, suggested=before.code, confidence=0.5, chosen=target, actor=officer
        )

    result = classifier.classifier_train(include_corrections=True)

    assert result.corrections == 3
    after = classifier.topic_suggest(probe)
    assert before.code != target
    assert after.code == target


# --- Pages and API -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_fragment_shows_the_suggestion_with_confidence_and_buttons(
    client: Client, officer: User
) -> None:
    client.force_login(officer)

    response = client.get(
        reverse("monitoring:topic_suggest"), {"text": next(iter(CLEAR)), "target": "id_topic"}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Gợi ý lĩnh vực:" in body
    assert "Đất đai, bồi thường, giải phóng mặt bằng" in body
    assert "độ tin cậy" in body
    assert 'data-code="dat_dai"' in body
    assert body.count("js-topic-apply") == 3
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_fragment_reads_the_intake_field_name_and_is_empty_for_empty_text(
    client: Client, officer: User
) -> None:
    client.force_login(officer)
    url = reverse("monitoring:topic_suggest")

    typed = client.get(url, {"content": list(CLEAR)[1], "target": 'bad id"><script>'})
    empty = client.get(url, {"text": "  "})

    assert 'data-code="giao_duc"' in typed.content.decode()
    assert 'data-target="id_topic"' in typed.content.decode()
    assert "Gợi ý" not in empty.content.decode()


@pytest.mark.django_db
def test_fragment_needs_sign_in(client: Client) -> None:
    response = client.get(reverse("monitoring:topic_suggest"), {"text": "đất đai"})

    assert response.status_code == 302


@pytest.mark.django_db
def test_api_suggests_code_label_confidence_and_alternatives(client: Client, officer: User) -> None:
    _token, raw = api_token_issue(user=officer)

    response = client.post(
        "/api/v1/monitoring/topics/suggest",
        json.dumps({"text": list(CLEAR)[1]}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )

    data = response.json()
    assert response.status_code == 200
    assert data["code"] == "giao_duc"
    assert data["label"] == "Giáo dục"
    assert 0 < data["confidence"] <= 1
    assert len(data["alternatives"]) == 2
    assert set(data["alternatives"][0]) == {"code", "confidence"}


@pytest.mark.django_db
def test_api_refuses_too_long_text_and_anonymous_callers(client: Client, officer: User) -> None:
    _token, raw = api_token_issue(user=officer)
    url = "/api/v1/monitoring/topics/suggest"

    too_long = client.post(
        url,
        json.dumps({"text": "a" * 20001}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    anonymous = client.post(url, json.dumps({"text": "x"}), content_type="application/json")

    assert too_long.status_code == 422
    assert anonymous.status_code == 401


# --- Petition intake ---------------------------------------------------------------------------


def _intake_post(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "complaint",
        "channel": "in_person",
        "received_on": "02/03/2026",
        "area_code": "19001",
        "topic": "moi_truong",
        "content": "Khiếu nại việc thu hồi đất nông nghiệp của gia đình tôi tại thôn Đông.",
        "complaint_round": "1",
        "topic_suggested": "dat_dai",
        "topic_confidence": "0.8123",
        "person-TOTAL_FORMS": "1",
        "person-INITIAL_FORMS": "0",
        "person-MIN_NUM_FORMS": "0",
        "person-MAX_NUM_FORMS": "1000",
        "person-0-full_name": "Nguyễn Văn Hùng",
        "person-0-address": "Thôn Đông, xã An",
    }
    data.update(overrides)
    return data


@pytest.fixture
def intake(world: World, client: Client) -> Client:  # noqa: F811
    from danvan.core.services.calendar import calendar_load_reference

    calendar_load_reference()
    client.force_login(world.officer_a)
    return client


@pytest.mark.django_db
def test_intake_page_asks_for_a_suggestion_while_typing(intake: Client) -> None:
    body = intake.get(reverse("petitions:intake")).content.decode()

    assert f'hx-post="{reverse("monitoring:topic_suggest")}"' in body
    assert 'hx-trigger="keyup changed delay:800ms"' in body
    assert 'id="topic-suggestion"' in body
    assert 'name="topic_suggested"' in body
    assert "js/topic_suggest.js" in body


@pytest.mark.django_db
def test_intake_with_another_topic_than_suggested_records_a_correction(
    intake: Client,
    world: World,  # noqa: F811
) -> None:
    response = intake.post(reverse("petitions:intake"), _intake_post())

    assert response.status_code == 302
    row = TopicCorrection.objects.get()
    assert (row.suggested, row.chosen, row.confidence) == ("dat_dai", "moi_truong", 0.8123)
    assert row.target_type == "petitions.petition"
    assert row.created_by == world.officer_a


@pytest.mark.django_db
def test_intake_records_nothing_when_the_topic_was_kept_or_is_a_denunciation(
    intake: Client,
) -> None:
    kept = intake.post(reverse("petitions:intake"), _intake_post(topic="dat_dai"))
    denunciation = intake.post(
        reverse("petitions:intake"), _intake_post(kind="denunciation", complaint_round="")
    )
    tampered = intake.post(
        reverse("petitions:intake"),
        _intake_post(topic_suggested="<b>", topic_confidence="nan"),
    )

    assert [kept.status_code, denunciation.status_code, tampered.status_code] == [302, 302, 302]
    assert not TopicCorrection.objects.exists()
