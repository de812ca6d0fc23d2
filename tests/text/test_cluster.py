"""Near-duplicate clustering: the same-case decision, the clusters, the file contract, the index.

The labelled set (danvan/data/dedup/eval.tsv) is written for the project; the quality
figures of the whole set are `danvan dedup evaluate`'s business (tests/monitoring). Here:
each behaviour the issue names, on small texts, and properties of the clustering.
"""

from __future__ import annotations

import io
import itertools
import random
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from danvan.text import cluster, fold
from danvan.text.cluster import (
    NearDuplicateIndex,
    Stats,
    cluster_ids,
    cluster_texts,
    cluster_tsv,
    read_lines,
)
from danvan.text.dedup import features, same_case, same_case_features

EVAL = Path(__file__).resolve().parents[2] / "danvan" / "data" / "dedup" / "eval.tsv"

WAGES = (
    "Tôi tên là Nguyễn Văn An, sinh năm 1965, trú tại thôn 2, xã Thông Thuận. Công ty TNHH Hải "
    "Phong nợ lương tôi 3 tháng với số tiền 15.000.000 đồng. Tôi đã nhiều lần đề nghị nhưng "
    "công ty không trả. Đề nghị Ủy ban nhân dân xã xem xét, yêu cầu công ty trả đủ tiền lương "
    "cho tôi theo Quyết định số 12/2025/QĐ-UBND."
)


def _wages(**swap: str) -> str:
    text = WAGES
    for old, new in swap.items():
        text = text.replace(old.replace("_", " "), new)
    return text


def _sentences(text: str) -> list[str]:
    return [s.strip() + "." for s in text.split(". ") if s.strip(" .")]


# --- The same-case decision --------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(fold(WAGES), id="no-diacritics"),
        pytest.param(WAGES.lower(), id="lowercase"),
        pytest.param(WAGES.upper(), id="uppercase"),
        pytest.param(re.sub(r"[.,;:!?]", "", fold(WAGES)).upper(), id="no-punctuation"),
        pytest.param(
            "Kính gửi: Chủ tịch UBND xã Thông Thuận. " + WAGES + " Xin chân thành cảm ơn!",
            id="greeting-and-thanks",
        ),
        pytest.param(" ".join(reversed(_sentences(WAGES))), id="reordered"),
        pytest.param(
            WAGES + " Đây là lần thứ hai tôi gửi đơn nhưng chưa được trả lời.",
            id="sentence-added",
        ),
        pytest.param(
            WAGES.replace("nhiều lần đề nghị", "nhieu lan đề nghi").replace("không trả", "ko trả"),
            id="typos",
        ),
        pytest.param(
            WAGES.replace("Ủy ban nhân dân", "UBND").replace("Công ty", "Cty"),
            id="abbreviations",
        ),
    ],
)
def test_copies_edited_in_the_usual_ways_are_the_same_case(variant: str) -> None:
    assert same_case(WAGES, variant)
    assert same_case(variant, WAGES)


@pytest.mark.parametrize(
    "swap",
    [
        pytest.param({"Nguyễn_Văn_An": "Trần Thị Bình"}, id="another-person"),
        pytest.param({"thôn_2,_xã_Thông_Thuận": "thôn 5, xã Phước Hải"}, id="another-place"),
        pytest.param({"15.000.000": "9.000.000"}, id="another-amount"),
        pytest.param({"12/2025": "31/2024"}, id="another-decision"),
    ],
)
def test_the_same_form_for_another_person_place_amount_or_decision_is_another_case(
    swap: dict[str, str],
) -> None:
    other = _wages(**swap)
    assert not same_case(WAGES, other)
    # Typed without diacritics or in capitals, it still is another case.
    assert not same_case(WAGES, fold(other))
    assert not same_case(WAGES, other.upper())
    assert not same_case(fold(WAGES).lower(), other)


