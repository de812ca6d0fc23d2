"""Near-duplicate clustering of many texts in memory (petitions, reports, comments).

Owns `cluster_texts`: for every text, the index of the first text of its cluster, where a
cluster is a connected group of confirmed pairs ("the same case", `danvan.text.dedup.same_case`);
`NearDuplicateIndex` (one new text against many, for intake); and the ``id<TAB>text`` file
contract of `danvan dedup FILE` (`cluster_tsv`). No Django imports.

How, and why:

1. **Each distinct text is analysed once** (`dedup.record`: the boilerplate-free words as 32-bit
   keys, the facts, case and diacritics), in `workers` processes for big inputs, the input read
   as it is consumed. Exact copies of a line (same characters) are analysed once and belong
   together from the start — unless nothing is left once greetings and boilerplate are gone:
   such a text has nothing to compare and stays alone, as does an empty line.
2. **Candidates.** Up to `EXHAUSTIVE_MAX` texts, every pair is looked at: a sparse product gives
   each pair's shared words, and the pairs that pass `same_case`'s word test (Jaccard at least
   `SAME_CASE_JACCARD`, or containment) are candidates — no near-copy is missed. Above that,
   MinHash LSH on the word bigrams of each sentence (the same shingles as the petitions' stored
   bands): one-permutation MinHash (each shingle hashed once into one of `NUM_PERM` = 60 bins)
   cut into `BANDS` = 20 bands of `ROWS` = 3, so two texts with bigram Jaccard J share a band
   with probability about ``1 - (1 - J**3)**20``: 0.42 at J = 0.3, 0.93 at 0.5, 0.99 at 0.6 —
   a lower threshold than the stored bands' (0.5), because a paraphrase or an added paragraph
   lowers bigram Jaccard faster than word Jaccard. One more key: each text's two rarest words
   in the input (`_rare_keys`: usually its names and figures, which copies share and letters
   from one form do not). In a bucket of up to `BUCKET_ALL_PAIRS` texts every pair is a
   candidate; a bigger bucket (a form many letters share: n² pairs) is sorted by the next
   band, the rarest words and the band after, and each text is paired with its
   `BUCKET_WINDOW` next one only — near-copies sort next to each other, and meet again in the
   other bands. The candidates then go through the word test, vectorised.
3. **Confirmation**: the facts test of `same_case` (`dedup.conflicts`) vectorised over batches
   of pairs (`_conflicting`), in `workers` processes; `tests/text/test_cluster.py` checks it
   gives what the per-pair Python does.
4. **Clusters** are the connected components of the confirmed pairs (scipy's
   `connected_components`); a cluster's representative is its first text.

The partition does not depend on the order of the texts (up to `EXHAUSTIVE_MAX`, exactly;
above, the LSH windows sort by content, ties aside); which text is "first" does.

Measured (bench/bench_dedup.py, 2 cores): see docs/dedup.md.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, Protocol

import numpy as np
from numpy.typing import NDArray

from danvan.text import dedup

NUM_PERM = 60
BANDS = 20
ROWS = 3
SEED = 20260701
BUCKET_ALL_PAIRS = 3
BUCKET_WINDOW = 1
EXHAUSTIVE_MAX = 5000
CHUNK = 500
PAIR_BATCH = 20_000
_EXHAUSTIVE_BLOCK = 500

assert BANDS * ROWS == NUM_PERM

_U32 = np.uint64(32)
_MASK32 = np.uint64(0xFFFFFFFF)
_SEED_MIX = np.uint64(SEED * 0x9E3779B97F4A7C15 % 2**64)
# Offsets added to a value borrowed from the bin `shift` places to the right.
_DENSIFY = np.arange(NUM_PERM, dtype=np.uint64) * np.uint64(0xD6E8FEB86659FD93)
_BIGRAM_A = np.uint64(0x9E3779B97F4A7C15)
_BIGRAM_B = np.uint64(0xC2B2AE3D27D4EB4F)
_BAND_MIX = np.random.default_rng(SEED).integers(
    1, 2**63, size=(BANDS, ROWS + 1), dtype=np.uint64
) | np.uint64(1)
# `dedup`'s kind tables, by mode: 0 the text has case, 1 the other one has, 2 neither.
_FACT_TABLES = np.array([dedup._FACTS_CASED, dedup._FACTS_ANY, dedup._FACTS_CUED], dtype=bool)
_NEWS_TABLES = np.array([dedup._NEWS_CASED, dedup._FACTS_ANY, dedup._FACTS_CUED], dtype=bool)
_FRAME = np.array(dedup._FRAME, dtype=bool)


class _no_gc:
    """The cycle collector off for a block: the analysis makes millions of small tuples and no
    cycles, and each collection would walk all of them (a 4x slowdown measured)."""

    def __enter__(self) -> None:
        self.was = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self.was:
            gc.enable()


def _distinct(values: NDArray[Any]) -> NDArray[Any]:
    """Sorted distinct values (`np.unique` hashes 64-bit integers: 90x slower measured)."""
    out = np.sort(values)
    if len(out) > 1:
        out = out[np.concatenate(([True], out[1:] != out[:-1]))]
    return out


def _member(sorted_keys: NDArray[np.uint64], queries: NDArray[np.uint64]) -> NDArray[np.bool_]:
    """Whether each query is in `sorted_keys`."""
    if not len(sorted_keys):
        return np.zeros(len(queries), dtype=bool)
    at = np.searchsorted(sorted_keys, queries)
    at[at == len(sorted_keys)] = 0
    return sorted_keys[at] == queries


def _ranges(
    starts: NDArray[np.int64], ends: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The positions of the runs [starts[k], ends[k]), one after the other, and each one's k."""
    lengths = ends - starts
    owner = np.repeat(np.arange(len(starts)), lengths)
    offsets = np.cumsum(lengths) - lengths
    return np.arange(int(lengths.sum())) - np.repeat(offsets - starts, lengths), owner


