"""Duplicate suggestions at intake: what is found, what is not, and in how many queries."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.core.models import AdminUnit, Organization, User
from danvan.core.selectors.scope import scope_reset, shared_scopes_clear
from danvan.petitions.duplicates import (
    PER_BAND_ROWS,
    DuplicateCandidate,
    duplicate_candidates,
    duplicate_index,
)
from danvan.petitions.models import DuplicateBand, Petition, Petitioner
from danvan.petitions.search import search_text_for
from danvan.text import fold
from danvan.text.dedup import BANDS, band_hashes, copy_hash, name_key
from tests.core.test_accounts_support import fast_password_hashing
from tests.factories import UserFactory
from tests.petitions.conftest import World

__all__ = ["fast_password_hashing"]

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _rules() -> None:
    """Duplicates need no deadline rules (overrides the package's autouse fixture)."""


WAGES = """Kính gửi: Ủy ban nhân dân xã An.
Tôi tên là Nguyễn Văn Hùng, sinh năm 1965, trú tại thôn Đông, xã An. Công ty TNHH Hải Phong \
nợ lương tôi 3 tháng với số tiền 15.000.000 đồng. Tôi đã nhiều lần đề nghị nhưng công ty không \
trả. Đề nghị Ủy ban nhân dân xã xem xét, yêu cầu công ty trả đủ tiền lương cho tôi theo Quyết \
định số 12/2025/QĐ-UBND.
Xin chân thành cảm ơn."""

WAGES_REORDERED = """Kính gửi: Thanh tra tỉnh Quảng Trị Thử.
Công ty TNHH Hải Phong nợ lương tôi 3 tháng với số tiền 15.000.000 đồng. Đề nghị Ủy ban nhân \
dân xã xem xét, yêu cầu công ty trả đủ tiền lương cho tôi theo Quyết định số 12/2025/QĐ-UBND.
Tôi tên là Nguyễn Văn Hùng, sinh năm 1965, trú tại thôn Đông, xã An. Tôi đã nhiều lần đề nghị \
nhưng công ty không trả.
Trân trọng."""

WAGES_REWORDED = """Tôi là Nguyễn Văn Hùng ở thôn Đông, xã An. Công ty TNHH Hải Phong vẫn nợ \
lương tôi 3 tháng, 15.000.000 đồng, đã gửi đơn mà chưa được giải quyết. Mong xã sớm can thiệp \
để công ty trả tiền cho gia đình tôi có tiền sinh sống."""

UNRELATED = "Trạm y tế xã Bình mái dột, thiếu thuốc, đề nghị sửa chữa và bổ sung thuốc thiết yếu."


def make_petition(
    org: Organization,
    area: AdminUnit,
    content: str,
    *,
    names: tuple[str, ...] = (),
    received_on: dt.date = dt.date(2026, 3, 2),
    index: bool = True,
) -> Petition:
    n = next(_numbers)
    case_number = f"{n}/2026/TD"
    p = Petition.objects.create(
        organization=org,
        year=2026,
        seq=n,
        case_number=case_number,
        tracking_code=f"DUP{n:07d}",
        kind="complaint",
        channel="post",
        received_on=received_on,
        content=content,
        area=area,
        search_text=search_text_for(
            content=content, summary="", case_number=case_number, names=names, respondent=""
        ),
    )
    Petitioner.objects.bulk_create(
        [
            Petitioner(
                petition=p,
                organization=org,
                position=i,
                full_name=name,
                search_name=name_key(name),
            )
            for i, name in enumerate(names)
        ]
    )
    if index:
        duplicate_index(p)
    return p


def suggest(user: Any, content: str, **kwargs: Any) -> list[DuplicateCandidate]:
    kwargs.setdefault("names", [])
    kwargs.setdefault("area_id", None)
    return duplicate_candidates(user=user, content=content, **kwargs)


def ids(found: list[DuplicateCandidate]) -> list[int]:
    return [c.petition_id for c in found]


# --- Index ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_index_writes_its_bands_and_copy_hash_and_replaces_old_ones(world: World) -> None:
    p = make_petition(world.commune_a_org, world.commune_a, WAGES)
    before = set(DuplicateBand.objects.filter(petition=p).values_list("band", flat=True))
    duplicate_index(p)
    assert DuplicateBand.objects.filter(petition=p).count() == BANDS + 1
    assert before == {*band_hashes(WAGES), copy_hash(WAGES)}

    p.content = UNRELATED
    duplicate_index(p)
    after = set(DuplicateBand.objects.filter(petition=p).values_list("band", flat=True))
    assert after == {*band_hashes(UNRELATED), copy_hash(UNRELATED)}
    assert not before & after


@pytest.mark.django_db
def test_boilerplate_only_content_has_no_bands(world: World) -> None:
    p = make_petition(world.commune_a_org, world.commune_a, "Kính gửi UBND. Trân trọng cảm ơn.")
    assert not DuplicateBand.objects.filter(petition=p).exists()


# --- Found ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_officer_is_shown_the_same_petition_typed_without_diacritics(world: World) -> None:
    original = make_petition(world.commune_a_org, world.commune_a, WAGES)

    found = suggest(world.officer_a, fold(WAGES))

    assert ids(found) == [original.pk]
    candidate = found[0]
    assert candidate.similarity == 1.0
    assert candidate.case_number == original.case_number
    assert candidate.organization_name == "UBND xã An"
    assert candidate.received_on == original.received_on
    assert candidate.status == "received"
    assert candidate.reasons == ["Nội dung gần giống (100%)"]


@pytest.mark.django_db
def test_officer_is_shown_the_petition_resent_with_other_addressee_and_order(world: World) -> None:
    original = make_petition(
        world.commune_a_org, world.commune_a, WAGES, names=("Nguyễn Văn Hùng",)
    )

    found = suggest(
        world.officer_a,
        WAGES_REORDERED,
        names=["NGUYỄN VĂN HÙNG"],
        area_id=world.commune_a.pk,
    )

    assert ids(found) == [original.pk]
    assert found[0].reasons == ["Cùng người gửi", "Nội dung gần giống (100%)", "Cùng địa bàn"]
    assert found[0].score == 1.0


@pytest.mark.django_db
def test_same_person_same_area_reworded_is_shown(world: World) -> None:
    original = make_petition(
        world.commune_a_org, world.commune_a, WAGES, names=("Nguyễn Văn Hùng",)
    )

    found = suggest(
        world.officer_a, WAGES_REWORDED, names=["Nguyễn Văn Hùng"], area_id=world.commune_a.pk
    )

    assert ids(found) == [original.pk]
    assert found[0].same_person and found[0].same_area
    assert 0.4 <= found[0].similarity < 0.6
    assert found[0].reasons[0] == "Cùng người gửi"
    assert found[0].reasons[1].startswith("Nội dung tương tự một phần (")


@pytest.mark.django_db
def test_reworded_petition_of_another_person_or_area_is_not_shown(world: World) -> None:
    make_petition(world.commune_a_org, world.commune_a, WAGES, names=("Nguyễn Văn Hùng",))

    assert suggest(world.officer_a, WAGES_REWORDED, names=["Trần Văn Tâm"]) == []
    assert (
        suggest(
            world.officer_a,
            WAGES_REWORDED,
            names=["Nguyễn Văn Hùng"],
            area_id=world.commune_b.pk,
        )
        == []
    )


@pytest.mark.django_db
def test_same_petition_sent_to_two_bodies_is_shown_to_who_sees_both(world: World) -> None:
    at_a = make_petition(world.commune_a_org, world.commune_a, WAGES)
    at_b = make_petition(world.commune_b_org, world.commune_b, WAGES_REORDERED)

    found = suggest(world.officer, WAGES, area_id=world.commune_a.pk)

    assert set(ids(found)) == {at_a.pk, at_b.pk}
    assert ids(found)[0] == at_a.pk  # same area ranks first


@pytest.mark.django_db
def test_best_candidates_come_first_and_limit_is_kept(world: World) -> None:
    older = make_petition(
        world.commune_a_org, world.commune_a, WAGES, received_on=dt.date(2026, 1, 5)
    )
    newer = make_petition(
        world.commune_a_org, world.commune_a, WAGES, received_on=dt.date(2026, 2, 5)
    )
    mine = make_petition(
        world.commune_a_org, world.commune_a, WAGES_REWORDED, names=("Nguyễn Văn Hùng",)
    )

    found = suggest(
        world.officer_a, WAGES, names=["Nguyễn Văn Hùng"], area_id=world.commune_a.pk, limit=5
    )

    assert ids(found) == [newer.pk, older.pk, mine.pk]
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)
    assert ids(suggest(world.officer_a, WAGES, limit=1)) == [newer.pk]


