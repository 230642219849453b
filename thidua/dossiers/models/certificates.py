"""Certificates (bằng khen, giấy khen) printed for decision items, and the print runs."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.models import AuditedModel
from thidua.lib.files import TokenPath, private_storage

from .decisions import Decision, DecisionItem


def new_verification_code() -> str:
    # 12 characters from an alphabet without look-alikes: unguessable, easy to type
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


class Certificate(AuditedModel):
    item = models.OneToOneField(
        DecisionItem, models.PROTECT, related_name="certificate"
    )
    code = models.CharField(
        _("mã xác minh"), max_length=16, unique=True, default=new_verification_code
    )
    pdf = models.FileField(
        _("tệp PDF"),
        upload_to=TokenPath("dossiers/certificates"),
        storage=private_storage,
        max_length=255,
    )
    generated_at = models.DateTimeField(_("tạo lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("bằng, giấy khen")
        verbose_name_plural = _("bằng, giấy khen")

    def __str__(self) -> str:
        return f"{self.code} — {self.item.name}"


class CertificateRun(AuditedModel):
    """One background generation of a decision's certificates (progress for the admin)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Hoàn tất")
        FAILED = "failed", _("Lỗi")

    decision = models.ForeignKey(
        Decision, models.PROTECT, related_name="certificate_runs"
    )
    status = models.CharField(max_length=8, choices=Status, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # which worker process renders it and when it last reported, so a run whose
    # worker died is taken up again (services.certificates_resume_stalled)
    worker = models.CharField(max_length=120, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("đợt in bằng, giấy khen")
        verbose_name_plural = _("đợt in bằng, giấy khen")

    def __str__(self) -> str:
        return f"{self.decision.reference}: {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100