@dataclass
class _Store:
    """Every distinct text's analysis, concatenated (CSR-like: `*_starts` has n + 1 offsets)."""

    bands: NDArray[np.uint64]  # (n, BANDS); meaningless where `empty`
    empty: NDArray[np.bool_]  # nothing left to compare
    cased: NDArray[np.bool_]
    has_marks: NDArray[np.bool_]
    # The confirming side's words in text order (`dedup.Record`), and the sentence of each.
    starts: NDArray[np.int64]
    fkeys: NDArray[np.uint32]
    mkeys: NDArray[np.uint32]
    kinds: NDArray[np.uint8]
    sentence_starts: NDArray[np.int64]
    sentence_lengths: NDArray[np.uint32]
    # Sorted distinct folded words, marked words and content words (function words aside).
    word_starts: NDArray[np.int64]
    words: NDArray[np.uint32]
    marked_starts: NDArray[np.int64]
    marked: NDArray[np.uint32]
    content_starts: NDArray[np.int64]
    content: NDArray[np.uint32]

    def __len__(self) -> int:
        return len(self.empty)


@dataclass(frozen=True)
class _Compact:
    """`dedup.Facts` for a text of the store (words as integer keys)."""

    content: frozenset[int]
    words: frozenset[int]
    marked: frozenset[int]
    has_marks: bool
    cased: bool
    sentences: tuple[tuple[tuple[int, int, int], ...], ...]


@dataclass
class Stats:
    """What a run did (for the benchmark and the command's summary)."""

    texts: int = 0
    distinct: int = 0
    empty: int = 0
    candidates: int = 0
    word_test: int = 0  # candidates passing the word test (then checked for facts)
    confirmed: int = 0
    clusters: int = 0
    exhaustive: bool = False
    seconds: dict[str, float] = field(default_factory=dict)


# --- Analysis ----------------------------------------------------------------------------------


def _encode(texts: Sequence[str]) -> _Store:
    """Analyse a run of texts: MinHash bands and the compact confirming form."""
    with _no_gc():
        return _encode_texts(texts)


def _encode_texts(texts: Sequence[str]) -> _Store:
    k = len(texts)
    cased = np.zeros(k, dtype=bool)
    has_marks = np.zeros(k, dtype=bool)
    counts = np.zeros(k, dtype=np.int64)
    sentence_counts = np.zeros(k, dtype=np.int64)
    sentence_lengths: list[int] = []
    fkeys: list[int] = []
    mkeys: list[int] = []
    kinds: list[int] = []
    all_fkeys: list[int] = []
    all_mkeys: list[int] = []
    all_counts = np.zeros(k, dtype=np.int64)
    # The MinHash side's words of every sentence, one after the other.
    words: list[int] = []
    sentence_sizes: list[int] = []
    sentence_text: list[int] = []
    for i, text in enumerate(texts):
        rec = dedup.record(text)
        cased[i] = rec.cased
        has_marks[i] = rec.has_marks
        fkeys.extend(rec.fkeys)
        mkeys.extend(rec.mkeys)
        kinds.extend(rec.kinds)
        counts[i] = len(rec.kinds)
        all_fkeys.extend(rec.all_fkeys)
        all_mkeys.extend(rec.all_mkeys)
        all_counts[i] = len(rec.all_fkeys)
        sentence_lengths.extend(rec.lengths)
        sentence_counts[i] = len(rec.lengths)
        for sentence_words in rec.words:
            sentence_sizes.append(len(sentence_words))
            words.extend(sentence_words)
        sentence_text.extend([i] * len(rec.words))
    fk = np.array(fkeys, dtype=np.uint32)
    mk = np.array(mkeys, dtype=np.uint32)
    kd = np.array(kinds, dtype=np.uint8)
    owner = np.repeat(np.arange(k, dtype=np.uint64), counts)
    all_owner = np.repeat(np.arange(k, dtype=np.uint64), all_counts)
    word_starts, word_keys = _sets(all_owner, np.array(all_fkeys, dtype=np.uint32), k)
    marked_starts, marked_keys = _sets(all_owner, np.array(all_mkeys, dtype=np.uint32), k)
    plain = (kd & dedup.FUNCTION) == 0
    content_starts, content_keys = _sets(owner[plain], fk[plain], k)
    grams, gram_owner = _shingle_hashes(words, sentence_sizes, sentence_text)
    empty = (np.diff(content_starts) == 0) | (np.bincount(gram_owner, minlength=k) == 0)
    bands = np.zeros((k, BANDS), dtype=np.uint64)
    if (~empty).any():
        bands[~empty] = _band_keys(_signatures(grams, gram_owner, k)[~empty])
    return _Store(
        bands=bands,
        empty=empty,
        cased=cased,
        has_marks=has_marks,
        starts=np.concatenate(([0], np.cumsum(counts))),
        fkeys=fk,
        mkeys=mk,
        kinds=kd,
        sentence_starts=np.concatenate(([0], np.cumsum(sentence_counts))),
        sentence_lengths=np.array(sentence_lengths, dtype=np.uint32),
        word_starts=word_starts,
        words=word_keys,
        marked_starts=marked_starts,
        marked=marked_keys,
        content_starts=content_starts,
        content=content_keys,
    )


