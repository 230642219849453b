"""Public disclosure of a dossier on the portal and the feedback it receives."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import AuditedModel

from .dossier import Dossier, Nominee


class Disclosure(AuditedModel):
    """Publication of a dossier's accepted nominees on the portal for public comment."""

    dossier = models.OneToOneField(
        Dossier, models.CASCADE, related_name="disclosure", verbose_name=_("hồ sơ")
    )
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến hết ngày"))
    days = models.PositiveSmallIntegerField(_("số ngày công khai"))
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("đợt công khai")
        verbose_name_plural = _("đợt công khai")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="dossiers_disclosure_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Công khai {self.dossier.title} ({self.starts_on:%d/%m}–{self.ends_on:%d/%m/%Y})"


class PublicFeedback(AuditedModel):
    """A citizen's comment on a disclosed nominee; contact details are never published."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        PUBLISHED = "published", _("Đã duyệt, công khai")
        HIDDEN = "hidden", _("Đã duyệt, không công khai")

    audit_private = ("contact",)  # docs/privacy.md: never copied into the audit

    nominee = models.ForeignKey(Nominee, models.CASCADE, related_name="feedback")
    author = models.CharField(_("họ tên người góp ý"), max_length=120)
    contact = models.CharField(
        _("điện thoại hoặc thư điện tử"),
        max_length=120,
        help_text=_("Chỉ cán bộ TĐKT xem được, không công bố."),
    )
    content = models.TextField(_("nội dung"))
    status = models.CharField(
        _("kiểm duyệt"), max_length=10, choices=Status, default=Status.PENDING
    )
    moderation_note = models.CharField(
        _("ghi chú kiểm duyệt"), max_length=255, blank=True
    )

    class Meta:
        verbose_name = _("ý kiến nhân dân")
        verbose_name_plural = _("ý kiến nhân dân")

    def __str__(self) -> str:
        return f"{self.author}: {self.content[:40]}"
