"""Demo recurring tasks: the monthly report of every commune of the demo province to the Ban
Tuyên giáo và Dân vận, with the commune's Fatherland Front as supporting unit, and the
province Fatherland Front's quarterly report on supervision and social criticism.

Idempotent: a series already there (same lead unit and title) is left alone. A few past
occurrences are completed, on time or late, so the scoreboard of units has something to show.
The lead calls `demo_task_series_load()` from the demo loader after the organisations and the
demo accounts exist.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from danvan.core.models import Organization, Task, TaskDueRule, TaskSeries, TaskStatus
from danvan.core.services.task_series import period_of, task_series_create
from danvan.core.services.tasks import task_complete

PROVINCE = "44"
ACTOR = "lanhdao"  # leader at 44-UBND: an oversight role over the whole province
MONTHLY_TITLE = "Báo cáo tình hình nhân dân và kết quả công tác dân vận tháng"
MONTHLY_DESCRIPTION = (
    "Báo cáo Ban Tuyên giáo và Dân vận Tỉnh ủy: tình hình tư tưởng, dư luận xã hội; những vấn "
    "đề bức xúc, khiếu kiện đông người phát sinh; kết quả thực hiện phong trào thi đua «Dân vận "
    "khéo»; đề xuất, kiến nghị."
)
QUARTERLY_TITLE = "Báo cáo kết quả giám sát và phản biện xã hội quý"


def _actor() -> Any:
    return get_user_model().objects.filter(username=ACTOR, is_active=True).first()


def _exists(org: Organization, title: str) -> bool:
    return TaskSeries.objects.filter(organization=org, title=title).exists()


def demo_task_series_load(*, today: dt.date | None = None) -> int:
    """Create the demo series (and their occurrences so far); returns how many were created."""
    day = today or timezone.localdate()
    actor = _actor()
    if actor is None:
        return 0
    # Three months back, so the scoreboard has past, late and missed occurrences.
    first = period_of("monthly", day).start
    for _i in range(3):
        first = period_of("monthly", first - dt.timedelta(days=1)).start
    created = 0
    communes = Organization.objects.filter(
        code__endswith="-UBND", level="commune", area__parent__code=PROVINCE
    ).order_by("code")
    with transaction.atomic():
        for index, commune in enumerate(communes):
            if _exists(commune, MONTHLY_TITLE):
                continue
            front = Organization.objects.filter(code=commune.code.replace("-UBND", "-MTTQ")).first()
            series = task_series_create(
                actor=actor,
                title=MONTHLY_TITLE,
                organization=commune,
                recurrence="monthly",
                starts_on=first,
                due_rule=TaskDueRule.DAY_OF_NEXT_MONTH,
                due_day=5,
                supporting=[(front, "Tổng hợp ý kiến, kiến nghị của cử tri và nhân dân")]
                if front
                else [],
                description=MONTHLY_DESCRIPTION,
                today=day,
            )
            created += 1
            _complete_some(series, actor=actor, index=index, today=day)
        province_front = Organization.objects.filter(code=f"{PROVINCE}-MTTQ").first()
        propaganda = Organization.objects.filter(code=f"{PROVINCE}-BTGDV").first()
        if province_front is not None and not _exists(province_front, QUARTERLY_TITLE):
            task_series_create(
                actor=actor,
                title=QUARTERLY_TITLE,
                organization=province_front,
                recurrence="quarterly",
                starts_on=period_of("quarterly", day).start,
                due_offset_days=10,
                supporting=[(propaganda, "Theo dõi, tổng hợp chung")] if propaganda else [],
                description="Kết quả giám sát, phản biện xã hội và tiếp nhận ý kiến nhân dân.",
                today=day,
            )
            created += 1
    return created


def _complete_some(series: TaskSeries, *, actor: Any, index: int, today: dt.date) -> None:
    """Past occurrences: most communes report on time, one in three late, one in five forgets."""
    for task in Task.objects.filter(series=series, due__lt=today).order_by("period_start"):
        if task.status != TaskStatus.OPEN or index % 5 == 4:
            continue
        late = index % 3 == 2
        on = task.due + dt.timedelta(days=4) if late else task.due - dt.timedelta(days=1)
        task_complete(
            task=task,
            actor=actor,
            expected_version=task.version,
            on=min(on, today),
            note="Đã gửi báo cáo.",
        )
