"""The case page's secondary actions (extension, agencies, duplicates, public answer, assignment,
satisfaction, report-back, attachments): their forms load when opened, with the case's version
at that moment; without htmx, `?mo=` opens one on the page itself."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from danvan.petitions.states import Status
from danvan.petitions.views.case import CASE_ACTIONS, case_actions
from tests.petitions.conftest import World
from tests.petitions.test_views_support import URLS, move, register, resolve, signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLS)]

D = dt.date
HTMX = {"HTTP_HX_REQUEST": "true"}
OPEN_CASE_ACTIONS = {"ext", "att", "agency", "dup", "pa", "assign"}


def detail(pk: int) -> str:
    return reverse("petitions:detail", kwargs={"pk": pk})


def action_url(pk: int, key: str) -> str:
    return reverse("petitions:action_form", kwargs={"pk": pk, "key": key})


def form_targets(html: str) -> set[str]:
    return set(re.findall(r'<form method="post" action="([^"]+)"', html))


def test_open_case_page_links_each_action_and_builds_none_of_their_forms(
    client: Client, world: World
) -> None:
    petition = register(world.officer)
    signed_in(client, world.officer)

    page = client.get(detail(petition.pk)).content.decode()

    assert case_actions(petition) == OPEN_CASE_ACTIONS
    for key in OPEN_CASE_ACTIONS:
        assert f'<details id="bieu-mau-{key}">' in page
        assert f'hx-get="{action_url(petition.pk, key)}"' in page
        assert f'href="?mo={key}#bieu-mau-{key}"' in page
        target = reverse(CASE_ACTIONS[key].url_name, kwargs={"pk": petition.pk})
        assert target not in form_targets(page)
    # Not offered for an open case that came in person: satisfaction, report-back.
    assert "bieu-mau-sat" not in page and "bieu-mau-rb" not in page
    # The legal moves stay on the page, ready to fill.
    assert reverse("petitions:move", kwargs={"pk": petition.pk, "to": "triaged"}) in (
        form_targets(page)
    )


def test_each_action_form_loads_with_the_version_read_when_opened(
    client: Client, world: World
) -> None:
    petition = register(world.officer)
    signed_in(client, world.officer)
    client.get(detail(petition.pk))
    move(petition, world.officer, "triaged", D(2026, 3, 3), outcome="accept")
    petition.refresh_from_db()

    for key in sorted(OPEN_CASE_ACTIONS):
        response = client.get(action_url(petition.pk, key), **HTMX)
        assert response.status_code == 200, key
        html = response.content.decode()
        target = reverse(CASE_ACTIONS[key].url_name, kwargs={"pk": petition.pk})
        assert form_targets(html) == {target}, key
        assert 'name="csrfmiddlewaretoken"' in html
        if "expected_version" in html:
            assert re.search(rf'name="[\w-]*expected_version" value="{petition.version}"', html)
    attachment = client.get(action_url(petition.pk, "att"), **HTMX).content.decode()
    assert 'enctype="multipart/form-data"' in attachment
    assign = client.get(action_url(petition.pk, "assign"), **HTMX).content.decode()
    assert world.officer.full_name in assign  # the organisation's people to choose from


def test_loaded_form_posts_as_the_eager_one_did(client: Client, world: World) -> None:
    petition = register(world.officer)
    signed_in(client, world.officer)
    html = client.get(action_url(petition.pk, "assign"), **HTMX).content.decode()
    version = re.search(r'name="([\w-]*expected_version)" value="(\d+)"', html)
    assert version is not None
    field = re.search(r'<select name="([\w-]*assignee)"', html)
    assert field is not None

    response = client.post(
        reverse("petitions:assign", kwargs={"pk": petition.pk}),
        {version.group(1): version.group(2), field.group(1): str(world.officer.pk)},
    )

    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.assignee_id == world.officer.pk


def test_without_htmx_the_action_opens_on_the_case_page(client: Client, world: World) -> None:
    petition = register(world.officer)
    signed_in(client, world.officer)

    response = client.get(action_url(petition.pk, "ext"))
    assert response.status_code == 302
    assert response["Location"] == f"{detail(petition.pk)}?mo=ext#bieu-mau-ext"

    page = client.get(f"{detail(petition.pk)}?mo=ext").content.decode()
    assert '<details id="bieu-mau-ext" open>' in page
    assert reverse("petitions:extend", kwargs={"pk": petition.pk}) in form_targets(page)
    # Only that one: the others still load when opened.
    assert reverse("petitions:assign", kwargs={"pk": petition.pk}) not in form_targets(page)


def test_mo_naming_an_action_that_does_not_apply_opens_nothing(
    client: Client, world: World
) -> None:
    petition = register(world.officer)
    signed_in(client, world.officer)

    for asked in ("sat", "khong-co", ""):
        page = client.get(f"{detail(petition.pk)}?mo={asked}").content.decode()
        assert " open>" not in page.split('id="case-moves"')[1], asked


def test_action_that_does_not_apply_or_unknown_is_not_found(client: Client, world: World) -> None:
    petition = register(world.officer)
    signed_in(client, world.officer)

    assert client.get(action_url(petition.pk, "sat"), **HTMX).status_code == 404
    assert client.get(action_url(petition.pk, "rb"), **HTMX).status_code == 404
    assert client.get(action_url(petition.pk, "khong-co"), **HTMX).status_code == 404
    assert client.get(action_url(petition.pk, "mv-triaged"), **HTMX).status_code == 404


def test_actions_follow_the_case_status(client: Client, world: World) -> None:
    petition = register(world.officer_a)
    resolve(petition, world.officer_a)
    petition.refresh_from_db()
    assert petition.status == Status.RESOLVED
    signed_in(client, world.officer_a)
    assert case_actions(petition) == OPEN_CASE_ACTIONS | {"sat"}
    assert client.get(action_url(petition.pk, "sat"), **HTMX).status_code == 200

    withdrawn = register(world.officer_a)
    move(withdrawn, world.officer_a, "withdrawn", D(2026, 3, 5))
    withdrawn.refresh_from_db()
    assert case_actions(withdrawn) == {"pa", "att"}
    assert client.get(action_url(withdrawn.pk, "pa"), **HTMX).status_code == 200
    for key in ("assign", "ext", "agency", "dup", "sat"):
        assert client.get(action_url(withdrawn.pk, key), **HTMX).status_code == 404, key
    page = client.get(detail(withdrawn.pk)).content.decode()
    assert "bieu-mau-pa" in page and "bieu-mau-assign" not in page


def test_people_who_may_not_act_get_no_form(client: Client, world: World) -> None:
    petition = register(world.officer)

    signed_in(client, world.viewer)  # sees the province's cases, may not act on them
    assert client.get(detail(petition.pk)).status_code == 200
    assert client.get(action_url(petition.pk, "assign"), **HTMX).status_code == 404
    page = client.get(f"{detail(petition.pk)}?mo=assign").content.decode()
    assert "bieu-mau-assign" not in page

    signed_in(client, world.officer_b)  # another commune: does not see the case at all
    assert client.get(action_url(petition.pk, "assign"), **HTMX).status_code == 404

    client.logout()
    response = client.get(action_url(petition.pk, "assign"), **HTMX)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
