"""Split the pasted text of a draft into its structure (pure: no Django).

Vietnamese legal drafts follow Nghị định 30/2020 and Luật Ban hành văn bản quy phạm pháp luật:
"Chương I" (its title on the same line or the next), "Mục 1", "Điều 1. Phạm vi điều chỉnh"
(the article's title after the full stop), and inside an article numbered clauses "1. ...".
The text before the first heading (the legal bases, "Căn cứ ...") is the preamble.

`parse_draft(text)` returns the sections in order; clauses are separate sections only when
`clauses=True` (by default they stay in their article's text, which is what citizens comment
on). Headings are recognised whatever the case ("CHƯƠNG I", "ĐIỀU 3.") and with the look-alike
"Ð" (U+00D0) that some word processors type for "Đ".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

ROMAN = r"[IVXLCDM]+"
_CHAPTER = re.compile(rf"^chương\s+({ROMAN}|\d+)\b\s*[.:\-–]?\s*(.*)$", re.IGNORECASE)
_PART = re.compile(rf"^mục\s+(\d+|{ROMAN})\b\s*[.:\-–]?\s*(.*)$", re.IGNORECASE)
_ARTICLE = re.compile(r"^điều\s+(\d+[a-zđ]?)\s*[.:]\s*(.*)$", re.IGNORECASE)
_ARTICLE_BARE = re.compile(r"^điều\s+(\d+[a-zđ]?)\s*$", re.IGNORECASE)
_CLAUSE = re.compile(r"^(\d+)\.\s+(\S.*)$")
MAX_SECTIONS = 2000
TITLE_MAX = 500


@dataclass
class ParsedSection:
    kind: str  # chapter | part | article | clause
    number: str
    title: str = ""
    text: str = ""
    lines: list[str] = field(default_factory=list, repr=False)


@dataclass
class ParsedDraft:
    preamble: str
    sections: list[ParsedSection]


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.replace("\u00d0", "Đ").replace("\u00f0", "đ").replace("\u00a0", " ")


def _heading(line: str) -> tuple[str, str, str] | None:
    """(kind, number, rest of the line) when `line` opens a chapter, part or article."""
    for kind, pattern in (("chapter", _CHAPTER), ("part", _PART), ("article", _ARTICLE)):
        m = pattern.match(line)
        if m:
            number = m.group(1)
            return kind, number.upper() if kind != "article" else number, m.group(2).strip()
    m = _ARTICLE_BARE.match(line)
    if m:
        return "article", m.group(1), ""
    return None


def parse_draft(text: str, *, clauses: bool = False) -> ParsedDraft:
    """The draft's preamble and its sections, in the order of the text."""
    lines = [" ".join(line.split()) for line in _normalise(text).split("\n")]
    preamble: list[str] = []
    sections: list[ParsedSection] = []
    current: ParsedSection | None = None
    article: ParsedSection | None = None
    want_title = False  # a chapter or part heading without its title: the next line is it
    for line in lines:
        if not line:
            continue
        head = _heading(line)
        if head is not None:
            kind, number, rest = head
            current = ParsedSection(kind=kind, number=number, title=rest[:TITLE_MAX])
            sections.append(current)
            article = current if kind == "article" else None
            want_title = kind in ("chapter", "part") and not rest
            continue
        if current is None:
            preamble.append(line)
            continue
        if want_title:
            current.title = line[:TITLE_MAX]
            want_title = False
            continue
        if clauses and article is not None:
            m = _CLAUSE.match(line)
            if m:
                current = ParsedSection(kind="clause", number=m.group(1), text="")
                current.lines.append(m.group(2))
                sections.append(current)
                continue
        current.lines.append(line)
    for section in sections:
        section.text = "\n".join(section.lines)
        section.lines = []
    return ParsedDraft(preamble="\n".join(preamble), sections=sections[:MAX_SECTIONS])