def _sets(
    owner: NDArray[np.uint64], keys: NDArray[np.uint32], k: int
) -> tuple[NDArray[np.int64], NDArray[np.uint32]]:
    """Each text's sorted distinct keys, concatenated, with the n + 1 offsets."""
    combined = _distinct((owner << _U32) | keys.astype(np.uint64))
    texts = (combined >> _U32).astype(np.int64)
    starts = np.searchsorted(texts, np.arange(k + 1))
    return starts.astype(np.int64), (combined & _MASK32).astype(np.uint32)


def _shingle_hashes(
    words: list[int], sentence_sizes: list[int], sentence_text: list[int]
) -> tuple[NDArray[np.uint64], NDArray[np.int64]]:
    """The distinct shingle hashes of the texts (by text) and the text each belongs to.

    A shingle is a pair of consecutive words of a sentence, or the word of a one-word sentence.
    """
    if not words:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    keys = np.array(words, dtype=np.uint64)
    sizes = np.array(sentence_sizes, dtype=np.int64)
    sentence = np.repeat(np.arange(len(sizes)), sizes)
    text_of = np.array(sentence_text, dtype=np.uint64)
    pair = np.flatnonzero(sentence[:-1] == sentence[1:])
    single = np.flatnonzero(sizes[sentence] == 1)
    hashes = np.concatenate((keys[pair] * _BIGRAM_A + keys[pair + 1], keys[single] * _BIGRAM_B))
    owner = np.concatenate((text_of[sentence[pair]], text_of[sentence[single]]))
    combined = _distinct((owner << _U32) | (_mix(hashes) & _MASK32))
    return combined & _MASK32, (combined >> _U32).astype(np.int64)


