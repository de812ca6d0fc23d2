"""Search: the tokens, the stored text, and the index kept in sync with the table."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from danvan.core.models import AdminUnit, Organization
from danvan.petitions.models import Petition
from danvan.petitions.search import (
    FTS_TABLE,
    MAX_QUERY_TOKENS,
    MAX_SEARCH_TEXT_LENGTH,
    MAX_TOKEN_LENGTH,
    matches,
    query_tokens,
    search_filter,
    search_text_for,
    tokens,
)
from tests.core.test_accounts_support import fast_password_hashing
from tests.petitions.conftest import World

__all__ = ["fast_password_hashing"]

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _rules() -> None:
    """Search needs no deadline rules (overrides the package's autouse fixture)."""


def make_petition(
    org: Organization, area: AdminUnit, content: str, *, names: tuple[str, ...] = ()
) -> Petition:
    n = next(_numbers)
    case_number = f"{n}/2026/TS"
    return Petition.objects.create(
        organization=org,
        year=2026,
        seq=n,
        case_number=case_number,
        tracking_code=f"TS{n:08d}",
        kind="complaint",
        channel="post",
        received_on=dt.date(2026, 3, 2),
        content=content,
        area=area,
        search_text=search_text_for(
            content=content, summary="", case_number=case_number, names=names, respondent=""
        ),
    )


def found(q: str) -> set[int]:
    return set(search_filter(Petition.objects.all(), q).values_list("id", flat=True))


# --- Tokens ---------------------------------------------------------------------------------


def test_tokens_fold_diacritics_d_stroke_and_case() -> None:
    assert tokens("ĐỒNG MUỐI Thông Thuận") == ["dong", "muoi", "thong", "thuan"]
    assert tokens("thuỷ lợi") == tokens("thủy lợi") == ["thuy", "loi"]


def test_tokens_split_punctuation_and_letter_digit_runs() -> None:
    assert tokens("12/2026/44-UBND") == ["12", "2026", "44", "ubnd"]
    assert tokens("PAKN123, 3e4x; a_b") == ["pakn", "123", "3", "e", "4", "x", "a", "b"]


def test_tokens_read_full_width_forms_and_ligatures() -> None:
    assert tokens("ＵＢＮＤ １２ ﬁle") == ["ubnd", "12", "file"]


def test_tokens_cut_very_long_runs() -> None:
    assert tokens("a" * 500) == ["a" * MAX_TOKEN_LENGTH]


def test_query_tokens_are_distinct_and_bounded() -> None:
    assert query_tokens("Nguyễn nguyen NGUYỄN văn") == ["nguyen", "van"]
    assert len(query_tokens(" ".join(f"w{i}" for i in range(40)))) == MAX_QUERY_TOKENS
    assert query_tokens("") == query_tokens(" !!! --- ") == []


@given(st.text(max_size=200))
def test_search_text_is_lowercase_ascii_words_joined_by_one_space(text: str) -> None:
    stored = search_text_for(
        content=text, summary=text, case_number="", names=[text], respondent=""
    )
    assert stored == stored.strip()
    assert "  " not in stored
    for word in stored.split(" ") if stored else []:
        assert word.isascii()
        assert word.isdigit() or (word.isalpha() and word.islower())


def test_search_text_holds_case_number_summary_names_respondent_content_and_requests() -> None:
    stored = search_text_for(
        content="Nội dung",
        summary="Tóm tắt",
        case_number="12/2026/44-UBND",
        names=["Lê Thị Đào"],
        respondent="Công ty Hải Phong",
        requests="Yêu cầu bồi thường",
    )
    assert stored == (
        "12 2026 44 ubnd tom tat le thi dao cong ty hai phong noi dung yeu cau boi thuong"
    )


def test_search_text_is_capped_at_a_word_boundary() -> None:
    stored = search_text_for(
        content="abcdefg " * 20_000, summary="", case_number="", names=[], respondent=""
    )
    assert len(stored) <= MAX_SEARCH_TEXT_LENGTH
    assert stored.endswith("abcdefg")


def test_reference_matches_every_token_as_a_word_prefix() -> None:
    assert matches("cho chi cong bi chay", "Chợ Chí")
    assert matches("cho chi cong bi chay", "chay cho")  # any order
    assert not matches("cho chi cong bi chay", "cho hong")  # every token
    assert not matches("cho chi cong", "hi")  # prefix of a word, not a substring
    assert matches("cho chi cong", "")


# --- The index, kept in sync ----------------------------------------------------------------


@pytest.mark.django_db
def test_empty_query_filters_nothing(world: World) -> None:
    p = make_petition(world.commune_a_org, world.commune_a, "Đường hỏng")

    assert found("") == found("?!") == {p.pk}


@pytest.mark.django_db
def test_search_finds_a_petition_saved_then_edited_then_deleted(world: World) -> None:
    p = make_petition(world.commune_a_org, world.commune_a, "Chợ Chí Công xuống cấp")
    assert found("chí công") == {p.pk}

    p.search_text = search_text_for(
        content="Bãi rác gây ô nhiễm", summary="", case_number="", names=[], respondent=""
    )
    p.save()
    assert found("chí công") == set()
    assert found("bai rac") == {p.pk}

    Petition.objects.filter(pk=p.pk).update(search_text="ham chui cao toc")
    assert found("bai rac") == set()
    assert found("ham chui") == {p.pk}

    p.delete()
    assert found("ham chui") == set()


@pytest.mark.django_db
def test_bulk_created_petitions_are_indexed(world: World) -> None:
    first = make_petition(world.commune_a_org, world.commune_a, "mẫu")
    rows = []
    for i in range(5):
        rows.append(
            Petition(
                organization=world.commune_a_org,
                year=2026,
                seq=1000 + i,
                case_number=f"B{i}",
                tracking_code=f"BULK{i:06d}",
                kind="report",
                channel="online",
                received_on=dt.date(2026, 1, 5),
                content="Thiếu nước sinh hoạt",
                area=world.commune_a,
                search_text=f"thieu nuoc sinh hoat lo {i}",
            )
        )
    Petition.objects.bulk_create(rows)

    assert len(found("thieu nuoc")) == 5
    assert first.pk not in found("thieu nuoc")


@pytest.mark.django_db
def test_search_combines_with_scope_filters_and_ordering(world: World) -> None:
    a = make_petition(world.commune_a_org, world.commune_a, "Nợ lương công nhân")
    make_petition(world.commune_b_org, world.commune_b, "Nợ lương công nhân")

    qs = search_filter(
        Petition.objects.filter(organization=world.commune_a_org), "no luong"
    ).order_by("-received_on", "-id")

    assert list(qs.values_list("id", flat=True)) == [a.pk]


@pytest.mark.django_db
def test_query_syntax_is_never_interpreted(world: World) -> None:
    p = make_petition(world.commune_a_org, world.commune_a, "or not and near")

    assert found('"or" NOT* and) NEAR(x') == set()
    assert found("OR NOT AND NEAR") == {p.pk}
    assert found("'; DROP TABLE petitions_petition; --") == set()
    assert Petition.objects.filter(pk=p.pk).exists()


@pytest.mark.django_db
def test_sqlite_index_triggers_exist_after_all_migrations() -> None:
    # A later migration that remakes petitions_petition on SQLite drops these triggers: it must
    # create them again (see migration 0002).
    if connection.vendor != "sqlite":
        pytest.skip("SQLite FTS5 index")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            ["petitions_petition"],
        )
        triggers = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [FTS_TABLE])
        (ddl,) = cursor.fetchone()
    assert {f"{FTS_TABLE}_ai", f"{FTS_TABLE}_ad", f"{FTS_TABLE}_au"} <= triggers
    assert "fts5" in ddl
    assert "content='petitions_petition'" in ddl


