"""Document numbers (`danvan.core.documents.document_number_next`): one sequence per body,
number symbol and year, shared by every module, kept in `DocumentSequence`."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.db import connection, transaction

from danvan.core import documents
from danvan.core.documents import (
    document_number_next,
    document_number_peek,
    document_number_taken,
    format_number,
    org_abbreviation,
)
from danvan.core.models import DocumentSequence, Organization
from tests.concurrency import at_once
from tests.factories import OrganizationFactory

DAY = dt.date(2026, 3, 5)


class Counter:
    """A module's counter that finds `already` documents issued for one symbol."""

    def __init__(self, already: int, symbol: str = "TB") -> None:
        self.already = already
        self.symbol = symbol
        self.calls: list[tuple[int, str, dt.date, dt.date]] = []

    def __call__(self, org_id: int, symbol: str, start: dt.date, end: dt.date) -> int:
        self.calls.append((org_id, symbol, start, end))
        return self.already if symbol == self.symbol else 0


def _number(org: Organization, n: int, symbol: str = "TB") -> str:
    return format_number(n, symbol, org_abbreviation(org))


@pytest.fixture
def counter(monkeypatch: Any) -> Counter:
    """The only registered counter: 4 "TB" documents were issued before the sequence existed."""
    fake = Counter(already=4)
    monkeypatch.setattr(documents, "_COUNTERS", {"fake": fake})
    return fake


@pytest.mark.django_db
def test_the_first_number_continues_from_what_the_modules_issued(counter: Counter) -> None:
    org = OrganizationFactory()
    assert document_number_next(organization=org, symbol="TB", issued_on=DAY) == _number(org, 5)
    assert document_number_next(organization=org, symbol="TB", issued_on=DAY) == _number(org, 6)
    start, end = dt.date(2026, 1, 1), dt.date(2027, 1, 1)
    assert counter.calls == [(org.pk, "TB", start, end)]


@pytest.mark.django_db
def test_later_numbers_do_not_count_the_documents_again(
    counter: Counter, django_assert_num_queries: Any
) -> None:
    org = OrganizationFactory()
    document_number_next(organization=org, symbol="TB", issued_on=DAY)  # 05: the row is made
    counter.already += 1000  # a count would now give another number
    with django_assert_num_queries(2):  # the UPDATE and the read of the row
        assert document_number_next(organization=org, symbol="TB", issued_on=DAY) == _number(org, 6)
    assert len(counter.calls) == 1


@pytest.mark.django_db
def test_each_body_symbol_and_year_has_its_own_sequence(counter: Counter) -> None:
    org, other = OrganizationFactory(), OrganizationFactory()
    next_year = DAY.replace(year=2027)
    assert document_number_next(organization=org, symbol="TB", issued_on=DAY) == _number(org, 5)
    assert document_number_next(organization=org, symbol="BC", issued_on=DAY) == _number(
        org, 1, "BC"
    )
    assert document_number_next(organization=other, symbol="TB", issued_on=DAY) == _number(other, 5)
    counter.already = 0  # nothing issued yet in 2027
    assert document_number_next(organization=org, symbol="TB", issued_on=next_year) == _number(
        org, 1
    )
    assert document_number_next(organization=org, symbol="TB", issued_on=DAY) == _number(org, 6)
    assert DocumentSequence.objects.filter(organization=org).count() == 3


@pytest.mark.django_db
def test_a_rolled_back_issue_gives_its_number_back(counter: Counter) -> None:
    org = OrganizationFactory()
    document_number_next(organization=org, symbol="TB", issued_on=DAY)  # 05
    with pytest.raises(RuntimeError), transaction.atomic():
        assert document_number_next(organization=org, symbol="TB", issued_on=DAY) == _number(org, 6)
        raise RuntimeError("the document could not be stored")
    assert document_number_next(organization=org, symbol="TB", issued_on=DAY) == _number(org, 6)


@pytest.mark.django_db
def test_peek_shows_the_next_number_without_taking_it(counter: Counter) -> None:
    org = OrganizationFactory()
    assert document_number_peek(organization=org, symbol="TB", issued_on=DAY) == _number(org, 5)
    assert not DocumentSequence.objects.exists()
    document_number_next(organization=org, symbol="TB", issued_on=DAY)
    assert document_number_peek(organization=org, symbol="TB", issued_on=DAY) == _number(org, 6)
    assert document_number_peek(organization=org, symbol="TB", issued_on=DAY) == _number(org, 6)
    assert document_number_next(organization=org, symbol="TB", issued_on=DAY) == _number(org, 6)


@pytest.mark.django_db
def test_a_number_given_by_hand_moves_the_sequence_past_it(counter: Counter) -> None:
    org = OrganizationFactory()
    typed = f" 012 / qđ-{org_abbreviation(org).lower()} "  # as an officer may type it

    assert document_number_taken(organization=org, symbol="QĐ", issued_on=DAY, number=typed)
    assert document_number_next(organization=org, symbol="QĐ", issued_on=DAY) == _number(
        org, 13, "QĐ"
    )
    # A lower number (an older decision entered late) leaves the sequence where it is.
    assert document_number_taken(
        organization=org, symbol="QĐ", issued_on=DAY, number=_number(org, 3, "QĐ")
    )
    assert document_number_next(organization=org, symbol="QĐ", issued_on=DAY) == _number(
        org, 14, "QĐ"
    )


@pytest.mark.django_db
def test_a_number_given_by_hand_starts_a_new_sequence_from_the_counters(counter: Counter) -> None:
    org = OrganizationFactory()
    document_number_taken(organization=org, symbol="TB", issued_on=DAY, number=_number(org, 2))
    # The counters found 4 issued: a typed 02 does not take the sequence below them.
    assert document_number_next(organization=org, symbol="TB", issued_on=DAY) == _number(org, 5)


@pytest.mark.django_db
def test_numbers_that_are_not_the_bodys_own_leave_the_sequence_alone(counter: Counter) -> None:
    org, other = OrganizationFactory(short_name="UBND"), OrganizationFactory(short_name="BTGDV")
    foreign = [
        _number(other, 40, "QĐ"),  # another body's decision
        "40/2026/QĐ-UBND",  # a legal document's number
        _number(org, 40, "TB"),  # another symbol
        "số bốn mươi",
        "",
    ]
    for number in foreign:
        assert not document_number_taken(
            organization=org, symbol="QĐ", issued_on=DAY, number=number
        ), number
    assert not DocumentSequence.objects.exists()
    assert document_number_next(organization=org, symbol="QĐ", issued_on=DAY) == _number(
        org, 1, "QĐ"
    )


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite's IMMEDIATE transactions serialise writers"
)
@pytest.mark.django_db(transaction=True)
def test_two_first_issues_at_once_get_different_numbers(counter: Counter) -> None:
    org = OrganizationFactory()
    numbers: list[str] = []

    def issue(_: int) -> None:
        with transaction.atomic():
            numbers.append(document_number_next(organization=org, symbol="TB", issued_on=DAY))
            time.sleep(0.3)  # the other issue comes while this one is uncommitted

    errors = at_once(issue, threads=2)
    assert errors == []
    assert sorted(numbers) == [_number(org, 5), _number(org, 6)]
