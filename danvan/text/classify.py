"""The topic classifier: Vietnamese text -> topic code (lĩnh vực), with a confidence.

Pure Python + numpy/scipy, no Django imports: `train(texts, labels) -> Model`,
`predict(model, texts)`, `predict_proba`, `suggest`, `save`/`load`, `evaluate`.

How it works, and why (figures and the cross-validation behind the choices:
docs/classifier.md):

* **Preprocessing** (`analyse`): NFC, lowercase, diacritics folded (đ -> d) as
  `danvan.text.normalize.fold` does, so a text typed without diacritics gets the same features
  as one with them; digits become ``0`` (decision numbers, amounts, years and house numbers say
  nothing about the topic); courtesy boilerplate ("kính gửi", "tôi tên là", "xin chân thành cảm
  ơn", "trân trọng", "sinh năm", "trú tại", ...) is dropped; chat abbreviations (ko, dc, hok,
  ...) and administrative acronyms (gpmb, bhxh, qsdd, ...) are expanded to the words they
  stand for, so that "ko dc cap so do" and "không được cấp sổ đỏ" meet.
* **Features**: two blocks, each TF-IDF with sublinear tf (1 + log tf) and L2-normalised per
  row. Words: folded syllable 1–2-grams (Vietnamese words are mostly two syllables), plus, when
  the text has diacritics, the same uni- and bigrams with their diacritics (modern tone
  placement), which tell apart words that fold alike. Characters: 2–5-grams inside each folded
  syllable padded with spaces (the ``char_wb`` analyser), which keep a typo'd syllable close to
  the right one; a syllable's n-grams are computed once and cached, so extraction costs about
  one dict lookup per syllable.
* **Training-time augmentation**: each training text also enters with random typos (dropped,
  doubled, swapped or neighbouring keys) and without diacritics, and as a short prefix (4–14
  syllables), so short and sloppy inputs look like something seen. Copies weigh half.
* **Model**: multinomial logistic regression with an L2 penalty on sample weights, fitted by a
  small L-BFGS. Probabilities are calibrated by one temperature fitted on out-of-fold
  predictions of a k-fold run over the training set (minimising log-loss).
* A text with no known feature at all (empty, or only unknown symbols) gets ``khac`` with
  confidence 0; an empty text is always ``khac``.

The saved file is a pickle of a plain dict with a format version (`FORMAT_VERSION`) and the
hash of the data it was trained on (`data_hash`), so a stale or foreign file is detected.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import os
import pickle
import random
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from danvan.text.normalize import fold, nfc, normalize_tone_marks

# Bump whenever preprocessing, features or the file layout change: older files are then rebuilt.
FORMAT_VERSION = 2
DEFAULT_LABEL = "khac"

# Hyper-parameters, chosen by cross-validation on the training set (see docs/classifier.md).
WORD_NGRAMS = (1, 2)
ACCENTS = True
CHAR_NGRAMS = (2, 5)
MIN_DF_WORD = 2
MIN_DF_CHAR = 2
CHAR_WEIGHT = 0.5
WORD_WEIGHT = 1.0
L2 = 5e-5
MAX_ITER = 200
TOL = 1e-6
AUGMENT_TYPO = 1
AUGMENT_PREFIX = 1
AUGMENT_WEIGHT = 0.5
CALIBRATION_FOLDS = 3
SEED = 20260701

# Longest text looked at: the topic is clear long before this, and it bounds the work.
MAX_CHARS = 5000
_CACHE_LIMIT = 200_000

_ZEROS = re.compile(r"0+")
_TOKEN = re.compile(r"[^\W_]+")

# Courtesy and identity boilerplate, matched on folded text. What remains is what the text
# is about. Kept short on purpose: words that can carry the topic stay.
_BOILERPLATE = re.compile(
    r"\b(?:"
    r"cong hoa xa hoi chu nghia viet nam|doc lap\W+tu do\W+hanh phuc"
    r"|kinh gui|kinh thua|kinh trinh|kinh mong|kinh de nghi"
    r"|xin chan thanh cam on|chan thanh cam on|xin tran trong cam on|tran trong cam on"
    r"|xin cam on|tran trong|than ai|nguoi lam don|nguoi viet don"
    r"|toi ten la|toi la|ten toi la|sinh nam 0+|sinh ngay 0+|tru tai|thuong tru tai|dia chi"
    r"|so dien thoai|dien thoai|so cccd|so cmnd|can cuoc cong dan|ngay 0+ thang 0+ nam 0+"
    r")\b"
)

# Chat abbreviations and administrative acronyms (folded), expanded to the words they stand
# for. Only unambiguous ones: "dk" (điều kiện / đăng ký), "hs" (học sinh / hồ sơ), "hong"
# (không / sổ hồng), "tr" (trời / triệu) and the like stay as they are.
ABBREVIATIONS: dict[str, str] = {
    "ko": "khong",
    "k": "khong",
    "khg": "khong",
    "hok": "khong",
    "hem": "khong",
    "dc": "duoc",
    "ng": "nguoi",
    "nguoj": "nguoi",
    "vs": "voi",
    "j": "gi",
    "mik": "minh",
    "mk": "minh",
    "mn": "moi nguoi",
    "ae": "anh em",
    "r": "roi",
    "z": "vay",
    "ntn": "nhu the nao",
    "cx": "cung",
    "cg": "cung",
    "nhiu": "nhieu",
    "wa": "qua",
    "qa": "qua",
    "uh": "u",
    "cq": "co quan",
    "cb": "can bo",
    "cbcc": "can bo cong chuc",
    "cbcnv": "can bo cong nhan vien",
    "gv": "giao vien",
    "hsinh": "hoc sinh",
    "tyt": "tram y te",
    "gpmb": "giai phong mat bang",
    "qsdd": "quyen su dung dat",
    "gcnqsdd": "giay chung nhan quyen su dung dat",
    "gcn": "giay chung nhan",
    "bhxh": "bao hiem xa hoi",
    "bhyt": "bao hiem y te",
    "bhtn": "bao hiem that nghiep",
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "mttq": "mat tran to quoc",
    "csgt": "canh sat giao thong",
    "tthc": "thu tuc hanh chinh",
    "dtts": "dan toc thieu so",
    "ctxh": "cong tac xa hoi",
    "tnmt": "tai nguyen moi truong",
    "gtvt": "giao thong van tai",
    "cty": "cong ty",
    "kcn": "khu cong nghiep",
    "ql": "quoc lo",
    "tp": "thanh pho",
    "tx": "thi xa",
    "hgd": "ho gia dinh",
    "qd": "quyet dinh",
}
_EXPANSIONS = {key: tuple(value.split()) for key, value in ABBREVIATIONS.items()}


class ModelFormatError(Exception):
    """The model file is missing, unreadable or of another format version."""


def _fold_table() -> dict[int, int | None]:
    """`fold` as one str.translate table: every precomposed Latin letter to its base letter
    (đ, ð -> d), combining marks removed, and every digit to 0. Applied to lowercased text it
    gives what `fold` gives but for the digits (tests check it), several times faster."""
    table: dict[int, int | None] = {}
    for code in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]:
        ch = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if base != ch and len(base) == 1:
            table[code] = ord(base)
    for code in range(0x0300, 0x0370):
        table[code] = None
    table[ord("đ")] = table[ord("Đ")] = ord("d")
    table[ord("ð")] = table[ord("Ð")] = ord("d")
    for digit in "123456789":
        table[ord(digit)] = ord("0")
    return table


_FOLD = _fold_table()


def fast_fold(text: str) -> str:
    """Lowercase and strip diacritics like `danvan.text.normalize.fold`, digits to 0
    (whitespace is left alone: the tokenizer splits on it anyway)."""
    return text.lower().translate(_FOLD)


_retone_cache: dict[str, str] = {}


def _retone(word: str) -> str:
    """Modern tone-mark placement of one lowercased word (hoà -> hòa), cached."""
    done = _retone_cache.get(word)
    if done is None:
        if len(_retone_cache) >= _CACHE_LIMIT:
            _retone_cache.clear()
        done = _retone_cache[word] = normalize_tone_marks(word)
    return done


def analyse(text: str) -> tuple[list[str], list[str]]:
    """The folded, cleaned syllables the features are built from, and — when the text has
    diacritics — the same syllables with their diacritics (modern tone placement), which tell
    apart words that fold alike. Boilerplate is dropped from both; digits become 0;
    abbreviations are expanded in the folded list only."""
    if not text:
        return [], []
    lowered = nfc(text[:MAX_CHARS]).lower()
    folded = lowered.translate(_FOLD)
    # Same length: positions in `folded` are positions in `lowered` (a character that needs a
    # combining mark after NFC changes the length; such a text gets no accented syllables).
    with_marks = not lowered.isascii() and len(folded) == len(lowered)
    any_mark = False
    folded = _BOILERPLATE.sub(_blank, folded)
    out: list[str] = []
    marked: list[str] = []
    expansions = _EXPANSIONS
    for match in _TOKEN.finditer(folded):
        tok = match.group()
        if "0" in tok:
            tok = _ZEROS.sub("0", tok)
            if with_marks:
                marked.append(tok)
        elif with_marks:
            word = lowered[match.start() : match.end()]
            if word != tok:
                any_mark = True
                word = _retone(word)
            marked.append(word)
        exp = expansions.get(tok)
        if exp is None:
            out.append(tok)
        else:
            out.extend(exp)
    return out, marked if any_mark else []


def _blank(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


def tokens(text: str) -> list[str]:
    """The folded, cleaned syllables the features are built from."""
    return analyse(text)[0]


def _char_ngrams(tok: str, lo: int, hi: int) -> list[str]:
    padded = f" {tok} "
    size = len(padded)
    return [padded[i : i + n] for n in range(lo, hi + 1) for i in range(size - n + 1)]


def _word_ngrams(toks: Sequence[str], hi: int, marked: Sequence[str] = ()) -> list[str]:
    """Syllable 1..hi-grams of the folded syllables, and ~-prefixed uni- and bigrams of the
    syllables with diacritics (when the text has them)."""
    grams = list(toks)
    if hi >= 2:
        grams += [f"{a} {b}" for a, b in itertools.pairwise(toks)]
    if hi >= 3:
        grams += [f"{a} {b} {c}" for a, b, c in zip(toks, toks[1:], toks[2:], strict=False)]
    if marked:
        grams += [f"~{a}" for a in marked]
        grams += [f"~{a} {b}" for a, b in itertools.pairwise(marked)]
    return grams


@dataclass
class Model:
    """A trained classifier. Plain data: numpy arrays, dicts and strings."""

    labels: list[str]
    word_vocab: dict[str, int]
    char_vocab: dict[str, int]
    word_idf: np.ndarray
    char_idf: np.ndarray
    coef_word: np.ndarray
    coef_char: np.ndarray
    intercept: np.ndarray
    temperature: float = 1.0
    params: dict[str, Any] = field(default_factory=dict)
    data_hash: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    _char_cache: dict[str, list[int]] = field(default_factory=dict, repr=False)

    def char_ids(self, tok: str) -> list[int]:
        ids = self._char_cache.get(tok)
        if ids is None:
            lo, hi = self.params["char_ngrams"]
            vocab = self.char_vocab
            ids = [i for g in _char_ngrams(tok, lo, hi) if (i := vocab.get(g)) is not None]
            if len(self._char_cache) >= _CACHE_LIMIT:
                self._char_cache.clear()
            self._char_cache[tok] = ids
        return ids


# ---------------------------------------------------------------------------------------------
# Features


def _block(
    flat: list[int], lengths: list[int], n_features: int, idf: np.ndarray, weight: float
) -> sp.csr_matrix:
    """Feature ids (all rows one after the other, `lengths` per row) -> a sublinear-tf,
    idf-weighted, L2-normalised CSR block."""
    indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    indices = np.array(flat, dtype=np.int32)
    data = np.ones(len(indices), dtype=np.float32)
    mat = sp.csr_matrix((data, indices, indptr), shape=(len(lengths), n_features))
    mat.sum_duplicates()
    np.log(mat.data, out=mat.data)
    mat.data += 1.0
    mat.data *= idf[mat.indices]
    if mat.nnz:
        row_nnz = np.diff(mat.indptr)
        starts = np.minimum(mat.indptr[:-1], mat.nnz - 1)
        norms = np.sqrt(np.add.reduceat(np.square(mat.data), starts))
        # reduceat answers an empty row with some element: empty rows scale nothing anyway.
        norms[row_nnz == 0] = 1.0
        mat.data *= np.repeat((weight / norms).astype(np.float32), row_nnz)
    return mat


def _rows(model: Model, texts: Iterable[str]) -> tuple[list[int], list[int], list[int], list[int]]:
    """Word and char feature ids of each text, flat, with the count per text."""
    word_flat: list[int] = []
    word_len: list[int] = []
    char_flat: list[int] = []
    char_len: list[int] = []
    wv_get = model.word_vocab.get
    hi = model.params["word_ngrams"][1]
    char_ids = model.char_ids
    accents = model.params["accents"]
    for text in texts:
        toks, marked = analyse(text)
        before = len(word_flat)
        grams = _word_ngrams(toks, hi, marked if accents else ())
        word_flat.extend(i for g in grams if (i := wv_get(g)) is not None)
        word_len.append(len(word_flat) - before)
        before = len(char_flat)
        for tok in toks:
            char_flat.extend(char_ids(tok))
        char_len.append(len(char_flat) - before)
    return word_flat, word_len, char_flat, char_len


def _matrices(model: Model, texts: Sequence[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    word_flat, word_len, char_flat, char_len = _rows(model, texts)
    p = model.params
    xw = _block(word_flat, word_len, len(model.word_vocab), model.word_idf, p["word_weight"])
    xc = _block(char_flat, char_len, len(model.char_vocab), model.char_idf, p["char_weight"])
    return xw, xc


def _scores(model: Model, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Raw class scores (n x k) and whether each row had any known feature."""
    xw, xc = _matrices(model, texts)
    scores = xw @ model.coef_word + xc @ model.coef_char + model.intercept
    known = (np.diff(xw.indptr) + np.diff(xc.indptr)) > 0
    return np.asarray(scores), known


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    return z