@pytest.mark.django_db
def test_the_petition_itself_is_excluded(world: World) -> None:
    p = make_petition(world.commune_a_org, world.commune_a, WAGES, names=("Nguyễn Văn Hùng",))

    assert suggest(world.officer_a, WAGES, names=["Nguyễn Văn Hùng"], exclude_id=p.pk) == []


# --- Not found ------------------------------------------------------------------------------


def _wages(**changes: str) -> str:
    text = WAGES
    for old, new in changes.items():
        text = text.replace(old, new)
    return text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "variant",
    [
        pytest.param({"Nguyễn Văn Hùng": "Trần Thị Bình", "1965": "1971"}, id="other person"),
        pytest.param({"thôn Đông, xã An": "thôn Bắc Sơn, xã Bình"}, id="other place"),
        pytest.param(
            {"15.000.000": "9.000.000", "12/2025/QĐ-UBND": "31/2024/QĐ-UBND"},
            id="other amount and decision",
        ),
    ],
)
def test_same_template_with_other_facts_is_not_a_near_duplicate(
    world: World, variant: dict[str, str]
) -> None:
    make_petition(world.commune_a_org, world.commune_a, WAGES)

    assert suggest(world.officer_a, _wages(**variant)) == []


@pytest.mark.django_db
def test_unrelated_petition_is_not_shown(world: World) -> None:
    make_petition(world.commune_a_org, world.commune_a, WAGES)

    assert suggest(world.officer_a, UNRELATED, area_id=world.commune_a.pk) == []


