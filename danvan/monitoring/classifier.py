"""The topic classifier inside the product: where the model lives, how it is built, the
suggestion intake forms show.

`topic_suggest(text)` is what intake forms call: the suggested topic code, its Vietnamese label,
the confidence (0..1) and the next alternatives. The model is `danvan.text.classify`'s, trained
on the committed labelled set (`danvan/data/classifier/train/<code>.txt`) plus the officers'
corrections (`TopicCorrection`), written to `<VAR_DIR>/classifier/model.pkl` (setting
`DANVAN_CLASSIFIER_MODEL` to put it elsewhere). It is loaded once per process and cached; a
missing model, one of another format, or one built from other committed data (hash mismatch)
is rebuilt on first use, which takes a few seconds. A retrain by another process (`danvan
classify train`) is picked up at the next call (the file's modification time is checked).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from danvan.text import classify

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "classifier"
TRAIN_DIR = DATA_DIR / "train"
HELDOUT_DIR = DATA_DIR / "heldout"

# A correction weighs this many committed texts: one officer's decision on a real text is
# worth more than a written example, and it must be able to move the model for that kind of
# text. The latest corrections count first; older ones beyond the cap are left out.
CORRECTION_WEIGHT = 4.0
CORRECTIONS_MAX = 20_000

_lock = threading.Lock()
_cache: dict[str, Any] = {}


@dataclass(frozen=True)
class TopicSuggestion:
    code: str
    label: str
    confidence: float
    alternatives: list[tuple[str, float]] = field(default_factory=list)


@dataclass(frozen=True)
class TrainResult:
    path: Path
    texts: int
    corrections: int
    per_topic: dict[str, int]
    seconds: float
    data_hash: str


class ClassifierUnavailable(Exception):
    """No model and no committed data to build one from."""


def model_path() -> Path:
    configured = getattr(settings, "DANVAN_CLASSIFIER_MODEL", "")
    if configured:
        return Path(configured)
    return Path(settings.VAR_DIR) / "classifier" / "model.pkl"


def committed_data_hash() -> str:
    from danvan.core.topics import topic_codes

    return classify.data_hash(TRAIN_DIR, extra=",".join(topic_codes()))


def _corrections(limit: int = CORRECTIONS_MAX) -> list[tuple[str, str]]:
    """(text, chosen) of the officers' corrections, newest first; [] when the database is not
    reachable (no migrations yet, or a process without database access)."""
    from django.db import DatabaseError

    from danvan.monitoring.models import TopicCorrection

    try:
        rows = TopicCorrection.objects.order_by("-created_at", "-pk").values_list("text", "chosen")[
            :limit
        ]
        return [(text, chosen) for text, chosen in rows]
    except (DatabaseError, RuntimeError) as exc:  # RuntimeError: DB blocked (e.g. in tests)
        logger.info("classifier: corrections not read (%s)", exc)
        return []


def _training_set(
    include_corrections: bool,
) -> tuple[list[str], list[str], list[float], int]:
    from danvan.core.topics import topic_codes

    codes = set(topic_codes())
    texts, labels = classify.read_dir(TRAIN_DIR)
    keep = [i for i, label in enumerate(labels) if label in codes]
    texts = [texts[i] for i in keep]
    labels = [labels[i] for i in keep]
    if not texts:
        raise ClassifierUnavailable(f"no training data in {TRAIN_DIR}")
    weights = [1.0] * len(texts)
    n_corrections = 0
    if include_corrections:
        for text, chosen in _corrections():
            if chosen in codes and text.strip():
                texts.append(text)
                labels.append(chosen)
                weights.append(CORRECTION_WEIGHT)
                n_corrections += 1
    return texts, labels, weights, n_corrections


def classifier_train(include_corrections: bool = True, *, path: Path | None = None) -> TrainResult:
    """Build the model from the committed data (and the corrections), write it, cache it."""
    from danvan.core.topics import topic_codes

    started = time.perf_counter()
    texts, labels, weights, n_corrections = _training_set(include_corrections)
    digest = committed_data_hash()
    # Hyper-parameters other than the defaults chosen by cross-validation (tests use fewer
    # calibration folds to run faster): setting DANVAN_CLASSIFIER_PARAMS, a dict.
    overrides = dict(getattr(settings, "DANVAN_CLASSIFIER_PARAMS", None) or {})
    model = classify.train(
        texts, labels, weights=weights, label_set=topic_codes(), data_hash=digest, **overrides
    )
    model.meta.update({"corrections": n_corrections, "trained_at": time.time()})
    target = path or model_path()
    classify.save(model, target)
    with _lock:
        _cache.clear()
        if target == model_path():
            _cache.update(model=model, key=_file_key(target))
    per_topic: dict[str, int] = {}
    for label in labels:
        per_topic[label] = per_topic.get(label, 0) + 1
    return TrainResult(
        path=target,
        texts=len(texts),
        corrections=n_corrections,
        per_topic=per_topic,
        seconds=time.perf_counter() - started,
        data_hash=digest,
    )


def classifier_build_if_stale() -> Path | None:
    """Build the model when it is missing, unreadable or older than the committed data (the
    `danvan install` hook). Returns the path written, or None when the model is current."""
    path = model_path()
    try:
        model = classify.load(path)
        if model.data_hash == committed_data_hash():
            return None
    except classify.ModelFormatError:
        pass
    return classifier_train(include_corrections=True).path


def _file_key(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def classifier_model() -> classify.Model:
    """The model, loaded once per process (rebuilt first when missing or stale)."""
    path = model_path()
    key = _file_key(path)
    cached = _cache.get("model")
    if cached is not None and key is not None and _cache.get("key") == key:
        return cached
    with _lock:
        key = _file_key(path)
        cached = _cache.get("model")
        if cached is not None and key is not None and _cache.get("key") == key:
            return cached
        model: classify.Model | None = None
        if key is not None:
            try:
                model = classify.load(path)
            except classify.ModelFormatError as exc:
                logger.warning("classifier: %s; rebuilding", exc)
            if model is not None and model.data_hash != committed_data_hash():
                logger.info("classifier: model older than the committed data; rebuilding")
                model = None
        if model is None:
            _cache.clear()
    if model is None:
        classifier_train(include_corrections=True)
        return _cache["model"]
    with _lock:
        _cache.update(model=model, key=_file_key(path))
    return model


def classifier_reset() -> None:
    """Forget the cached model (tests, or after moving the model file)."""
    with _lock:
        _cache.clear()


def classifier_evaluate(
    data_dir: Path | str | None = None, *, model: classify.Model | None = None
) -> classify.Evaluation:
    """Per-topic precision, recall, F1 and macro-F1 on a labelled folder (default: the
    committed held-out set, which training never reads)."""
    from danvan.core.topics import topic_codes

    directory = Path(data_dir) if data_dir is not None else HELDOUT_DIR
    texts, labels = classify.read_dir(directory)
    if not texts:
        raise ClassifierUnavailable(f"no labelled texts in {directory}")
    model = model or classifier_model()
    return classify.evaluate(labels, classify.predict(model, texts), labels=topic_codes())


def classify_texts(texts: list[str]) -> list[str]:
    """One topic code per text, in order (an empty text gets `khac`)."""
    return classify.predict(classifier_model(), texts)


def topic_suggest(text: str) -> TopicSuggestion:
    from danvan.core.topics import DEFAULT_TOPIC, topic_label

    text = (text or "")[: classify.MAX_CHARS]
    if not text.strip():
        return TopicSuggestion(DEFAULT_TOPIC, topic_label(DEFAULT_TOPIC), 0.0)
    try:
        ranked = classify.suggest(classifier_model(), text, top=3)
    except (ClassifierUnavailable, classify.ModelFormatError, OSError) as exc:
        # Intake must keep working without a model: no suggestion is a valid answer.
        logger.warning("classifier unavailable: %s", exc)
        return TopicSuggestion(DEFAULT_TOPIC, topic_label(DEFAULT_TOPIC), 0.0)
    code, confidence = ranked[0]
    return TopicSuggestion(
        code=code,
        label=topic_label(code),
        confidence=round(confidence, 4),
        alternatives=[(c, round(p, 4)) for c, p in ranked[1:]],
    )