# ---------------------------------------------------------------------------------------------
# Prediction


def predict_proba(model: Model, texts: Sequence[str]) -> np.ndarray:
    """Calibrated probabilities, one row per text, columns in `model.labels` order. A text
    with no known feature gets all its mass on `khac`."""
    if not texts:
        return np.zeros((0, len(model.labels)), dtype=np.float64)
    scores, known = _scores(model, texts)
    proba = _softmax(scores.astype(np.float64) / model.temperature)
    if not known.all() and DEFAULT_LABEL in model.labels:
        proba[~known] = 0.0
        proba[~known, model.labels.index(DEFAULT_LABEL)] = 1.0
    return proba


def predict(model: Model, texts: Sequence[str]) -> list[str]:
    """One topic code per text, in order; an empty or unknown text gets `khac`."""
    if not texts:
        return []
    scores, known = _scores(model, texts)
    best = scores.argmax(axis=1)
    labels = model.labels
    return [
        labels[b] if ok and text.strip() else DEFAULT_LABEL
        for b, ok, text in zip(best.tolist(), known.tolist(), texts, strict=True)
    ]


def suggest(model: Model, text: str, top: int = 3) -> list[tuple[str, float]]:
    """The `top` most likely topics of one text with their probabilities, best first.
    Empty text: `[("khac", 0.0)]`."""
    if not text.strip():
        return [(DEFAULT_LABEL, 0.0)]
    scores, known = _scores(model, [text])
    if not known[0]:
        return [(DEFAULT_LABEL, 0.0)]
    proba = _softmax(scores.astype(np.float64) / model.temperature)[0]
    order = np.argsort(-proba)[:top]
    return [(model.labels[i], float(proba[i])) for i in order]


