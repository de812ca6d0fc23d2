"""Demo reports: in each demo province, the People's Committee asks its communes for the
6-month and annual reports (2025-H1, 2025, 2026-H1, the 9 months of 2026, and the year 2026
still open); most communes send on time, some late, one is returned, one is missing; the
province's own reports (state format) and the Ban Tuyên giáo và Dân vận's (Party format) are
issued for 2025-H1, 2025 and 2026-H1. Narratives are written from the computed figures, as an
officer would. Idempotent: a province whose requests exist is left alone.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from danvan.core.models import Organization
from danvan.reports import services
from danvan.reports.indicators import Number, Window, coverage_for, figures_compute
from danvan.reports.models import Report, ReportProfile, ReportRequest
from danvan.reports.periods import Period, period_parse

PROVINCES = ("44", "68", "19", "52")

# Province People's Committee and Ban Tuyên giáo và Dân vận signers (Quảng Trị's are the demo
# accounts' names).
SIGNERS: dict[str, tuple[str, str]] = {
    "44": ("Hồ Thị Lan", "Hồ Sỹ Phùng"),
    "68": ("Nguyễn Hồng Hải", "Lê Thị Thu Hà"),
    "19": ("Phạm Hoàng Sơn", "Triệu Thị Lộc"),
    "52": ("Nguyễn Tuấn Thanh", "Ksor H'Bia"),
}

# (kind, period, the request's due date) — the last is still open on the demo's date.
REQUESTS: tuple[tuple[str, str], ...] = (
    ("six-month", "2025-H1"),
    ("year", "2025"),
    ("six-month", "2026-H1"),
    ("nine-month", "2026-9M"),
    ("year", "2026"),
)
OWN: tuple[tuple[str, str], ...] = (
    ("six-month", "2025-H1"),
    ("year", "2025"),
    ("six-month", "2026-H1"),
)


def _n(values: dict[str, Number | None], code: str) -> int:
    value = values.get(code)
    return int(value) if value is not None else 0


def _pct(values: dict[str, Number | None], code: str) -> str:
    value = values.get(code)
    if value is None:
        return "chưa có"
    return f"{Decimal(value):.1f}".replace(".", ",") + "%"


def _narrative(
    org: Organization, period: Period, values: dict[str, Number | None]
) -> dict[str, str]:
    province = org.level == "province"
    where = "toàn tỉnh" if province else "địa phương"
    received = _n(values, "petitions.received")
    resolved = _n(values, "petitions.resolved")
    sessions = _n(values, "reception.sessions_by_head")
    visitors = _n(values, "reception.visitors")
    crowds = _n(values, "reception.crowd_delegations")
    dialogues = _n(values, "dialogues.held")
    issues = _n(values, "issues.reported")
    models = _n(values, "models.registered")
    late = _n(values, "tasks.late")
    overdue = _n(values, "petitions.overdue")
    results = (
        f"Trong {period.label}, cấp ủy, chính quyền và Mặt trận, các đoàn thể {where} tiếp tục "
        "quán triệt, thực hiện nghiêm các chủ trương của Đảng, chính sách, pháp luật của Nhà "
        "nước về công tác dân vận, tiếp công dân, giải quyết khiếu nại, tố cáo.\n\n"
        f"Người đứng đầu đã trực tiếp tiếp công dân {sessions} buổi; đã tiếp {visitors} lượt "
        f"người, trong đó {crowds} đoàn đông người. Tiếp nhận {received} đơn, đã giải quyết "
        f"{resolved} vụ việc thuộc thẩm quyền, tỷ lệ giải quyết đúng hạn "
        f"{_pct(values, 'petitions.resolved_on_time_pct')}. Tổ chức {dialogues} cuộc đối thoại "
        f"với Nhân dân; ghi nhận và theo dõi {issues} vấn đề bức xúc, không để phát sinh điểm "
        "nóng.\n\n"
        f"Phong trào thi đua «Dân vận khéo» được triển khai sâu rộng, có {models} mô hình mới "
        "đăng ký xây dựng, gắn với phát triển kinh tế - xã hội, bảo đảm quốc phòng - an ninh."
    )
    shortcomings = (
        f"Vẫn còn {overdue} vụ việc quá hạn giải quyết; {late} nhiệm vụ được giao chưa hoàn "
        "thành đúng hạn. Việc nắm tình hình Nhân dân ở một số nơi có lúc chưa kịp thời; chế độ "
        "thông tin, báo cáo của một số đơn vị còn chậm."
        if overdue or late
        else "Việc nắm tình hình Nhân dân ở một số nơi có lúc chưa kịp thời; chất lượng một số "
        "mô hình «Dân vận khéo» chưa đồng đều."
    )
    return {
        "results": results,
        "shortcomings": shortcomings,
        "causes": (
            "Một số vụ việc phức tạp, kéo dài, liên quan đến đất đai, bồi thường, hỗ trợ tái định "
            "cư; năng lực, kinh nghiệm của một bộ phận cán bộ cơ sở còn hạn chế; sự phối hợp giữa "
            "các cơ quan, đơn vị có lúc chưa chặt chẽ."
        ),
        "tasks_ahead": (
            "Tiếp tục nâng cao chất lượng tiếp công dân, giải quyết dứt điểm các vụ việc tồn "
            "đọng; tăng cường đối thoại, nắm chắc tình hình Nhân dân; nhân rộng các mô hình "
            "«Dân vận khéo» hiệu quả; thực hiện nghiêm chế độ thông tin, báo cáo."
        ),
        "recommendations": (
            "Đề nghị cấp trên quan tâm bố trí kinh phí, tập huấn nghiệp vụ tiếp công dân, xử lý "
            "đơn cho cán bộ cơ sở và sớm hướng dẫn giải quyết các vụ việc liên quan đến đất đai "
            "có nguồn gốc phức tạp."
        ),
    }


def _write_and_send(report: Report, *, issued_on: dt.date) -> None:
    period = services.report_period(report)
    values = figures_compute(coverage_for(report.organization), Window(period.start, period.end))
    services.report_update(
        actor=None,
        report=report,
        expected_version=report.version,
        data=_narrative(report.organization, period, values),
    )
    services.report_submit(
        actor=None, report=report, expected_version=report.version, issued_on=issued_on
    )


def _profiles(pcode: str) -> None:
    ubnd_signer, btgdv_signer = SIGNERS[pcode]
    for code, name, title in (
        (f"{pcode}-UBND", ubnd_signer, "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"),
        (f"{pcode}-BTGDV", btgdv_signer, "K/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN"),
    ):
        org = Organization.objects.filter(code=code).first()
        if org is None:
            continue
        ReportProfile.objects.update_or_create(
            organization=org, defaults={"signer_name": name, "signer_title": title}
        )


def demo_reports_load(*, today: dt.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    made = 0
    for pcode in PROVINCES:
        province_ubnd = Organization.objects.filter(code=f"{pcode}-UBND").first()
        if (
            province_ubnd is None
            or ReportRequest.objects.filter(organization=province_ubnd).exists()
        ):
            continue
        rng = random.Random(f"reports-{pcode}")
        with transaction.atomic():
            _profiles(pcode)
            communes = services.request_candidates(province_ubnd)
            for kind, code in REQUESTS:
                period = period_parse(kind, code, 15)
                if period.start > today:
                    continue
                request = services.request_create(
                    actor=None,
                    organization=province_ubnd,
                    kind=kind,
                    period_code=code,
                    unit_ids=[c.pk for c in communes],
                )
                made += len(communes)
                is_last_closed = code == "2026-9M"
                for i, report in enumerate(request.reports.order_by("organization__code")):
                    if request.due_on > today:
                        # The open request: a few communes have started, one has already sent.
                        if i == 0 and period.end <= today:
                            _write_and_send(report, issued_on=today)
                        continue
                    if is_last_closed and i == len(communes) - 1:
                        continue  # missing: never sent
                    delay = rng.choice((-4, -3, -2, -1, 0, 0, 1, 3, 6))
                    issued = min(max(request.due_on + dt.timedelta(days=delay), period.end), today)
                    _write_and_send(report, issued_on=issued)
                    report.refresh_from_db()
                    if is_last_closed and i == 0:
                        services.report_review(
                            actor=None,
                            report=report,
                            expected_version=report.version,
                            action="return",
                            comment=(
                                "Đề nghị bổ sung số liệu đối thoại và làm rõ nguyên nhân các vụ "
                                "việc quá hạn."
                            ),
                        )
                    else:
                        services.report_review(
                            actor=None,
                            report=report,
                            expected_version=report.version,
                            action="accept",
                        )
            for suffix in ("UBND", "BTGDV"):
                org = Organization.objects.filter(code=f"{pcode}-{suffix}").first()
                if org is None:
                    continue
                for kind, code in OWN:
                    report = services.report_create(
                        actor=None, organization=org, kind=kind, period_code=code
                    )
                    period = services.report_period(report)
                    issued = min(period.end + dt.timedelta(days=rng.randint(6, 10)), today)
                    _write_and_send(report, issued_on=issued)
                    made += 1
    return {"reports": made}
