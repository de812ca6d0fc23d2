"""Duplicate suggestions at intake: petitions like the one being registered, and their index.

Owns the `DuplicateBand` rows (`duplicate_index`, called by intake) and the suggestion read
(`duplicate_candidates`). The text side (folding, boilerplate, MinHash bands, similarity) is
`danvan.text.dedup`.

Candidates come from two bounded index lookups, both inside the user's scope:
(a) petitions sharing at least one LSH band of the content (`duplicate_band` index; at most
`BAND_ROWS` rows read, the `BAND_CANDIDATES` sharing the most bands kept), and
(b) petitions with a petitioner of the same folded name (`Petitioner.search_name` index; the
newest `NAME_CANDIDATES`).
A third query fetches those petitions (again scoped) with their content, and `similarity`
confirms them. Three queries (plus the user's scope, computed once per request), whatever the
size of the table; denouncers (the vault) are never looked at, only `Petitioner` rows.

A candidate is kept when its content similarity is at least `CONTENT_THRESHOLD` (0.6), or when
it is from the same person in the same area with at least `SAME_PERSON_THRESHOLD` (0.4): a
person who writes again about the same matter in other words. The score ranks them:
``0.8 * similarity + 0.15 (same person) + 0.05 (same area)``, so a same-person copy comes first.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from danvan.core.selectors.scope import scope_queryset
from danvan.petitions.models import DuplicateBand, Petition, Petitioner
from danvan.text.dedup import (
    bands_of,
    copy_hash_of,
    features,
    minhash,
    name_key,
    similarity_features,
)

CONTENT_THRESHOLD = 0.6
SAME_PERSON_THRESHOLD = 0.4
BAND_ROWS = 2000
BAND_CANDIDATES = 30
COPY_CANDIDATES = 20
NAME_CANDIDATES = 20
WEIGHT_SIMILARITY = 0.8
WEIGHT_SAME_PERSON = 0.15
WEIGHT_SAME_AREA = 0.05


@dataclass(frozen=True)
class DuplicateCandidate:
    petition_id: int
    case_number: str
    organization_name: str
    received_on: dt.date
    status: str
    score: float  # 0..1, for ranking
    similarity: float  # content similarity, 0..1
    same_person: bool
    same_area: bool
    reasons: list[str]  # Vietnamese, for the officer


def duplicate_hashes(content: str) -> tuple[list[int], int | None]:
    """The LSH bands and the copy hash of a content (what `duplicate_index` stores)."""
    signature = minhash(features(content).shingles)
    return sorted(set(bands_of(signature))), copy_hash_of(signature)


def duplicate_index(petition: Petition) -> None:
    """(Re)write the LSH bands and the copy hash of the petition's content."""
    bands, copy = duplicate_hashes(petition.content)
    values = bands if copy is None else sorted({*bands, copy})
    with transaction.atomic():
        DuplicateBand.objects.filter(petition_id=petition.pk).delete()
        DuplicateBand.objects.bulk_create(
            [DuplicateBand(petition_id=petition.pk, band=value) for value in values]
        )


def _reasons(*, same_person: bool, same_area: bool, sim: float) -> list[str]:
    reasons = []
    if same_person:
        reasons.append(_("Cùng người gửi"))
    percent = round(sim * 100)
    if sim >= CONTENT_THRESHOLD:
        reasons.append(_("Nội dung gần giống (%(percent)d%%)") % {"percent": percent})
    else:
        reasons.append(_("Nội dung tương tự một phần (%(percent)d%%)") % {"percent": percent})
    if same_area:
        reasons.append(_("Cùng địa bàn"))
    return reasons


def duplicate_candidates(
    *,
    user: Any,
    content: str,
    names: Sequence[str],
    area_id: int | None,
    exclude_id: int | None = None,
    limit: int = 5,
) -> list[DuplicateCandidate]:
    """Petitions the user may see that look like this one, best first (at most `limit`)."""
    bands, copy = duplicate_hashes(content)

    def visible(rows: models.QuerySet[DuplicateBand]) -> models.QuerySet[DuplicateBand]:
        rows = scope_queryset(rows, user, org_field="petition__organization")
        if exclude_id is not None:
            rows = rows.exclude(petition_id=exclude_id)
        return rows.order_by()

    copies: set[int] = set()
    if copy is not None:
        # The same text once folded and cleaned: a handful of rows, always read in full.
        copies = set(
            visible(DuplicateBand.objects.filter(band=copy)).values_list("petition_id", flat=True)[
                :COPY_CANDIDATES
            ]
        )
    band_counts: Counter[int] = Counter()
    if bands:
        # At most BAND_ROWS index rows are read however common a band is (a template used by
        # thousands): the scope then applies to those rows only, so the cost stays bounded.
        read = DuplicateBand.objects.filter(band__in=bands).order_by().values("id")[:BAND_ROWS]
        band_counts.update(
            visible(DuplicateBand.objects.filter(id__in=read)).values_list("petition_id", flat=True)
        )
    by_band = sorted(band_counts, key=lambda pid: (-band_counts[pid], -pid))[:BAND_CANDIDATES]

    same_person_ids: set[int] = set()
    keys = sorted({k for k in (name_key(n) for n in names) if k})
    if keys:
        people = scope_queryset(
            Petitioner.objects.filter(search_name__in=keys),
            user,
            org_field="petition__organization",
        )
        if exclude_id is not None:
            people = people.exclude(petition_id=exclude_id)
        same_person_ids = set(
            people.order_by("-petition_id").values_list("petition_id", flat=True)[:NAME_CANDIDATES]
        )

    ids = copies | set(by_band) | same_person_ids
    if not ids:
        return []
    rows = (
        scope_queryset(Petition.objects.filter(pk__in=sorted(ids)), user)
        .order_by()
        .values_list(
            "id", "case_number", "organization__name", "received_on", "status", "area_id", "content"
        )
    )

    wanted = features(content)
    found: list[DuplicateCandidate] = []
    for pid, case_number, org_name, received_on, status, cand_area_id, cand_content in rows:
        sim = similarity_features(wanted, features(cand_content))
        same_person = pid in same_person_ids
        same_area = area_id is not None and cand_area_id == area_id
        if not (
            sim >= CONTENT_THRESHOLD or (same_person and same_area and sim >= SAME_PERSON_THRESHOLD)
        ):
            continue
        score = min(
            1.0,
            WEIGHT_SIMILARITY * sim
            + (WEIGHT_SAME_PERSON if same_person else 0.0)
            + (WEIGHT_SAME_AREA if same_area else 0.0),
        )
        found.append(
            DuplicateCandidate(
                petition_id=pid,
                case_number=case_number,
                organization_name=org_name,
                received_on=received_on,
                status=status,
                score=round(score, 3),
                similarity=round(sim, 3),
                same_person=same_person,
                same_area=same_area,
                reasons=_reasons(same_person=same_person, same_area=same_area, sim=sim),
            )
        )
    found.sort(key=lambda c: (-c.score, -c.received_on.toordinal(), -c.petition_id))
    return found[: max(limit, 0)]
