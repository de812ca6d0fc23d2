"""Duplicate suggestions at intake: petitions like the one being registered, and their index.

Owns the `DuplicateBand` rows (`duplicate_index`, called by intake) and the suggestion read
(`duplicate_candidates`). The text side (folding, boilerplate, MinHash bands, similarity) is
`danvan.text.dedup`.

Each petition has 17 `DuplicateBand` rows: its 16 LSH bands and its copy hash (the whole
MinHash signature: equal for the same text once folded and cleaned). Candidates come from two
bounded index lookups, both inside the user's scope:
(a) petitions sharing a band or the copy hash: at most `PER_BAND_ROWS` rows per probed value
inside the caller's organisations (one UNION ALL of LIMITed lookups on the (band, organisation,
petition) index `duplicate_band_org`, answered from the index), so a band that a whole template
shares costs 100 rows and a rare band (where a real near-copy shows) is read in full; each
shared band counts 1 / (petitions found in it), and the `BAND_CANDIDATES` with most evidence
are kept;
(b) petitions with a petitioner of the same folded name inside the caller's organisations (the
(search_name, organisation) index `petitioner_name_org`), those in the same area first, then
the newest, `NAME_CANDIDATES` of them.
A third query fetches those petitions (again scoped) with their content, and `similarity`
confirms them. Three queries (plus the user's scope, computed once per request), however big
the table; denouncers (the vault) are never looked at, only `Petitioner` rows.

Measured on PostgreSQL with 100,000 synthetic petitions from six templates (the worst case for
band crowding), on a loaded 2-core machine: 16 ms median, 30 ms p95 per suggestion; the
original of a re-sent petition (reordered, or with a sentence added) was suggested 97 times in
100, and every time when the petitioner's name was given.

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

from django.db import connection, transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext as _

from danvan.core.selectors.scope import user_scope
from danvan.petitions.models import DuplicateBand, Petition, Petitioner
from danvan.petitions.permissions import VIEWER_ROLES
from danvan.text.dedup import (
    bands_of,
    copy_hash_of,
    features,
    minhash,
    minhash_texts,
    name_key,
    similarity_features,
)

CONTENT_THRESHOLD = 0.6
SAME_PERSON_THRESHOLD = 0.4
PER_BAND_ROWS = 100
BAND_CANDIDATES = 20
NAME_CANDIDATES = 15
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


def _hashes_of(signature: Sequence[int]) -> tuple[list[int], int | None]:
    return sorted(set(bands_of(signature))), copy_hash_of(signature)


def duplicate_hashes(content: str) -> tuple[list[int], int | None]:
    """The LSH bands and the copy hash of a content (what `duplicate_index` stores)."""
    return _hashes_of(minhash(features(content).shingles))


def duplicate_hashes_many(contents: Sequence[str]) -> list[tuple[list[int], int | None]]:
    """`[duplicate_hashes(c) for c in contents]`, the signatures computed for the whole batch at
    once (`minhash_texts`: each distinct sentence hashed once): for imports."""
    return [_hashes_of(signature) for signature in minhash_texts(contents)]


def duplicate_index(petition: Petition) -> None:
    """(Re)write the LSH bands and the copy hash of the petition's content."""
    bands, copy = duplicate_hashes(petition.content)
    values = bands if copy is None else sorted({*bands, copy})
    with transaction.atomic():
        DuplicateBand.objects.filter(petition_id=petition.pk).delete()
        DuplicateBand.objects.bulk_create(
            [
                DuplicateBand(
                    petition_id=petition.pk, organization_id=petition.organization_id, band=value
                )
                for value in values
            ]
        )


def _band_hits(
    probes: Sequence[int], org_ids: Sequence[int] | None, exclude_id: int | None
) -> list[tuple[int, int]]:
    """(petition id, band) of at most `PER_BAND_ROWS` index rows per probed band value, inside
    the organisations `org_ids` (None: all).

    A band shared by a whole template's worth of petitions yields `PER_BAND_ROWS` of them, a
    rare band (where a real near-copy shows) yields all of its rows: the read is bounded by
    ``len(probes) * PER_BAND_ROWS`` rows whatever the size of the table. The scope is filtered
    inside the (band, organisation, petition) index, so the rows are the caller's own and come
    from the index alone; the organisations travel once, as a VALUES list.
    """
    quote = connection.ops.quote_name
    table = quote(DuplicateBand._meta.db_table)
    params: list[int] = []
    sql = ""
    where = f"{quote('band')} = %s"
    if org_ids is not None:
        sql = "WITH scope_orgs (id) AS (VALUES " + ", ".join(["(%s)"] * len(org_ids)) + ") "
        params += list(org_ids)
        where += f" AND {quote('organization_id')} IN (SELECT id FROM scope_orgs)"
    if exclude_id is not None:
        where += f" AND {quote('petition_id')} <> %s"
    part = (
        f"SELECT * FROM (SELECT {quote('petition_id')}, {quote('band')} FROM {table} "
        f"WHERE {where} LIMIT %s)"
    )
    sql += " UNION ALL ".join(f"{part} AS b{i}" for i in range(len(probes)))
    for value in probes:
        params.append(value)
        if exclude_id is not None:
            params.append(exclude_id)
        params.append(PER_BAND_ROWS)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(int(pid), int(band)) for pid, band in cursor.fetchall()]


def _readable_org_ids(user: Any) -> list[int] | None:
    """The organisations whose petitions the user may read (None = all, a superuser).

    Only the roles that read petitions (`permissions.VIEWER_ROLES`) count: a member of the
    Front or an administrator has a scope but may not see petitions, nor learn through the
    suggestions which cases (or which petitioners) exist.
    """
    scope = user_scope(user)
    if scope.is_superuser:
        return None
    return sorted(scope.organizations_for(VIEWER_ROLES))


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
    org_ids = _readable_org_ids(user)
    if org_ids is not None and not org_ids:
        return []
    bands, copy = duplicate_hashes(content)
    probes = bands if copy is None else [copy, *bands]

    evidence: dict[int, float] = {}
    if probes:
        hits = _band_hits(probes, org_ids, exclude_id)
        # A band shared by few petitions says more than one a whole template shares: each
        # shared band counts 1 / (petitions found in it). A copy shares every band.
        per_band = Counter(band for _pid, band in hits)
        for pid, band in hits:
            evidence[pid] = evidence.get(pid, 0.0) + 1.0 / per_band[band]
    by_band = sorted(evidence, key=lambda pid: (-evidence[pid], -pid))[:BAND_CANDIDATES]

    same_person_ids: set[int] = set()
    keys = sorted({k for k in (name_key(n) for n in names) if k})
    if keys:
        people = Petitioner.objects.filter(search_name__in=keys)
        if org_ids is not None:  # on the (search_name, organisation) index
            people = people.filter(organization_id__in=org_ids)
        if exclude_id is not None:
            people = people.exclude(petition_id=exclude_id)
        # A common name has many namesakes: those in the same area come first.
        same_place = Case(
            When(petition__area_id=area_id, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        same_person_ids = set(
            people.order_by(same_place, "-petition_id").values_list("petition_id", flat=True)[
                :NAME_CANDIDATES
            ]
        )

    ids = set(by_band) | same_person_ids
    if not ids:
        return []
    petitions = Petition.objects.filter(pk__in=sorted(ids))
    if org_ids is not None:
        petitions = petitions.filter(organization_id__in=org_ids)
    rows = petitions.order_by().values_list(
        "id", "case_number", "organization__name", "received_on", "status", "area_id", "content"
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
