"""The whistleblower vault: a denouncer's identity, encrypted at rest, and who may see it.

Owns the keys (from `DANVAN_VAULT_KEY` or the key file `DANVAN_VAULT_KEY_FILE`), encryption of
`VaultEntry` (the people and the scans' metadata, one JSON payload) and `VaultFile` (each scan's
bytes), the pseudonym shown everywhere else ("Người tố cáo #A7F2"), identity grants given by the
case's leader, audited reveals, key rotation and the integrity check.

Encryption is AES-256-GCM. A row stores `key_id` (the first 8 hex digits of the SHA-256 of the
raw key) and a token `0x01 | nonce (12) | ciphertext + tag`; the associated data binds an entry to
its petition and a file to its entry, so a ciphertext copied onto another case does not open.
The first configured key encrypts; every configured key decrypts (rotation). A missing key, an
unknown `key_id` or a token that does not authenticate raises `VaultKeyError`: never garbage.

Nothing here logs, and no error message, `repr` or audit row carries identity data; functions
that hold plaintext are marked `sensitive_variables` so Django's error reports hide their locals.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import os
import secrets
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from danvan.core.errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationFailed
from danvan.core.models import Role
from danvan.core.selectors.scope import user_scope
from danvan.core.services.audit import audit_record
from danvan.petitions.inputs import FileInput, PersonInput
from danvan.petitions.models import IdentityGrant, Petition, PetitionEvent, VaultEntry, VaultFile

GRANT_MAX_DAYS = 90
REASON_MIN_LENGTH = 10
KEY_BYTES = 32

_FORMAT = b"\x01"
_NONCE_BYTES = 12
_TAG_BYTES = 16
_PAYLOAD_VERSION = 1


# --- Errors -----------------------------------------------------------------------------------


class VaultKeyError(DomainError):
    """The vault cannot be used: no key configured, a bad key, or data no configured key opens.

    A server-side fault (503), never the user's: the message says what the operator must fix.
    """

    code = "vault_key_error"
    status = 503


class VaultDecryptError(VaultKeyError):
    """A row's key is not configured, or its ciphertext does not authenticate (wrong key,
    tampered or misplaced data)."""

    code = "vault_decrypt_failed"
    status = 500


class ReasonRequired(ValidationFailed):
    """A reveal or grant without a real reason (the API answers 400)."""

    code = "reason_required"
    status = 400


# --- Keys -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VaultKey:
    key_id: str
    aead: AESGCM = field(repr=False, compare=False)


@dataclass(frozen=True)
class Keyring:
    """The configured keys, the first one encrypting."""

    keys: tuple[VaultKey, ...]
    source: str  # "env" or "file"
    path: Path | None = None

    @property
    def primary(self) -> VaultKey:
        return self.keys[0]

    @property
    def key_ids(self) -> tuple[str, ...]:
        return tuple(k.key_id for k in self.keys)

    def get(self, key_id: str) -> VaultKey | None:
        for key in self.keys:
            if key.key_id == key_id:
                return key
        return None


_RING_CACHE: dict[tuple[Any, ...], Keyring] = {}


def vault_key_generate() -> str:
    """A new random key as it goes into the configuration (URL-safe base64 of 32 bytes)."""
    return base64.urlsafe_b64encode(AESGCM.generate_key(bit_length=KEY_BYTES * 8)).decode("ascii")


def _key_raw(text: str) -> bytes | None:
    try:
        raw = base64.b64decode(text.strip().encode("ascii"), altchars=b"-_", validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return None
    return raw if len(raw) == KEY_BYTES else None


def vault_key_id(key: str) -> str:
    """The public id of a key (safe to print and to store beside the ciphertext)."""
    raw = _key_raw(key)
    if raw is None:
        raise VaultKeyError(_bad_key_message(_("khóa được đưa vào"), 1))
    return hashlib.sha256(raw).hexdigest()[:8]


def _bad_key_message(where: str, position: int) -> str:
    return _(
        "Khóa thứ %(n)d trong %(where)s không hợp lệ: cần 32 byte mã hóa base64 "
        "(tạo bằng `danvan vault keygen`)."
    ) % {"n": position, "where": where}


def _ring_build(texts: Sequence[str], *, source: str, path: Path | None, where: str) -> Keyring:
    keys: list[VaultKey] = []
    seen: set[str] = set()
    for position, text in enumerate(texts, start=1):
        raw = _key_raw(text)
        if raw is None:
            raise VaultKeyError(_bad_key_message(where, position))
        key_id = hashlib.sha256(raw).hexdigest()[:8]
        if key_id not in seen:
            seen.add(key_id)
            keys.append(VaultKey(key_id=key_id, aead=AESGCM(raw)))
    if not keys:
        raise VaultKeyError(
            _("%(where)s không chứa khóa nào; tạo khóa bằng `danvan vault keygen`.")
            % {"where": where}
        )
    return Keyring(keys=tuple(keys), source=source, path=path)


def _setting(name: str) -> str:
    return str(getattr(settings, name, "") or "").strip()


def _key_file_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def vault_keyring() -> Keyring:
    """The configured keys: `DANVAN_VAULT_KEY` (comma-separated) if set, else the key file.

    Raises `VaultKeyError` when neither gives a valid key.
    """
    env = _setting("DANVAN_VAULT_KEY")
    if env:
        cache_key: tuple[Any, ...] = ("env", hashlib.sha256(env.encode()).hexdigest())
        ring = _RING_CACHE.get(cache_key)
        if ring is None:
            texts = [t for t in env.split(",") if t.strip()]
            ring = _ring_build(texts, source="env", path=None, where="DANVAN_VAULT_KEY")
        _cache_put(cache_key, ring)
        return ring
    path_text = _setting("DANVAN_VAULT_KEY_FILE")
    if not path_text:
        raise VaultKeyError(
            _(
                "Chưa cấu hình khóa của kho bảo mật danh tính người tố cáo: đặt DANVAN_VAULT_KEY "
                "hoặc DANVAN_VAULT_KEY_FILE (tạo khóa bằng `danvan vault keygen`). "
                "Danh tính không được ghi hay hiển thị khi thiếu khóa."
            )
        )
    path = Path(path_text)
    try:
        stat = path.stat()
        cache_key = ("file", str(path), stat.st_ino, stat.st_mtime_ns, stat.st_size)
        ring = _RING_CACHE.get(cache_key)
        if ring is None:
            text = path.read_text(encoding="utf-8")
            ring = _ring_build(
                _key_file_lines(text), source="file", path=path, where=f"tệp khóa {path}"
            )
    except FileNotFoundError:
        raise VaultKeyError(
            _(
                "Không tìm thấy tệp khóa của kho bảo mật danh tính: %(path)s. Chạy "
                "`danvan install` (bản demo) hoặc đặt DANVAN_VAULT_KEY_FILE đúng đường dẫn."
            )
            % {"path": path}
        ) from None
    except (OSError, UnicodeDecodeError):
        raise VaultKeyError(
            _("Không đọc được tệp khóa của kho bảo mật danh tính: %(path)s (quyền đọc, nội dung).")
            % {"path": path}
        ) from None
    _cache_put(cache_key, ring)
    return ring


def _cache_put(cache_key: tuple[Any, ...], ring: Keyring) -> None:
    if cache_key not in _RING_CACHE:
        if len(_RING_CACHE) > 8:
            _RING_CACHE.clear()
        _RING_CACHE[cache_key] = ring


def _key_file_write(path: Path, keys: Sequence[str]) -> None:
    """Replace the key file atomically, readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    header = (
        "# danvan: khóa kho bảo mật danh tính người tố cáo (dòng đầu mã hóa, mọi dòng giải mã).\n"
        "# Giữ bí mật và sao lưu riêng: mất khóa là mất danh tính đã lưu.\n"
    )
    fd, tmp = tempfile.mkstemp(prefix=".vault-key-", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(header + "".join(f"{k.strip()}\n" for k in keys))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def vault_key_file_ensure() -> Path | None:
    """Create the demo key file (0600) when the vault uses a key file that does not exist yet.

    Called by `danvan install`. Does nothing in production (the operator provides the key),
    when `DANVAN_VAULT_KEY` is set, or when the file exists. Returns the path it created.
    """
    if getattr(settings, "PRODUCTION", False) or _setting("DANVAN_VAULT_KEY"):
        return None
    path_text = _setting("DANVAN_VAULT_KEY_FILE")
    if not path_text:
        return None
    path = Path(path_text)
    if path.exists():
        return None
    _key_file_write(path, [vault_key_generate()])
    return path


def _key_install(new_key: str) -> None:
    """Make `new_key` the primary key of the configuration before a rotation.

    With a key file, the key is written as its first line (the old keys stay below it). With
    `DANVAN_VAULT_KEY` the environment cannot be changed from here: the key must already be first.
    """
    new_id = vault_key_id(new_key)
    if _setting("DANVAN_VAULT_KEY"):
        ring = vault_keyring()
        if ring.primary.key_id != new_id:
            raise VaultKeyError(
                _(
                    "Khóa mới %(id)s chưa đứng đầu DANVAN_VAULT_KEY: đặt DANVAN_VAULT_KEY="
                    "<khóa mới>,<khóa cũ> rồi chạy lại `danvan vault rotate-key`."
                )
                % {"id": new_id}
            )
        return
    path_text = _setting("DANVAN_VAULT_KEY_FILE")
    if not path_text:
        vault_keyring()  # raises the "no key configured" error
        return
    path = Path(path_text)
    existing: list[str] = []
    if path.exists():
        try:
            existing = _key_file_lines(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            vault_keyring()  # raises the unreadable-file error
    others = [k for k in existing if _key_raw(k) is None or vault_key_id(k) != new_id]
    if existing and existing[0].strip() == new_key.strip():
        return
    _key_file_write(path, [new_key.strip(), *others])


# --- Sealing ----------------------------------------------------------------------------------


def _entry_aad(petition_id: int) -> bytes:
    return f"danvan.vault.v1|entry|{petition_id}".encode()


def _file_aad(entry_id: int) -> bytes:
    return f"danvan.vault.v1|file|{entry_id}".encode()


@sensitive_variables()
def _seal(ring: Keyring, plaintext: bytes, aad: bytes) -> tuple[bytes, str]:
    key = ring.primary
    nonce = os.urandom(_NONCE_BYTES)
    return _FORMAT + nonce + key.aead.encrypt(nonce, plaintext, aad), key.key_id


@sensitive_variables()
def _open(ring: Keyring, token: bytes | memoryview, key_id: str, aad: bytes, what: str) -> bytes:
    key = ring.get(key_id)
    if key is None:
        raise VaultDecryptError(
            _(
                "Không giải mã được %(what)s: dữ liệu được mã hóa bằng khóa %(id)s, khóa này không "
                "có trong cấu hình (DANVAN_VAULT_KEY / DANVAN_VAULT_KEY_FILE). Thêm lại khóa đó."
            )
            % {"what": what, "id": key_id}
        )
    data = bytes(token)
    plaintext: bytes | None = None
    if len(data) >= 1 + _NONCE_BYTES + _TAG_BYTES and data[:1] == _FORMAT:
        try:
            plaintext = key.aead.decrypt(data[1 : 1 + _NONCE_BYTES], data[1 + _NONCE_BYTES :], aad)
        except InvalidTag:
            plaintext = None
    if plaintext is None:
        # Raised outside the except block: no exception context to carry anything along.
        raise VaultDecryptError(
            _(
                "Không giải mã được %(what)s bằng khóa %(id)s: sai khóa hoặc dữ liệu đã bị sửa, "
                "chuyển chỗ. Không hiển thị gì."
            )
            % {"what": what, "id": key_id}
        )
    return plaintext


# --- Identity records -------------------------------------------------------------------------


@dataclass(frozen=True)
class VaultPerson:
    full_name: str = field(repr=False)
    id_number: str = field(default="", repr=False)
    address: str = field(default="", repr=False)
    phone: str = field(default="", repr=False)
    email: str = field(default="", repr=False)
    is_representative: bool = False


@dataclass(frozen=True)
class VaultFileInfo:
    id: int
    name: str = field(repr=False)
    content_type: str
    size: int
    is_original: bool = False
    description: str = field(default="", repr=False)
    sha256: str = field(default="", repr=False)


@dataclass(frozen=True)
class VaultIdentity:
    """What a reveal shows: the people and the scans' metadata (bytes via `vault_file_read`)."""

    petition_id: int
    key_id: str
    persons: tuple[VaultPerson, ...] = field(repr=False)
    files: tuple[VaultFileInfo, ...] = field(repr=False)


@dataclass(frozen=True)
class VaultFileContent:
    id: int
    name: str = field(repr=False)
    content_type: str
    size: int
    data: bytes = field(repr=False)


_PERSON_FIELDS = ("full_name", "id_number", "address", "phone", "email")

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)


def _content_type(data: bytes) -> str:
    """The file's type read from its first bytes (scans: PDF and images), never from its name."""
    for magic, content_type in _SIGNATURES:
        if data.startswith(magic):
            return content_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return "application/octet-stream"


def _person_payload(person: PersonInput) -> dict[str, Any]:
    out: dict[str, Any] = {
        name: str(getattr(person, name) or "").strip() for name in _PERSON_FIELDS
    }
    out["is_representative"] = bool(person.is_representative)
    return out


def _dumps(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@sensitive_variables()
def _payload_parse(plaintext: bytes, what: str, key_id: str) -> dict[str, Any]:
    data: Any = None
    try:
        data = json.loads(plaintext.decode("utf-8"))
    except ValueError:
        data = None
    if not isinstance(data, dict) or data.get("v") != _PAYLOAD_VERSION:
        raise VaultDecryptError(
            _("Dữ liệu giải mã của %(what)s không đúng định dạng (khóa %(id)s).")
            % {"what": what, "id": key_id}
        )
    return data


def _what_entry(petition_id: int) -> str:
    return _("danh tính của hồ sơ #%(id)s") % {"id": petition_id}


def _what_file(file_id: int) -> str:
    return _("tệp bảo mật #%(id)s") % {"id": file_id}


@sensitive_variables()
def _entry_payload(ring: Keyring, entry: VaultEntry) -> dict[str, Any]:
    what = _what_entry(entry.petition_id)
    plaintext = _open(ring, entry.ciphertext, entry.key_id, _entry_aad(entry.petition_id), what)
    return _payload_parse(plaintext, what, entry.key_id)


@sensitive_variables()
def _identity_from_payload(entry: VaultEntry, payload: dict[str, Any]) -> VaultIdentity:
    persons = tuple(
        VaultPerson(
            **{name: str(p.get(name, "")) for name in _PERSON_FIELDS},
            is_representative=bool(p.get("is_representative")),
        )
        for p in payload.get("persons", [])
    )
    files = tuple(
        VaultFileInfo(
            id=int(f["id"]),
            name=str(f.get("name", "")),
            content_type=str(f.get("content_type", "")),
            size=int(f.get("size", 0)),
            is_original=bool(f.get("is_original")),
            description=str(f.get("description", "")),
            sha256=str(f.get("sha256", "")),
        )
        for f in payload.get("files", [])
    )
    return VaultIdentity(
        petition_id=entry.petition_id, key_id=entry.key_id, persons=persons, files=files
    )


# --- Pseudonyms -------------------------------------------------------------------------------


def pseudonym_new(*, organization_id: int | None = None) -> str:
    """Four random uppercase hex digits; with `organization_id`, preferably one unused there."""
    code = secrets.token_hex(2).upper()
    if organization_id is None:
        return code
    for _attempt in range(8):
        if not Petition.objects.filter(organization_id=organization_id, pseudonym=code).exists():
            break
        code = secrets.token_hex(2).upper()
    return code


def pseudonym_label(petition: Petition) -> str:
    """How the denouncer is named everywhere outside the vault: "Người tố cáo #A7F2"."""
    if not petition.pseudonym:
        return _("Người tố cáo")
    return _("Người tố cáo #%(code)s") % {"code": petition.pseudonym}


# --- Permissions ------------------------------------------------------------------------------


def _active(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def _sees_case(user: Any, petition: Petition) -> bool:
    """May read the case through a role that reads petitions (not the Front, not an
    administrator: docs/permissions.md), so a grant never reaches someone who cannot open it."""
    from danvan.petitions.permissions import VIEWER_ROLES

    scope = user_scope(user)
    return scope.is_superuser or petition.organization_id in scope.organizations_for(VIEWER_ROLES)


def can_grant_identity(user: Any, petition: Petition) -> bool:
    """The case's leader (role `leader` at its organisation or above) or a superuser."""
    if not _active(user):
        return False
    scope = user_scope(user)
    return scope.is_superuser or petition.organization_id in scope.subtree_for(Role.LEADER)


def can_view_identity(user: Any, petition: Petition) -> bool:
    """An active, unexpired, unrevoked grant for this user on this case (superusers included),
    and the case still inside the user's scope."""
    if not _active(user) or not _sees_case(user, petition):
        return False
    return IdentityGrant.objects.filter(
        petition_id=petition.pk,
        user_id=user.pk,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).exists()


# --- Writes: store, copy ----------------------------------------------------------------------


def _persons_check(persons: Sequence[PersonInput], *, has_files: bool) -> list[dict[str, Any]]:
    # An anonymous denunciation may still bring handwritten scans: files alone are stored too.
    cleaned = [_person_payload(p) for p in persons]
    if (not cleaned and not has_files) or any(not p["full_name"] for p in cleaned):
        raise ValidationFailed(
            _("Cần họ và tên của người tố cáo để lưu vào kho bảo mật."),
            fields={"petitioners": _("Nhập họ và tên của từng người tố cáo.")},
        )
    return cleaned


@sensitive_variables()
def _store(
    ring: Keyring,
    petition: Petition,
    persons: list[dict[str, Any]],
    files: Iterable[tuple[dict[str, Any], bytes]],
) -> VaultEntry:
    if VaultEntry.objects.filter(petition_id=petition.pk).exists():
        raise Conflict(_("Hồ sơ này đã có danh tính trong kho bảo mật."))
    if not petition.pseudonym:
        petition.pseudonym = pseudonym_new(organization_id=petition.organization_id)
        Petition.objects.filter(pk=petition.pk).update(pseudonym=petition.pseudonym)
    # The entry is sealed last, once its files have ids; all in the caller's transaction.
    entry = VaultEntry.objects.create(petition=petition, ciphertext=b"", key_id="")
    infos: list[dict[str, Any]] = []
    for meta, data in files:
        token, key_id = _seal(ring, data, _file_aad(entry.pk))
        row = VaultFile.objects.create(entry=entry, ciphertext=token, key_id=key_id, size=len(data))
        infos.append({**meta, "id": row.pk, "size": len(data)})
    payload = {"v": _PAYLOAD_VERSION, "persons": persons, "files": infos}
    entry.ciphertext, entry.key_id = _seal(ring, _dumps(payload), _entry_aad(petition.pk))
    entry.save(update_fields=["ciphertext", "key_id", "updated_at"])
    return entry


@sensitive_variables()
def vault_store(
    *, petition: Petition, persons: Sequence[PersonInput], files: Sequence[FileInput] = ()
) -> VaultEntry:
    """Encrypt a denouncer's identity (and their scans) for `petition`.

    Called by intake inside its transaction; not audited here (the registration is). Sets the
    petition's pseudonym when it has none. Raises `VaultKeyError` before writing anything when
    no key is configured, `Conflict` when the case already has an entry.
    """
    if petition.pk is None:
        raise ValueError("vault_store: the petition must be saved first.")
    cleaned = _persons_check(persons, has_files=bool(files))
    ring = vault_keyring()
    prepared = []
    for f in files:
        data = bytes(f.data)
        meta = {
            "name": f.name.strip(),
            "content_type": _content_type(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "is_original": bool(f.is_original),
            "description": f.description.strip(),
        }
        prepared.append((meta, data))
    with transaction.atomic():
        return _store(ring, petition, cleaned, prepared)


@sensitive_variables()
def vault_copy(*, source: Petition, target: Petition) -> VaultEntry | None:
    """Give `target` (the case a transfer opened) the identity and scans of `source`.

    Re-encrypted for the new case (ciphertexts are bound to their case); the pseudonym is kept.
    Returns None when `source` has no vault entry. Called by the transfer service in its
    transaction, which audits the transfer.
    """
    entry = VaultEntry.objects.filter(petition_id=source.pk).first()
    if entry is None:
        return None
    ring = vault_keyring()
    payload = _entry_payload(ring, entry)
    files_by_id = {row.pk: row for row in VaultFile.objects.filter(entry=entry)}
    prepared: list[tuple[dict[str, Any], bytes]] = []
    for info in payload.get("files", []):
        row = files_by_id.get(int(info["id"]))
        if row is None:
            raise VaultDecryptError(
                _("Thiếu %(what)s của hồ sơ #%(id)s.")
                % {"what": _what_file(int(info["id"])), "id": source.pk}
            )
        data = _open(ring, row.ciphertext, row.key_id, _file_aad(entry.pk), _what_file(row.pk))
        meta = {k: v for k, v in info.items() if k not in ("id", "size")}
        prepared.append((meta, data))
    with transaction.atomic():
        if source.pseudonym and target.pseudonym != source.pseudonym:
            target.pseudonym = source.pseudonym
            Petition.objects.filter(pk=target.pk).update(pseudonym=source.pseudonym)
        return _store(ring, target, list(payload.get("persons", [])), prepared)


# --- Reveals ----------------------------------------------------------------------------------


def _reason_clean(reason: str, *, field_name: str = "reason") -> str:
    text = " ".join((reason or "").split())
    if len(text) < REASON_MIN_LENGTH:
        raise ReasonRequired(
            _("Cần nêu lý do (ít nhất %(n)d ký tự).") % {"n": REASON_MIN_LENGTH},
            fields={
                field_name: _("Nhập lý do cụ thể, ít nhất %(n)d ký tự.") % {"n": REASON_MIN_LENGTH}
            },
        )
    return text


def _view_check(*, petition: Petition, actor: Any, reason: str) -> str:
    text = _reason_clean(reason)
    if not can_view_identity(actor, petition):
        raise PermissionDenied(
            _(
                "Bạn chưa được cấp quyền xem danh tính người tố cáo của hồ sơ này (hoặc quyền đã "
                "hết hạn, bị thu hồi). Đề nghị lãnh đạo phụ trách hồ sơ cấp quyền."
            )
        )
    return text


def _entry_get(petition: Petition) -> VaultEntry:
    entry = VaultEntry.objects.filter(petition_id=petition.pk).first()
    if entry is None:
        raise NotFound(_("Hồ sơ này không có danh tính người tố cáo trong kho bảo mật."))
    return entry


@sensitive_variables()
def vault_reveal(*, petition: Petition, actor: Any, reason: str) -> VaultIdentity:
    """The denouncer's identity, for a user holding a grant on the case, after a reason.

    Every reveal is audited (`petition.identity_reveal`, the reason only) in the same
    transaction as the decryption.
    """
    text = _view_check(petition=petition, actor=actor, reason=reason)
    ring = vault_keyring()
    with transaction.atomic():
        entry = _entry_get(petition)
        audit_record(
            actor=actor,
            verb="petition.identity_reveal",
            target=petition,
            changes={"reason": ("", text)},
        )
        identity = _identity_from_payload(entry, _entry_payload(ring, entry))
    return identity


@sensitive_variables()
def vault_file_read(
    *, petition: Petition, actor: Any, file_id: int, reason: str
) -> VaultFileContent:
    """One scan's bytes, for a user holding a grant on the case; audited like a reveal."""
    text = _view_check(petition=petition, actor=actor, reason=reason)
    ring = vault_keyring()
    with transaction.atomic():
        entry = _entry_get(petition)
        row = VaultFile.objects.filter(entry=entry, pk=file_id).first()
        if row is None:
            raise NotFound(_("Không có tệp bảo mật này trong hồ sơ."))
        audit_record(
            actor=actor,
            verb="petition.identity_file_read",
            target=petition,
            changes={"reason": ("", text), "file": ("", row.pk)},
        )
        payload = _entry_payload(ring, entry)
        info = next((f for f in payload.get("files", []) if int(f.get("id", 0)) == row.pk), None)
        if info is None:
            raise VaultDecryptError(
                _("Danh tính của hồ sơ #%(id)s không ghi nhận %(what)s.")
                % {"id": petition.pk, "what": _what_file(row.pk)}
            )
        data = _open(ring, row.ciphertext, row.key_id, _file_aad(entry.pk), _what_file(row.pk))
    return VaultFileContent(
        id=row.pk,
        name=str(info.get("name", "")),
        content_type=str(info.get("content_type", "")),
        size=len(data),
        data=data,
    )


# --- Grants -----------------------------------------------------------------------------------


def _actor_label(actor: Any) -> str:
    if actor is None:
        return "system"
    return str(getattr(actor, "full_name", "") or actor.get_username())


def identity_grant_list(*, petition: Petition) -> models.QuerySet[IdentityGrant]:
    """The grants on a case, active and past, newest first (for the leader's case page)."""
    return (
        IdentityGrant.objects.filter(petition_id=petition.pk)
        .select_related("user", "granted_by")
        .order_by("-created_at", "-id")
    )


def identity_grant_create(
    *,
    petition: Petition,
    actor: Any,
    user: Any,
    reason: str,
    expires_at: datetime,
    via: str = "",
) -> IdentityGrant:
    """The case's leader lets `user` see the denouncer's identity until `expires_at`.

    `via` names the channel when it is not the web (the CLI passes "cli"); it goes to the audit.
    """
    if not can_grant_identity(actor, petition):
        raise PermissionDenied(
            _("Chỉ lãnh đạo phụ trách hồ sơ mới cấp quyền xem danh tính người tố cáo.")
        )
    text = _reason_clean(reason)
    now = timezone.now()
    if timezone.is_naive(expires_at):
        expires_at = timezone.make_aware(expires_at)
    if expires_at <= now or expires_at > now + timedelta(days=GRANT_MAX_DAYS):
        raise ValidationFailed(
            _("Thời hạn quyền xem danh tính phải sau hiện tại và không quá %(n)d ngày.")
            % {"n": GRANT_MAX_DAYS},
            fields={
                "expires_at": _("Chọn ngày hết hạn trong vòng %(n)d ngày tới.")
                % {"n": GRANT_MAX_DAYS}
            },
        )
    if not _active(user) or not _sees_case(user, petition):
        raise ValidationFailed(
            _("Người được cấp quyền phải là tài khoản đang hoạt động và xem được hồ sơ này."),
            fields={"user": _("Chọn cán bộ thuộc phạm vi được xem hồ sơ.")},
        )
    if not VaultEntry.objects.filter(petition_id=petition.pk).exists():
        raise NotFound(_("Hồ sơ này không có danh tính người tố cáo trong kho bảo mật."))
    with transaction.atomic():
        grant = IdentityGrant.objects.create(
            petition=petition, user=user, granted_by=actor, reason=text, expires_at=expires_at
        )
        changes: dict[str, tuple[Any, Any]] = {
            "grantee": ("", user.get_username()),
            "expires_at": ("", expires_at),
            "reason": ("", text),
        }
        if via:
            changes["via"] = ("", via)
        audit_record(actor=actor, verb="petition.identity_grant", target=petition, changes=changes)
        PetitionEvent.objects.create(
            petition=petition,
            on=timezone.localdate(),
            actor=actor,
            actor_label=_actor_label(actor),
            verb="identity_grant",
            reason=text,
            data={
                "grant_id": grant.pk,
                "user_id": user.pk,
                "username": user.get_username(),
                "expires_at": expires_at.isoformat(),
            },
        )
    return grant


def identity_grant_revoke(
    *, grant: IdentityGrant, actor: Any, reason: str = "", via: str = ""
) -> IdentityGrant:
    """The case's leader ends a grant before it expires."""
    petition = grant.petition
    if not can_grant_identity(actor, petition):
        raise PermissionDenied(
            _("Chỉ lãnh đạo phụ trách hồ sơ mới thu hồi quyền xem danh tính người tố cáo.")
        )
    text = " ".join((reason or "").split())
    with transaction.atomic():
        now = timezone.now()
        updated = IdentityGrant.objects.filter(pk=grant.pk, revoked_at__isnull=True).update(
            revoked_at=now
        )
        if updated != 1:
            raise Conflict(_("Quyền xem danh tính này đã bị thu hồi trước đó."))
        grant.revoked_at = now
        changes: dict[str, tuple[Any, Any]] = {
            "grantee": (grant.user.get_username(), ""),
            "revoked_at": ("", now),
        }
        if text:
            changes["reason"] = ("", text)
        if via:
            changes["via"] = ("", via)
        audit_record(
            actor=actor, verb="petition.identity_grant_revoke", target=petition, changes=changes
        )
        PetitionEvent.objects.create(
            petition=petition,
            on=timezone.localdate(),
            actor=actor,
            actor_label=_actor_label(actor),
            verb="identity_revoke",
            reason=text,
            data={"grant_id": grant.pk, "user_id": grant.user_id},
        )
    return grant


# --- Rotation and check -----------------------------------------------------------------------


@dataclass(frozen=True)
class RotationResult:
    primary_key_id: str
    entries_rotated: int
    entries_unchanged: int
    files_rotated: int
    files_unchanged: int
    # Configured keys that no row uses any more: they may now be removed from the configuration.
    unused_key_ids: tuple[str, ...]


def _key_ids_in_use() -> set[str]:
    used = set(VaultEntry.objects.values_list("key_id", flat=True).distinct())
    used |= set(VaultFile.objects.values_list("key_id", flat=True).distinct())
    return used


@sensitive_variables()
def _rotate_batch(
    ring: Keyring, model: type[VaultEntry] | type[VaultFile], after: int, size: int
) -> tuple[int, int]:
    """Re-encrypt up to `size` rows with pk > `after` not under the primary key.

    Returns (rows rotated, last pk seen); (0, after) when nothing is left.
    """
    primary = ring.primary.key_id
    rotated = 0
    last = after
    with transaction.atomic():
        if model is VaultEntry:
            entries = list(
                VaultEntry.objects.select_for_update()
                .filter(pk__gt=after)
                .exclude(key_id=primary)
                .order_by("pk")[:size]
            )
            for entry in entries:
                aad = _entry_aad(entry.petition_id)
                what = _what_entry(entry.petition_id)
                plaintext = _open(ring, entry.ciphertext, entry.key_id, aad, what)
                entry.ciphertext, entry.key_id = _seal(ring, plaintext, aad)
                entry.save(update_fields=["ciphertext", "key_id", "updated_at"])
                rotated += 1
                last = entry.pk
        else:
            files = list(
                VaultFile.objects.select_for_update()
                .filter(pk__gt=after)
                .exclude(key_id=primary)
                .order_by("pk")[:size]
            )
            for row in files:
                aad = _file_aad(row.entry_id)
                plaintext = _open(ring, row.ciphertext, row.key_id, aad, _what_file(row.pk))
                row.ciphertext, row.key_id = _seal(ring, plaintext, aad)
                row.save(update_fields=["ciphertext", "key_id"])
                rotated += 1
                last = row.pk
    return rotated, last


def vault_rotate_key(
    *, new_key: str | None = None, batch_size: int = 200, file_batch_size: int = 20
) -> RotationResult:
    """Re-encrypt every entry and file under the primary (first) configured key.

    With `new_key`, that key is first made primary (written at the top of the key file; with
    `DANVAN_VAULT_KEY` it must already be first). Batches commit one by one, so an interrupted
    run is simply run again (rows already under the primary key are skipped). Refuses, before
    changing anything, when some row uses a key that is not configured.
    """
    if new_key is not None:
        _key_install(new_key)
    ring = vault_keyring()
    missing = sorted(_key_ids_in_use() - set(ring.key_ids))
    if missing:
        raise VaultKeyError(
            _(
                "Không đổi khóa được: có dữ liệu mã hóa bằng khóa %(ids)s không có trong cấu hình. "
                "Thêm lại các khóa đó (sau khóa mới) rồi chạy lại; chưa có gì thay đổi."
            )
            % {"ids": ", ".join(missing)}
        )
    primary = ring.primary.key_id
    entries_total = VaultEntry.objects.count()
    files_total = VaultFile.objects.count()
    counts: dict[str, int] = {}
    for label, model, size in (
        ("entries", VaultEntry, batch_size),
        ("files", VaultFile, file_batch_size),
    ):
        done, last = 0, 0
        while True:
            rotated, last = _rotate_batch(ring, model, last, max(1, size))
            if rotated == 0:
                break
            done += rotated
        counts[label] = done
    in_use = _key_ids_in_use()
    return RotationResult(
        primary_key_id=primary,
        entries_rotated=counts["entries"],
        entries_unchanged=max(0, entries_total - counts["entries"]),
        files_rotated=counts["files"],
        files_unchanged=max(0, files_total - counts["files"]),
        unused_key_ids=tuple(k for k in ring.key_ids if k not in in_use),
    )


@dataclass(frozen=True)
class CheckResult:
    primary_key_id: str
    entries_ok: int
    entries_failed: int
    files_ok: int
    files_failed: int
    # One line per failure: which row, which key, why; never any contents.
    failures: tuple[str, ...]
    # key_id -> (entries, files) encrypted with it.
    key_usage: dict[str, tuple[int, int]]

    @property
    def ok(self) -> bool:
        return self.entries_failed == 0 and self.files_failed == 0


@sensitive_variables()
def vault_check() -> CheckResult:
    """Decrypt every entry and file (and match each file to its entry's checksum)."""
    ring = vault_keyring()
    failures: list[str] = []
    usage: dict[str, list[int]] = {}
    entries_ok = entries_failed = files_ok = files_failed = 0
    checksums: dict[int, str] = {}
    for entry in VaultEntry.objects.order_by("pk").iterator(chunk_size=200):
        usage.setdefault(entry.key_id, [0, 0])[0] += 1
        try:
            payload = _entry_payload(ring, entry)
        except VaultKeyError as exc:
            entries_failed += 1
            failures.append(exc.message)
            continue
        entries_ok += 1
        for info in payload.get("files", []):
            checksums[int(info.get("id", 0))] = str(info.get("sha256", ""))
    for row in VaultFile.objects.order_by("pk").iterator(chunk_size=20):
        usage.setdefault(row.key_id, [0, 0])[1] += 1
        what = _what_file(row.pk)
        try:
            data = _open(ring, row.ciphertext, row.key_id, _file_aad(row.entry_id), what)
        except VaultKeyError as exc:
            files_failed += 1
            failures.append(exc.message)
            continue
        expected = checksums.get(row.pk)
        if expected is not None and expected and hashlib.sha256(data).hexdigest() != expected:
            files_failed += 1
            failures.append(_("%(what)s không khớp mã kiểm tra đã lưu.") % {"what": what})
            continue
        files_ok += 1
    return CheckResult(
        primary_key_id=ring.primary.key_id,
        entries_ok=entries_ok,
        entries_failed=entries_failed,
        files_ok=files_ok,
        files_failed=files_failed,
        failures=tuple(failures),
        key_usage={k: (v[0], v[1]) for k, v in sorted(usage.items())},
    )