def _mix(x: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """A 64-bit finaliser (splitmix64): every input bit moves every output bit."""
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _signatures(hashes: NDArray[np.uint64], owner: NDArray[np.int64], k: int) -> NDArray[np.uint64]:
    """One-permutation MinHash signatures (k, NUM_PERM) of each text's shingle hashes.

    Each shingle is hashed once (not `NUM_PERM` times): the hash picks one of `NUM_PERM` bins
    and the signature keeps the smallest hash of each bin; an empty bin (a short text) takes
    the value of the next non-empty bin to its right, offset by the distance ("rotation"
    densification). Two sets agree on a bin with probability close to their Jaccard, as with
    `NUM_PERM` independent permutations, for one hash per shingle.
    """
    h = _mix(hashes ^ _SEED_MIX)
    bins = (h % np.uint64(NUM_PERM)).astype(np.int64)
    empty_value = np.iinfo(np.uint64).max
    flat = np.full(k * NUM_PERM, empty_value, dtype=np.uint64)
    np.minimum.at(flat, owner * NUM_PERM + bins, h)
    sig = flat.reshape(k, NUM_PERM)
    todo = sig == empty_value
    if todo.any():
        filled = sig.copy()
        for shift in range(1, NUM_PERM):
            if not todo.any():
                break
            source = np.roll(sig, -shift, axis=1)
            take = todo & (source != empty_value)
            filled[take] = source[take] + _DENSIFY[shift]
            todo &= ~take
        sig = filled
    return sig


def _band_keys(signatures: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """One 64-bit key per band of `ROWS` signature values (the band's index mixed in)."""
    out = np.empty((len(signatures), BANDS), dtype=np.uint64)
    for band in range(BANDS):
        key = np.full(len(signatures), _BAND_MIX[band, ROWS], dtype=np.uint64)
        for r in range(ROWS):
            key = (key ^ signatures[:, band * ROWS + r]) * _BAND_MIX[band, r]
            key ^= key >> np.uint64(29)
        out[:, band] = key
    return out


class _Builder:
    """A store grown part by part: each part is copied into arrays that double when full and
    then released, so memory holds one store (plus its growth room), not the parts and their
    join."""

    def __init__(self) -> None:
        self._arrays: dict[str, Any] = {}
        self._used: dict[str, int] = {}

    def add(self, part: _Store) -> None:
        for name in _Store.__dataclass_fields__:
            value = getattr(part, name)
            if name.endswith("starts"):
                base = int(self._arrays[name][self._used[name] - 1]) if name in self._arrays else 0
                value = (value if name not in self._arrays else value[1:]) + base
            self._append(name, value)

    def _append(self, name: str, value: Any) -> None:
        array = self._arrays.get(name)
        used = self._used.get(name, 0)
        if array is None or used + len(value) > len(array):
            size = max(2 * (len(array) if array is not None else 0), used + len(value), 1024)
            grown = np.empty((size, *value.shape[1:]), dtype=value.dtype)
            if array is not None:
                grown[:used] = array[:used]
            array = self._arrays[name] = grown
        array[used : used + len(value)] = value
        self._used[name] = used + len(value)

    def store(self) -> _Store:
        if not self._arrays:
            return _encode_texts([])
        for name, array in self._arrays.items():
            # Give the growth room back in place (no copy of the whole store).
            array.resize((self._used[name], *array.shape[1:]), refcheck=False)
        store = _Store(**self._arrays)
        self._arrays = {}
        return store


def _compact(store: _Store, i: int) -> _Compact:
    """Text `i` of the store as `dedup.Facts` (for `dedup.same_case_features`)."""
    start, end = int(store.starts[i]), int(store.starts[i + 1])
    fk = store.fkeys[start:end].tolist()
    triples = list(
        zip(fk, store.mkeys[start:end].tolist(), store.kinds[start:end].tolist(), strict=True)
    )
    lengths = store.sentence_lengths[
        int(store.sentence_starts[i]) : int(store.sentence_starts[i + 1])
    ].tolist()
    sentences, at = [], 0
    for length in lengths:
        sentences.append(tuple(triples[at : at + length]))
        at += length

    def keys(starts: NDArray[np.int64], values: NDArray[np.uint32]) -> frozenset[int]:
        return frozenset(values[int(starts[i]) : int(starts[i + 1])].tolist())

    return _Compact(
        content=keys(store.content_starts, store.content),
        words=keys(store.word_starts, store.words),
        marked=keys(store.marked_starts, store.marked),
        has_marks=bool(store.has_marks[i]),
        cased=bool(store.cased[i]),
        sentences=tuple(sentences),
    )


# --- Candidates --------------------------------------------------------------------------------


def _pairs_exhaustive(store: _Store) -> NDArray[np.int64]:
    """Every pair passing `same_case`'s word test, as (m, 2) with i < j."""
    from scipy import sparse

    n = len(store)
    sizes = np.diff(store.content_starts)
    rows = np.repeat(np.arange(n), sizes)
    if not len(rows):
        return np.zeros((0, 2), dtype=np.int64)
    order = np.argsort(store.content, kind="stable")
    ranked = store.content[order]
    columns = np.empty(len(order), dtype=np.int64)
    columns[order] = np.cumsum(np.concatenate(([True], ranked[1:] != ranked[:-1]))) - 1
    matrix = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.int32), (rows, columns)), shape=(n, int(columns.max()) + 1)
    )
    transposed = matrix.T.tocsc()
    out: list[NDArray[np.int64]] = []
    for start in range(0, n, _EXHAUSTIVE_BLOCK):
        # A block of rows at a time: a template shared by every text makes the product dense.
        shared = (matrix[start : start + _EXHAUSTIVE_BLOCK] @ transposed).tocoo()
        i, j = shared.row.astype(np.int64) + start, shared.col.astype(np.int64)
        upper = i < j
        i, j, count = i[upper], j[upper], shared.data[upper]
        ok = _word_test(count, sizes[i], sizes[j])
        out.append(np.stack((i[ok], j[ok]), axis=1))
    return np.concatenate(out) if out else np.zeros((0, 2), dtype=np.int64)


def _word_test(
    shared: NDArray[Any], size_i: NDArray[Any], size_j: NDArray[Any]
) -> NDArray[np.bool_]:
    """`dedup.word_test`, vectorised."""
    union = size_i + size_j - shared
    small = np.minimum(size_i, size_j)
    return (shared >= dedup.SAME_CASE_JACCARD * union) | (
        (small >= dedup.CONTAINMENT_MIN_WORDS)
        & (shared >= dedup.SAME_CASE_CONTAINMENT * small)
        & (shared >= dedup.SAME_CASE_CONTAINED_JACCARD * union)
    )


def _shared_content(store: _Store, pairs: NDArray[np.int64]) -> NDArray[np.int64]:
    """How many content words each pair's texts share."""
    a, b = pairs[:, 0], pairs[:, 1]
    pos, p = _ranges(store.content_starts[a], store.content_starts[a + 1])
    bpos, bp = _ranges(store.content_starts[b], store.content_starts[b + 1])
    other = (bp.astype(np.uint64) << _U32) | store.content[bpos]  # sorted: pairs, then keys
    found = _member(other, (p.astype(np.uint64) << _U32) | store.content[pos])
    return np.bincount(p, weights=found, minlength=len(pairs)).astype(np.int64)


