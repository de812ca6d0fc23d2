"""Full-text search over petitions: the indexed text, the query tokens, the filter.

Owns `Petition.search_text` (what goes into it: `search_text_for`) and its use in queries
(`search_filter`). The index itself is made by the migrations: an external-content FTS5 table
kept in sync by triggers on SQLite (0002); on PostgreSQL a generated column
``search_vector = to_tsvector('simple', search_text)``, stored, with a GIN index (0006), so that
a recheck of a lossy bitmap reads the vector instead of parsing the text again.

Both databases give the same results by construction. The stored text is already tokenised
here, in Python: folded (no diacritics, đ -> d, lowercase), then cut into runs of letters
``[a-z]+`` and runs of digits ``[0-9]+``, joined by single spaces. Letters and digits are
separate tokens ("44-UBND" -> "44 ubnd", "PAKN123" -> "pakn 123") because PostgreSQL's parser
reads a mixed run such as "3e4x" as a float followed by a word while FTS5 keeps it whole; pure
letter and pure digit runs come out of both tokenisers unchanged. A query is tokenised the same
way and matches a petition when every query token is the prefix of some word of its text (AND
of prefix matches): FTS5 ``"tok"*`` phrases, PostgreSQL ``tok:*`` terms joined by ``&``. The
'simple' configuration has no stop words and no stemming, FTS5 none either.

Only `search_text` is indexed, and the denouncer's identity (the vault) never goes into it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import connections, models
from django.db.models import BooleanField, Q, Value
from django.db.models.expressions import Func, RawSQL

from danvan.text.normalize import fold

M = TypeVar("M", bound=models.Model)

FTS_TABLE = "petitions_petition_fts"
# PostgreSQL: the stored tsvector of `search_text` (migration 0006).
PG_COLUMN = "search_vector"
# Longer runs are cut: PostgreSQL refuses to index a word over 2047 bytes, and nobody types one.
MAX_TOKEN_LENGTH = 64
# Words beyond this many in a query are ignored (on both databases alike).
MAX_QUERY_TOKENS = 16
# A tsvector must stay under 1 MB or the insert fails on PostgreSQL; far beyond any real petition.
MAX_SEARCH_TEXT_LENGTH = 100_000

_TOKEN = re.compile(r"[a-z]+|[0-9]+")


def tokens(text: str) -> list[str]:
    """The search tokens of `text`: folded runs of ``[a-z]`` or of ``[0-9]``, in order."""
    if not text:
        return []
    # NFKC first: full-width digits and letters, ligatures (ﬁ) become their plain forms.
    folded = fold(unicodedata.normalize("NFKC", text))
    return [t[:MAX_TOKEN_LENGTH] for t in _TOKEN.findall(folded)]


def search_text_for(
    *,
    content: str,
    summary: str,
    case_number: str,
    names: Iterable[str],
    respondent: str,
    requests: str = "",
) -> str:
    """The text stored in `Petition.search_text`; `names` are petitioners, never the vault."""
    parts = [case_number, summary, *names, respondent, content, requests]
    text = " ".join(t for part in parts for t in tokens(part))
    if len(text) > MAX_SEARCH_TEXT_LENGTH:
        text = text[:MAX_SEARCH_TEXT_LENGTH].rsplit(" ", 1)[0]
    return text


def query_tokens(q: str) -> list[str]:
    """The distinct tokens of a query, in order, at most `MAX_QUERY_TOKENS`."""
    return list(dict.fromkeys(tokens(q)))[:MAX_QUERY_TOKENS]


def matches(search_text: str, q: str) -> bool:
    """The reference semantics in Python: every query token is a prefix of some word."""
    words = search_text.split()
    return all(any(w.startswith(t) for w in words) for t in query_tokens(q))


class _TsMatch(Func):
    """``<table>.search_vector @@ to_tsquery('simple', <query>)``: the stored column that the
    GIN index covers (PostgreSQL only; the model does not declare it)."""

    output_field = BooleanField()

    def as_sql(  # type: ignore[override]
        self, compiler: Any, connection: Any, **extra_context: Any
    ) -> tuple[str, list[Any]]:
        (query,) = self.get_source_expressions()
        query_sql, query_params = compiler.compile(query)
        table = compiler.query.get_initial_alias()
        column = f"{compiler.quote_name_unless_alias(table)}.{connection.ops.quote_name(PG_COLUMN)}"
        return f"{column} @@ to_tsquery('simple'::regconfig, {query_sql})", [*query_params]


def search_filter(qs: models.QuerySet[M], q: str) -> models.QuerySet[M]:
    """Petitions of `qs` whose search text has every token of `q` as a word prefix.

    An empty query (or one with no letters or digits) filters nothing. Ordering is left to the
    caller. Tokens are ``[a-z0-9]`` only and travel as query parameters.
    """
    words = query_tokens(q)
    if not words:
        return qs
    vendor = connections[qs.db].vendor
    if vendor == "sqlite":
        match = " ".join(f'"{w}"*' for w in words)
        subquery = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", (match,))
        return qs.filter(pk__in=subquery)
    if vendor == "postgresql":
        tsquery = " & ".join(f"{w}:*" for w in words)
        return qs.filter(_TsMatch(Value(tsquery)))
    # Any other database: the same semantics without an index.
    for w in words:
        qs = qs.filter(Q(search_text__startswith=w) | Q(search_text__contains=f" {w}"))
    return qs