@pytest.mark.django_db
def test_fts_index_agrees_with_the_table_after_writes(world: World) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite FTS5 index")
    p = make_petition(world.commune_a_org, world.commune_a, "Trạm y tế")
    Petition.objects.filter(pk=p.pk).update(search_text="tram y te xuong cap")
    make_petition(world.commune_a_org, world.commune_a, "Hỗ trợ ngư dân").delete()
    with connection.cursor() as cursor:
        # Raises "database disk image is malformed" when the index disagrees with the table.
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)")


@pytest.mark.django_db
def test_search_follows_a_changed_text_on_both_databases(world: World) -> None:
    # SQLite: the FTS5 update trigger; PostgreSQL: the generated search_vector column.
    p = make_petition(world.commune_a_org, world.commune_a, "Trạm y tế")
    assert found("tram y te") == {p.pk}
    Petition.objects.filter(pk=p.pk).update(search_text="duong giao thong xuong cap")
    assert found("tram") == set()
    assert found("giao thong") == {p.pk}


@pytest.mark.django_db
def test_postgresql_search_uses_the_gin_index(world: World) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL GIN index")
    make_petition(world.commune_a_org, world.commune_a, "Khai thác khoáng sản trái phép")
    qs = search_filter(Petition.objects.order_by(), "khoang san")
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        # On a few rows any plan is cheap: leave the planner only index bitmaps to choose from,
        # so the plan shows whether the filter's expression is the index's.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "petition_search_vector_gin" in plan


def test_search_filter_leaves_ordering_to_the_caller() -> None:
    qs = search_filter(Petition.objects.order_by("case_number"), "abc")
    assert qs.query.order_by == ("case_number",)