# ---------------------------------------------------------------------------------------------
# Training


def _typo(text: str, rng: random.Random, rate: float = 0.06) -> str:
    """Random keyboard slips on the folded text: drop, double, swap or replace letters."""
    chars = list(fold(text))
    out: list[str] = []
    i = 0
    neighbours = "qwertyuiopasdfghjklzxcvbnm"
    while i < len(chars):
        ch = chars[i]
        if ch.isalpha() and rng.random() < rate:
            op = rng.randrange(4)
            if op == 0:
                i += 1
                continue
            if op == 1:
                out += [ch, ch]
            elif op == 2 and i + 1 < len(chars):
                out += [chars[i + 1], ch]
                i += 2
                continue
            else:
                j = neighbours.find(ch)
                out.append(
                    neighbours[(j + rng.choice((-1, 1))) % len(neighbours)] if j >= 0 else ch
                )
            i += 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _prefix(text: str, rng: random.Random) -> str:
    words = text.split()
    if len(words) <= 6:
        return text
    return " ".join(words[: rng.randint(4, min(14, len(words) - 1))])


def augment(
    texts: Sequence[str], labels: Sequence[str], weights: Sequence[float], params: dict[str, Any]
) -> tuple[list[str], list[str], list[float], list[int]]:
    """The training set plus its typo'd and shortened copies (deterministic for a seed), and
    for each row the index of the text it comes from."""
    rng = random.Random(params["seed"])
    out_t, out_l, out_w = list(texts), list(labels), list(weights)
    origin = list(range(len(texts)))
    aw = params["augment_weight"]
    for index, (text, label, weight) in enumerate(zip(texts, labels, weights, strict=True)):
        for _ in range(params["augment_typo"]):
            out_t.append(_typo(text, rng))
            out_l.append(label)
            out_w.append(weight * aw)
            origin.append(index)
        for _ in range(params["augment_prefix"]):
            short = _prefix(text, rng)
            if short != text:
                out_t.append(short)
                out_l.append(label)
                out_w.append(weight * aw)
                origin.append(index)
    return out_t, out_l, out_w, origin


