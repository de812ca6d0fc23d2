from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _local_cache(settings):  # type: ignore[no-untyped-def]
    # Login throttling counts failures in the cache; each test starts with a clean one.
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _vietnamese_after_each_test():  # type: ignore[no-untyped-def]
    # LocaleMiddleware leaves the last request's language active in this thread.
    from django.utils import translation

    yield
    translation.activate("vi")


@pytest.fixture(scope="session")
def vault_test_key() -> str:
    from danvan.petitions.vault import vault_key_generate

    return vault_key_generate()


@pytest.fixture(autouse=True)
def _vault_key(settings, vault_test_key):  # type: ignore[no-untyped-def]
    # Every test gets a vault key (tests of a missing or wrong key override it).
    settings.DANVAN_VAULT_KEY = vault_test_key
    settings.DANVAN_VAULT_KEY_FILE = ""


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    # Argon2id costs ~32 ms per password (PBKDF2, for older hashes, 0.4 s); tests check logic,
    # not cost (tests/core/test_hashers.py checks the production hashers).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_kept_scopes():  # type: ignore[no-untyped-def]
    # A process keeps scopes and reference values under the scope generation token; a test's
    # rollback restores the token of the test before, so nothing kept may pass between tests.
    from danvan.core.selectors.scope import shared_scopes_clear

    shared_scopes_clear()
    yield