def test_unrelated_texts_are_not_the_same_case() -> None:
    other = "Trạm y tế xã Phước Dinh xuống cấp nghiêm trọng, mái dột, đề nghị sửa chữa."
    assert not same_case(WAGES, other)


def test_a_short_follow_up_repeating_a_complaint_is_not_the_same_case() -> None:
    complaint = (
        "Đoạn đường từ chợ Phước Dân đến cầu Ninh Quý ổ gà chi chít, trời mưa nước đọng thành "
        "vũng, xe máy té liên tục. Đề nghị chính quyền sửa gấp trước mùa mưa bão."
    )
    thanks = "Đoạn đường từ chợ Phước Dân đến cầu Ninh Quý đã được vá ổ gà, cảm ơn chính quyền."
    assert not same_case(complaint, thanks)


@pytest.mark.parametrize("text", ["", "Xin chào!", "Kính gửi UBND xã. Xin chân thành cảm ơn."])
def test_a_text_with_nothing_but_greetings_is_never_the_same_case(text: str) -> None:
    assert not same_case(text, text)
    assert not same_case(text, WAGES)


@given(st.text(max_size=200), st.text(max_size=200))
@settings(max_examples=150, deadline=None)
def test_same_case_is_symmetric(a: str, b: str) -> None:
    assert same_case(a, b) == same_case(b, a)


# --- Clustering --------------------------------------------------------------------------------


def test_clusters_are_connected_groups_and_named_after_their_first_text() -> None:
    texts = [
        "Chó thả rông ở khu tái định cư Hòn Rớ 2, sáng nay thêm một cháu bị cắn.",
        WAGES,
        "Trạm y tế xã Phước Dinh xuống cấp nghiêm trọng, mái dột, đề nghị sửa chữa.",
        fold(WAGES),
        _wages(Nguyễn_Văn_An="Trần Thị Bình"),
        WAGES.upper(),
        fold(_wages(Nguyễn_Văn_An="Trần Thị Bình")).lower(),
    ]
    first = cluster_texts(texts)
    assert first == [0, 1, 2, 1, 4, 1, 4]


def test_exact_copies_of_a_line_belong_together_unless_nothing_is_left_to_compare() -> None:
    assert cluster_texts([WAGES, "Xin chào!", WAGES, "Xin chào!", "", ""]) == [0, 1, 0, 3, 4, 5]


def test_no_input_gives_no_clusters() -> None:
    assert cluster_texts([]) == []


def test_the_labelled_set_is_clustered_at_precision_and_recall_above_the_target() -> None:
    rows = [line.split("\t", 2) for line in EVAL.read_text(encoding="utf-8").splitlines()]
    first = cluster_texts(r[2] for r in rows)
    true = {
        (i, j) for i, j in itertools.combinations(range(len(rows)), 2) if rows[i][1] == rows[j][1]
    }
    found = {(i, j) for i, j in itertools.combinations(range(len(rows)), 2) if first[i] == first[j]}
    assert len(rows) >= 300
    assert len(true & found) / len(found) >= 0.9
    assert len(true & found) / len(true) >= 0.9


def _eval_texts(k: int, seed: int) -> list[str]:
    rows = [line.split("\t", 2)[2] for line in EVAL.read_text(encoding="utf-8").splitlines()]
    return random.Random(seed).sample(rows, k)


def _partition(first: list[int]) -> set[frozenset[int]]:
    groups: dict[int, set[int]] = {}
    for i, head in enumerate(first):
        groups.setdefault(head, set()).add(i)
    return {frozenset(g) for g in groups.values()}


@given(st.lists(st.sampled_from([*_eval_texts(60, 1), "", "Xin chào"]), max_size=25))
@settings(max_examples=40, deadline=None)
def test_one_result_per_text_and_each_names_the_first_of_its_cluster(texts: list[str]) -> None:
    first = cluster_texts(texts)
    assert len(first) == len(texts)
    for i, head in enumerate(first):
        assert head <= i
        assert first[head] == head  # the representative is in its own cluster, and first


