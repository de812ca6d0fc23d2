"""The English catalogue: complete, keeps placeholders, compiled, and used by the pages."""

from __future__ import annotations

import ast
import gettext
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from danvan.core.models import User
from tests.factories import UserFactory

LOCALE_DIR = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "django.po"
MO_PATH = LOCALE_DIR / "django.mo"

# %(name)s / %s / %d style, {name} style (str.format), and HTML tags.
PLACEHOLDER_RE = re.compile(
    r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[-#0 +]*\d*(?:\.\d+)?[sdifr]"
    r"|\{[A-Za-z_][A-Za-z0-9_]*\}"
    r"|</?[A-Za-z][^<>]*>"
)


@pytest.fixture(autouse=True)
def _restore_active_language() -> Iterator[None]:
    # LocaleMiddleware activates the request's language in this thread and leaves it active:
    # without this, later tests (which expect Vietnamese messages) would run in English.
    previous = translation.get_language()
    yield
    if previous:
        translation.activate(previous)
    else:
        translation.deactivate()


# --- A small PO reader (no third-party dependency) ------------------------------------------


@dataclass(frozen=True)
class PoEntry:
    line: int
    msgctxt: str | None
    msgid: str
    msgid_plural: str | None
    msgstr: tuple[str, ...]  # (msgstr,) or (msgstr[0], msgstr[1], ...)
    flags: frozenset[str]

    @property
    def where(self) -> str:
        return f"django.po:{self.line} {self.msgid[:60]!r}"


_KEYWORD_RE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$')


def _unquote(literal: str) -> str:
    value = ast.literal_eval(literal)
    assert isinstance(value, str)
    return value


def read_po(path: Path) -> list[PoEntry]:
    """Parse the active (non-obsolete) entries of a PO file, header included."""
    entries: list[PoEntry] = []
    fields: dict[str, str] = {}
    flags: set[str] = set()
    start = 0
    current: str | None = None

    def flush() -> None:
        nonlocal fields, flags, current, start
        if "msgid" in fields:
            plural_keys = sorted(
                (k for k in fields if k.startswith("msgstr[")), key=lambda k: int(k[7:-1])
            )
            msgstr = tuple(fields[k] for k in plural_keys) if plural_keys else (fields["msgstr"],)
            entries.append(
                PoEntry(
                    line=start,
                    msgctxt=fields.get("msgctxt"),
                    msgid=fields["msgid"],
                    msgid_plural=fields.get("msgid_plural"),
                    msgstr=msgstr,
                    flags=frozenset(flags),
                )
            )
        fields, flags, current, start = {}, set(), None, 0

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("#~"):
            continue  # obsolete entry: ignored by msgfmt and by Django
        start = start or number
        if line.startswith("#,"):
            flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
        elif line.startswith("#"):
            continue
        elif match := _KEYWORD_RE.match(line):
            current = match.group(1)
            if current in fields:
                raise AssertionError(f"django.po:{number}: {current} twice in one entry")
            fields[current] = _unquote(match.group(2))
        elif line.startswith('"') and current is not None:
            fields[current] += _unquote(line)
        else:
            raise AssertionError(f"django.po:{number}: unexpected line {raw!r}")
    flush()
    return entries


def placeholders(text: str) -> Counter[str]:
    return Counter(PLACEHOLDER_RE.findall(text))


@pytest.fixture(scope="module")
def po_entries() -> list[PoEntry]:
    return read_po(PO_PATH)


@pytest.fixture(scope="module")
def messages(po_entries: list[PoEntry]) -> list[PoEntry]:
    return [e for e in po_entries if e.msgid != ""]


# --- (a) complete -----------------------------------------------------------------------------


def test_po_reader_sees_the_whole_catalogue(messages: list[PoEntry]) -> None:
    # The catalogue is several hundred strings; a reader that stopped early would pass the rest.
    assert len(messages) > 400
    assert len({(e.msgctxt, e.msgid) for e in messages}) == len(messages)
    assert any(e.msgid_plural for e in messages)


def test_english_header_declares_language_charset_and_plural_rule(
    po_entries: list[PoEntry],
) -> None:
    header = next(e for e in po_entries if e.msgid == "")
    assert "fuzzy" not in header.flags
    lines = dict(line.split(": ", 1) for line in header.msgstr[0].splitlines() if ": " in line)
    assert lines["Language"] == "en"
    assert lines["Content-Type"] == "text/plain; charset=UTF-8"
    assert lines["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


def test_every_english_entry_is_translated_and_not_fuzzy(messages: list[PoEntry]) -> None:
    fuzzy = [e.where for e in messages if "fuzzy" in e.flags]
    empty = [e.where for e in messages if any(not s.strip() for s in e.msgstr)]
    wrong_forms = [e.where for e in messages if e.msgid_plural and len(e.msgstr) != 2]
    assert not fuzzy, f"fuzzy entries: {fuzzy}"
    assert not empty, f"untranslated entries: {empty}"
    assert not wrong_forms, f"plural entries without exactly 2 forms: {wrong_forms}"


def test_english_entries_are_not_left_in_vietnamese(messages: list[PoEntry]) -> None:
    # A msgstr copied from the msgid is an oversight, except for words spelled alike.
    same_in_both = {"English", "API"}
    copied = [
        e.where
        for e in messages
        if e.msgid not in same_in_both and any(s == e.msgid for s in e.msgstr)
    ]
    assert not copied, f"msgstr identical to the Vietnamese msgid: {copied}"


# --- (b) placeholders -------------------------------------------------------------------------


def test_english_translations_keep_every_placeholder(messages: list[PoEntry]) -> None:
    problems = []
    for entry in messages:
        sources = [entry.msgid] + [entry.msgid_plural or entry.msgid] * (len(entry.msgstr) - 1)
        for source, translated in zip(sources, entry.msgstr, strict=True):
            wanted, got = placeholders(source), placeholders(translated)
            if wanted != got:
                problems.append(f"{entry.where}: expected {dict(wanted)}, got {dict(got)}")
    assert not problems, "\n".join(problems)


def test_placeholder_check_catches_a_dropped_or_renamed_placeholder() -> None:
    assert placeholders("Đã tạo tài khoản %(username)s.") == placeholders("Created %(username)s.")
    assert placeholders("Thiếu {name}.") != placeholders("Missing {nam}.")
    assert placeholders("Trang %(n)s/%(total)s") != placeholders("Page %(n)s")
    assert placeholders("Bearer <token>.") != placeholders("Bearer token.")


def test_po_file_passes_msgfmt_format_checks() -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("gettext's msgfmt is not installed")
    result = subprocess.run(
        [msgfmt, "--check-format", "--check-header", "-o", "/dev/null", str(PO_PATH)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


# --- (c) the committed .mo matches the .po ----------------------------------------------------


def test_committed_mo_gives_the_po_translation_of_every_entry(messages: list[PoEntry]) -> None:
    with MO_PATH.open("rb") as fp:
        compiled = gettext.GNUTranslations(fp)
    assert compiled.info().get("language") == "en"
    assert compiled.info().get("plural-forms") == "nplurals=2; plural=(n != 1);"
    stale = []
    for entry in messages:
        if entry.msgid_plural is None:
            if entry.msgctxt is None:
                got = compiled.gettext(entry.msgid)
            else:
                got = compiled.pgettext(entry.msgctxt, entry.msgid)
            if got != entry.msgstr[0]:
                stale.append(f"{entry.where}: .mo has {got!r}")
        else:
            for n, expected in ((1, entry.msgstr[0]), (2, entry.msgstr[1])):
                got = compiled.ngettext(entry.msgid, entry.msgid_plural, n)
                if got != expected:
                    stale.append(f"{entry.where} (n={n}): .mo has {got!r}")
    assert not stale, "django.mo is stale; run `danvan compilemessages -l en`:\n" + "\n".join(stale)


def test_django_uses_the_english_catalogue_under_english() -> None:
    with translation.override("en"):
        assert translation.gettext("Trang chủ") == "Home"
        assert translation.gettext("Đơn thư") == "Petitions"
        one = translation.ngettext("%(n)s cơ quan, đơn vị", "%(n)s cơ quan, đơn vị", 1)
        many = translation.ngettext("%(n)s cơ quan, đơn vị", "%(n)s cơ quan, đơn vị", 3)
        assert one % {"n": 1} == "1 organisation"
        assert many % {"n": 3} == "3 organisations"
    with translation.override("vi"):
        assert translation.gettext("Trang chủ") == "Trang chủ"


# --- (d) the pages ----------------------------------------------------------------------------


@pytest.fixture
def signed_in_client(db: Any) -> Client:
    user = cast(User, UserFactory())
    client = Client()
    client.force_login(user)
    return client


def test_signed_in_user_with_english_cookie_sees_the_home_page_in_english(
    signed_in_client: Client,
) -> None:
    signed_in_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = signed_in_client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    for english in ("Home", "Sign out", "Main navigation", "Petitions", "Citizen reception"):
        assert english in html, english
    for vietnamese in ("Trang chủ", "Đăng xuất", "Điều hướng chính"):
        assert vietnamese not in html, vietnamese


def test_signed_in_user_without_language_cookie_sees_the_home_page_in_vietnamese(
    signed_in_client: Client,
) -> None:
    response = signed_in_client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Trang chủ" in html
    assert "Đăng xuất" in html
    assert "Sign out" not in html


def test_language_switch_form_turns_the_following_pages_english(
    signed_in_client: Client,
) -> None:
    response = signed_in_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert signed_in_client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = signed_in_client.get("/").content.decode()
    assert "Sign out" in html
    assert "Đăng xuất" not in html
