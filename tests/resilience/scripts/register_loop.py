"""Register petitions one after another through the real service until killed.

Usage: python -m tests.resilience.scripts.register_loop USERNAME AREA_CODE
Prints "committed <id> <n>" once the n-th registration has returned (committed). Petition n has
1 + n % 2 senders and "[fault n]" in its content, which the checker reads back.
With DANVAN_FAULT_PAUSE_AT (see `pause.py`) it freezes inside that registration's transaction.
"""

from __future__ import annotations

import datetime as dt
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.config.settings")
django.setup()

from danvan.core.models import User  # noqa: E402
from danvan.petitions.inputs import PersonInput, PetitionInput  # noqa: E402
from danvan.petitions.services import petition_register  # noqa: E402
from tests.resilience.scripts import pause  # noqa: E402


def petition_data(n: int, area_code: str) -> PetitionInput:
    return PetitionInput(
        kind="complaint",
        channel="in_person",
        received_on=dt.date(2026, 3, 2),
        content=f"Khiếu nại việc bồi thường khi thu hồi đất ở thửa {n * 7}, tờ bản đồ "
        f"{n % 13 + 1}, giá bồi thường thấp hơn giá thị trường [fault {n}].",
        area_code=area_code,
        topic="dat_dai",
        petitioners=[
            PersonInput(full_name=f"Người Gửi {n} {i}", id_number="") for i in range(1 + n % 2)
        ],
    )


def main() -> None:
    username, area_code = sys.argv[1], sys.argv[2]
    pause.install()
    actor = User.objects.get(username=username)
    n = 0
    while True:
        n += 1
        petition = petition_register(actor=actor, data=petition_data(n, area_code))
        print(f"committed {petition.pk} {n}", flush=True)


if __name__ == "__main__":
    main()
