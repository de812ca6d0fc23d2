"""The main navigation: addresses reversed once per process, under the server's script prefix."""

from __future__ import annotations

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix

from danvan.core.navigation import navigation_for
from tests.factories import MembershipFactory


@pytest.fixture
def officer(db):  # type: ignore[no-untyped-def]
    return MembershipFactory(role="officer").user


def _hrefs(officer, path: str = "/") -> dict[str, tuple[str, bool]]:  # type: ignore[no-untyped-def]
    return {
        str(item.label): (item.href, item.active)
        for _section, items in navigation_for(officer, path)
        for item in items
    }


def test_entries_link_to_their_pages_and_the_current_one_is_marked(officer) -> None:  # type: ignore[no-untyped-def]
    hrefs = _hrefs(officer, reverse("petitions:intake"))
    assert hrefs["Đơn thư"] == (reverse("petitions:list"), True)  # /don-thu/ holds /don-thu/moi/
    assert hrefs["Vào sổ đơn"] == (reverse("petitions:intake"), True)
    assert hrefs["Trang chủ"] == ("/", False)  # "/" is active only on the home page
    assert hrefs["Sổ tiếp công dân"] == (reverse("reception:entries"), False)
    assert "Người dùng, vai trò" not in hrefs  # an officer is not an administrator


def test_under_a_script_prefix_the_addresses_carry_it_even_after_being_kept(officer) -> None:  # type: ignore[no-untyped-def]
    plain = _hrefs(officer)["Đơn thư"][0]
    try:
        set_script_prefix("/danvan/")
        prefixed = _hrefs(officer)["Đơn thư"][0]
    finally:
        clear_script_prefix()
    assert plain == "/don-thu/"
    assert prefixed == "/danvan/don-thu/"
    assert _hrefs(officer)["Đơn thư"][0] == "/don-thu/"
