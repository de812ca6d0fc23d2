"""Data for the load test: the demo, bulk petitions, 200 officer accounts and their own tasks.

Run against the load database (never with DANVAN_PRODUCTION=1: the demo refuses it)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_load DANVAN_VAR_DIR=var/load \\
        .venv/bin/python -m loadtest.prepare --petitions 100000

Steps, each skipped when already done (the script is idempotent):

1. `danvan demo --no-serve` (migrations, reference data, every module's demo records) unless the
   demo accounts exist;
2. `danvan bench generate` until the database holds at least `--petitions` petitions (a
   People's Committee per province and commune in force, petitions spread over them);
3. officers `load.canbo001`... (`--officers`, default 200) with the role officer (one in ten
   leader) at People's Committees of the four demo provinces: a quarter at the province
   (Ủy ban nhân dân tỉnh, Ban Tiếp công dân tỉnh), the rest at communes;
4. one open task per officer at its organisation, assigned to it, so the officers' progress
   updates never touch each other's task;
5. the manifest `<DANVAN_VAR_DIR>/loadtest/officers.json` the locustfile reads: username,
   password, organisation code and level, area codes where its petitions come from, task id.

Passwords are hashed by the production hasher (that is what the officers' sign-ins cost).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.config.settings")

LOAD_PASSWORD = os.environ.get("LOAD_PASSWORD") or "Danvan-Load-2026!"
USERNAME = "load.canbo{n:03d}"
DEMO_PROVINCES = ("44", "68", "19", "52")
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô")
MIDDLE = ("Văn", "Thị", "Hữu", "Minh", "Thu", "Đức", "Ngọc", "Quang", "Thanh", "Kim")
GIVEN = ("An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Long",
         "Mai", "Nam", "Nga", "Phúc", "Quỳnh", "Sơn", "Tâm", "Thảo", "Trung", "Tuấn",
         "Yến")  # fmt: skip


def manifest_path() -> Path:
    from django.conf import settings

    return Path(settings.VAR_DIR) / "loadtest" / "officers.json"


def _full_name(n: int) -> str:
    return f"{FAMILY[n % len(FAMILY)]} {MIDDLE[(n // 3) % len(MIDDLE)]} {GIVEN[n % len(GIVEN)]}"


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _placements(count: int) -> list[tuple[Any, str, str]]:
    """(organisation, role, position) for each officer: a quarter at the province, the rest at
    the communes of the four demo provinces, round robin over the provinces."""
    from danvan.core.models import Organization

    province_orgs: dict[str, list[Any]] = {}
    commune_orgs: dict[str, list[Any]] = {}
    for code in DEMO_PROVINCES:
        province_orgs[code] = list(
            Organization.objects.filter(code__in=[f"{code}-UBND", f"{code}-BTCD"], is_active=True)
            .select_related("area")
            .order_by("code")
        )
        commune_orgs[code] = list(
            Organization.objects.filter(
                level="commune", kind="ubnd", is_active=True, parent__code=f"{code}-UBND"
            )
            .select_related("area")
            .order_by("code")
        )
        if not province_orgs[code] or not commune_orgs[code]:
            raise SystemExit(f"Thiếu Ủy ban nhân dân tỉnh {code} hoặc các xã: chạy danvan demo.")
    placements: list[tuple[Any, str, str]] = []
    provinces = len(DEMO_PROVINCES)
    for i in range(count):
        code = DEMO_PROVINCES[i % provinces]
        round_ = i // provinces
        role = "leader" if i % 10 == 9 else "officer"
        if i % 4 == 0:
            orgs = province_orgs[code]
            org = orgs[round_ % len(orgs)]
            position = "Phó Chánh Văn phòng" if role == "leader" else "Chuyên viên"
        else:
            orgs = commune_orgs[code]
            org = orgs[(round_ * 7) % len(orgs)]
            position = "Phó Chủ tịch UBND" if role == "leader" else "Công chức"
        placements.append((org, role, position))
    return placements


def _areas(org: Any) -> list[str]:
    """Commune codes where the organisation's petitions come from."""
    from danvan.core.models import AdminUnit

    if org.level == "commune":
        return [org.area.code]
    today = dt.date.today()
    codes = list(
        AdminUnit.objects.in_force_on(today)
        .filter(parent=org.area, level="commune")
        .order_by("code")
        .values_list("code", flat=True)[:40]
    )
    return codes or [org.area.code]


