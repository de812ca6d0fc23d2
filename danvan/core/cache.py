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
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("danvan.cache")
T = TypeVar("T")
FALLBACK_ALIAS = "fallback"
_LOG_EVERY = 60.0


class FallbackRedisCache(RedisCache):
    """RedisCache whose operations fall back to the `fallback` cache when Redis is unreachable."""

    _last_logged = 0.0

    def _either(self, name: str, call: Callable[[], T], *args: Any, **kwargs: Any) -> T:
        import redis

        try:
            return call()
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            now = time.monotonic()
            if now - FallbackRedisCache._last_logged > _LOG_EVERY:
                FallbackRedisCache._last_logged = now
                logger.warning("Redis cache unreachable (%s); using the database cache", exc)
            result: T = getattr(caches[FALLBACK_ALIAS], name)(*args, **kwargs)
            return result

    def add(self, key: Any, value: Any, timeout: Any = 300, version: Any = None) -> bool:
        return self._either(
            "add", lambda: super(FallbackRedisCache, self).add(key, value, timeout, version),
            key, value, timeout, version,
        )  # fmt: skip

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._either(
            "get", lambda: super(FallbackRedisCache, self).get(key, default, version),
            key, default, version,
        )  # fmt: skip

    def set(self, key: Any, value: Any, timeout: Any = 300, version: Any = None) -> None:
        self._either(
            "set", lambda: super(FallbackRedisCache, self).set(key, value, timeout, version),
            key, value, timeout, version,
        )  # fmt: skip

    def touch(self, key: Any, timeout: Any = 300, version: Any = None) -> bool:
        return self._either(
            "touch", lambda: super(FallbackRedisCache, self).touch(key, timeout, version),
            key, timeout, version,
        )  # fmt: skip

    def delete(self, key: Any, version: Any = None) -> bool:
        return self._either(
            "delete", lambda: super(FallbackRedisCache, self).delete(key, version), key, version
        )

    def get_many(self, keys: Any, version: Any = None) -> dict[Any, Any]:
        return self._either(
            "get_many", lambda: super(FallbackRedisCache, self).get_many(keys, version),
            keys, version,
        )  # fmt: skip

    def has_key(self, key: Any, version: Any = None) -> bool:
        return self._either(
            "has_key", lambda: super(FallbackRedisCache, self).has_key(key, version), key, version
        )

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        return self._either(
            "incr", lambda: super(FallbackRedisCache, self).incr(key, delta, version),
            key, delta, version,
        )  # fmt: skip

    def set_many(self, data: Any, timeout: Any = 300, version: Any = None) -> list[Any]:
        return self._either(
            "set_many", lambda: super(FallbackRedisCache, self).set_many(data, timeout, version),
            data, timeout, version,
        )  # fmt: skip

    def delete_many(self, keys: Any, version: Any = None) -> None:
        self._either(
            "delete_many", lambda: super(FallbackRedisCache, self).delete_many(keys, version),
            keys, version,
        )  # fmt: skip

    def clear(self) -> None:
        self._either("clear", lambda: super(FallbackRedisCache, self).clear())
