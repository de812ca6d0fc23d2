"""With DANVAN_REDIS_URL the cache is Redis; while Redis is down the database cache answers, so
sign-ins and their throttle keep working."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.core.cache import cache, caches
from django.test import Client
from django.urls import reverse

from danvan.core.models import Role
from tests.core.test_accounts_support import (
    PASSWORD,
    World,
    fast_password_hashing,
    make_user,
    world,
)

__all__ = ["fast_password_hashing", "world"]

DB_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "danvan_cache",
}
REDIS_URL = os.environ.get("DANVAN_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _caches(url: str) -> dict[str, Any]:
    return {
        "default": {
            "BACKEND": "danvan.core.cache.FallbackRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        },
        "fallback": DB_CACHE,
    }


def login(client: Client, username: str, password: str, **extra: Any) -> Any:
    return client.post(reverse("core:login"), {"username": username, "password": password}, **extra)


@pytest.mark.django_db
def test_sign_in_and_its_throttle_work_while_redis_is_down(
    client: Client, world: World, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # given Redis unreachable
    settings.CACHES = _caches("redis://127.0.0.1:1/0")
    settings.DANVAN_LOGIN_MAX_FAILURES = 2
    make_user("cb.redis", world.ubnd_c1, Role.OFFICER)
    # when an officer signs in
    response = login(client, "cb.redis", PASSWORD)
    # then it works, and the outage is logged
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    assert "Redis cache unreachable" in caplog.text
    # and failures are still counted (in the database cache) up to the lock
    other = Client()
    for _ in range(2):
        assert login(other, "cb.redis", "sai", REMOTE_ADDR="10.1.1.1").status_code == 200
    assert login(other, "cb.redis", PASSWORD, REMOTE_ADDR="10.1.1.2").status_code == 429
    cache.set("danvan:probe", 1)
    assert caches["fallback"].get("danvan:probe") == 1


@pytest.mark.django_db
def test_with_redis_up_the_values_live_in_redis_only(settings: Any) -> None:
    from tests.core.test_tasks_rq import held_test_redis

    with held_test_redis():  # fails in CI without a Redis, skips elsewhere
        settings.CACHES = _caches(REDIS_URL)
        cache.clear()
        assert cache.add("danvan:probe", 7, timeout=30)
        assert not cache.add("danvan:probe", 8, timeout=30)
        assert cache.get("danvan:probe") == 7
        assert caches["fallback"].get("danvan:probe") is None
        cache.clear()
