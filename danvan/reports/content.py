"""What a report document says, as plain data: the contract between the report services and
the renderers in `danvan.reports.documents` (DOCX state and Party formats, XLSX annex, PDF).

`report_content(report)` (services) builds it; `render(content, fmt)` turns it into bytes.
Nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class FigureRow:
    code: str
    label: str
    unit: str
    group: str
    value: Decimal | int | None  # None: a rate with nothing to count
    previous: Decimal | int | None
    kind: str = "count"  # count | rate
    parent: str = ""  # a topic breakdown row: the code it breaks down (printed indented)


@dataclass(frozen=True)
class UnitRow:
    """One lower unit's figures in the annex (a province report lists its communes)."""

    name: str
    values: dict[str, Decimal | int | None]
    status: str = ""  # the unit's own report: "Đã gửi 12/06/2026", "Chưa gửi"


@dataclass(frozen=True)
class Trend:
    """A series a chart reads better than a table (e.g. petitions received per month)."""

    title: str
    unit: str
    labels: list[str]
    series: dict[str, list[float]]  # legend -> one value per label


@dataclass(frozen=True)
class Section:
    heading: str  # "Kết quả đạt được"
    text: str  # paragraphs separated by blank lines


@dataclass(frozen=True)
class ReportContent:
    doc_format: str  # state | party
    # Header
    parent_line: str  # the body above ("UBND TỈNH LÂM ĐỒNG"; Party: "ĐẢNG BỘ TỈNH LÂM ĐỒNG")
    org_line: str  # the issuing body, upper case
    number: str  # "05/BC-UBND", Party "12-BC/BTGDVTU"; "" for a draft
    number_symbol: str  # what a draft prints after the blank ("/BC-UBND", "-BC/BTGDVTU")
    place: str  # "Lâm Đồng"
    issued_on: dt.date  # the date line (a draft: today)
    draft: bool
    # Title
    title: str  # "BÁO CÁO"
    subject: str  # "Kết quả công tác dân vận 6 tháng đầu năm 2026, phương hướng ..."
    kind: str
    period_label: str  # "6 tháng đầu năm 2026"
    window_start: dt.date
    window_end: dt.date
    previous_label: str  # "6 tháng đầu năm 2025"
    # Body
    intro: str  # the opening paragraph (what the report covers, the data window)
    sections: list[Section]
    figures: list[FigureRow]
    units: list[UnitRow] = field(default_factory=list)
    unit_codes: list[str] = field(default_factory=list)  # the figures the unit table shows
    trends: list[Trend] = field(default_factory=list)
    # Closing
    recipients: list[str] = field(default_factory=list)
    signer_title: list[str] = field(default_factory=list)  # ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    signer_name: str = ""
    author: str = ""  # the document properties' author
    organization_code: str = ""
    organization_id: int = 0
