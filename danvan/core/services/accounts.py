"""Writes about people: accounts, roles at organisations, passwords, sign-in and API tokens.

Every function checks first (permission, input), then changes rows inside one transaction
together with the audit event. `actor=None` means the operator at the command line (`danvan
user ...`), who may do everything. Passwords are recorded in the audit log only as changed,
never as a value or a hash.

Sign-in (web form and `POST /api/v1/auth/token`) goes through `login_authenticate`, which
counts every attempt per username and per client address in Django's cache *before* the
password is checked, and refuses an attempt once DANVAN_LOGIN_MAX_FAILURES attempts lie within
the last DANVAN_LOGIN_WINDOW_SECONDS (a success clears the username's count and gives the
address its attempt back, so the counts are failures plus attempts in progress).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import secrets
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import ASCIIUsernameValidator
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import EmailValidator
from django.db import DatabaseError, IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import permissions
from danvan.core.errors import Conflict, DomainError, PermissionDenied, ValidationFailed
from danvan.core.models import ApiToken, Membership, Organization, Role, User
from danvan.core.selectors.scope import scope_reset
from danvan.core.services.audit import audit_record
from danvan.text import fold

TOKEN_PREFIX = "dv_"
# ASCII only: usernames are typed on any keyboard and compared case-insensitively.
_USERNAME_VALIDATOR = ASCIIUsernameValidator()
# Write last_used_at at most this often per token: a read-only API call should not take the
# database write lock on every request.
TOKEN_TOUCH_SECONDS = 300


class InvalidCredentials(DomainError):
    code = "invalid_credentials"
    status = 401


class LoginThrottled(DomainError):
    code = "throttled"
    status = 429

    def __init__(self, retry_after: int):
        minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(
            _(
                "Đăng nhập sai quá nhiều lần. Tài khoản hoặc địa chỉ này tạm bị khóa; "
                "vui lòng thử lại sau %(minutes)d phút."
            )
            % {"minutes": minutes}
        )
        self.retry_after = retry_after


# --- Helpers --------------------------------------------------------------------------------


def _is_system(actor: Any) -> bool:
    return actor is None


def _require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied(
            _("Bạn không có quyền thực hiện thao tác này với người dùng hoặc cơ quan đã chọn.")
        )


def _password_message(error: DjangoValidationError) -> str:
    # Django's Vietnamese catalogue misses some validator messages; say them ourselves.
    params = error.params or {}
    if error.code == "password_too_short":
        return _("Mật khẩu quá ngắn: cần ít nhất %(min)d ký tự.") % {
            "min": params.get("min_length", 8)
        }
    if error.code == "password_too_common":
        return _("Mật khẩu này quá phổ biến.")
    if error.code == "password_entirely_numeric":
        return _("Mật khẩu không được chỉ gồm chữ số.")
    if error.code == "password_too_similar":
        return _("Mật khẩu quá giống thông tin của tài khoản.")
    return " ".join(str(m) for m in error.messages)


def _password_errors(password: str, user: User | None) -> None:
    if not password:
        raise ValidationFailed(
            _("Cần nhập mật khẩu."), fields={"password": _("Cần nhập mật khẩu.")}
        )
    try:
        validate_password(password, user)
    except DjangoValidationError as exc:
        text = " ".join(_password_message(e) for e in exc.error_list)
        raise ValidationFailed(
            _("Mật khẩu chưa đạt yêu cầu: %(reasons)s") % {"reasons": text},
            fields={"password": text},
        ) from None


def _search_name(user: User) -> str:
    return fold(f"{user.username} {user.full_name}")[:450]


def normalize_username(username: str) -> str:
    return username.strip().lower()


def _clean_profile(*, full_name: str, position: str, phone: str, email: str) -> dict[str, str]:
    data = {
        "full_name": " ".join(full_name.split()),
        "position": " ".join(position.split()),
        "phone": phone.strip(),
        "email": email.strip().lower(),
    }
    fields: dict[str, str] = {}
    limits = {"full_name": 200, "position": 200, "phone": 30}
    for name, limit in limits.items():
        if len(data[name]) > limit:
            fields[name] = _("Dài quá %(limit)d ký tự.") % {"limit": limit}
    if data["email"]:
        try:
            EmailValidator()(data["email"])
        except DjangoValidationError:
            fields["email"] = _("Địa chỉ thư điện tử không hợp lệ.")
    if fields:
        raise ValidationFailed(_("Thông tin người dùng chưa hợp lệ."), fields=fields)
    return data


def _check_role(role: str) -> str:
    if role not in Role.values:
        raise ValidationFailed(
            _("Vai trò «%(role)s» không tồn tại. Các vai trò: %(roles)s.")
            % {"role": role, "roles": ", ".join(Role.values)},
            fields={"role": _("Vai trò không hợp lệ.")},
        )
    return role


# --- Users ----------------------------------------------------------------------------------


def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    full_name: str = "",
    position: str = "",
    phone: str = "",
    email: str = "",
    organization: Organization | None = None,
    role: str | None = None,
) -> User:
    """Create an account, with its first role when `organization` and `role` are given.

    Only the command line (actor None) may create a user without a role; an administrator
    creates users inside the organisations they administer.
    """
    if (organization is None) != (role is None):
        raise ValidationFailed(
            _("Cần chọn cả cơ quan và vai trò."),
            fields={"organization" if organization is None else "role": _("Cần chọn.")},
        )
    if not _is_system(actor):
        if organization is None:
            raise ValidationFailed(
                _("Cần chọn cơ quan và vai trò cho người dùng mới."),
                fields={"organization": _("Cần chọn."), "role": _("Cần chọn.")},
            )
        _require(permissions.can_manage_users(actor, organization))
    if role is not None:
        _check_role(role)
    username = normalize_username(username)
    fields: dict[str, str] = {}
    if not username:
        fields["username"] = _("Cần nhập tên đăng nhập.")
    else:
        try:
            _USERNAME_VALIDATOR(username)
        except DjangoValidationError:
            fields["username"] = _(
                "Tên đăng nhập chỉ gồm chữ không dấu, chữ số và các ký tự @ . + - _"
            )
        if len(username) > 150:
            fields["username"] = _("Tên đăng nhập dài quá 150 ký tự.")
    if fields:
        raise ValidationFailed(_("Tên đăng nhập chưa hợp lệ."), fields=fields)
    profile = _clean_profile(full_name=full_name, position=position, phone=phone, email=email)
    candidate = User(username=username, **profile)
    _password_errors(password, candidate)
    if organization is not None and not organization.is_active:
        raise ValidationFailed(
            _("Cơ quan «%(org)s» đã ngừng hoạt động.") % {"org": organization.name},
            fields={"organization": _("Cơ quan đã ngừng hoạt động.")},
        )

    with transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            raise Conflict(
                _("Tên đăng nhập «%(username)s» đã có người dùng.") % {"username": username},
                fields={"username": _("Tên đăng nhập đã có người dùng.")},
            )
        candidate.set_password(password)
        candidate.search_name = _search_name(candidate)
        try:
            with transaction.atomic():
                candidate.save()
        except IntegrityError:
            raise Conflict(
                _("Tên đăng nhập «%(username)s» đã có người dùng.") % {"username": username},
                fields={"username": _("Tên đăng nhập đã có người dùng.")},
            ) from None
        audit_record(
            actor=actor,
            verb="user.create",
            target=candidate,
            changes={
                "username": (None, username),
                **{name: (None, value) for name, value in profile.items() if value},
                "is_active": (None, True),
                "password": (None, None),
            },
            redact=["password"],
        )
        if organization is not None and role is not None:
            _grant(actor=actor, user=candidate, organization=organization, role=role)
    return candidate


def user_update(
    *,
    actor: User | None,
    user: User,
    full_name: str | None = None,
    position: str | None = None,
    phone: str | None = None,
    email: str | None = None,
) -> User:
    """Change a user's name, position and contact details (fields left None are kept)."""
    if not _is_system(actor):
        _require(
            actor is not None and (actor.pk == user.pk or permissions.can_manage_user(actor, user))
        )
    profile = _clean_profile(
        full_name=user.full_name if full_name is None else full_name,
        position=user.position if position is None else position,
        phone=user.phone if phone is None else phone,
        email=user.email if email is None else email,
    )
    changes = {
        name: (getattr(user, name), value)
        for name, value in profile.items()
        if getattr(user, name) != value
    }
    if not changes:
        return user
    with transaction.atomic():
        for name, (_old, new) in changes.items():
            setattr(user, name, new)
        user.search_name = _search_name(user)
        user.save(update_fields=[*changes, "search_name"])
        audit_record(actor=actor, verb="user.update", target=user, changes=changes)
    return user


