"""The alert pages: the list, the alert page (explanation, chart, evidence links, the moves),
and the forms of each move; readers see no buttons, other communes get 404."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from danvan.monitoring.models import Alert
from danvan.monitoring.services.alerts import alerts_detect
from tests.monitoring.alerts_fixtures import (  # noqa: F401
    AS_OF,
    AlertWorld,
    _rules,
    aw,
    sensitive_alert,
    spike_world,
    world,
)

pytestmark = pytest.mark.django_db


def login(client: Client, user: object) -> Client:
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_urls_are_the_documented_ones() -> None:
    assert reverse("monitoring:alerts") == "/nam-tinh-hinh/canh-bao/"
    assert reverse("monitoring:alert", args=[7]) == "/nam-tinh-hinh/canh-bao/7/"


def test_spike_page_explains_draws_the_series_and_links_the_evidence(
    client: Client,
    aw: AlertWorld,  # noqa: F811
) -> None:
    spike = spike_world(aw.w, spike=7)
    alerts_detect(AS_OF)
    alert = Alert.objects.get()

    page = login(client, aw.ban_officer).get(reverse("monitoring:alert", args=[alert.pk]))

    assert page.status_code == 200
    html = page.content.decode()
    assert alert.explanation["text"] in html
    assert "<svg" in html and html.count("<rect") == 16
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert re.search(r'="\d+,\d', svg) is None  # numbers in SVG attributes, never "12,5"
    assert 'stroke-dasharray="6 4"' in html  # the threshold line
    assert "ngưỡng 5" in html
    for petition in spike:
        assert reverse("petitions:detail", args=[petition.pk]) in html
    assert 'id="form-acknowledge"' in html and 'id="move-close"' in html


def test_list_shows_the_alert_to_the_ban(client: Client, aw: AlertWorld) -> None:  # noqa: F811
    alert = sensitive_alert(aw)
    page = login(client, aw.ban_officer).get(reverse("monitoring:alerts"), {"status": "open"})
    assert page.status_code == 200
    assert alert.title in page.content.decode()
    page = client.get(reverse("monitoring:alerts"), {"kind": "crowd"})
    assert alert.title not in page.content.decode()


def test_acknowledge_then_close_through_the_forms(client: Client, aw: AlertWorld) -> None:  # noqa: F811
    alert = sensitive_alert(aw)
    login(client, aw.leader_a)
    url = reverse("monitoring:alert_acknowledge", args=[alert.pk])

    response = client.post(url, {"ack-expected_version": alert.version})
    assert response.status_code == 302
    assert Alert.objects.get(pk=alert.pk).status == "acknowledged"

    # A second click from the stale page: the conflict page, nothing changed.
    stale = client.post(url, {"ack-expected_version": alert.version})
    assert stale.status_code == 409

    close = reverse("monitoring:alert_close", args=[alert.pk])
    version = Alert.objects.get(pk=alert.pk).version
    empty = client.post(close, {"close-expected_version": version, "close-note": ""})
    assert empty.status_code == 400
    done = client.post(close, {"close-expected_version": version, "close-note": "Đã đối thoại"})
    assert done.status_code == 302
    assert Alert.objects.get(pk=alert.pk).status == "closed"


def test_assign_form_lists_the_members_of_both_organisations(
    client: Client,
    aw: AlertWorld,  # noqa: F811
) -> None:
    alert = sensitive_alert(aw)
    html = login(client, aw.ban_leader).get(reverse("monitoring:alert", args=[alert.pk]))
    text = html.content.decode()
    assert f'value="{aw.leader_a.pk}"' in text and f'value="{aw.ban_officer.pk}"' in text
    assert f'value="{aw.ban_viewer.pk}"' not in text

    response = client.post(
        reverse("monitoring:alert_assign", args=[alert.pk]),
        {"assign-expected_version": alert.version, "assign-assignee": aw.leader_a.pk},
    )
    assert response.status_code == 302
    assert Alert.objects.get(pk=alert.pk).assignee == aw.leader_a


def test_readers_see_no_buttons_and_may_not_post(client: Client, aw: AlertWorld) -> None:  # noqa: F811
    alert = sensitive_alert(aw)
    login(client, aw.front_a)
    page = client.get(reverse("monitoring:alert", args=[alert.pk]))
    assert page.status_code == 200
    assert 'id="form-acknowledge"' not in page.content.decode()
    response = client.post(
        reverse("monitoring:alert_acknowledge", args=[alert.pk]),
        {"ack-expected_version": alert.version},
    )
    assert response.status_code == 403


def test_other_commune_gets_404(client: Client, aw: AlertWorld) -> None:  # noqa: F811
    alert = sensitive_alert(aw)
    login(client, aw.w.officer_b)
    assert client.get(reverse("monitoring:alert", args=[alert.pk])).status_code == 404
    assert alert.title not in client.get(reverse("monitoring:alerts")).content.decode()
