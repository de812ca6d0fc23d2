"""The demo recurring tasks: created once, with past occurrences given, idempotent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from danvan.core.models import Role, Task, TaskSeries
from danvan.core.services.demo_tasks import demo_task_series_load
from tests.core.test_tasks_world import member, new_org, new_unit
from tests.factories import CommuneFactory, ProvinceFactory


def test_demo_series_are_created_once_with_their_occurrences(db: Any, settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    province = new_unit(ProvinceFactory, code="44", name="Quảng Trị", full_name="Tỉnh Quảng Trị")
    commune = new_unit(
        CommuneFactory, code="19564", name="Đakrông", full_name="Xã Đakrông", parent=province
    )
    ubnd = new_org(code="44-UBND", name="UBND tỉnh Quảng Trị", area=province, level="province")
    new_org(code="44-MTTQ", name="UBMTTQ tỉnh", kind="mttq", area=province, level="province")
    new_org(code="44-BTGDV", name="Ban TGDV", kind="ban_tgdv", area=province, level="province")
    new_org(code="19564-UBND", name="UBND xã Đakrông", area=commune, level="commune", parent=ubnd)
    new_org(code="19564-MTTQ", name="UBMTTQ xã Đakrông", kind="mttq", area=commune, level="commune")
    member(ubnd, Role.LEADER, "lanhdao")

    today = dt.date(2026, 11, 23)
    assert demo_task_series_load(today=today) == 2
    assert demo_task_series_load(today=today) == 0
    monthly = TaskSeries.objects.get(organization__code="19564-UBND")
    labels = list(
        Task.objects.filter(series=monthly)
        .order_by("period_start")
        .values_list("period_label", flat=True)
    )
    assert labels == ["Tháng 8/2026", "Tháng 9/2026", "Tháng 10/2026", "Tháng 11/2026"]
    assert Task.objects.filter(series=monthly, status="done").count() == 3
    assert TaskSeries.objects.filter(organization__code="44-MTTQ").exists()