def user_set_password(
    *,
    actor: User | None,
    user: User,
    password: str,
    current_password: str | None = None,
) -> None:
    """Set a new password and revoke the user's API tokens.

    When users change their own password they must give the current one; an administrator
    resetting someone else's does not. Other sessions of the user end (Django checks the
    password hash in the session).
    """
    self_service = actor is not None and actor.pk == user.pk
    if self_service:
        if not current_password or not user.check_password(current_password):
            raise ValidationFailed(
                _("Mật khẩu hiện tại không đúng."),
                fields={"current_password": _("Mật khẩu hiện tại không đúng.")},
            )
    elif not _is_system(actor):
        _require(permissions.can_manage_user(actor, user))
    _password_errors(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_record(
            actor=actor,
            verb="user.password_change" if self_service else "user.password_reset",
            target=user,
            changes={"password": (None, None)},
            redact=["password"],
        )
        _revoke_all_tokens(actor=actor, user=user, reason="password")


def user_deactivate(*, actor: User | None, user: User) -> User:
    """Stop a user from signing in (sessions end at their next request; tokens are revoked)."""
    if not _is_system(actor):
        _require(permissions.can_manage_user(actor, user))
    if actor is not None and actor.pk == user.pk:
        raise Conflict(_("Không thể tự khóa tài khoản của chính mình."))
    if not user.is_active:
        return user
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit_record(
            actor=actor, verb="user.deactivate", target=user, changes={"is_active": (True, False)}
        )
        _revoke_all_tokens(actor=actor, user=user, reason="deactivate")
    return user


def user_activate(*, actor: User | None, user: User) -> User:
    """Let a deactivated user sign in again."""
    if not _is_system(actor):
        _require(permissions.can_manage_user(actor, user))
    if user.is_active:
        return user
    with transaction.atomic():
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit_record(
            actor=actor, verb="user.activate", target=user, changes={"is_active": (False, True)}
        )
    return user


# --- Roles ----------------------------------------------------------------------------------


def membership_grant(
    *, actor: User | None, user: User, organization: Organization, role: str
) -> Membership:
    """Give `user` the `role` at `organization` (an administrator of that organisation or above).

    Nobody but a superuser (or the operator at the command line) grants a role to themselves:
    an administrator could otherwise give themselves, say, `leader` at their province UBND and
    with it province-wide oversight; another administrator has to do it.
    """
    if actor is not None:
        _require(permissions.can_manage_users(actor, organization))
        if actor.pk == user.pk:
            if not actor.is_superuser:
                raise PermissionDenied(
                    _(
                        "Không thể tự giao vai trò cho chính mình; "
                        "hãy nhờ một quản trị viên khác giao vai trò này."
                    )
                )
        else:
            _require(permissions.can_view_user(actor, user))
    _check_role(role)
    if not organization.is_active:
        raise ValidationFailed(
            _("Cơ quan «%(org)s» đã ngừng hoạt động.") % {"org": organization.name},
            fields={"organization": _("Cơ quan đã ngừng hoạt động.")},
        )
    with transaction.atomic():
        membership = _grant(actor=actor, user=user, organization=organization, role=role)
    return membership


def _grant(*, actor: User | None, user: User, organization: Organization, role: str) -> Membership:
    if Membership.objects.filter(user=user, organization=organization, role=role).exists():
        raise Conflict(
            _("%(user)s đã có vai trò %(role)s tại %(org)s.")
            % {"user": user, "role": Role(role).label, "org": organization.name}
        )
    try:
        with transaction.atomic():
            membership = Membership.objects.create(user=user, organization=organization, role=role)
    except IntegrityError:
        raise Conflict(
            _("%(user)s đã có vai trò %(role)s tại %(org)s.")
            % {"user": user, "role": Role(role).label, "org": organization.name}
        ) from None
    audit_record(
        actor=actor,
        verb="membership.grant",
        target=user,
        changes={
            "membership": (None, membership.pk),
            "organization": (None, organization.code),
            "role": (None, role),
        },
    )
    scope_reset(user)
    if actor is not None and actor.pk == user.pk:
        scope_reset(actor)
    return membership


def membership_revoke(*, actor: User | None, membership: Membership) -> None:
    """Take a role away. Administrators cannot take away their own administrator role."""
    organization = membership.organization
    user = membership.user
    if not _is_system(actor):
        if actor is not None and actor.pk == user.pk and membership.role == Role.ADMINISTRATOR:
            raise Conflict(
                _(
                    "Không thể tự thu hồi vai trò quản trị của chính mình; "
                    "hãy nhờ một quản trị viên khác."
                )
            )
        _require(permissions.can_revoke_membership(actor, membership))
    with transaction.atomic():
        deleted, _detail = Membership.objects.filter(pk=membership.pk).delete()
        if not deleted:
            raise Conflict(_("Vai trò này đã được thu hồi trước đó."))
        audit_record(
            actor=actor,
            verb="membership.revoke",
            target=user,
            changes={
                "membership": (membership.pk, None),
                "organization": (organization.code, None),
                "role": (membership.role, None),
            },
        )
    scope_reset(user)
    if actor is not None and actor.pk == user.pk:
        scope_reset(actor)


# --- Sign-in and throttling -----------------------------------------------------------------


def client_address(request: HttpRequest) -> str:
    """The client's IP address, for throttling and the audit log.

    Behind N trusted reverse proxies (DANVAN_TRUSTED_PROXIES=N, each appending to
    X-Forwarded-For), the address the outermost trusted proxy saw; otherwise REMOTE_ADDR.
    """
    proxies = int(getattr(settings, "DANVAN_TRUSTED_PROXIES", 0) or 0)
    remote = str(request.META.get("REMOTE_ADDR", "") or "")
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies][:64]
    return remote[:64]


