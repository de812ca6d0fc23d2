"""Passwords are stored with Argon2id at the OWASP minimum; older hashes upgrade at sign-in."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import check_password, identify_hasher, make_password

from tests.factories import UserFactory

PRODUCTION_HASHERS = list(django_settings.PASSWORD_HASHERS)  # before the tests' fast MD5 hasher


@pytest.fixture
def production_hashers(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS


def test_the_project_stores_new_passwords_with_argon2id_19_mib_2_passes_1_lane(
    production_hashers,
) -> None:
    encoded = make_password("Mật-khẩu-2026!")
    # $argon2id$v=19$m=19456,t=2,p=1$salt$hash
    algorithm, variant, version, params, *_ = encoded.split("$")
    expected = ("argon2", "argon2id", "v=19", "m=19456,t=2,p=1")
    assert (algorithm, variant, version, params) == expected
    assert check_password("Mật-khẩu-2026!", encoded)
    assert not check_password("mật-khẩu-2026!", encoded)
    assert not identify_hasher(encoded).must_update(encoded)


@pytest.mark.django_db
def test_a_pbkdf2_password_from_before_is_rewritten_with_argon2id_at_sign_in(
    production_hashers, settings
) -> None:
    settings.PASSWORD_HASHERS = [*PRODUCTION_HASHERS[1:2], *PRODUCTION_HASHERS]  # PBKDF2 first
    user = UserFactory(username="canbo.cu")
    user.set_password("Mật-khẩu-cũ-2025")
    user.save(update_fields=["password"])
    assert user.password.startswith("pbkdf2_sha256$")

    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    assert authenticate(username="canbo.cu", password="sai-mật-khẩu") is None
    user.refresh_from_db()
    assert user.password.startswith("pbkdf2_sha256$")  # a wrong password changes nothing

    assert authenticate(username="canbo.cu", password="Mật-khẩu-cũ-2025") is not None
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert authenticate(username="canbo.cu", password="Mật-khẩu-cũ-2025") is not None


@pytest.mark.django_db
def test_an_argon2_hash_with_other_parameters_still_signs_in_and_is_rewritten(
    production_hashers,
) -> None:
    from django.contrib.auth.hashers import Argon2PasswordHasher

    user = UserFactory(username="canbo.argon")
    user.password = Argon2PasswordHasher().encode("Mật-khẩu-2026!", "c2FsdHNhbHRzYWx0")
    user.save(update_fields=["password"])
    assert "m=102400,t=2,p=8" in user.password  # Django's own defaults

    assert authenticate(username="canbo.argon", password="Mật-khẩu-2026!") is not None
    user.refresh_from_db()
    assert "m=19456,t=2,p=1" in user.password
