"""People, the roles they hold at organisations, and API tokens."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.models.choices import ChoiceLabels


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Quản trị")
    LEADER = "leader", _("Lãnh đạo")
    OFFICER = "officer", _("Cán bộ, chuyên viên")
    PARTY_COMMITTEE = "party_committee", _("Cấp ủy")
    FRONT = "front", _("Mặt trận, đoàn thể")
    INSPECTOR = "inspector", _("Thanh tra")
    VIEWER = "viewer", _("Chỉ xem")


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    # Folded username + full name (diacritic- and đ-insensitive), kept by the account services.
    search_name = models.CharField(max_length=450, db_index=True, editable=False, default="")

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username


class Membership(ChoiceLabels, models.Model):
    """A role held by a user at an organisation; scope flows down from the organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="membership_uniq"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in Role]), name="membership_role_valid"
            ),
        ]
        indexes = [models.Index(fields=["organization", "role"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organization}"


class ApiToken(models.Model):
    """Bearer token for the API; only a SHA-256 digest of the secret is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")
        indexes = [models.Index(fields=["user", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


class ScopeGeneration(models.Model):
    """One row whose `token` changes, by database triggers, whenever anything a user's scope is
    computed from changes: a role (`Membership`), the organisation tree or the administrative
    units' (`danvan.core.selectors.scope`), and whenever a day swap of the work calendar or a
    deadline rule version changes (migration `core/0010`). The servers keep computed scopes in
    memory under (user, token), and the work calendar and the rules under the token, so a
    change made anywhere (a service, a bulk load, raw SQL, another server) is seen at the next
    request. The token is random, not a counter: a rolled-back change or a
    restored backup never gives an old token to a different state. Triggers: migration
    `core/0007_scope_generation`; `tests/core/test_scope_cache.py` checks they exist."""

    token = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "scope generation"
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="scope_generation_single_row")
        ]

    def __str__(self) -> str:
        return str(self.token)