def _vocab(docs: list[list[str]], min_df: int) -> tuple[dict[str, int], np.ndarray]:
    df: Counter[str] = Counter()
    for grams in docs:
        df.update(set(grams))
    kept = sorted(g for g, c in df.items() if c >= min_df)
    vocab = {g: i for i, g in enumerate(kept)}
    n = len(docs)
    idf = np.array([math.log((1 + n) / (1 + df[g])) + 1.0 for g in kept], dtype=np.float32)
    return vocab, idf


def default_params(**overrides: Any) -> dict[str, Any]:
    params: dict[str, Any] = {
        "word_ngrams": WORD_NGRAMS,
        "accents": ACCENTS,
        "char_ngrams": CHAR_NGRAMS,
        "min_df_word": MIN_DF_WORD,
        "min_df_char": MIN_DF_CHAR,
        "word_weight": WORD_WEIGHT,
        "char_weight": CHAR_WEIGHT,
        "l2": L2,
        "max_iter": MAX_ITER,
        "tol": TOL,
        "augment_typo": AUGMENT_TYPO,
        "augment_prefix": AUGMENT_PREFIX,
        "augment_weight": AUGMENT_WEIGHT,
        "calibration_folds": CALIBRATION_FOLDS,
        "seed": SEED,
    }
    unknown = set(overrides) - set(params)
    if unknown:
        raise ValueError(f"unknown classifier parameters: {sorted(unknown)}")
    params.update(overrides)
    return params