@given(st.permutations(_eval_texts(24, 2)))
@settings(max_examples=20, deadline=None)
def test_the_clusters_do_not_depend_on_the_order_of_the_lines(texts: list[str]) -> None:
    reference = _eval_texts(24, 2)
    by_text = {t: i for i, t in enumerate(reference)}
    expected = _partition(cluster_texts(reference))
    got = _partition(cluster_texts(texts))
    assert {frozenset(by_text[texts[i]] for i in g) for g in got} == expected


def test_clusters_agree_with_pairwise_same_case() -> None:
    texts = _eval_texts(120, 3)
    feats = [features(t) for t in texts]
    parent = list(range(len(texts)))

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for i, j in itertools.combinations(range(len(texts)), 2):
        if same_case_features(feats[i], feats[j]):
            parent[find(i)] = find(j)
    expected = _partition(
        [min(k for k in range(len(texts)) if find(k) == find(i)) for i in range(len(texts))]
    )
    assert _partition(cluster_texts(texts)) == expected


def test_the_vectorised_facts_test_gives_what_the_per_pair_one_does() -> None:
    texts = _eval_texts(200, 4) + [fold(t) for t in _eval_texts(40, 5)]
    store = cluster._encode(texts)
    pairs = np.array(list(itertools.combinations(range(len(texts)), 2)), dtype=np.int64)
    vectorised = cluster._conflicting(store, pairs)
    from danvan.text.dedup import has_conflict

    compact = [cluster._compact(store, i) for i in range(len(texts))]
    assert [has_conflict(compact[i], compact[j]) for i, j in pairs.tolist()] == vectorised.tolist()
    shared = cluster._shared_content(store, pairs)
    assert [
        len(compact[i].content & compact[j].content) for i, j in pairs.tolist()
    ] == shared.tolist()


def test_large_inputs_take_the_lsh_path_with_the_same_clusters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = _eval_texts(150, 6) + [fold(t) for t in _eval_texts(30, 6)]
    exhaustive = _partition(cluster_texts(texts))
    monkeypatch.setattr(cluster, "EXHAUSTIVE_MAX", 0)
    stats = Stats()
    lsh = _partition(cluster_texts(texts, stats=stats))
    assert not stats.exhaustive
    # LSH may miss a pair the exhaustive path finds, never invent one.
    assert all(any(g <= e for e in exhaustive) for g in lsh)
    assert sum(len(g) for g in lsh if len(g) > 1) >= 0.9 * sum(
        len(g) for g in exhaustive if len(g) > 1
    )


def test_two_workers_give_the_same_clusters_as_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cluster, "CHUNK", 40)
    monkeypatch.setattr(cluster, "PAIR_BATCH", 50)
    monkeypatch.setattr(cluster, "EXHAUSTIVE_MAX", 0)
    texts = _eval_texts(200, 7)
    assert cluster_texts(texts, workers=2) == cluster_texts(texts, workers=1)


# --- The id<TAB>text file ----------------------------------------------------------------------


def _run(data: bytes) -> tuple[list[str], list[str]]:
    out = io.StringIO()
    warnings: list[str] = []
    cluster_tsv(io.BytesIO(data), out, warn=warnings.append)
    return out.getvalue().split("\n")[:-1], warnings


def test_file_gives_one_line_per_input_line_in_order() -> None:
    data = f"a\t{WAGES}\nb\tXin chào\nc\t{fold(WAGES)}\n".encode()
    lines, warnings = _run(data)
    assert lines == ["a\ta", "b\tb", "c\ta"]
    assert warnings == []


def test_crlf_bom_and_a_last_line_without_newline_are_read_leniently() -> None:
    data = b"\xef\xbb\xbf" + f"a\t{WAGES}\r\nb\t{fold(WAGES)}".encode()
    lines, _ = _run(data)
    assert lines == ["a\ta", "b\ta"]


