"""Figures for the petitions' hot paths on the configured database, beside the targets.

1. Registering a petition as an intake officer does it: the duplicate suggestion
   (`duplicate_candidates`) then `petition_register` (case number, search text, duplicate
   bands, deadlines, receipt), each committed on its own. Target: p95 < 50 ms at 1 million
   petitions on PostgreSQL.
2. The first page of the overdue board (`obligation_board`) for a province leader and for a
   commune officer, with the user loaded afresh each time as a request would (scope included).
   Target: p95 < 100 ms at 1 million petitions on PostgreSQL.

Fill the database first: `danvan bench generate --petitions 1000000`. The registered petitions
stay (the audit log is append-only), as do the two bench accounts (`bench.canbo`,
`bench.lanhdao`). Prints figures only; nothing here asserts a time.

    .venv/bin/python bench/bench_petitions.py [--registrations 200] [--board 100] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

from _common import django_setup, percentile, timed

django_setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from danvan.core.models import Membership, Organization, Role, User  # noqa: E402
from danvan.core.selectors.obligations import obligation_board  # noqa: E402
from danvan.petitions.demo_bulk import place_for  # noqa: E402
from danvan.petitions.demo_text import TextGenerator  # noqa: E402
from danvan.petitions.duplicates import duplicate_candidates  # noqa: E402
from danvan.petitions.inputs import PersonInput, PetitionInput  # noqa: E402
from danvan.petitions.models import Petition  # noqa: E402
from danvan.petitions.services import petition_register  # noqa: E402

KINDS = (("complaint", 30), ("denunciation", 14), ("proposal", 26), ("report", 25), ("mixed", 5))


def report(label: str, values: list[float], target_ms: float) -> None:
    ms = [v * 1000 for v in values]
    p95 = percentile(ms, 95)
    verdict = "OK" if p95 < target_ms else "CHẬM HƠN MỤC TIÊU"
    print(
        f"{label:<46} n={len(ms):>4}  p50={percentile(ms, 50):7.1f} ms  p95={p95:7.1f} ms  "
        f"max={max(ms):7.1f} ms  mean={statistics.fmean(ms):7.1f} ms  "
        f"(mục tiêu p95 < {target_ms:.0f} ms) {verdict}"
    )


def bench_account(username: str, full_name: str, org: Organization, role: str) -> User:
    """The bench account `username` with exactly one role, `role` at `org` (created or moved)."""
    from danvan.core.services.accounts import membership_grant, user_create

    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(
            actor=None,
            username=username,
            password=f"bench-{random.randrange(10**12)}-mat-khau",
            full_name=full_name,
            position="Tài khoản đo hiệu năng",
        )
    if not Membership.objects.filter(user=user, organization=org, role=role).exists():
        Membership.objects.filter(user=user).delete()
        membership_grant(actor=None, user=user, organization=org, role=role)
    return user


def pick_commune_org(rng: random.Random) -> Organization:
    """A commune People's Committee that has petitions (through a random petition id)."""
    last = Petition.objects.order_by("-id").values_list("id", flat=True).first()
    if last is None:
        raise SystemExit("Chưa có đơn thư: chạy `danvan bench generate --petitions N` trước.")
    for _ in range(50):
        row = (
            Petition.objects.filter(id__gte=rng.randint(1, last), organization__level="commune")
            .order_by("id")
            .values_list("organization_id", flat=True)
            .first()
        )
        if row is not None:
            return Organization.objects.select_related("area", "parent").get(pk=row)
    raise SystemExit("Không tìm thấy đơn thư của cấp xã.")


Suggest = Callable[..., Sequence[Any]]


