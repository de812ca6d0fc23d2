"""The pure parser that splits a pasted draft into chapters, parts, articles and clauses."""

from __future__ import annotations

from danvan.consultations.parser import parse_draft


def test_chapters_with_title_on_next_line_and_articles_with_title() -> None:
    text = (
        "Căn cứ Luật Tổ chức chính quyền địa phương;\n"
        "Chương I\nNHỮNG QUY ĐỊNH CHUNG\n"
        "Điều 1. Phạm vi điều chỉnh\nNghị quyết này quy định...\n\n"
        "Điều 2. Đối tượng áp dụng\n1. Hộ nghèo.\n2. Hộ cận nghèo.\n"
        "Chương II - CHÍNH SÁCH\nMục 1. HỖ TRỢ XÂY MỚI\nĐiều 3: Mức hỗ trợ\n40 triệu đồng."
    )
    parsed = parse_draft(text)
    assert parsed.preamble == "Căn cứ Luật Tổ chức chính quyền địa phương;"
    got = [(s.kind, s.number, s.title) for s in parsed.sections]
    assert got == [
        ("chapter", "I", "NHỮNG QUY ĐỊNH CHUNG"),
        ("article", "1", "Phạm vi điều chỉnh"),
        ("article", "2", "Đối tượng áp dụng"),
        ("chapter", "II", "CHÍNH SÁCH"),
        ("part", "1", "HỖ TRỢ XÂY MỚI"),
        ("article", "3", "Mức hỗ trợ"),
    ]
    assert parsed.sections[2].text == "1. Hộ nghèo.\n2. Hộ cận nghèo."
    assert parsed.sections[5].text == "40 triệu đồng."


def test_clauses_split_only_when_asked() -> None:
    text = "Điều 2. Đối tượng\n1. Hộ nghèo.\n2. Hộ cận nghèo.\nĐiều 3. Mức\nNội dung."
    plain = parse_draft(text)
    assert [s.kind for s in plain.sections] == ["article", "article"]
    split = parse_draft(text, clauses=True)
    assert [(s.kind, s.number, s.text) for s in split.sections] == [
        ("article", "2", ""),
        ("clause", "1", "Hộ nghèo."),
        ("clause", "2", "Hộ cận nghèo."),
        ("article", "3", "Nội dung."),
    ]


def test_uppercase_headings_lookalike_d_and_windows_line_ends() -> None:
    text = "CHƯƠNG III\r\nTỔ CHỨC THỰC HIỆN\r\n\u00d0IỀU 10. Trách nhiệm\r\nỦy ban nhân dân tỉnh."
    parsed = parse_draft(text)
    assert [(s.kind, s.number, s.title) for s in parsed.sections] == [
        ("chapter", "III", "TỔ CHỨC THỰC HIỆN"),
        ("article", "10", "Trách nhiệm"),
    ]


def test_sentences_that_start_like_headings_are_text() -> None:
    text = (
        "Điều 1. Mục tiêu\nMục tiêu của đề án là nâng cao đời sống.\n"
        "Chương trình này do xã chủ trì.\nĐiều 5 của Luật quy định rõ.\nMục lục kèm theo."
    )
    parsed = parse_draft(text)
    assert len(parsed.sections) == 1
    assert parsed.sections[0].text.count("\n") == 3


def test_no_heading_gives_only_a_preamble() -> None:
    parsed = parse_draft("Một đoạn văn bản không có chương, điều.")
    assert parsed.sections == [] and parsed.preamble.startswith("Một đoạn")
