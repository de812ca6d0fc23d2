"""danvan.core.sessions: Django's database sessions read with a fixed statement."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from danvan.core.sessions import SessionStore
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_project_uses_it() -> None:
    assert settings.SESSION_ENGINE == "danvan.core.sessions"


def test_a_saved_session_loads_as_with_djangos_store() -> None:
    store = SessionStore()
    store["officer"] = {"id": 7, "ten": "Nguyễn Thị Hà"}
    store.set_expiry(3600)
    store.save()
    ours, theirs = SessionStore(store.session_key), DjangoStore(store.session_key)
    assert (
        ours.load()
        == theirs.load()
        == {"officer": {"id": 7, "ten": "Nguyễn Thị Hà"}, "_session_expiry": 3600}
    )
    assert ours.session_key == theirs.session_key == store.session_key
    row = ours._get_session_from_db()
    assert isinstance(row, Session)
    assert row.expire_date == Session.objects.get(pk=store.session_key).expire_date
    assert timezone.is_aware(row.expire_date) == settings.USE_TZ


@pytest.mark.parametrize("key", ["khong-co-phien-nay-abc", "x' OR '1'='1", "a" * 40])
def test_a_missing_session_is_empty_and_forgets_its_key(key: str) -> None:
    store = SessionStore(key)
    assert store.load() == {}
    assert store.session_key is None


def test_an_expired_session_is_treated_as_missing() -> None:
    store = SessionStore()
    store["x"] = 1
    store.save()
    Session.objects.filter(pk=store.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    again = SessionStore(store.session_key)
    assert again.load() == {} == DjangoStore(store.session_key).load()
    assert again.session_key is None


def test_sign_in_and_pages_work_through_it() -> None:
    user = UserFactory(username="phien.canbo")
    client = Client(HTTP_X_FORWARDED_PROTO="https")
    client.force_login(user)
    assert client.get("/").status_code == 200
    assert client.get("/").wsgi_request.user == user
    client.cookies[settings.SESSION_COOKIE_NAME] = "phien-gia-mao-0123456789"
    assert client.get("/").status_code == 302  # to the sign-in page


def test_one_fixed_statement_reads_the_session() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    store = SessionStore()
    store["x"] = 1
    store.save()
    with CaptureQueriesContext(connection) as queries:
        SessionStore(store.session_key).load()
    (query,) = queries.captured_queries
    # Not the ORM's `.get()` (which filters on the expiry date and adds LIMIT 21).
    assert "LIMIT" not in query["sql"] and 'expire_date" >' not in query["sql"]
