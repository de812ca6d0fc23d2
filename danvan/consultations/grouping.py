"""Group similar comments on one section (pure: no Django), with the text tools of module 4/8.

Comments on a draft are short (one to five sentences) and say the same thing in other words
("nâng mức hỗ trợ lên 50 triệu", "đề nghị tăng mức hỗ trợ làm nhà lên 50 triệu đồng"). The
petitions' same-case rule (`dedup.same_case`: 60 % of the content words shared) is meant for
re-sent letters and keeps most such pairs apart, so comments use the confirming similarity of
`danvan.text.dedup` instead: a weighted Jaccard of the folded, normalised words where facts
(figures, names of people, places and bodies — the salient words) weigh four, multiplied by 0.7
for every fact one comment replaced by another. Two comments are similar when that score is at
least `SIMILARITY_THRESHOLD` and no fact was replaced (`dedup.has_conflict`: "50 triệu" against
"70 triệu" are two proposals, not one); groups are the connected components.

The threshold was tuned on the 24 labelled comments of `tests/consultations/test_grouping.py`
(a support-policy resolution and a village convention: 10 same-group pairs). Pairs wrongly
joined / same-group pairs missed: 0.30 and 0.35: 4 / 0; 0.40: 0 / 0; 0.45 and 0.50: 0 / 1;
0.60: 0 / 6. Without the veto on replaced facts, 0.40 still joined 4 wrong pairs (a proposal of
50 and one of 70 million score 0.45). The set was used to tune, so the figures are optimistic.
See docs/consultations.md.

Up to `PAIRWISE_MAX` comments per section every pair is scored (a section rarely has more than
a few hundred); above, `danvan.text.cluster.cluster_texts` (MinHash LSH candidates and the
stricter same-case rule) keeps the work bounded.
"""

from __future__ import annotations

from collections.abc import Sequence

from danvan.text import dedup
from danvan.text.cluster import cluster_texts

SIMILARITY_THRESHOLD = 0.40
PAIRWISE_MAX = 1500


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def group_similar(texts: Sequence[str], *, threshold: float = SIMILARITY_THRESHOLD) -> list[int]:
    """For each text, the index of the first text of its group (itself when alone)."""
    n = len(texts)
    if n > PAIRWISE_MAX:
        return cluster_texts(texts)
    feats = [dedup.features(t) for t in texts]
    parent = list(range(n))
    for i in range(n):
        if not feats[i].weights:
            continue
        for j in range(i + 1, n):
            if not feats[j].weights or _find(parent, i) == _find(parent, j):
                continue
            a_f, b_f = feats[i], feats[j]
            if dedup.similarity_features(a_f, b_f) >= threshold and not dedup.has_conflict(
                a_f, b_f
            ):
                a, b = _find(parent, i), _find(parent, j)
                parent[max(a, b)] = min(a, b)
    return [_find(parent, i) for i in range(n)]


def groups_of(texts: Sequence[str], *, threshold: float = SIMILARITY_THRESHOLD) -> list[list[int]]:
    """The groups of two or more texts (indices), in the order of their first text."""
    first = group_similar(texts, threshold=threshold)
    members: dict[int, list[int]] = {}
    for i, root in enumerate(first):
        members.setdefault(root, []).append(i)
    return [m for _root, m in sorted(members.items()) if len(m) > 1]