def _fit_lr(
    x: sp.csr_matrix,
    y: np.ndarray,
    w: np.ndarray,
    k: int,
    l2: float,
    max_iter: int,
    tol: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression (weighted mean log-loss + l2/2 * |W|^2) by L-BFGS.
    Returns the coefficients (d x k) and the intercepts (k)."""
    x = x.astype(np.float32)
    xt = x.T.tocsr()
    n, d = x.shape
    rows = np.arange(n)
    sw = (w / w.sum()).astype(np.float32)[:, None]
    sw64 = w / w.sum()
    size = d * k

    def loss_grad(theta: np.ndarray) -> tuple[float, np.ndarray]:
        # float32 throughout (half the memory traffic); the loss is summed in float64.
        coef = theta[:size].reshape(d, k)
        z = x @ coef
        z += theta[size:]
        z -= z.max(axis=1, keepdims=True)
        np.exp(z, out=z)
        z /= z.sum(axis=1, keepdims=True)
        picked = np.clip(z[rows, y].astype(np.float64), 1e-30, None)
        loss = -_dot(sw64, np.log(picked)) + 0.5 * l2 * _dot(theta[:size], theta[:size])
        z[rows, y] -= 1.0
        z *= sw
        grad = np.empty_like(theta)
        grad_coef = grad[:size].reshape(d, k)
        grad_coef[...] = xt @ z
        grad_coef += l2 * coef
        grad[size:] = z.sum(axis=0)
        return loss, grad

    theta = _lbfgs(loss_grad, np.zeros(size + k, dtype=np.float32), max_iter=max_iter, ftol=tol)
    return theta[:size].reshape(d, k).astype(np.float64), theta[size:].astype(np.float64)


def _dot(a: np.ndarray, b: np.ndarray) -> float:
    """Inner product without BLAS: multi-threaded BLAS on a busy two-core machine made
    training ten times slower than this plain loop."""
    return float(np.einsum("i,i->", a, b))


def _lbfgs(
    fun: Callable[[np.ndarray], tuple[float, np.ndarray]],
    x: np.ndarray,
    *,
    max_iter: int,
    memory: int = 10,
    ftol: float = 1e-7,
    gtol: float = 1e-6,
) -> np.ndarray:
    """Unconstrained L-BFGS with a backtracking (Armijo) line search, for a smooth convex
    objective. scipy's L-BFGS-B spends most of its time on bound handling this problem does
    not have; this loop is a handful of vector operations per iteration."""
    fx, g = fun(x)
    tmp = np.empty_like(x)
    history: list[tuple[np.ndarray, np.ndarray, float]] = []
    for _ in range(max_iter):
        q = g.copy()
        alphas: list[float] = []
        for s_vec, y_vec, rho in reversed(history):
            a = rho * _dot(s_vec, q)
            np.multiply(y_vec, np.float32(a), out=tmp)
            q -= tmp
            alphas.append(a)
        if history:
            s_vec, y_vec, _rho = history[-1]
            q *= np.float32(_dot(s_vec, y_vec) / _dot(y_vec, y_vec))
        else:
            q /= np.float32(max(1.0, math.sqrt(_dot(g, g))))
        for (s_vec, y_vec, rho), a in zip(history, reversed(alphas), strict=True):
            b = rho * _dot(y_vec, q)
            np.multiply(s_vec, np.float32(a - b), out=tmp)
            q += tmp
        direction = -q
        slope = _dot(g, direction)
        if slope >= 0:  # not a descent direction: restart from the gradient
            history.clear()
            direction = -g / np.float32(max(1.0, math.sqrt(_dot(g, g))))
            slope = _dot(g, direction)
        step = 1.0
        while True:
            x_new = x + np.float32(step) * direction
            f_new, g_new = fun(x_new)
            if f_new <= fx + 1e-4 * step * slope or step < 1e-8:
                break
            step *= 0.5
        s_new = x_new - x
        y_new = g_new - g
        sy = _dot(s_new, y_new)
        if sy > 1e-12:
            history.append((s_new, y_new, 1.0 / sy))
            if len(history) > memory:
                history.pop(0)
        done = abs(fx - f_new) <= ftol * max(1.0, abs(f_new)) or (
            float(np.abs(g_new).max()) <= gtol
        )
        x, fx, g = x_new, f_new, g_new
        if done:
            break
    return x


def _features_fit(
    texts: Sequence[str], n_originals: int, params: dict[str, Any], label_set: list[str]
) -> tuple[Model, sp.csr_matrix]:
    """The vocabularies and idf of the first `n_originals` texts (the augmented copies after
    them would only add their random typos), as an unfitted model, and the feature matrix of
    all `texts`."""
    analysed = [analyse(t) for t in texts[:n_originals]]
    token_docs = [toks for toks, _marked in analysed]
    hi_w = params["word_ngrams"][1]
    lo_c, hi_c = params["char_ngrams"]
    accents = params["accents"]
    word_docs = [_word_ngrams(toks, hi_w, marked if accents else ()) for toks, marked in analysed]
    char_docs = [
        [g for tok in set(toks) for g in _char_ngrams(tok, lo_c, hi_c)] for toks in token_docs
    ]
    word_vocab, word_idf = _vocab(word_docs, params["min_df_word"])
    char_vocab, char_idf = _vocab(char_docs, params["min_df_char"])
    k = len(label_set)
    model = Model(
        labels=list(label_set),
        word_vocab=word_vocab,
        char_vocab=char_vocab,
        word_idf=word_idf,
        char_idf=char_idf,
        coef_word=np.zeros((len(word_vocab), k), dtype=np.float32),
        coef_char=np.zeros((len(char_vocab), k), dtype=np.float32),
        intercept=np.zeros(k, dtype=np.float32),
        params=dict(params),
    )
    xw, xc = _matrices(model, texts)
    return model, sp.hstack([xw, xc], format="csr")


def folds(labels: Sequence[str], k: int, seed: int) -> list[np.ndarray]:
    """Stratified folds: for each fold, the indices of its samples."""
    rng = random.Random(seed)
    assignment = np.zeros(len(labels), dtype=np.int64)
    by_label: dict[str, list[int]] = {}
    for i, label in enumerate(labels):
        by_label.setdefault(label, []).append(i)
    for members in by_label.values():
        rng.shuffle(members)
        for j, i in enumerate(members):
            assignment[i] = j % k
    return [np.flatnonzero(assignment == f) for f in range(k)]


def _fit_temperature(scores: np.ndarray, y: np.ndarray) -> float:
    """The temperature minimising the log-loss of softmax(scores / T)."""

    def nll(t: float) -> float:
        p = _softmax(scores / t)
        return -float(np.log(np.clip(p[np.arange(len(y)), y], 1e-12, None)).mean())

    grid = np.exp(np.linspace(np.log(0.05), np.log(5.0), 60))
    return float(min(grid, key=nll))


def train(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    weights: Sequence[float] | None = None,
    label_set: Sequence[str] | None = None,
    data_hash: str = "",
    **overrides: Any,
) -> Model:
    """Fit a model on `texts` with their `labels`. `weights` (default 1.0 each) lets corrections
    weigh more; `label_set` fixes the order of the classes (default: sorted labels seen).

    Calibration: the same features are fitted `calibration_folds` more times, each time without
    one fold of the original texts (and their augmented copies); the temperature is the one
    that best predicts the left-out folds."""
    if len(texts) != len(labels):
        raise ValueError("texts and labels differ in length")
    if not texts:
        raise ValueError("no training texts")
    params = default_params(**overrides)
    weights = list(weights) if weights is not None else [1.0] * len(texts)
    labels_all = list(label_set) if label_set else sorted(set(labels))
    missing = set(labels) - set(labels_all)
    if missing:
        raise ValueError(f"labels outside the label set: {sorted(missing)}")
    rows_t, rows_l, rows_w, origin = augment(texts, labels, weights, params)
    model, x = _features_fit(rows_t, len(texts), params, labels_all)
    index = {label: i for i, label in enumerate(labels_all)}
    y = np.array([index[label] for label in rows_l], dtype=np.int64)
    w = np.asarray(rows_w, dtype=np.float64)
    k = len(labels_all)
    coef, bias = _fit_lr(x, y, w, k, params["l2"], params["max_iter"], params["tol"])
    dw = len(model.word_vocab)
    model.coef_word = coef[:dw].astype(np.float32)
    model.coef_char = coef[dw:].astype(np.float32)
    model.intercept = bias.astype(np.float32)
    model.data_hash = data_hash
    model.meta = {"n_texts": len(texts), "n_rows": len(rows_t), "format": FORMAT_VERSION}
    n_folds = params["calibration_folds"]
    if n_folds and n_folds >= 2 and len(set(labels)) >= 2:
        origin_arr = np.asarray(origin)
        n_orig = len(texts)
        oof_scores: list[np.ndarray] = []
        oof_y: list[np.ndarray] = []
        for held in folds(labels, n_folds, params["seed"]):
            out = np.zeros(n_orig, dtype=bool)
            out[held] = True
            train_rows = np.flatnonzero(~out[origin_arr])
            fc, fb = _fit_lr(
                x[train_rows],
                y[train_rows],
                w[train_rows],
                k,
                params["l2"],
                params["max_iter"],
                params["tol"],
            )
            # The left-out originals are rows 0..n_orig-1 (augmented copies come after).
            oof_scores.append(np.asarray(x[held] @ fc) + fb)
            oof_y.append(y[held])
        model.temperature = _fit_temperature(np.vstack(oof_scores), np.concatenate(oof_y))
    return model


# ---------------------------------------------------------------------------------------------
# Persistence


def save(model: Model, path: str | Path) -> Path:
    """Write the model atomically (temporary file in the same folder, then rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "format": FORMAT_VERSION,
        "labels": model.labels,
        "word_vocab": model.word_vocab,
        "char_vocab": model.char_vocab,
        "word_idf": model.word_idf,
        "char_idf": model.char_idf,
        "coef_word": model.coef_word,
        "coef_char": model.coef_char,
        "intercept": model.intercept,
        "temperature": model.temperature,
        "params": model.params,
        "data_hash": model.data_hash,
        "meta": model.meta,
    }
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as handle:
            pickle.dump(payload, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def load(path: str | Path) -> Model:
    """Read a model written by `save`; `ModelFormatError` if missing, unreadable or of another
    format version. Only load files this program wrote (it is a pickle)."""
    try:
        with Path(path).open("rb") as handle:
            payload = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError) as exc:
        raise ModelFormatError(f"cannot read classifier model {path}: {exc}") from exc
    if not isinstance(payload, dict) or payload.get("format") != FORMAT_VERSION:
        raise ModelFormatError(f"classifier model {path} has another format version")
    payload.pop("format")
    try:
        return Model(**payload)
    except TypeError as exc:
        raise ModelFormatError(f"classifier model {path} is incomplete: {exc}") from exc


# ---------------------------------------------------------------------------------------------
# Personal data in texts kept for training


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_LONG_NUMBER = re.compile(r"\+?\d(?:[\d .-]{4,}\d)")
_PERSON_MARKER = re.compile(
    r"(?<!\w)(?:tôi tên là|tên tôi là|tôi là|hộ ông|hộ bà|ông|bà|anh|chị|cháu|chú|bác|cô|em)\s+",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"[^\W\d_]+")
NAME_MARK = "[họ tên]"


def redact_personal(text: str) -> str:
    """Best effort: e-mail addresses, phone and ID numbers (6+ digits), and the capitalised
    names after "tôi là", "ông", "bà", "anh", "chị", ... replaced by markers. The topic does
    not depend on them; a text kept as training data should not carry them."""
    text = _EMAIL.sub("[email]", nfc(text))
    text = _LONG_NUMBER.sub(
        lambda m: "[số]" if sum(ch.isdigit() for ch in m.group(0)) >= 6 else m.group(0), text
    )
    out: list[str] = []
    pos = 0
    for marker in _PERSON_MARKER.finditer(text):
        if marker.start() < pos:
            continue
        end = marker.end()
        cursor = end
        names = 0
        while names < 5:
            word = _NAME_WORD.match(text, cursor)
            if word is None or not word.group(0)[:1].isupper():
                break
            names += 1
            cursor = word.end()
            if text[cursor : cursor + 1] == " ":
                nxt = _NAME_WORD.match(text, cursor + 1)
                if nxt is not None and nxt.group(0)[:1].isupper():
                    cursor += 1
                    continue
            break
        if names:
            out.append(text[pos:end])
            out.append(NAME_MARK)
            pos = cursor
    out.append(text[pos:])
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Data files and evaluation


def read_dir(directory: str | Path) -> tuple[list[str], list[str]]:
    """Texts and labels from `<code>.txt` files (one text per line; blank lines skipped)."""
    texts: list[str] = []
    labels: list[str] = []
    for path in sorted(Path(directory).glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line:
                texts.append(line)
                labels.append(path.stem)
    return texts, labels


def data_hash(*directories: str | Path, extra: str = "") -> str:
    """SHA-256 over the `*.txt` files' names and bytes (and `extra`): what the model was built
    from, so a model older than the committed data is detected."""
    digest = hashlib.sha256(f"format={FORMAT_VERSION};{extra}".encode())
    for directory in directories:
        for path in sorted(Path(directory).glob("*.txt")):
            digest.update(path.name.encode() + b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class TopicScore:
    code: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Evaluation:
    per_topic: list[TopicScore]
    macro_f1: float
    accuracy: float
    n: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "per_topic": [s.__dict__ for s in self.per_topic],
            "macro_f1": self.macro_f1,
            "accuracy": self.accuracy,
            "n": self.n,
        }


def evaluate(
    gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str] | None = None
) -> Evaluation:
    """Per-topic precision, recall, F1 and support; macro-F1 over the topics that occur in the
    gold or the predictions (as scikit-learn does), and accuracy."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    present = set(gold) | set(predicted)
    order = [c for c in (labels or sorted(present)) if c in present]
    order += sorted(present - set(order))
    tp: Counter[str] = Counter()
    pred_n: Counter[str] = Counter(predicted)
    gold_n: Counter[str] = Counter(gold)
    for g, p in zip(gold, predicted, strict=True):
        if g == p:
            tp[g] += 1
    scores: list[TopicScore] = []
    for code in order:
        precision = tp[code] / pred_n[code] if pred_n[code] else 0.0
        recall = tp[code] / gold_n[code] if gold_n[code] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores.append(TopicScore(code, precision, recall, f1, gold_n[code]))
    macro = sum(s.f1 for s in scores) / len(scores) if scores else 0.0
    accuracy = sum(tp.values()) / len(gold) if gold else 0.0
    return Evaluation(scores, macro, accuracy, len(gold))