def petition_inputs(org: Organization, count: int, seed: int) -> list[PetitionInput]:
    """`count` petitions as an intake officer of `org` would enter them today (the demo's
    text generator, kinds in the usual shares, received in person in the org's area)."""
    rng = random.Random(seed)
    gen = TextGenerator(seed)
    area = org.area
    if area is None:
        raise SystemExit(f"Cơ quan {org.code} không có địa bàn.")
    place = place_for(area, area.parent)
    today = timezone.localdate()
    names, weights = zip(*KINDS, strict=True)
    inputs = []
    for _ in range(count):
        kind = rng.choices(names, weights=weights)[0]
        text = gen.petition(place=place, day=today, kind=kind)
        inputs.append(
            PetitionInput(
                kind=text.kind,
                channel="in_person",
                received_on=today,
                content=text.content,
                area_code=area.code,
                petitioners=[
                    PersonInput(full_name=p.full_name, id_number=p.id_number, address=p.address)
                    for p in text.petitioners
                ],
                anonymous=text.anonymous,
                topic=text.topic,
                respondent=text.respondent,
                summary=text.summary,
                requests=text.requests,
                organization_id=int(org.pk),
            )
        )
    return inputs


def suggest_timed(user_id: int, data: PetitionInput, area_id: int, suggest: Suggest) -> float:
    """One duplicate suggestion for `data` as a fresh request of the user would ask it."""
    user = User.objects.get(pk=user_id)  # a fresh request: scope computed again
    return timed(
        lambda: suggest(
            user=user,
            content=data.content,
            names=[p.full_name for p in data.petitioners],
            area_id=area_id,
        )
    )


def bench_registrations(
    officer: User,
    org: Organization,
    count: int,
    seed: int,
    suggest: Suggest = duplicate_candidates,
) -> tuple[list[float], list[float], list[float]]:
    """(whole registration, duplicate suggestion alone, `petition_register` alone) per case.

    `suggest` is called as `duplicate_candidates` is (`bench/naive.py` passes its brute-force
    twin); each registration is committed on its own, as the intake page does."""
    area_id = int(org.area_id or 0)
    times: list[float] = []
    suggested: list[float] = []
    registered: list[float] = []
    for data in petition_inputs(org, count, seed):
        start = time.perf_counter()
        suggested.append(suggest_timed(officer.pk, data, area_id, suggest))
        user = User.objects.get(pk=officer.pk)
        registered.append(
            timed(lambda data=data, user=user: petition_register(actor=user, data=data))
        )
        times.append(time.perf_counter() - start)
    return times, suggested, registered


def bench_board(user_id: int, count: int) -> list[float]:
    times = []
    for _ in range(count):

        def one() -> None:
            user = User.objects.get(pk=user_id)
            page = obligation_board(user=user, page=1)
            list(page.rows)

        times.append(timed(one))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registrations", type=int, default=200)
    parser.add_argument("--board", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    total = Petition.objects.count()
    print(f"Cơ sở dữ liệu: {connection.vendor}; {total:,} đơn thư".replace(",", "."))
    org = pick_commune_org(rng)
    officer = bench_account("bench.canbo", "Cán bộ đo hiệu năng", org, Role.OFFICER)
    province_org = org.parent or org
    leader = bench_account("bench.lanhdao", "Lãnh đạo đo hiệu năng", province_org, Role.LEADER)
    print(f"Cán bộ xã: {org.name}; lãnh đạo: {province_org.name}")

    # Warm-up: first queries, caches, the deadline rules.
    bench_board(leader.pk, 3)
    whole, suggest, register = bench_registrations(officer, org, args.registrations, args.seed)
    report("Vào sổ đơn (gợi ý đơn trùng + đăng ký + hạn)", whole, 50)
    report("  trong đó: gợi ý đơn trùng", suggest, 50)
    report("  trong đó: petition_register", register, 50)
    report("Bảng hạn xử lý, trang 1 — lãnh đạo tỉnh", bench_board(leader.pk, args.board), 100)
    report("Bảng hạn xử lý, trang 1 — cán bộ xã", bench_board(officer.pk, args.board), 100)


if __name__ == "__main__":
    main()
