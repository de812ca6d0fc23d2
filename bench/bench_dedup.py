"""Figures for near-duplicate clustering and lookup (`danvan.text.cluster`), beside the targets.

1. Clustering (`danvan dedup FILE`): N synthetic texts written to an ``id<TAB>text`` file, then
   read, clustered and written out by `cluster_tsv` with `--workers` processes. Target: 1 million
   texts in under 10 minutes on a 2-core machine. Prints the time of each step, the peak memory
   (this process and its workers) and how many duplicate groups were found against how many
   were planted.
2. Lookup at intake: `NearDuplicateIndex` over the same texts, then p50/p95 of one lookup
   (LSH bands + confirmation) for new texts, half of them near-copies of indexed ones. Target:
   p95 < 20 ms with 1 million texts indexed.

The texts come from the demo's phrase book (`danvan.petitions.demo_text`): letters, brief
petitions, denunciations and collective petitions from 60 communes, and 20 % of them re-sent
copies of an earlier one — typed without diacritics, in lowercase, with sentences reordered,
with a greeting and thanks added, re-sent with a covering sentence, or with typing slips.
Nothing here asserts a time.

    .venv/bin/python bench/bench_dedup.py --n 100000 [--workers 2] [--lookups 500] [--skip-lookup]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

from danvan.petitions.demo_text import KINDS, PetitionText, Place, TextGenerator, generic_place
from danvan.text import fold
from danvan.text.cluster import (
    EXHAUSTIVE_MAX,
    NearDuplicateIndex,
    Stats,
    cluster_tsv,
    default_workers,
)

COMMUNES = [
    "Thông",
    "Thuận",
    "Phước",
    "Dinh",
    "Cam",
    "Lập",
    "Ninh",
    "Hải",
    "Diên",
    "An",
    "Vĩnh",
    "Hải",
    "Phước",
    "Hà",
    "Lâm",
    "Sơn",
    "Hòa",
    "An",
    "Đức",
    "Phổ",
    "Ninh",
    "Hưng",
    "Tân",
    "Thạnh",
    "Cam",
    "Hiệp",
    "Ea",
    "Kao",
    "Sơn",
    "Bình",
    "Tu",
    "Bông",
    "Diên",
    "Thọ",
    "Khánh",
    "Trung",
    "Phước",
    "Vinh",
    "Đắk",
    "Mar",
]


def _places(rng: random.Random) -> list[Place]:
    names = [
        f"{COMMUNES[i % len(COMMUNES)]} {COMMUNES[(i * 7 + 3) % len(COMMUNES)]}" for i in range(60)
    ]
    return [
        generic_place(
            f"{20000 + i}",
            name,
            "xã",
            rng.choice(["Khánh Hòa", "Ninh Thuận", "Phú Yên"]),
            ward=False,
        )
        for i, name in enumerate(names)
    ]


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def _slips(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    for k, w in enumerate(words):
        if (
            rng.random() < 0.06
            and len(w) > 3
            and not w[:1].isupper()
            and not any(c.isdigit() for c in w)
        ):
            i = rng.randrange(len(w) - 1)
            words[k] = w[:i] + w[i + 1] + w[i] + w[i + 2 :]
    return " ".join(words)


def generate(
    n: int, seed: int, counts: Counter[str] | None = None, cases: list[int] | None = None
) -> Iterator[str]:
    """n one-line texts; `counts["copies"]` says how many are re-sent copies of an earlier one
    and `cases` gets each text's case (the index of the text it copies, or its own)."""
    rng = random.Random(seed)
    gen = TextGenerator(seed)
    places = _places(rng)
    recent: list[tuple[PetitionText, str, int]] = []
    counts = counts if counts is not None else Counter()
    day = dt.date(2026, 3, 1)
    for _ in range(n):
        if recent and rng.random() < 0.2:
            petition, text, case = rng.choice(recent)
            how = rng.randrange(6)
            if how == 0:
                text = fold(text)
            elif how == 1:
                text = text.lower()
            elif how == 2:
                parts = _sentences(text)
                rng.shuffle(parts)
                text = " ".join(parts)
            elif how == 3:
                text = "Kính gửi: Ủy ban nhân dân xã. " + text + " Xin chân thành cảm ơn!"
            elif how == 4:
                text = gen.resend(petition, first_sent=day - dt.timedelta(days=40)).content
            else:
                text = _slips(text, rng)
            counts["copies"] += 1
        else:
            petition = gen.petition(place=rng.choice(places), day=day, kind=rng.choice(KINDS))
            text = petition.content
            case = len(cases) if cases is not None else 0
            recent.append((petition, text, case))
            if len(recent) > 5000:
                recent.pop(rng.randrange(len(recent)))
        if cases is not None:
            cases.append(case)
        yield " ".join(text.split())


def texts_of(
    path: str, keep: set[int] | None = None, kept: dict[int, str] | None = None
) -> Iterator[str]:
    """The texts of an ``id<TAB>text`` file (remembering those of the lines in `keep`)."""
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f):
            text = line.rstrip("\n").partition("\t")[2]
            if keep is not None and kept is not None and number in keep:
                kept[number] = text
            yield text