def officers_ensure(count: int) -> list[dict[str, Any]]:
    from danvan.core.models import Membership, Task, User
    from danvan.core.services.accounts import membership_grant, user_create
    from danvan.core.services.tasks import task_create

    rows: list[dict[str, Any]] = []
    due = dt.date.today() + dt.timedelta(days=60)
    for n, (org, role, position) in enumerate(_placements(count), start=1):
        username = USERNAME.format(n=n)
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                actor=None,
                username=username,
                password=LOAD_PASSWORD,
                full_name=_full_name(n),
                position=f"{position} (thử tải)",
                organization=org,
                role=role,
            )
        elif not Membership.objects.filter(user=user, organization=org, role=role).exists():
            membership_grant(actor=None, user=user, organization=org, role=role)
        title = f"Báo cáo tiến độ thử tải của {username}"
        task = Task.objects.filter(title=title, organization=org, assignee=user).first()
        if task is None:
            task = task_create(
                actor=user,
                title=title,
                organization=org,
                due=due,
                assignee=user,
                description="Nhiệm vụ riêng của một cán bộ thử tải: chỉ người này báo tiến độ.",
            )
        rows.append(
            {
                "username": username,
                "password": LOAD_PASSWORD,
                "role": role,
                "organization": org.code,
                "organization_id": org.pk,
                "level": org.level,
                "areas": _areas(org),
                "task": task.pk,
            }
        )
        if n % 50 == 0:
            _log(f"  {n}/{count} cán bộ")
    return rows


def prepare(*, petitions: int, officers: int, skip_demo: bool = False) -> dict[str, Any]:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from danvan.core.models import User
    from danvan.petitions.models import Petition

    if settings.PRODUCTION:
        raise SystemExit("Không chuẩn bị dữ liệu thử tải khi DANVAN_PRODUCTION=1.")
    timings: dict[str, float] = {}
    started = time.perf_counter()
    # A new database has no tables yet: migrate before asking whether the demo is there.
    call_command("migrate", interactive=False, verbosity=0)
    if not skip_demo and not User.objects.filter(username="canbo").exists():
        _log("danvan demo --no-serve ...")
        t0 = time.perf_counter()
        call_command("demo", no_serve=True)
        timings["demo_seconds"] = round(time.perf_counter() - t0, 1)
    else:
        call_command("install", quiet=True)
    have = Petition.objects.count()
    if have < petitions:
        _log(f"danvan bench generate --petitions {petitions - have} ...")
        t0 = time.perf_counter()
        call_command("bench", "generate", petitions=petitions - have, verbosity=0)
        timings["bench_generate_seconds"] = round(time.perf_counter() - t0, 1)
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum keeps them in production: without them the planner
        # guesses 500 rows for any filter on 100,000 bulk-loaded petitions and picks bad plans
        # (this machine's PostgreSQL runs with autovacuum off).
        _log("VACUUM (ANALYZE) ...")
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
        timings["vacuum_analyze_seconds"] = round(time.perf_counter() - t0, 1)
    _log(f"{officers} cán bộ thử tải ...")
    t0 = time.perf_counter()
    rows = officers_ensure(officers)
    timings["officers_seconds"] = round(time.perf_counter() - t0, 1)
    path = manifest_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"officers": rows}, ensure_ascii=False, indent=1), "utf-8")
    timings["total_seconds"] = round(time.perf_counter() - started, 1)
    summary = {
        "manifest": str(path),
        "petitions": Petition.objects.count(),
        "officers": len(rows),
        **timings,
    }
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Chuẩn bị dữ liệu cho bài thử tải danvan.")
    parser.add_argument("--petitions", type=int, default=100_000, help="số đơn thư tối thiểu")
    parser.add_argument("--officers", type=int, default=200, help="số cán bộ thử tải")
    parser.add_argument("--skip-demo", action="store_true", help="không chạy danvan demo")
    args = parser.parse_args(argv)
    if args.officers < 1 or args.petitions < 0:
        parser.error("--officers phải dương, --petitions không âm")
    summary = prepare(petitions=args.petitions, officers=args.officers, skip_demo=args.skip_demo)
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