@pytest.mark.django_db
def test_commune_officer_is_never_shown_another_communes_petition(world: World) -> None:
    make_petition(world.commune_b_org, world.commune_b, WAGES, names=("Nguyễn Văn Hùng",))

    found = suggest(world.officer_a, WAGES, names=["Nguyễn Văn Hùng"], area_id=world.commune_b.pk)

    assert found == []


@pytest.mark.django_db
def test_user_without_any_role_is_shown_nothing(world: World) -> None:
    make_petition(world.commune_a_org, world.commune_a, WAGES, names=("Nguyễn Văn Hùng",))
    nobody: User = UserFactory()

    assert suggest(nobody, WAGES, names=["Nguyễn Văn Hùng"]) == []


# --- Cost -----------------------------------------------------------------------------------


def _count_queries(user: Any) -> int:
    scope_reset(user)
    shared_scopes_clear()  # both counts include computing the scope
    with CaptureQueriesContext(connection) as ctx:
        suggest(user, WAGES, names=["Nguyễn Văn Hùng"], area_id=1)
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_candidates(
    world: World, django_assert_max_num_queries: Any
) -> None:
    for _ in range(2):
        make_petition(world.commune_a_org, world.commune_a, WAGES, names=("Nguyễn Văn Hùng",))
    few = _count_queries(world.officer_a)

    for i in range(40):
        content = WAGES if i % 2 else WAGES_REWORDED
        make_petition(world.commune_a_org, world.commune_a, content, names=("Nguyễn Văn Hùng",))
    many = _count_queries(world.officer_a)

    assert few == many
    scope_reset(world.officer_a)
    # The user's scope (memberships, one query per organisation level), then three reads.
    with django_assert_max_num_queries(6):
        suggest(world.officer_a, WAGES, names=["Nguyễn Văn Hùng"], area_id=world.commune_a.pk)
    # With the scope already known (once per request): bands, names, petitions.
    with django_assert_max_num_queries(3):
        suggest(world.officer_a, WAGES, names=["Nguyễn Văn Hùng"], area_id=world.commune_a.pk)