def peak_mb() -> tuple[float, float]:
    """Peak resident memory (MB) of this process and of its largest finished child."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--lookups", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-lookup", action="store_true")
    parser.add_argument("--skip-cluster", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "texts.tsv")
        t0 = time.perf_counter()
        counts, cases = write_texts(path, args.n, args.seed)
        size = os.path.getsize(path) / 2**20
        print(
            f"sinh {args.n:,} văn bản ({counts['copies']:,} bản gửi lại, {size:.0f} MB) trong "
            f"{time.perf_counter() - t0:.0f} s"
        )
        if not args.skip_cluster:
            bench_cluster(path, args, cases)
        if not args.skip_lookup:
            bench_lookup(path, args)


def write_texts(path: str, n: int, seed: int) -> tuple[Counter[str], list[int]]:
    """`n` synthetic texts written to an ``id<TAB>text`` file; (counts, each line's case)."""
    counts: Counter[str] = Counter()
    cases: list[int] = []
    with open(path, "w", encoding="utf-8") as f:
        for i, text in enumerate(generate(n, seed, counts, cases)):
            f.write(f"t{i}\t{text}\n")
    return counts, cases


def _pairs(groups: Counter[Any]) -> int:
    return sum(k * (k - 1) // 2 for k in groups.values())


def cluster_file(path: str, workers: int, cases: list[int]) -> dict[str, Any]:
    """`cluster_tsv` on the file, as `danvan dedup FILE` runs it: seconds (and per step), the
    counts of `Stats`, and pairwise precision and recall against the planted cases."""
    out = io.StringIO()
    stats = Stats()
    start = time.perf_counter()
    with open(path, "rb") as stream:
        cluster_tsv(
            stream, out, workers=workers, warn=lambda m: print(m, file=sys.stderr), stats=stats
        )
    elapsed = time.perf_counter() - start
    predicted = [line.split("\t")[1] for line in out.getvalue().splitlines()]
    groups = Counter(predicted)
    right = _pairs(Counter(zip(cases, predicted, strict=True)))
    found, planted = _pairs(groups), _pairs(Counter(cases))
    return {
        "texts": len(predicted),
        "workers": workers,
        "seconds": elapsed,
        "steps": dict(stats.seconds),
        "distinct": stats.distinct,
        "candidates": stats.candidates,
        "word_test": stats.word_test,
        "confirmed": stats.confirmed,
        "clusters": stats.clusters,
        "groups": sum(1 for c in groups.values() if c > 1),
        "exhaustive": bool(stats.exhaustive),
        "precision": right / max(found, 1),
        "recall": right / max(planted, 1),
        "planted_pairs": planted,
    }


def bench_cluster(path: str, args: argparse.Namespace, cases: list[int]) -> None:
    f = cluster_file(path, args.workers, cases)
    own, child = peak_mb()
    elapsed = f["seconds"]
    steps = ", ".join(f"{k} {v:.1f} s" for k, v in f["steps"].items())
    print(
        f"gom nhóm {args.n:,} văn bản với {args.workers} tiến trình: {elapsed:.1f} s "
        f"({args.n / elapsed:,.0f} văn bản/s) [{steps}]"
    )
    print(
        f"  {f['distinct']:,} văn bản khác nhau, {f['candidates']:,} cặp ứng viên "
        f"({f['word_test']:,} qua phép thử từ), {f['confirmed']:,} cặp xác nhận, "
        f"{f['clusters']:,} nhóm, {f['groups']:,} nhóm có từ 2 văn bản"
    )
    print(
        f"  so với các bản gửi lại đã cài: precision {f['precision']:.3f}, recall "
        f"{f['recall']:.3f} theo cặp ({f['planted_pairs']:,} cặp cài sẵn; precision là cận dưới: "
        "hai đơn sinh ngẫu nhiên vẫn có thể là cùng vụ việc)"
    )
    print(
        f"  bộ nhớ đỉnh (RSS): tiến trình chính {own:,.0f} MB; tiến trình con lớn nhất "
        f"{child:,.0f} MB (tính cả trang nhớ dùng chung với tiến trình chính khi fork)"
    )
    if args.n >= 1_000_000:
        print(f"  mục tiêu < 600 s: {'OK' if elapsed < 600 else 'CHẬM HƠN MỤC TIÊU'}")
    elif args.n > EXHAUSTIVE_MAX:
        print(
            f"  ước tính cho 1.000.000 văn bản: {elapsed * 1_000_000 / args.n / 60:.1f} phút "
            "(tuyến tính; mục tiêu < 10 phút)"
        )
    else:
        print(f"  (≤ {EXHAUSTIVE_MAX:,} văn bản: xét mọi cặp, không ngoại suy được)")


def bench_lookup(path: str, args: argparse.Namespace) -> None:
    rng = random.Random(args.seed + 1)
    originals = set(rng.sample(range(args.n), min(args.n, args.lookups)))
    kept: dict[int, str] = {}
    start = time.perf_counter()
    index = NearDuplicateIndex(texts_of(path, originals, kept), workers=args.workers)
    built = time.perf_counter() - start
    probes = []
    for fresh, number in zip(generate(args.lookups, args.seed + 7), sorted(kept), strict=False):
        draw = rng.random()
        if draw < 0.25:
            probes.append(fold(kept[number]))
        elif draw < 0.5:
            probes.append(kept[number] + " Đây là lần thứ hai tôi gửi đơn.")
        else:
            probes.append(fresh)
    times = []
    found = 0
    for probe in probes:
        t = time.perf_counter()
        found += bool(index.lookup(probe))
        times.append((time.perf_counter() - t) * 1000)
    own, _ = peak_mb()
    p95 = percentile(times, 95)
    verdict = "OK" if p95 < 20 else "CHẬM HƠN MỤC TIÊU"
    print(
        f"tra cứu trùng lặp với {len(index):,} văn bản đã lập chỉ mục (lập chỉ mục {built:.0f} s): "
        f"n={len(times)} p50={percentile(times, 50):.2f} ms p95={p95:.2f} ms "
        f"max={max(times):.1f} ms mean={statistics.fmean(times):.2f} ms (mục tiêu p95 < 20 ms) "
        f"{verdict}; {found} lần tìm thấy; bộ nhớ đỉnh {own:,.0f} MB"
    )


if __name__ == "__main__":
    main()
