from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import AuditedModel


class User(AbstractUser):
    """Staff account; what it may see and change comes from its RoleAssignments."""

    full_name = models.CharField(_("họ và tên"), max_length=120, blank=True)

    def __str__(self) -> str:
        return self.full_name or self.username


class RoleAssignment(AuditedModel):
    class Role(models.TextChoices):
        PROVINCE_OFFICER = "province_officer", _("Cán bộ Ban/Sở TĐKT tỉnh")
        BLOC_HEAD = "bloc_head", _("Khối trưởng, đơn vị đăng cai")
        UNIT_OFFICER = "unit_officer", _("Cán bộ TĐKT đơn vị")
        COUNCIL_MEMBER = "council_member", _("Thành viên Hội đồng TĐKT")
        PORTAL_EDITOR = "portal_editor", _("Biên tập viên cổng thông tin")
        LEADER = "leader", _("Lãnh đạo ký quyết định")

    user = models.ForeignKey(User, models.CASCADE, related_name="roles")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role)
    unit = models.ForeignKey(
        "units.OrgUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("đơn vị"),
        help_text=_("Đơn vị mà vai trò có hiệu lực (cùng các đơn vị trực thuộc)."),
    )
    bloc = models.ForeignKey(
        "units.EmulationBloc",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("khối thi đua"),
    )

    class Meta:
        verbose_name = _("phân vai trò")
        verbose_name_plural = _("phân vai trò")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "unit", "bloc"], name="accounts_role_unique"
            ),
            models.CheckConstraint(
                condition=~Q(role="unit_officer") | Q(unit__isnull=False),
                name="accounts_role_unit_officer_has_unit",
            ),
            models.CheckConstraint(
                condition=~Q(role="bloc_head") | Q(bloc__isnull=False),
                name="accounts_role_bloc_head_has_bloc",
            ),
        ]

    def __str__(self) -> str:
        scope = self.bloc or self.unit or ""
        return f"{self.user}: {self.get_role_display()} {scope}".strip()


class ApiToken(models.Model):
    """A bearer token for the API; only its SHA-256 is stored. It stops working
    when it expires or is revoked (the row stays, for the audit)."""

    user = models.ForeignKey(User, models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=80)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")

    def __str__(self) -> str:
        return f"{self.user}: {self.name}"


class Invitation(models.Model):
    """A one-time code with which a new account sets its own password.

    Only the code's SHA-256 is stored; the code itself is shown once (printed list)
    or sent once (e-mail link). An administrator never types or sees a password.
    """

    user = models.ForeignKey(User, models.CASCADE, related_name="invitations")
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    used_at = models.DateTimeField(_("đã dùng lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lời mời kích hoạt tài khoản")
        verbose_name_plural = _("lời mời kích hoạt tài khoản")

    def __str__(self) -> str:
        return f"{self.user} ({self.expires_at:%d/%m/%Y})"
