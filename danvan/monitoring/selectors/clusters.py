"""Groups of near-duplicate petitions the user may see (the "nhóm đơn trùng" page).

Reads petitions only through `danvan.petitions.selectors.petition_list` (already scoped to
what the user may see, filtered by area and topic), within a bounded window: the
`MAX_TEXTS` newest received in the last `days` days. Their contents are clustered in memory
by `danvan.text.cluster.cluster_texts` (same case = no replaced person, place, amount or
decision number, and enough of the same words); groups of two or more are listed, biggest
first. The result is cached for `CACHE_SECONDS` per user, filters and state of the window
(its newest petition and count), so a reload does not cluster again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone

from danvan.petitions.selectors import PetitionFilters, petition_list

DEFAULT_DAYS = 90
MAX_DAYS = 365
MAX_TEXTS = 20_000
MAX_GROUPS = 200
EXCERPT = 160
CACHE_SECONDS = 600


@dataclass(frozen=True)
class ClusterFilters:
    days: int = DEFAULT_DAYS
    area_code: str = ""
    topic: str = ""


@dataclass(frozen=True)
class ClusterMember:
    petition_id: int
    case_number: str
    received_on: dt.date
    area_name: str
    excerpt: str


@dataclass(frozen=True)
class PetitionCluster:
    members: tuple[ClusterMember, ...]  # oldest first

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def petition_ids(self) -> list[int]:
        return [m.petition_id for m in self.members]


@dataclass(frozen=True)
class ClusterResult:
    clusters: tuple[PetitionCluster, ...]  # biggest first (at most `MAX_GROUPS`)
    groups: int  # how many groups of two or more in all
    scanned: int  # petitions read
    truncated: bool  # the window held more than `MAX_TEXTS`: only the newest were read
    since: dt.date


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT else flat[: EXCERPT - 1].rstrip() + "…"


def petition_clusters(*, user: Any, filters: ClusterFilters | None = None) -> ClusterResult:
    """The groups of near-duplicate petitions the user may see in the window, biggest first."""
    from danvan.text.cluster import cluster_texts

    f = filters or ClusterFilters()
    days = max(1, min(f.days, MAX_DAYS))
    since = timezone.localdate() - dt.timedelta(days=days - 1)
    qs = petition_list(
        user=user, filters=PetitionFilters(topic=f.topic, area_code=f.area_code)
    ).filter(received_on__gte=since)
    state = qs.order_by().aggregate(n=Count("id"), last=Max("id"))
    key = "monitoring:clusters:" + ":".join(
        str(v)
        for v in (
            getattr(user, "pk", ""),
            days,
            f.area_code,
            f.topic,
            state["n"],
            state["last"],
            since.isoformat(),
        )
    )
    cached = cache.get(key)
    if isinstance(cached, ClusterResult):
        return cached

    rows = list(
        qs.values_list("id", "case_number", "received_on", "area__name", "content")[:MAX_TEXTS]
    )
    rows.reverse()  # oldest first: a group's first petition is the one received first
    first = cluster_texts([row[4] or "" for row in rows], workers=1)
    members: dict[int, list[int]] = {}
    for index, head in enumerate(first):
        members.setdefault(head, []).append(index)
    groups = [indexes for indexes in members.values() if len(indexes) > 1]
    # Biggest first; among equals, the one with the most recent petition first.
    groups.sort(key=lambda g: (-len(g), -max(rows[i][0] for i in g)))
    clusters = tuple(
        PetitionCluster(
            members=tuple(
                ClusterMember(
                    petition_id=rows[i][0],
                    case_number=rows[i][1],
                    received_on=rows[i][2],
                    area_name=rows[i][3] or "",
                    excerpt=_excerpt(rows[i][4] or ""),
                )
                for i in g
            )
        )
        for g in groups[:MAX_GROUPS]
    )
    result = ClusterResult(
        clusters=clusters,
        groups=len(groups),
        scanned=len(rows),
        truncated=state["n"] > MAX_TEXTS,
        since=since,
    )
    cache.set(key, result, CACHE_SECONDS)
    return result
