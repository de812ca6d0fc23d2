"""Figures for the topic classifier (`danvan.text.classify`), beside the targets.

1. Training on the committed labelled set (`danvan/data/classifier/train/`), with the
   calibration folds, as `danvan classify train` does: time and peak memory (tracemalloc).
2. Saving and loading the model: time and file size.
3. Throughput of `predict` on one core for 20,000 texts of mixed length (short titles,
   petitions as written, long multi-paragraph texts; a fifth typed without diacritics), in
   batches of 2,000 as `danvan classify` reads them. Target: at least 2,000 texts per second.
4. The same through the real command (`danvan classify` reading the texts on stdin), start-up
   included, unless --no-cli.
5. Peak resident memory of this process (resource.getrusage).

Pure Python (no database); the process is pinned to one CPU and BLAS to one thread. Prints
figures only; nothing here asserts a time.

    .venv/bin/python bench/bench_classify.py [--texts 20000] [--seed 1] [--no-cli]
"""

from __future__ import annotations

import os

# One core: pin BLAS before numpy loads, and the process to one CPU.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from danvan.monitoring.classifier import committed_data_hash  # noqa: E402
from danvan.text import classify  # noqa: E402
from danvan.text.normalize import fold  # noqa: E402

TRAIN_DIR = ROOT / "danvan" / "data" / "classifier" / "train"
TOPICS = ROOT / "danvan" / "data" / "topics.json"


def mixed_texts(texts: list[str], labels: list[str], count: int, seed: int) -> list[str]:
    """Short (first 4–10 words), as written, and long (4–8 texts of one topic joined), a fifth
    of them folded (no diacritics)."""
    rng = random.Random(seed)
    by_label: dict[str, list[str]] = {}
    for text, label in zip(texts, labels, strict=True):
        by_label.setdefault(label, []).append(text)
    out: list[str] = []
    for _ in range(count):
        roll = rng.random()
        text = rng.choice(texts)
        if roll < 0.3:
            words = text.split()
            text = " ".join(words[: rng.randint(4, 10)])
        elif roll > 0.8:
            same = by_label[rng.choice(list(by_label))]
            text = " ".join(rng.choice(same) for _ in range(rng.randint(4, 8)))
        if rng.random() < 0.2:
            text = fold(text)
        out.append(text)
    return out


def one_core() -> None:
    """Pin this process to its first allowed CPU (BLAS is pinned to one thread above)."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def training_set() -> tuple[list[str], list[str], list[str]]:
    """(texts, labels, every topic code) of the committed labelled set."""
    import json

    codes = [row["code"] for row in json.loads(TOPICS.read_text(encoding="utf-8"))["topics"]]
    texts, labels = classify.read_dir(TRAIN_DIR)
    return texts, labels, codes


def train_timed(texts: list[str], labels: list[str], codes: list[str]) -> tuple[Any, float]:
    """The model trained as `danvan classify train` does, and the seconds it took."""
    started = time.perf_counter()
    model = classify.train(texts, labels, label_set=codes)
    return model, time.perf_counter() - started


def predict_rate(model: Any, sample: list[str], *, batch: int = 2000, cold: bool = True) -> float:
    """Texts per second of `predict` in batches of `batch` (as `danvan classify` reads them);
    `cold` empties the model's character cache first."""
    if cold:
        model._char_cache.clear()
    started = time.perf_counter()
    for i in range(0, len(sample), batch):
        classify.predict(model, sample[i : i + batch])
    return len(sample) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-cli", action="store_true", help="skip the `danvan classify` run")
    args = parser.parse_args()
    one_core()

    texts, labels, codes = training_set()
    print(f"training set: {len(texts)} texts, {len(set(labels))} topics ({TRAIN_DIR})")

    model, train_s = train_timed(texts, labels, codes)
    # Memory in a second run: tracing slows Python down, so that run is not timed.
    tracemalloc.start()
    classify.train(texts, labels, label_set=codes)
    _current, train_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"train (with {model.params['calibration_folds']} calibration folds): {train_s:.2f} s, "
        f"peak traced memory {train_peak / 2**20:.0f} MiB; "
        f"{len(model.word_vocab)} word + {len(model.char_vocab)} char features, "
        f"temperature {model.temperature:.3f}"
    )

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.pkl"
        started = time.perf_counter()
        classify.save(model, path)
        save_s = time.perf_counter() - started
        started = time.perf_counter()
        loaded = classify.load(path)
        load_s = time.perf_counter() - started
        size = path.stat().st_size
        print(
            f"save {save_s * 1000:.0f} ms, load {load_s * 1000:.0f} ms, file {size / 2**20:.1f} MiB"
        )

        sample = mixed_texts(texts, labels, args.texts, args.seed)
        chars = sum(len(t) for t in sample)
        print(
            f"texts: {len(sample)}, mean {chars / len(sample):.0f} characters, "
            f"longest {max(len(t) for t in sample)}"
        )
        for label, fresh in (("cold cache", True), ("warm cache", False)):
            rate = predict_rate(loaded, sample, cold=fresh)
            print(
                f"predict on one core ({label}): {rate:,.0f} texts/s "
                f"({1e6 / rate:.0f} µs per text; target >= 2,000 texts/s)"
            )
        started = time.perf_counter()
        for text in sample[:2000]:
            classify.suggest(loaded, text)
        one = (time.perf_counter() - started) / 2000
        print(f"one suggestion at a time (intake): {one * 1000:.2f} ms per text")

        if not args.no_cli:
            danvan = Path(sys.executable).parent / "danvan"
            var = Path(tmp) / "var"
            (var / "classifier").mkdir(parents=True)
            path.replace(var / "classifier" / "model.pkl")
            # The command would rebuild a model without the committed data's hash.
            env = {**os.environ, "DANVAN_VAR_DIR": str(var)}
            stdin = "".join(t.replace("\n", " ") + "\n" for t in sample).encode("utf-8")
            loaded.data_hash = committed_data_hash()
            classify.save(loaded, var / "classifier" / "model.pkl")
            started = time.perf_counter()
            subprocess.run([str(danvan), "classify"], input=b"", env=env, check=True)
            startup = time.perf_counter() - started
            started = time.perf_counter()
            result = subprocess.run(
                [str(danvan), "classify"], input=stdin, capture_output=True, env=env, check=False
            )
            elapsed = time.perf_counter() - started
            lines = result.stdout.decode().count("\n")
            print(
                f"`danvan classify` on {len(sample)} lines: {elapsed:.2f} s, of which start-up "
                f"(Django, model load) {startup:.2f} s: {lines / (elapsed - startup):,.0f} "
                f"lines/s after start-up; {lines} lines out, exit {result.returncode}"
            )

    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak resident memory of this process: {peak_kib / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
