"""The Redis cache with a fallback: while Redis cannot be reached, the database cache answers.

With `DANVAN_REDIS_URL` the login throttle, the API and portal throttles and a few short-lived
caches live in Redis. A Redis that is down must not turn every sign-in into an error page: each
operation that fails to reach Redis is retried on the `fallback` cache (Django's DatabaseCache,
table `danvan_cache`, which `danvan install` creates), whose `add` is just as atomic. Counts kept
during the outage stay in the database, so a throttle may allow up to its limit again once Redis
is back: never more. Each outage is logged once a minute, and `/api/v1/health` still reports the
Redis task queue.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("danvan.cache")
FALLBACK_ALIAS = "fallback"
_LOG_EVERY = 60.0


class FallbackRedisCache(RedisCache):
    """RedisCache whose operations fall back to the `fallback` cache when Redis is unreachable."""

    _last_logged = 0.0

    def _either(self, name: str, *args: Any) -> Any:
        """RedisCache's `name`(*args), or the fallback cache's when Redis cannot be reached."""
        import redis

        try:
            return getattr(super(), name)(*args)
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            now = time.monotonic()
            if now - FallbackRedisCache._last_logged > _LOG_EVERY:
                FallbackRedisCache._last_logged = now
                logger.warning("Redis cache unreachable (%s); using the database cache", exc)
            return getattr(caches[FALLBACK_ALIAS], name)(*args)

    def add(self, key: Any, value: Any, timeout: Any = 300, version: Any = None) -> bool:
        return bool(self._either("add", key, value, timeout, version))

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._either("get", key, default, version)

    def set(self, key: Any, value: Any, timeout: Any = 300, version: Any = None) -> None:
        self._either("set", key, value, timeout, version)

    def touch(self, key: Any, timeout: Any = 300, version: Any = None) -> bool:
        return bool(self._either("touch", key, timeout, version))

    def delete(self, key: Any, version: Any = None) -> bool:
        return bool(self._either("delete", key, version))

    def get_many(self, keys: Any, version: Any = None) -> dict[Any, Any]:
        return dict(self._either("get_many", keys, version))

    def has_key(self, key: Any, version: Any = None) -> bool:
        return bool(self._either("has_key", key, version))

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        return int(self._either("incr", key, delta, version))

    def set_many(self, data: Any, timeout: Any = 300, version: Any = None) -> list[Any]:
        return list(self._either("set_many", data, timeout, version) or [])

    def delete_many(self, keys: Any, version: Any = None) -> None:
        self._either("delete_many", keys, version)

    def clear(self) -> None:
        self._either("clear")
