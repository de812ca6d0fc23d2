"""Per-address rate limits of the portal (cache-based, the address kept only as a keyed hash).

`DANVAN_PORTAL_SUBMIT_RATE` (default "5/hour") limits submissions, `DANVAN_PORTAL_LOOKUP_RATE`
(default "60/hour") tracking-code lookups and ratings; "" means no limit. The pages and the API
share the counters.

Each address owns `count` numbered slots per time bucket; an attempt claims a free slot with
`cache.add`, which is atomic on every cache Django ships that we use, so parallel requests never
slip past the limit. Slots of the previous bucket still inside the window count too (a sliding
window). A slot can be given back (`throttle_release`) when the attempt stored nothing because
the input was wrong: a citizen correcting a form is not a flood.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from danvan.core.api.throttling import parse_rate
from danvan.core.services.accounts import client_address

DEFAULTS = {"submit": "5/hour", "lookup": "60/hour"}
SETTINGS = {"submit": "DANVAN_PORTAL_SUBMIT_RATE", "lookup": "DANVAN_PORTAL_LOOKUP_RATE"}


def ip_hash(request: HttpRequest) -> str:
    """A keyed hash of the client's address: stable per installation, not reversible without
    the secret key."""
    return salted_hmac(
        "danvan.portal.ip", client_address(request) or "-", algorithm="sha256"
    ).hexdigest()


@dataclass(frozen=True)
class Claim:
    allowed: bool
    wait: int = 0  # seconds until a slot frees up, when refused
    slot: str = ""


def throttle_claim(request: HttpRequest, scope: str) -> Claim:
    """Count one attempt of `scope` for the request's address, or refuse it."""
    limit = parse_rate(str(getattr(settings, SETTINGS[scope], DEFAULTS[scope]) or ""))
    if limit is None:
        return Claim(allowed=True)
    count, window = limit
    base = f"danvan:portal:{scope}:{ip_hash(request)[:40]}"
    now = time.time()
    bucket = int(now // window)
    previous = [f"{base}:{bucket - 1}:{n}" for n in range(count)]
    current = [f"{base}:{bucket}:{n}" for n in range(count)]
    held = cache.get_many([*previous, *current])
    live_previous = sorted(
        float(held[k]) for k in previous if k in held and float(held[k]) > now - window
    )
    free = count - len(live_previous)
    timeout = max(1, math.ceil((bucket + 2) * window - now))
    for slot in current[: max(0, free)]:
        if slot in held:
            continue
        if cache.add(slot, now, timeout=timeout):
            return Claim(allowed=True, slot=slot)
    stamps = sorted(live_previous + [float(held[k]) for k in current if k in held])
    if len(stamps) >= count:
        wait = stamps[len(stamps) - count] + window - now
    else:
        wait = (bucket + 1) * window - now
    return Claim(allowed=False, wait=max(1, math.ceil(wait)))


def throttle_release(claim: Claim) -> None:
    """Give back the slot of an attempt that stored nothing (bad input)."""
    if claim.slot:
        cache.delete(claim.slot)


def wait_minutes(claim: Claim) -> int:
    return max(1, math.ceil(claim.wait / 60))
