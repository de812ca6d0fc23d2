"""The pure topic classifier: preprocessing, training, prediction, calibration, persistence,
evaluation and the redaction of texts kept for training."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest

from danvan.text import classify
from danvan.text.normalize import fold

# A small labelled set: three topics, varied wording, enough for the model to separate them.
LAND = [
    "Tranh chấp ranh giới đất với hộ bên cạnh, đề nghị xã đo đạc lại thửa đất",
    "Gia đình tôi bị thu hồi đất nhưng chưa nhận đủ tiền bồi thường",
    "Đề nghị cấp giấy chứng nhận quyền sử dụng đất cho hộ ông Hùng",
    "Giá bồi thường đất nông nghiệp dự án khu công nghiệp quá thấp",
    "Dân tái định cư chờ nhiều năm chưa có sổ đỏ",
    "Hàng xóm lấn chiếm đất vườn nhà tôi, xã chưa giải quyết",
    "Khiếu nại quyết định thu hồi đất để làm đường vành đai",
    "Bản đồ địa chính ghi sai diện tích thửa đất của gia đình",
    "Đề nghị bố trí đất tái định cư cho các hộ bị giải tỏa",
    "Cấp trùng giấy chứng nhận thửa đất cho hai hộ",
]
SCHOOL = [
    "Nhà trường thu nhiều khoản tiền ngoài học phí đầu năm học",
    "Phụ huynh phản ánh giáo viên dạy thêm bắt buộc học sinh",
    "Trường tiểu học xuống cấp, phòng học dột nát không an toàn cho học sinh",
    "Con tôi không được nhận vào lớp một trường gần nhà",
    "Đề nghị xây thêm phòng học cho trường mầm non của thôn",
    "Học sinh phải đi đò qua sông để đến trường rất nguy hiểm",
    "Giáo viên hợp đồng chưa được trả lương dạy học mấy tháng",
    "Thiếu giáo viên tiếng Anh ở trường trung học cơ sở xã",
    "Quỹ phụ huynh thu cao, nhà trường không công khai chi tiêu",
    "Kỳ thi tuyển sinh lớp mười có dấu hiệu gian lận",
]
HEALTH = [
    "Trạm y tế xã xuống cấp, thiếu thuốc và thiết bị khám bệnh",
    "Bệnh viện huyện quá tải, bệnh nhân nằm ghép hai ba người một giường",
    "Thẻ bảo hiểm y tế của người dân bị cấp sai thông tin",
    "Dịch sốt xuất huyết bùng phát ở khu phố, đề nghị phun thuốc",
    "Bác sĩ trạm y tế thái độ không tốt với người bệnh",
    "Người dân phải tự mua thuốc dù có bảo hiểm y tế",
    "Đề nghị tiêm vắc xin cho trẻ em trong thôn",
    "Phòng khám tư nhân hoạt động không có giấy phép",
    "Xe cứu thương đến chậm, bệnh nhân cấp cứu bị nguy kịch",
    "Thiếu bác sĩ ở trạm y tế vùng sâu",
]
TEXTS = LAND + SCHOOL + HEALTH
LABELS = ["dat_dai"] * len(LAND) + ["giao_duc"] * len(SCHOOL) + ["y_te"] * len(HEALTH)
LABEL_SET = ["dat_dai", "giao_duc", "y_te", "khac"]


@pytest.fixture(scope="module")
def model() -> classify.Model:
    return classify.train(TEXTS, LABELS, label_set=LABEL_SET, data_hash="abc")


# --- Preprocessing -----------------------------------------------------------------------------


def test_tokens_fold_diacritics_and_numbers_so_typed_variants_meet() -> None:
    with_marks = classify.tokens("Quyết định số 2156/QĐ-UBND thu hồi 412 m2 đất")
    without = classify.tokens("quyet dinh so 9/qd-ubnd thu hoi 7 m2 dat")

    assert with_marks == without
    assert "0" in with_marks
    assert "dat" in with_marks


def test_tokens_drop_courtesy_boilerplate_but_keep_the_subject() -> None:
    toks = classify.tokens(
        "Kính gửi: UBND xã. Tôi tên là A, trú tại thôn 3. Trạm y tế thiếu thuốc. Trân trọng."
    )

    assert "kinh" not in toks
    assert "gui" not in toks
    assert "tran" not in toks
    start = toks.index("tram")
    assert toks[start : start + 5] == ["tram", "y", "te", "thieu", "thuoc"]


def test_tokens_expand_chat_abbreviations_and_acronyms() -> None:
    assert classify.tokens("ko dc cap so") == ["khong", "duoc", "cap", "so"]
    assert classify.tokens("chậm chi trả GPMB") == [
        "cham",
        "chi",
        "tra",
        "giai",
        "phong",
        "mat",
        "bang",
    ]
    # "hong" stays: it is also "sổ hồng", a land certificate.
    assert classify.tokens("sổ hồng") == ["so", "hong"]


@pytest.mark.parametrize(
    "text",
    [
        "Tranh chấp ĐẤT ĐAI ở xã Đông Hòa",
        "Thuỷ lợi hoà bình, Ðồng (eth) Ñandú İstanbul",
        "c\u00f4\u0301ng trình",  # decomposed input
    ],
)
def test_fast_fold_is_fold_but_for_digits(text: str) -> None:
    assert " ".join(classify.fast_fold(text).split()) == fold(text)
    assert classify.fast_fold("Số 05/BC") == "so 00/bc"


def test_analyse_keeps_diacritics_aside_with_modern_tone_marks() -> None:
    folded, marked = classify.analyse("Hoà giải tranh chấp đất, thửa 412m2")

    assert folded == ["hoa", "giai", "tranh", "chap", "dat", "thua", "0m0"]
    assert marked == ["hòa", "giải", "tranh", "chấp", "đất", "thửa", "0m0"]
    assert classify.analyse("hoa giai tranh chap dat – “x”")[1] == []


def test_tokens_of_empty_or_symbol_text_are_empty() -> None:
    assert classify.tokens("") == []
    assert classify.tokens("   \t ") == []
    assert classify.tokens("@@ ## !!") == []


# --- Prediction --------------------------------------------------------------------------------


def test_predict_keeps_the_order_of_the_texts(model: classify.Model) -> None:
    texts = [
        "tranh chấp đất đai với nhà hàng xóm",
        "trường học thu tiền học phí cao",
        "trạm y tế thiếu thuốc",
        "bồi thường đất thấp",
    ]

    assert classify.predict(model, texts) == ["dat_dai", "giao_duc", "y_te", "dat_dai"]


def test_text_without_diacritics_gets_the_same_topic(model: classify.Model) -> None:
    text = "Bệnh viện quá tải, bệnh nhân phải nằm ghép"

    assert classify.predict(model, [fold(text)]) == classify.predict(model, [text]) == ["y_te"]


def test_typos_and_chat_style_still_land_on_the_topic(model: classify.Model) -> None:
    assert classify.predict(model, ["nha truong thu tien hok phi qua cao, phu huynh buc xuc"]) == [
        "giao_duc"
    ]
    assert classify.predict(model, ["tranh chap dat dai voi hang xom ko dc giai quyet"]) == [
        "dat_dai"
    ]


def test_empty_line_is_khac_and_garbage_is_a_valid_code(model: classify.Model) -> None:
    codes = classify.predict(model, ["", "   ", "@@@ ###", "zzqx vbnm"])

    assert codes[:3] == ["khac", "khac", "khac"]
    assert codes[3] in LABEL_SET


def test_probabilities_are_calibrated_rows_that_sum_to_one(model: classify.Model) -> None:
    proba = classify.predict_proba(model, ["trạm y tế thiếu thuốc", ""])

    assert proba.shape == (2, len(LABEL_SET))
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert model.labels[int(proba[0].argmax())] == "y_te"
    assert proba[1, LABEL_SET.index("khac")] == 1.0
    assert 0.05 <= model.temperature <= 5.0


def test_suggest_ranks_topics_best_first(model: classify.Model) -> None:
    ranked = classify.suggest(model, "giáo viên dạy thêm bắt buộc", top=3)

    assert ranked[0][0] == "giao_duc"
    assert [p for _c, p in ranked] == sorted((p for _c, p in ranked), reverse=True)
    assert len(ranked) == 3
    assert classify.suggest(model, "") == [("khac", 0.0)]


def test_training_is_deterministic() -> None:
    first = classify.train(TEXTS, LABELS, label_set=LABEL_SET, calibration_folds=0)
    second = classify.train(TEXTS, LABELS, label_set=LABEL_SET, calibration_folds=0)

    assert np.array_equal(first.coef_word, second.coef_word)
    assert first.char_vocab == second.char_vocab


def test_heavier_weights_move_the_model_towards_a_corrected_label() -> None:
    text = "học sinh bị ngộ độc thực phẩm ở bếp ăn trường"
    plain = classify.train(TEXTS, LABELS, label_set=LABEL_SET, calibration_folds=0)
    corrected = classify.train(
        [*TEXTS, text],
        [*LABELS, "y_te"],
        weights=[1.0] * len(TEXTS) + [8.0],
        label_set=LABEL_SET,
        calibration_folds=0,
    )

    def p_health(m: classify.Model) -> float:
        return float(classify.predict_proba(m, [text])[0, LABEL_SET.index("y_te")])

    assert p_health(corrected) > p_health(plain)
    assert classify.predict(corrected, [text]) == ["y_te"]


def test_training_refuses_bad_input() -> None:
    with pytest.raises(ValueError):
        classify.train(["a"], ["x", "y"])
    with pytest.raises(ValueError):
        classify.train([], [])
    with pytest.raises(ValueError):
        classify.train(["a"], ["x"], label_set=["y"])
    with pytest.raises(ValueError):
        classify.train(["a"], ["x"], no_such_parameter=1)


# --- Persistence -------------------------------------------------------------------------------


def test_save_and_load_give_the_same_predictions(model: classify.Model, tmp_path: Path) -> None:
    path = classify.save(model, tmp_path / "sub" / "model.pkl")
    loaded = classify.load(path)
    texts = ["đất đai", "học phí", "bệnh viện", ""]

    assert loaded.data_hash == "abc"
    assert loaded.labels == LABEL_SET
    assert classify.predict(loaded, texts) == classify.predict(model, texts)
    assert not list((tmp_path / "sub").glob(".*.tmp"))


def test_load_refuses_missing_foreign_or_other_version_files(tmp_path: Path) -> None:
    with pytest.raises(classify.ModelFormatError):
        classify.load(tmp_path / "none.pkl")
    (tmp_path / "junk.pkl").write_bytes(b"not a pickle")
    with pytest.raises(classify.ModelFormatError):
        classify.load(tmp_path / "junk.pkl")
    (tmp_path / "old.pkl").write_bytes(pickle.dumps({"format": classify.FORMAT_VERSION + 99}))
    with pytest.raises(classify.ModelFormatError):
        classify.load(tmp_path / "old.pkl")


def test_data_hash_changes_with_the_data(tmp_path: Path) -> None:
    (tmp_path / "y_te.txt").write_text("trạm y tế\n", encoding="utf-8")
    before = classify.data_hash(tmp_path)
    assert classify.data_hash(tmp_path) == before
    (tmp_path / "y_te.txt").write_text("trạm y tế\nbệnh viện\n", encoding="utf-8")

    assert classify.data_hash(tmp_path) != before
    assert classify.data_hash(tmp_path, extra="x") != classify.data_hash(tmp_path)


def test_read_dir_labels_lines_by_file_name_and_skips_blank_lines(tmp_path: Path) -> None:
    (tmp_path / "y_te.txt").write_text("trạm y tế\n\n  bệnh viện  \n", encoding="utf-8")
    (tmp_path / "giao_duc.txt").write_text("học phí\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored\n", encoding="utf-8")

    texts, labels = classify.read_dir(tmp_path)

    assert texts == ["học phí", "trạm y tế", "bệnh viện"]
    assert labels == ["giao_duc", "y_te", "y_te"]


# --- Evaluation --------------------------------------------------------------------------------


def test_evaluate_computes_per_topic_scores_and_macro_f1() -> None:
    gold = ["a", "a", "a", "b", "b", "c"]
    pred = ["a", "a", "b", "b", "c", "c"]

    result = classify.evaluate(gold, pred, labels=["a", "b", "c", "d"])
    by_code = {s.code: s for s in result.per_topic}

    assert [s.code for s in result.per_topic] == ["a", "b", "c"]
    assert by_code["a"].precision == 1.0
    assert by_code["a"].recall == pytest.approx(2 / 3)
    assert by_code["a"].f1 == pytest.approx(0.8)
    assert by_code["b"].precision == pytest.approx(0.5)
    assert by_code["b"].recall == pytest.approx(0.5)
    assert by_code["c"].precision == pytest.approx(0.5)
    assert by_code["c"].recall == 1.0
    assert by_code["a"].support == 3
    assert result.macro_f1 == pytest.approx((0.8 + 0.5 + 2 / 3) / 3)
    assert result.accuracy == pytest.approx(4 / 6)
    assert result.as_dict()["n"] == 6


def test_evaluate_counts_a_predicted_topic_absent_from_gold_as_zero() -> None:
    result = classify.evaluate(["a", "a"], ["a", "z"])

    assert {s.code: s.f1 for s in result.per_topic}["z"] == 0.0
    assert result.macro_f1 == pytest.approx((2 / 3) / 2)


# --- Texts kept for training -------------------------------------------------------------------


def test_redact_personal_removes_names_numbers_and_emails_but_keeps_the_subject() -> None:
    text = (
        "Tôi là Nguyễn Văn Hùng, SĐT 0912 345 678, email hung.nv@gmail.com, CCCD 044085001234. "
        "Hộ ông Lò Văn Pọm lấn chiếm đất. Bà con bức xúc về Quyết định 48/2010/QĐ-TTg."
    )

    redacted = classify.redact_personal(text)

    for secret in ("Nguyễn", "Hùng", "0912", "hung.nv", "044085001234", "Pọm"):
        assert secret not in redacted
    assert "lấn chiếm đất" in redacted
    assert "Bà con bức xúc" in redacted
    assert "48/2010/QĐ-TTg" in redacted
    assert redacted.count(classify.NAME_MARK) == 2