def _throttle_limits() -> tuple[int, int]:
    max_failures = int(getattr(settings, "DANVAN_LOGIN_MAX_FAILURES", 5))
    window = int(getattr(settings, "DANVAN_LOGIN_WINDOW_SECONDS", 900))
    return max(1, max_failures), max(1, window)


# How the counting works. Each throttle key (one per normalised username, one per client
# address) owns DANVAN_LOGIN_MAX_FAILURES numbered slots per time bucket of
# DANVAN_LOGIN_WINDOW_SECONDS; an attempt must claim a free slot with `cache.add`, which is
# atomic on every cache Django ships that we support (LocMemCache: under its lock; RedisCache:
# SET NX; DatabaseCache: an INSERT against the primary key). The count is never read, changed
# and written back, so parallel attempts cannot overwrite each other. Slot keys are never
# reused (the bucket number is part of the key), because DatabaseCache's `add` over an expired
# row is an UPDATE that two racers can both win; `incr` is not used for the same reason (it is
# get-then-set on DatabaseCache). The stored value is the attempt's time, so the window
# slides: the previous bucket's attempts still inside the window take slots away from the
# current one, and a locked key opens again when its oldest attempt leaves the window.


@dataclass(frozen=True)
class _Claim:
    """A slot an attempt holds for one throttle key."""

    base: str
    slot: str
    per_username: bool