@pytest.mark.django_db
def test_resent_petition_is_found_among_many_from_the_same_template(world: World) -> None:
    # More siblings than PER_BAND_ROWS share the template's common bands; the original still
    # shows through the bands only it shares.
    surnames = ["Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
    given = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Khoa", "Lan", "Minh", "Nga", "Phúc"]
    for i in range(2 * PER_BAND_ROWS):
        middle = ["Thị", "Văn"][i // 121]
        sibling = _wages(
            **{
                "Nguyễn Văn Hùng": f"{surnames[i % 11]} {middle} {given[(i // 11) % 11]}",
                "1965": str(1950 + i % 40),
                "15.000.000": f"{i + 1}.500.000",
            }
        )
        make_petition(world.commune_a_org, world.commune_a, sibling)
    original = make_petition(world.commune_a_org, world.commune_a, WAGES)
    resent = WAGES.replace("Xin chân", "Đến nay vẫn chưa được giải quyết. Xin chân")

    found = suggest(world.officer_a, resent, area_id=world.commune_a.pk)

    assert ids(found)[0] == original.pk
    assert all(c.similarity >= 0.6 for c in found)


@pytest.mark.django_db
def test_copies_elsewhere_do_not_crowd_out_the_officers_own(world: World) -> None:
    # More copies than PER_BAND_ROWS at the province (outside a commune officer's scope, and
    # first in every band's index order) share every band; the 100 rows read per band are
    # taken inside the officer's scope, so its own copy is still found.
    Petition.objects.bulk_create(
        [
            Petition(
                organization=world.province_org,
                year=2026,
                seq=10_000 + i,
                case_number=f"{10_000 + i}/2026/B",
                tracking_code=f"DUB{i:07d}",
                kind="complaint",
                channel="post",
                received_on=dt.date(2026, 3, 2),
                content=WAGES,
                area=world.commune_b,
            )
            for i in range(PER_BAND_ROWS + 20)
        ]
    )
    bands, copy = band_hashes(WAGES), copy_hash(WAGES)
    values = sorted({*bands, *([copy] if copy is not None else [])})
    DuplicateBand.objects.bulk_create(
        [
            DuplicateBand(petition=p, organization=world.province_org, band=value)
            for p in Petition.objects.filter(organization=world.province_org)
            for value in values
        ]
    )
    own = make_petition(world.commune_a_org, world.commune_a, WAGES)  # the newest rows last

    found = suggest(world.officer_a, WAGES, area_id=world.commune_a.pk)

    assert ids(found) == [own.pk]


@pytest.mark.django_db
def test_a_petitioner_saved_without_organisation_takes_its_petitions(world: World) -> None:
    p = make_petition(world.province_org, world.commune_a, WAGES)

    person = Petitioner.objects.create(petition=p, full_name="Lê Thị Hoa")

    assert person.organization_id == world.province_org.pk


@pytest.mark.django_db
def test_namesakes_elsewhere_are_not_read_for_a_commune_officer(world: World) -> None:
    for _ in range(3):
        make_petition(world.province_org, world.commune_a, UNRELATED, names=("Nguyễn Văn Hùng",))
    own = make_petition(world.commune_a_org, world.commune_a, WAGES, names=("Nguyễn Văn Hùng",))

    found = suggest(
        world.officer_a, WAGES_REWORDED, names=["Nguyễn Văn Hùng"], area_id=world.commune_a.pk
    )

    assert ids(found) == [own.pk]


@pytest.mark.django_db
def test_bands_carry_their_petitions_organisation(world: World) -> None:
    p = make_petition(world.province_org, world.commune_a, WAGES)

    assert set(DuplicateBand.objects.filter(petition=p).values_list("organization", flat=True)) == {
        world.province_org.pk
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["front", "administrator"])
def test_roles_that_do_not_read_petitions_are_shown_nothing(world: World, role: str) -> None:
    # The Front and administrators have a scope over the organisation but may not read its
    # petitions (docs/permissions.md): the suggestions must not tell them which cases exist.
    from tests.factories import MembershipFactory

    make_petition(world.commune_a_org, world.commune_a, WAGES, names=("Nguyễn Văn Hùng",))
    member: User = UserFactory()
    MembershipFactory(user=member, organization=world.commune_a_org, role=role)

    found = suggest(member, WAGES, names=["Nguyễn Văn Hùng"], area_id=world.commune_a.pk)

    assert found == []


def test_hashes_of_a_batch_are_those_of_each_content() -> None:
    from danvan.petitions.duplicates import duplicate_hashes, duplicate_hashes_many

    contents = [
        "Khiếu nại Quyết định số 125/QĐ-UBND về việc thu hồi đất. Bồi thường thấp.",
        "Khiếu nại Quyết định số 126/QĐ-UBND về việc thu hồi đất. Bồi thường thấp.",
        "Kính gửi: Ủy ban nhân dân xã.",  # boilerplate only: no bands
        "",
        "Đường liên thôn xuống cấp nghiêm trọng. Đường liên thôn xuống cấp nghiêm trọng.",
    ]
    assert duplicate_hashes_many(contents) == [duplicate_hashes(c) for c in contents]
