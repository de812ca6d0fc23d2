"""Rate limits of the API and the portal: one rate syntax ("120/min", "5/hour", "10/5m"), one
per-user sliding-window throttle whose rate is read from a setting at each request."""

from __future__ import annotations

import re
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from danvan.core.models import User
from danvan.core.services.accounts import client_address

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*(s|sec|m|min|h|hour|d|day)\s*$")
_PERIOD_SECONDS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600}
_PERIOD_SECONDS |= {"d": 86400, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int] | None:
    """Parse a rate: "120/min" -> (120, 60); "10/5m" -> (10, 300); "" -> None (no limit)."""
    if not rate or not rate.strip():
        return None
    match = _RATE.match(rate)
    if match is None:
        raise ValueError(f"Invalid rate {rate!r}: use e.g. '120/min', '20/hour', '1000/day'.")
    count, multiple, unit = match.groups()
    return max(1, int(count)), max(1, int(multiple or 1)) * _PERIOD_SECONDS[unit]


class UserRateThrottle(BaseThrottle):
    """A sliding-window limit per user, its rate read from a setting at each request.

    Unlike ninja's `SimpleRateThrottle`, the rate follows the settings at run time (tests and
    operators may change it) and the per-request state is thread-local, so a threaded server
    never reports another request's wait. The count lives in the default cache.
    """

    def __init__(self, *, scope: str, setting: str, default: str) -> None:
        self.scope = scope
        self.setting = setting
        self.default = default
        self._local = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        self._local.wait = None
        limit = parse_rate(str(getattr(settings, self.setting, self.default) or ""))
        if limit is None:
            return True
        count, window = limit
        user = getattr(request, "auth", None)
        ident = user.pk if isinstance(user, User) else client_address(request)
        key = f"danvan_throttle:{self.scope}:{ident}"
        now = time.time()
        history = [t for t in cache.get(key, []) if t > now - window]
        if len(history) >= count:
            self._local.wait = max(1.0, window - (now - history[-1]))
            return False
        history.insert(0, now)
        cache.set(key, history, window)
        return True

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)


write_throttle = UserRateThrottle(scope="write", setting="DANVAN_API_WRITE_RATE", default="120/min")
identity_throttle = UserRateThrottle(
    scope="identity", setting="DANVAN_API_IDENTITY_RATE", default="30/hour"
)