def _throttle_keys(username: str, client_ip: str) -> list[tuple[str, bool]]:
    """(key prefix, is the username's) for the address, then the normalised username."""
    keys: list[tuple[str, bool]] = []
    if client_ip:
        digest = hashlib.sha256(client_ip.encode("utf-8")).hexdigest()
        keys.append((f"danvan:login-attempts:addr:{digest[:40]}", False))
    username = normalize_username(username)
    if username:
        digest = hashlib.sha256(username.encode("utf-8")).hexdigest()
        keys.append((f"danvan:login-attempts:user:{digest[:40]}", True))
    return keys


def _slot_keys(base: str, bucket: int, limit: int) -> list[str]:
    return [f"{base}:{bucket}:{n}" for n in range(limit)]


def _slots_around(base: str, bucket: int, limit: int) -> list[str]:
    return [key for b in (bucket - 1, bucket, bucket + 1) for key in _slot_keys(base, b, limit)]


def _stamps(values: dict[str, Any], since: float) -> list[float]:
    """The attempt times after `since`, oldest first (anything else in the cache is ignored)."""
    return sorted(
        float(v)
        for v in values.values()
        if isinstance(v, int | float) and not isinstance(v, bool) and float(v) > since
    )


def _key_wait(base: str, limit: int, window: int) -> int:
    """Seconds until the key has a free slot again (0: free now)."""
    now = time.time()
    stamps = _stamps(cache.get_many(_slots_around(base, int(now // window), limit)), now - window)
    if len(stamps) < limit:
        return 0
    wait = stamps[len(stamps) - limit] + window - now
    return math.ceil(wait) if wait > 0 else 0


def _slot_claim(base: str, limit: int, window: int) -> str | None:
    """Claim a slot for an attempt now, or None when `limit` attempts are in the window."""
    now = time.time()
    bucket = int(now // window)
    previous = _slot_keys(base, bucket - 1, limit)
    current = _slot_keys(base, bucket, limit)
    following = _slot_keys(base, bucket + 1, limit)
    held = cache.get_many([*previous, *current, *following])
    # Slots of this bucket left for now: the limit less the previous bucket's attempts still
    # in the window (and any already in the next bucket, from a clock a little ahead).
    taken_elsewhere = len(_stamps({k: held[k] for k in previous if k in held}, now - window))
    taken_elsewhere += sum(1 for k in following if k in held)
    timeout = max(1, math.ceil((bucket + 2) * window - now))
    for slot in current[: max(0, limit - taken_elsewhere)]:
        if slot in held or not cache.add(slot, now, timeout=timeout):
            continue
        # Two attempts on either side of a bucket boundary each read the other's bucket before
        # the other wrote to it; re-reading after our own write, at least one of them sees
        # the other and gives way.
        after = time.time()
        recount = _stamps(cache.get_many(_slots_around(base, bucket, limit)), after - window)
        if len(recount) > limit:
            cache.delete(slot)
            return None
        return slot
    return None


def _login_attempt_begin(username: str, client_ip: str) -> list[_Claim]:
    """Count one sign-in attempt against the address and the username, or refuse it.

    Raises `LoginThrottled` when either key has no slot left, giving back any slot this
    attempt had already claimed for the other key.
    """
    limit, window = _throttle_limits()
    claims: list[_Claim] = []
    for base, per_username in _throttle_keys(username, client_ip):
        slot = _slot_claim(base, limit, window)
        if slot is None:
            if claims:
                cache.delete_many([c.slot for c in claims])
            raise LoginThrottled(max(1, _key_wait(base, limit, window)))
        claims.append(_Claim(base=base, slot=slot, per_username=per_username))
    return claims


def _login_attempt_succeeded(claims: list[_Claim]) -> None:
    # The username's count starts again; the address only gets this attempt back, so one
    # address cannot keep guessing other usernames after one success, while many people
    # signing in behind one office NAT never lock it.
    limit, window = _throttle_limits()
    bucket = int(time.time() // window)
    for claim in claims:
        if claim.per_username:
            cache.delete_many(_slots_around(claim.base, bucket, limit))
        else:
            cache.delete(claim.slot)


def login_throttle_wait(*, username: str, client_ip: str) -> int:
    """Seconds until a sign-in for this username / address is allowed again (0: allowed now).

    Refused while DANVAN_LOGIN_MAX_FAILURES counted attempts lie within the last
    DANVAN_LOGIN_WINDOW_SECONDS, until the oldest of them leaves the window.
    """
    limit, window = _throttle_limits()
    return max(
        (_key_wait(base, limit, window) for base, _user in _throttle_keys(username, client_ip)),
        default=0,
    )


def login_authenticate(
    *,
    request: HttpRequest | None,
    username: str,
    password: str,
    client_ip: str,
) -> User:
    """Check a username and password, with throttling; the caller then starts the session.

    The attempt is counted first (atomically, see above); `LoginThrottled` (429) when the
    username or the address has no attempt left, without checking the password;
    `InvalidCredentials` (401) for a wrong or inactive account. Usernames are ASCII and
    stored lower-case: the typed one is stripped and lower-cased like a stored one, and one
    with any other character is refused without being looked up (the database's
    case-insensitive comparison would otherwise match look-alikes such as the dotless «ı»,
    which PostgreSQL upper-cases to «I»).
    """
    typed = username.strip()
    username = normalize_username(typed)
    claims = _login_attempt_begin(username, client_ip)
    user = None
    if username and typed.isascii():
        exact = list(
            User.objects.filter(username__iexact=username).values_list("username", flat=True)[:2]
        )
        lookup = exact[0] if len(exact) == 1 else username
        user = authenticate(request, username=lookup, password=password)
    if user is None or not isinstance(user, User):
        # The claimed slots stay: they are the record of this failure.
        raise InvalidCredentials(
            _("Tên đăng nhập hoặc mật khẩu không đúng (hoặc tài khoản đã bị khóa).")
        )
    _login_attempt_succeeded(claims)
    return user


def login_record(*, user: User, client_ip: str, channel: str = "web") -> None:
    """Record a successful web sign-in in the audit log."""
    with transaction.atomic():
        audit_record(
            actor=user,
            verb="user.login",
            target=user,
            changes={"channel": (None, channel), "client_address": (None, client_ip)},
        )


# --- API tokens -----------------------------------------------------------------------------


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def api_token_issue(*, user: User, client_ip: str = "") -> tuple[ApiToken, str]:
    """A new bearer token for `user`; the secret is returned once and stored only as a digest."""
    if not user.is_active:
        raise InvalidCredentials(_("Tài khoản đã bị khóa."))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    days = int(getattr(settings, "DANVAN_API_TOKEN_DAYS", 30))
    expires_at = timezone.now() + dt.timedelta(days=max(1, days))
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, digest=token_digest(raw), prefix=raw[:11], expires_at=expires_at
        )
        audit_record(
            actor=user,
            verb="api_token.issue",
            target=user,
            changes={
                "token": (None, token.prefix),
                "expires_at": (None, expires_at),
                "client_address": (None, client_ip),
            },
        )
    return token, raw


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The live token matching `raw` (not revoked, not expired, user active), or None."""
    raw = raw.strip()
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            digest=token_digest(raw),
            revoked_at__isnull=True,
            expires_at__gt=now,
            user__is_active=True,
        )
        .first()
    )
    if token is None:
        return None
    if (
        token.last_used_at is None
        or (now - token.last_used_at).total_seconds() > TOKEN_TOUCH_SECONDS
    ):
        try:
            with transaction.atomic():
                ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        except DatabaseError:
            pass  # a read-only database still serves reads: the touch is only a hint
    return token


def api_token_revoke(*, actor: User | None, token: ApiToken) -> None:
    """Revoke one token: its owner, or an administrator who may manage the owner."""
    if not _is_system(actor):
        _require(
            actor is not None
            and (actor.pk == token.user_id or permissions.can_manage_user(actor, token.user))
        )
    with transaction.atomic():
        revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if revoked:
            audit_record(
                actor=actor,
                verb="api_token.revoke",
                target=token.user,
                changes={"token": (token.prefix, None)},
            )


def _revoke_all_tokens(*, actor: User | None, user: User, reason: str) -> int:
    live = list(
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).values_list("pk", "prefix")
    )
    if not live:
        return 0
    ApiToken.objects.filter(pk__in=[pk for pk, _prefix in live]).update(revoked_at=timezone.now())
    audit_record(
        actor=actor,
        verb="api_token.revoke",
        target=user,
        changes={"token": ([prefix for _pk, prefix in live], None), "reason": (None, reason)},
    )
    return len(live)