def _rare_keys(store: _Store) -> NDArray[np.uint64]:
    """Each text's two rarest content words (fewest texts of the store have them; the smaller
    key first among equals), as one key: usually names and figures, which copies of a case
    share and letters from one form do not. 0 for a text with no content word."""
    n = len(store)
    sizes = np.diff(store.content_starts)
    out = np.zeros(n, dtype=np.uint64)
    texts = np.flatnonzero(sizes > 0)
    if not len(texts):
        return out
    vocabulary, counts = _vocabulary(store.content)
    # (how many texts have the word, the word): the smallest is the rarest.
    ranked = (
        counts[np.searchsorted(vocabulary, store.content)].astype(np.uint64) << _U32
    ) | store.content
    starts = store.content_starts[texts]
    rarest = np.minimum.reduceat(ranked, starts)
    # A text's words are distinct, so its rarest is one place: drop it, take the next.
    ranked[ranked == np.repeat(rarest, sizes[texts])] = np.iinfo(np.uint64).max
    second = np.minimum.reduceat(ranked, starts)
    second = np.where(sizes[texts] > 1, second & _MASK32, 0)
    out[texts] = _mix(((rarest & _MASK32) << _U32) | second) | np.uint64(1)
    return out


def _vocabulary(keys: NDArray[np.uint32]) -> tuple[NDArray[np.uint32], NDArray[np.int64]]:
    """The distinct keys, sorted, and how many times each occurs."""
    ranked = np.sort(keys)
    first = np.concatenate(([True], ranked[1:] != ranked[:-1]))
    starts = np.flatnonzero(first)
    return ranked[first], np.diff(np.concatenate((starts, [len(ranked)])))


def _bucket_pairs(
    ids: NDArray[np.int64], keys: NDArray[np.uint64], *order: NDArray[np.uint64]
) -> NDArray[np.int64]:
    """Pairs of `ids` with equal `keys`: every pair in a group of up to `BUCKET_ALL_PAIRS`;
    in a bigger one, sorted by the `order` keys, each with its `BUCKET_WINDOW` next ones."""
    sort = np.lexsort((ids, *reversed(order), keys))
    k, members = keys[sort], ids[sort]
    starts = np.concatenate(([True], k[1:] != k[:-1]))
    run = np.cumsum(starts) - 1
    size = np.bincount(run)[run]
    out = []
    for d in range(1, max(BUCKET_ALL_PAIRS - 1, BUCKET_WINDOW) + 1):
        ok = (k[:-d] == k[d:]) & ((size[:-d] <= BUCKET_ALL_PAIRS) | (d <= BUCKET_WINDOW))
        out.append(np.stack((members[:-d][ok], members[d:][ok]), axis=1))
    return np.concatenate(out)


