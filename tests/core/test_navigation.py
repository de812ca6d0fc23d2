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


def _included(sections) -> str:  # type: ignore[no-untyped-def]
    """What `{% include "core/_nav.html" %}` rendered before the menu was kept."""
    from django.template.loader import render_to_string

    return render_to_string("core/_nav.html", {"shell_navigation": sections})


@pytest.mark.django_db
def test_the_kept_menu_is_the_template_s_menu_for_each_user_path_and_language(officer) -> None:  # type: ignore[no-untyped-def]
    from django.utils import translation

    from danvan.core import navigation
    from tests.factories import UserFactory

    admin = UserFactory(is_superuser=True, is_staff=True)
    navigation._nav_html_clear()
    seen = set()
    for language in ("vi", "en"):
        with translation.override(language):
            for user in (officer, admin):
                for path in ("/", reverse("petitions:intake"), reverse("core:board"), "/x/"):
                    sections = navigation_for(user, path)
                    for _ in range(2):  # rendered, then kept
                        assert navigation.navigation_html(sections) == _included(sections)
                    seen.add(navigation.navigation_html(sections))
    # Different users, current pages and languages give different menus, each kept apart.
    assert len(seen) == len(navigation._NAV_HTML) >= 10


@pytest.mark.django_db
def test_the_menu_is_rendered_once_then_kept(officer, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from danvan.core import navigation

    navigation._nav_html_clear()
    rendered: list[str] = []
    real = navigation.render_to_string

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        rendered.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(navigation, "render_to_string", counting)
    sections = navigation_for(officer, "/")
    first = navigation.navigation_html(sections)
    assert navigation.navigation_html(navigation_for(officer, "/")) == first
    assert rendered == ["core/_nav.html"]
    navigation.navigation_html(navigation_for(officer, reverse("core:board")))
    assert len(rendered) == 2
    monkeypatch.setattr(navigation, "NAV_HTML_MAX", 2)
    navigation.navigation_html(navigation_for(officer, reverse("petitions:list")))
    assert len(navigation._NAV_HTML) <= 2


@pytest.mark.django_db
def test_a_signed_in_page_shows_the_kept_menu(client, officer) -> None:  # type: ignore[no-untyped-def]
    client.force_login(officer)
    page = client.get(reverse("core:board")).content.decode()
    menu = _included(navigation_for(officer, reverse("core:board")))
    assert menu in page
    assert 'href="/han-xu-ly/" aria-current="page"' in page


@pytest.mark.django_db
def test_kept_menus_and_translations_are_dropped_when_the_dev_server_sees_a_file_change(  # type: ignore[no-untyped-def]
    officer,
) -> None:
    from pathlib import Path

    from django.utils.autoreload import file_changed

    from danvan.core import navigation
    from danvan.core.templatetags import i18n_kept

    navigation.navigation_html(navigation_for(officer, "/"))
    i18n_kept._kept[("x", "vi", True)] = "x"
    assert navigation._NAV_HTML
    file_changed.send(sender=None, file_path=Path("danvan/core/templates/core/_nav.html"))
    assert not navigation._NAV_HTML
    assert not i18n_kept._kept
