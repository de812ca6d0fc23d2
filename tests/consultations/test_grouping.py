"""Grouping similar comments: the labelled set the threshold was tuned on (docs/consultations.md)
and the behaviours that matter (a different figure is a different proposal)."""

from __future__ import annotations

import itertools

from danvan.consultations.grouping import SIMILARITY_THRESHOLD, group_similar, groups_of

# (label, comment): comments with the same label say the same thing; written by hand for a
# provincial support-policy resolution and a village convention.
LABELLED: list[tuple[str, str]] = [
    ("a", "Đề nghị nâng mức hỗ trợ làm nhà ở cho hộ nghèo lên 50 triệu đồng/hộ."),
    ("a", "Mức hỗ trợ làm nhà 40 triệu là thấp, nên nâng lên 50 triệu đồng mỗi hộ nghèo."),
    ("a", "tôi đề nghị tăng mức hỗ trợ nhà ở hộ nghèo lên 50 triệu đồng"),
    ("b", "Cần bổ sung đối tượng hộ cận nghèo được hỗ trợ làm nhà."),
    ("b", "Đề nghị bổ sung hộ cận nghèo vào đối tượng được hỗ trợ nhà ở."),
    ("c", "Thủ tục hồ sơ đề nghị hỗ trợ còn rườm rà, nên giảm bớt giấy tờ."),
    ("c", "Đề nghị đơn giản hóa thủ tục, hồ sơ xin hỗ trợ, bớt giấy tờ cho dân."),
    ("d", "Nên quy định rõ thời gian giải ngân hỗ trợ trong 30 ngày."),
    ("e", "Tiền hỗ trợ nên chuyển khoản trực tiếp cho người dân."),
    ("f", "Đề nghị ưu tiên hộ đồng bào dân tộc thiểu số ở vùng sâu, vùng xa."),
    ("f", "Cần ưu tiên hỗ trợ trước cho đồng bào dân tộc thiểu số vùng sâu vùng xa."),
    ("g", "Đề nghị nâng mức hỗ trợ làm nhà ở cho hộ nghèo lên 70 triệu đồng/hộ."),
    ("h", "Quy định cấm thả rông gia súc là hợp lý, nhưng cần có thời gian để bà con làm chuồng."),
    ("h", "Đồng ý cấm thả rông trâu bò nhưng nên cho bà con thời gian làm chuồng trại."),
    ("i", "Mức đóng góp xây dựng đường 200 nghìn đồng một khẩu là cao với hộ nghèo."),
    ("i", "Hộ nghèo khó đóng góp 200 nghìn đồng mỗi khẩu để làm đường, đề nghị miễn giảm."),
    ("j", "Đám cưới không nên kéo dài quá 2 ngày, tránh lãng phí."),
    ("j", "Tổ chức đám cưới chỉ nên trong 2 ngày để tránh tốn kém lãng phí."),
    ("k", "Việc tang nên chôn cất trong 48 giờ để đảm bảo vệ sinh."),
    ("l", "Đề nghị bỏ quy định phạt tiền trong hương ước vì không đúng thẩm quyền."),
    ("l", "Hương ước không được quy định phạt tiền, đề nghị bỏ điều này."),
    ("m", "Tôi đồng ý với dự thảo."),
    ("n", "Cần tổ chức họp thôn để phổ biến hương ước cho bà con."),
    ("o", "Nên quy định rõ thời gian giải ngân hỗ trợ trong 60 ngày."),
]


def _errors(threshold: float) -> tuple[int, int]:
    """(pairs joined that the labels keep apart, pairs the labels join that were missed)."""
    first = group_similar([t for _l, t in LABELLED], threshold=threshold)
    wrong = missed = 0
    for i, j in itertools.combinations(range(len(LABELLED)), 2):
        same = LABELLED[i][0] == LABELLED[j][0]
        joined = first[i] == first[j]
        wrong += joined and not same
        missed += same and not joined
    return wrong, missed


def test_the_chosen_threshold_groups_the_labelled_set_as_labelled() -> None:
    assert _errors(SIMILARITY_THRESHOLD) == (0, 0)


def test_a_lower_threshold_joins_unrelated_comments_and_a_higher_one_misses_paraphrases() -> None:
    assert _errors(0.30)[0] > 0
    assert _errors(0.50)[1] > 0


def test_a_different_figure_is_a_different_proposal() -> None:
    texts = [
        "Đề nghị nâng mức hỗ trợ làm nhà ở cho hộ nghèo lên 50 triệu đồng/hộ.",
        "Đề nghị nâng mức hỗ trợ làm nhà ở cho hộ nghèo lên 70 triệu đồng/hộ.",
    ]
    assert groups_of(texts) == []


def test_groups_list_members_of_two_or_more_in_order() -> None:
    texts = [
        "Hương ước không được quy định phạt tiền, đề nghị bỏ điều này.",
        "Tôi đồng ý với dự thảo.",
        "Đề nghị bỏ quy định phạt tiền trong hương ước vì không đúng thẩm quyền.",
        "",
    ]
    assert groups_of(texts) == [[0, 2]]