def test_a_line_without_tab_is_an_id_alone_in_its_cluster_with_a_warning() -> None:
    lines, warnings = _run(f"a\t{WAGES}\nchi-co-ma\nb\t{WAGES}\n".encode())
    assert lines == ["a\ta", "chi-co-ma\tchi-co-ma", "b\ta"]
    assert len(warnings) == 1 and "dòng 2" in warnings[0]


def test_an_empty_line_keeps_the_output_aligned() -> None:
    lines, _ = _run(f"a\t{WAGES}\n\nb\t{WAGES}\n".encode())
    assert lines == ["a\ta", "\t#2", "b\ta"]


def test_repeated_ids_never_give_two_clusters_the_same_id() -> None:
    other = "Trạm y tế xã Phước Dinh xuống cấp nghiêm trọng, mái dột, đề nghị sửa chữa."
    lines, warnings = _run(f"x\t{WAGES}\nx\t{other}\ny\t{fold(WAGES)}\n".encode())
    assert lines == ["x\tx", "x\tx#2", "y\tx"]
    assert any("x" in w for w in warnings)


def test_text_may_contain_more_tabs_and_bad_bytes_are_replaced() -> None:
    lines, warnings = _run(b"a\tfoo\tbar\nb\t\xff\xfe abc\n")
    assert lines == ["a\ta", "b\tb"]
    assert any("UTF-8" in w for w in warnings)


def test_read_lines_splits_on_the_first_tab_only() -> None:
    got = list(read_lines(io.BytesIO(b"1\tx\ty\n2\n"), lambda _m: None))
    assert [(line.number, line.id, line.text) for line in got] == [(1, "1", "x\ty"), (2, "2", "")]


def test_cluster_ids_use_the_first_line_of_each_cluster() -> None:
    lines = list(read_lines(io.BytesIO(b"p\t\nq\t\nr\t\n"), lambda _m: None))
    assert cluster_ids(lines, [0, 0, 2], lambda _m: None) == ["p", "p", "r"]


# --- One text against many (intake) ------------------------------------------------------------


def test_index_finds_the_copies_of_a_new_text_and_not_the_same_form_for_others() -> None:
    indexed = [
        WAGES,
        _wages(Nguyễn_Văn_An="Trần Thị Bình"),
        _wages(**{"15.000.000": "9.000.000"}),
        "Trạm y tế xã Phước Dinh xuống cấp nghiêm trọng, mái dột, đề nghị sửa chữa.",
        fold(WAGES),
    ]
    index = NearDuplicateIndex(indexed)
    assert len(index) == 5
    assert index.lookup(WAGES.upper() + " Đây là lần thứ hai tôi gửi đơn.") == [0, 4]
    assert index.lookup("Xin chào!") == []
    assert index.lookup("Cầu treo thôn Tà Gụ hỏng ván sàn, đề nghị sửa.") == []


_LINE_PARTS = st.sampled_from(
    [b"a", b"17", b"\t", b"\r", b" ", "Đơn".encode(), b"\xff", WAGES[:60].encode(), b"x\ty"]
)


@given(st.lists(st.lists(_LINE_PARTS, max_size=6).map(b"".join), max_size=12), st.booleans())
@settings(max_examples=80, deadline=None)
def test_any_file_gives_one_output_line_per_input_line_with_its_id(
    lines: list[bytes], final_newline: bool
) -> None:
    data = b"\n".join(lines) + (b"\n" if final_newline and lines else b"")
    out, _ = _run(data)
    expected = data.split(b"\n")
    if data.endswith(b"\n"):
        expected.pop()
    if not data:
        expected = []
    assert len(out) == len(expected)
    for produced, raw in zip(out, expected, strict=True):
        ident = raw[:-1] if raw.endswith(b"\r") else raw
        # A carriage return inside an id would end the line for some readers: it is dropped.
        wanted = ident.split(b"\t")[0].decode("utf-8", "replace").replace("\r", "")
        assert produced.split("\t")[0] == wanted
        assert produced.count("\t") == 1
        assert "\r" not in produced