def _pairs_lsh(store: _Store) -> NDArray[np.int64]:
    """Candidate pairs from the LSH bands and the rare words (see the module docstring), as
    (m, 2) with i < j."""
    live = np.flatnonzero(~store.empty)
    if len(live) < 2:
        return np.zeros((0, 2), dtype=np.int64)
    rare = _rare_keys(store)[live]
    bands = store.bands[live]
    ids = live.astype(np.int64)
    # Copies of a case share their rarest words: a source of its own, and what orders a crowded
    # band bucket before the next bands do.
    out = [_bucket_pairs(ids, rare, bands[:, 0], bands[:, 1])]
    for band in range(BANDS):
        out.append(
            _bucket_pairs(
                ids,
                bands[:, band],
                bands[:, (band + 1) % BANDS],
                rare,
                bands[:, (band + 2) % BANDS],
            )
        )
    pairs = np.concatenate(out)
    pairs.sort(axis=1)
    n = np.int64(len(store))
    codes = _distinct(pairs[:, 0] * n + pairs[:, 1])
    return np.stack((codes // n, codes % n), axis=1)


# --- Confirmation ------------------------------------------------------------------------------


def _direction(
    store: _Store, xs: NDArray[np.int64], ys: NDArray[np.int64]
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """For each pair, whether `x` has a fact, and whether it has a word that can replace one
    of `y`'s, missing from `y` in a sentence whose frame `y` has (`dedup._missing`).

    Only the words that can be facts are looked up first; the frames only of the sentences
    that lost one (the lookups are what costs).
    """
    m = len(xs)
    mode = np.where(store.cased[xs], 0, np.where(store.cased[ys], 1, 2))
    pos, p = _ranges(store.starts[xs], store.starts[xs + 1])
    kd = store.kinds[pos]
    md = mode[p]
    own = _FACT_TABLES[md, kd]
    news = _NEWS_TABLES[md, kd]
    # Runs: one sentence of one pair's `x` (its words are consecutive).
    spos, run_pair = _ranges(store.sentence_starts[xs], store.sentence_starts[xs + 1])
    run = np.repeat(np.arange(len(spos)), store.sentence_lengths[spos])
    runs = len(spos)
    fk = store.fkeys[pos].astype(np.uint64)
    tag = p.astype(np.uint64) << _U32

    wpos, wp = _ranges(store.word_starts[ys], store.word_starts[ys + 1])
    y_words = (wp.astype(np.uint64) << _U32) | store.words[wpos]  # sorted: pairs, then keys
    wanted = np.flatnonzero(own | news)
    missing = np.zeros(len(pos), dtype=bool)
    with_marks = (store.has_marks[xs] & store.has_marks[ys])[p[wanted]]
    if with_marks.any():
        mpos, mp = _ranges(store.marked_starts[ys], store.marked_starts[ys + 1])
        y_marked = (mp.astype(np.uint64) << _U32) | store.marked[mpos]
        marked_q = wanted[with_marks]
        missing[marked_q] = ~_member(
            y_marked, tag[marked_q] | store.mkeys[pos[marked_q]].astype(np.uint64)
        ) & ~_member(y_marked, tag[marked_q] | fk[marked_q])
    bare_q = wanted[~with_marks]
    missing[bare_q] = ~_member(y_words, tag[bare_q] | fk[bare_q])
    lost_fact = np.bincount(run, weights=own & missing, minlength=runs) > 0
    lost_news = np.bincount(run, weights=news & missing, minlength=runs) > 0

    # The frames of the sentences that lost a word: not facts, not capitalised, not function
    # words, not another mention of one of the sentence's facts.
    lost = lost_fact | lost_news
    at = np.flatnonzero(lost[run])
    if not len(at):
        return np.zeros(m, dtype=bool), np.zeros(m, dtype=bool)
    run_at = run[at]
    keyed = (run_at.astype(np.uint64) << _U32) | fk[at]
    facts = _distinct(keyed[own[at]])
    frame = _FRAME[kd[at]] & ~own[at] & ~_member(facts, keyed)
    frame_at = at[frame]
    had_word = _member(y_words, tag[frame_at] | fk[frame_at])
    frame_size = np.bincount(run[frame_at], minlength=runs)
    frame_had = np.bincount(run[frame_at], weights=had_word, minlength=runs)
    had = (frame_size < dedup._SHARED_MIN_WORDS) | (frame_had >= dedup.SHARED_SENTENCE * frame_size)
    fact = np.bincount(run_pair, weights=lost_fact & had, minlength=m) > 0
    new = np.bincount(run_pair, weights=lost_news & had, minlength=m) > 0
    return fact, new


def _conflicting(store: _Store, pairs: NDArray[np.int64]) -> NDArray[np.bool_]:
    """`dedup.has_conflict` for each pair of the store, vectorised."""
    a, b = pairs[:, 0], pairs[:, 1]
    fact_ab, new_ab = _direction(store, a, b)
    fact_ba, new_ba = _direction(store, b, a)
    return (fact_ab & new_ba) | (fact_ba & new_ab)


_STORE: _Store | None = None  # the store, inherited by forked workers


def _confirm(pairs: NDArray[np.int64]) -> tuple[NDArray[np.bool_], int]:
    """`same_case` for each candidate pair of `_STORE` (the word test, then the facts), and
    how many passed the word test."""
    store = _STORE
    assert store is not None
    sizes = np.diff(store.content_starts)
    ok = _word_test(_shared_content(store, pairs), sizes[pairs[:, 0]], sizes[pairs[:, 1]])
    passed = int(ok.sum())
    if passed:
        ok[ok] = ~_conflicting(store, pairs[ok])
    return ok, passed


def _pool(workers: int) -> Any:
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # no fork on this platform: stay in this process
        return None
    return context.Pool(workers)


def _chunks(texts: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for text in texts:
        batch.append(text)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _encode_all(texts: Iterable[str], workers: int) -> _Store:
    """`_encode` over the texts, `workers` processes at a time, a few chunks in flight (the
    input is read as it is consumed)."""
    builder = _Builder()
    pool = _pool(workers) if workers > 1 else None
    if pool is None:
        for batch in _chunks(texts, CHUNK):
            builder.add(_encode(batch))
        return builder.store()
    try:
        pending: list[Any] = []
        for batch in _chunks(texts, CHUNK):
            pending.append(pool.apply_async(_encode, (batch,)))
            while len(pending) > 2 * workers:
                builder.add(pending.pop(0).get())
        for result in pending:
            builder.add(result.get())
    finally:
        pool.close()
        pool.join()
    return builder.store()


def _confirm_all(
    store: _Store, pairs: NDArray[np.int64], workers: int
) -> tuple[NDArray[np.bool_], int]:
    """`_confirm` over batches of pairs, in `workers` processes (forked: they share the store)."""
    global _STORE
    _STORE = store
    try:
        batches = [pairs[k : k + PAIR_BATCH] for k in range(0, len(pairs), PAIR_BATCH)]
        if not batches:
            return np.zeros(0, dtype=bool), 0
        pool = _pool(workers) if workers > 1 and len(batches) > 1 else None
        if pool is None:
            results = [_confirm(b) for b in batches]
        else:
            try:
                results = pool.map(_confirm, batches, chunksize=1)
            finally:
                pool.close()
                pool.join()
        return np.concatenate([ok for ok, _ in results]), sum(n for _, n in results)
    finally:
        _STORE = None


# --- The whole run -----------------------------------------------------------------------------


class _Distinct:
    """Feeds each distinct text once and remembers which line is a copy of which."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.texts = texts
        self.seen: dict[bytes, int] = {}
        self.of_line: list[int] = []

    def __iter__(self) -> Iterator[str]:
        for text in self.texts:
            digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
            index = self.seen.get(digest)
            if index is None:
                index = self.seen[digest] = len(self.seen)
                self.of_line.append(index)
                yield text
            else:
                self.of_line.append(index)


def cluster_texts(
    texts: Iterable[str],
    *,
    workers: int = 1,
    stats: Stats | None = None,
    clock: Callable[[], float] | None = None,
) -> list[int]:
    """For each text, the index of the first text of its cluster (itself when alone)."""
    from time import perf_counter

    with _no_gc():
        return _cluster(texts, max(1, workers), stats or Stats(), clock or perf_counter)


def _cluster(
    texts: Iterable[str], workers: int, stats: Stats, tick: Callable[[], float]
) -> list[int]:
    started = tick()
    distinct = _Distinct(texts)
    store = _encode_all(distinct, workers)
    of_line = np.array(distinct.of_line, dtype=np.int64)
    stats.texts, stats.distinct, stats.empty = len(of_line), len(store), int(store.empty.sum())
    stats.seconds["analyse"] = tick() - started

    started = tick()
    stats.exhaustive = len(store) <= EXHAUSTIVE_MAX
    pairs = _pairs_exhaustive(store) if stats.exhaustive else _pairs_lsh(store)
    stats.candidates = len(pairs)
    stats.seconds["candidates"] = tick() - started

    started = tick()
    ok, stats.word_test = _confirm_all(store, pairs, workers)
    confirmed = pairs[ok]
    stats.confirmed = len(confirmed)
    stats.seconds["confirm"] = tick() - started

    started = tick()
    first = _components(confirmed, store.empty, of_line)
    stats.clusters = len(set(first))
    stats.seconds["components"] = tick() - started
    return first


def _components(
    pairs: NDArray[np.int64], empty: NDArray[np.bool_], of_line: NDArray[np.int64]
) -> list[int]:
    """Each line's cluster representative: the first line of its connected component."""
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    n_lines, n = len(of_line), len(empty)
    if not n_lines:
        return []
    graph = sparse.coo_matrix(
        (np.ones(len(pairs), dtype=np.int8), (pairs[:, 0], pairs[:, 1])), shape=(n, n)
    )
    _, component = connected_components(graph, directed=False)
    lines = np.arange(n_lines, dtype=np.int64)
    # A line with nothing to compare is alone, even when another line is the same characters.
    component_of_line = np.where(empty[of_line], n + lines, component[of_line])
    first = np.full(n + n_lines, n_lines, dtype=np.int64)
    np.minimum.at(first, component_of_line, lines)
    return first[component_of_line].tolist()


def default_workers() -> int:
    """Processes to use: the machine's cores, at most 2 (the benchmark's target machine)."""
    return max(1, min(2, os.cpu_count() or 1))


# --- Lookup of one new text among many (intake) ------------------------------------------------

LOOKUP_PER_BAND = 50
LOOKUP_CANDIDATES = 30


class NearDuplicateIndex:
    """Texts indexed by their LSH bands and rarest words, to find those of the same case as a
    new text.

    The in-memory counterpart of the petitions' `DuplicateBand` table (what the benchmark
    measures at a million texts): per band, the texts sorted once by (band, rarest words, next
    band), and once by (rarest words, first band), so a lookup is a few binary searches per
    band: a crowded run (a form many letters share) is narrowed to the texts that also share
    the new text's rarest words, then its next band, until at most `LOOKUP_PER_BAND` are left;
    the `LOOKUP_CANDIDATES` found most often are confirmed with `same_case`.
    """

    def __init__(self, texts: Iterable[str], *, workers: int = 1) -> None:
        store = self._store = _encode_all(texts, max(1, workers))
        live = np.flatnonzero(~store.empty)
        rare = _rare_keys(store)
        self._vocabulary, self._frequency = _vocabulary(store.content)
        # Each band, and the rarest words, as sorted runs that narrow step by step: (band, rarest
        # words, next band), (rarest words, first band).
        self._views: list[tuple[NDArray[np.int64], list[NDArray[np.uint64]]]] = []
        levels = [
            [store.bands[live, band], rare[live], store.bands[live, (band + 1) % BANDS]]
            for band in range(BANDS)
        ]
        levels.append([rare[live], store.bands[live, 0]])
        for keys in levels:
            order = np.lexsort(tuple(reversed(keys)))
            self._views.append((live[order], [k[order] for k in keys]))

    def __len__(self) -> int:
        return len(self._store)

    def _rare_key(self, content: NDArray[np.uint32]) -> np.uint64 | None:
        """The new text's two rarest words among those the index has (as `_rare_keys`)."""
        at = np.searchsorted(self._vocabulary, content)
        at[at == len(self._vocabulary)] = 0
        known = self._vocabulary[at] == content if len(self._vocabulary) else at < 0
        if not known.any():
            return None
        keys, counts = content[known], self._frequency[at[known]]
        ranked = keys[np.lexsort((keys, counts))].astype(np.uint64)
        second = ranked[1] if len(ranked) > 1 else np.uint64(0)
        pair = np.array([(ranked[0] << _U32) | second], dtype=np.uint64)
        return np.uint64(_mix(pair)[0] | np.uint64(1))

    def lookup(self, text: str) -> list[int]:
        """Indexes of the indexed texts of the same case as `text`, most found first."""
        chunk = _encode([text])
        if chunk.empty[0]:
            return []
        rare = self._rare_key(chunk.content)
        evidence: dict[int, int] = {}

        def take(ids: NDArray[np.int64]) -> None:
            for i in ids[:LOOKUP_PER_BAND].tolist():
                evidence[i] = evidence.get(i, 0) + 1

        queries = [
            [chunk.bands[0, band], rare, chunk.bands[0, (band + 1) % BANDS]]
            for band in range(BANDS)
        ]
        queries.append([rare, chunk.bands[0, 0]])
        for (ids, keys), query in zip(self._views, queries, strict=True):
            if query[0] is None:  # no word of the new text is in the index
                continue
            lo, hi = 0, len(ids)
            for level, (values, value) in enumerate(zip(keys, query, strict=True)):
                if value is None or (level and hi - lo <= LOOKUP_PER_BAND):
                    break
                # A crowded run (a form): narrow it to those agreeing on the next key too,
                # unless none does (then the run as it is).
                run = values[lo:hi]
                start = lo + int(np.searchsorted(run, value, side="left"))
                end = lo + int(np.searchsorted(run, value, side="right"))
                if start == end and level:
                    break
                lo, hi = start, end
            take(ids[lo:hi])
        if not evidence:
            return []
        wanted = _compact(chunk, 0)
        best = sorted(evidence, key=lambda i: (-evidence[i], i))[:LOOKUP_CANDIDATES]
        return [i for i in best if dedup.same_case_features(wanted, _compact(self._store, i))]


# --- The `id<TAB>text` file contract ------------------------------------------------------------

_MAX_WARNINGS = 20


@dataclass
class Line:
    number: int  # 1-based
    id: str
    text: str


def read_lines(stream: IO[bytes], warn: Callable[[str], None]) -> Iterator[Line]:
    """The lines of an ``id<TAB>text`` file, leniently.

    Lines end at LF (a CR before it is dropped: CRLF files read the same; a CR inside an id
    too, or some readers would see two output lines); a last line without LF counts; a UTF-8
    byte-order mark is ignored; bytes that are not UTF-8 are replaced (one warning). Only the
    first TAB separates: the text may contain more. A line without a TAB is taken as an id with
    an empty text (it will be alone in its cluster), with a warning; an empty line is a line
    with an empty id and text.
    """
    warned = 0
    bad_bytes = False
    for number, raw in enumerate(stream, start=1):
        if raw.endswith(b"\n"):
            raw = raw[:-1]
        if raw.endswith(b"\r"):
            raw = raw[:-1]
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            line = raw.decode("utf-8", "replace")
            if not bad_bytes:
                warn(f"dòng {number}: có byte không phải UTF-8, đã thay bằng ký tự thay thế")
                bad_bytes = True
        ident, tab, text = line.partition("\t")
        if "\r" in ident:
            # A carriage return inside the id would end the output line for some readers.
            ident = ident.replace("\r", "")
        if not tab and line and warned < _MAX_WARNINGS:
            warned += 1
            warn(f"dòng {number}: không có dấu TAB; cả dòng được coi là mã, văn bản rỗng")
        yield Line(number, ident, text)


def cluster_ids(
    lines: Sequence[Line], first: Sequence[int], warn: Callable[[str], None]
) -> list[str]:
    """Each line's cluster id: the id of the cluster's first line.

    The same cluster id always means the same cluster: when ids repeat and two clusters would
    get the same one, or a first line has no id, the later cluster's id is the first line's id
    followed by ``#`` and its line number ("A17#42", "#7").
    """
    owner: dict[str, int] = {}  # cluster id -> the first line (index) of the cluster using it
    name_of: dict[int, str] = {}
    repeated: dict[str, int] = {}
    seen_ids: set[str] = set()
    for line in lines:
        if line.id in seen_ids and line.id:
            repeated[line.id] = repeated.get(line.id, 1) + 1
        seen_ids.add(line.id)
    out: list[str] = []
    for _index, head in enumerate(first):
        name = name_of.get(head)
        if name is None:
            base = lines[head].id
            name = base if base and owner.setdefault(base, head) == head else ""
            if not name:
                name = f"{base}#{lines[head].number}"
                owner[name] = head
            name_of[head] = name
        out.append(name)
    if repeated:
        sample = ", ".join(sorted(repeated)[:5])
        warn(
            f"{len(repeated)} mã xuất hiện nhiều lần ({sample}): nhóm trùng mã với một nhóm "
            "khác được đặt mã kèm #số dòng"
        )
    return out


class TextSink(Protocol):
    def write(self, text: str, /) -> object: ...


def cluster_tsv(
    stream: IO[bytes],
    out: TextSink,
    *,
    workers: int = 1,
    warn: Callable[[str], None],
    stats: Stats | None = None,
) -> Stats:
    """Read an ``id<TAB>text`` file, write ``id<TAB>cluster_id`` for every line, in order."""
    stats = stats if stats is not None else Stats()
    lines: list[Line] = []

    def texts() -> Iterator[str]:
        for line in read_lines(stream, warn):
            lines.append(Line(line.number, line.id, ""))  # the text is not kept
            yield line.text

    first = cluster_texts(texts(), workers=workers, stats=stats)
    for line, cluster_id in zip(lines, cluster_ids(lines, first, warn), strict=True):
        out.write(f"{line.id}\t{cluster_id}\n")
    return stats
