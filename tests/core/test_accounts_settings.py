"""Security settings, read as a fresh process reads them from the environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

STRONG_SECRET = "k" * 10 + "Zq7#pL2!vB" * 4

PRINT_SETTINGS = """
import json
from danvan.config import settings as s
print(json.dumps({
    "session_secure": s.SESSION_COOKIE_SECURE,
    "csrf_secure": s.CSRF_COOKIE_SECURE,
    "session_httponly": s.SESSION_COOKIE_HTTPONLY,
    "hsts": getattr(s, "SECURE_HSTS_SECONDS", 0),
    "ssl_redirect": getattr(s, "SECURE_SSL_REDIRECT", False),
    "proxy_header": getattr(s, "SECURE_PROXY_SSL_HEADER", None),
    "max_failures": s.DANVAN_LOGIN_MAX_FAILURES,
    "window": s.DANVAN_LOGIN_WINDOW_SECONDS,
    "token_days": s.DANVAN_API_TOKEN_DAYS,
}))
"""

_CLEARED = (
    "DANVAN_PRODUCTION",
    "DANVAN_DEBUG",
    "DANVAN_SECRET_KEY",
    "DANVAN_INSECURE_COOKIES",
    "DANVAN_LOGIN_MAX_FAILURES",
    "DANVAN_LOGIN_WINDOW_SECONDS",
    "DANVAN_API_TOKEN_DAYS",
)


def load(**env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in _CLEARED}
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        capture_output=True,
        text=True,
        env={**base, **env},
        cwd=Path(__file__).resolve().parents[2],
        timeout=60,
    )


def loaded(**env: str) -> dict[str, object]:
    result = load(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    "env",
    [
        {"DANVAN_PRODUCTION": "1"},
        {"DANVAN_PRODUCTION": "1", "DANVAN_SECRET_KEY": "short-secret"},
        {
            "DANVAN_PRODUCTION": "1",
            "DANVAN_SECRET_KEY": "danvan-demo-secret-key-do-not-use-in-production-0123456789",
        },
        {"DANVAN_PRODUCTION": "1", "DANVAN_SECRET_KEY": STRONG_SECRET, "DANVAN_DEBUG": "1"},
    ],
)
def test_production_mode_refuses_to_start_unsafely(env: dict[str, str]) -> None:
    result = load(**env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_production_mode_has_secure_cookies_and_hsts() -> None:
    values = loaded(DANVAN_PRODUCTION="1", DANVAN_SECRET_KEY=STRONG_SECRET)

    assert values["session_secure"] is True and values["csrf_secure"] is True
    assert values["session_httponly"] is True
    assert values["hsts"] == 31536000
    assert values["ssl_redirect"] is True
    assert values["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_cookies_are_secure_outside_debug_unless_the_demo_opts_out() -> None:
    # Outside debug, cookies are secure unless the demo explicitly opts out.
    assert loaded()["session_secure"] is True
    assert loaded(DANVAN_INSECURE_COOKIES="1")["session_secure"] is False
    assert loaded(DANVAN_DEBUG="1")["session_secure"] is False


def test_throttle_and_token_settings_come_from_the_environment() -> None:
    defaults = loaded()
    tuned = loaded(
        DANVAN_LOGIN_MAX_FAILURES="3", DANVAN_LOGIN_WINDOW_SECONDS="60", DANVAN_API_TOKEN_DAYS="2"
    )

    assert (defaults["max_failures"], defaults["window"], defaults["token_days"]) == (5, 900, 30)
    assert (tuned["max_failures"], tuned["window"], tuned["token_days"]) == (3, 60, 2)
