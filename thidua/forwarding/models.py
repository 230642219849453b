"""Proposals the organisation cannot decide, sent to the level above and tracked
until its decision comes back (research sheet §4.1–4.2), and the holidays that
working-day deadlines skip."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.models import AuditedModel


class Holiday(AuditedModel):
    """A public holiday (or compensatory day off) skipped by working-day deadlines.

    Edited per year by an administrator: Tết and the bridging days change every year."""

    day = models.DateField(_("ngày"), unique=True)
    name = models.CharField(_("tên ngày nghỉ"), max_length=120)

    class Meta:
        verbose_name = _("ngày nghỉ lễ, tết")
        verbose_name_plural = _("ngày nghỉ lễ, tết")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.name}"


class Forwarding(AuditedModel):
    """One tờ trình to the level above with its nominees, from packaging to decision."""

    class Status(models.TextChoices):
        PREPARED = "prepared", _("Đã lập hồ sơ trình")
        SENT = "sent", _("Đã gửi cấp trên, chờ quyết định")
        RETURNED = "returned", _("Cấp trên trả lại")
        DECIDED = "decided", _("Cấp trên đã quyết định")
        # a commune's proposal the province cannot decide, sent on to the centre
        RELAYED = "relayed", _("Tỉnh đã trình tiếp lên Trung ương, chờ quyết định")

    dossier = models.ForeignKey(
        "dossiers.Dossier",
        models.PROTECT,
        related_name="forwardings",
        verbose_name=_("hồ sơ"),
    )
    relayed_from = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="relays",
        verbose_name=_("trình tiếp tờ trình của cấp xã"),
    )
    nominees = models.ManyToManyField(
        "dossiers.Nominee", related_name="forwardings", verbose_name=_("đề nghị")
    )
    upper_body = models.CharField(_("cấp trình"), max_length=255)
    number = models.CharField(_("số tờ trình"), max_length=16, blank=True)
    symbol = models.CharField(
        _("ký hiệu tờ trình"),
        max_length=32,
        blank=True,
        help_text=_("TTr-UBND … theo thông tin tổ chức, hoặc của Ủy ban nhân dân xã."),
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status, default=Status.PREPARED
    )
    package = models.CharField(_("bộ hồ sơ (tệp)"), max_length=255, blank=True)
    manifest = models.JSONField(_("danh mục bộ hồ sơ"), default=dict, blank=True)
    sent_on = models.DateField(_("ngày gửi"), null=True, blank=True)
    due_on = models.DateField(
        _("hạn trả lời"),
        null=True,
        blank=True,
        help_text=_("Tính theo ngày làm việc, bỏ thứ Bảy, Chủ nhật và ngày nghỉ lễ."),
    )
    decision_number = models.CharField(_("số quyết định"), max_length=64, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_issuer = models.CharField(_("cấp quyết định"), max_length=255, blank=True)
    signature_capacity = models.CharField(
        _("thẩm quyền ký tờ trình"),
        max_length=255,
        blank=True,
        help_text=_("Các dòng cách nhau bởi “ / ”: TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH."),
    )
    signer_name = models.CharField(_("người ký tờ trình"), max_length=120, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("hồ sơ trình cấp trên")
        verbose_name_plural = _("hồ sơ trình cấp trên")
        ordering = ["-pk"]

    # statuses whose nominees are taken: not offered for another tờ trình
    HOLDING = (Status.PREPARED, Status.SENT, Status.DECIDED, Status.RELAYED)

    def __str__(self) -> str:
        return f"Trình {self.upper_body}: {self.dossier}"

    @property
    def reference(self) -> str:
        """ "45/TTr-UBND"; empty until the officer gives it a number."""
        return f"{self.number}/{self.symbol}" if self.number else ""


class StepLimit(AuditedModel):
    """How many working days a step of the dossier path may take, from its start.

    The province (ministry) sets its own processing times (research sheet §4.2: not
    fixed by a national text); a step without a number shows no deadline. The
    disclosure needs no row: it ends on the day the office chose."""

    class Step(models.TextChoices):
        REVIEW = "review", _("Thẩm định hồ sơ (từ ngày đơn vị gửi)")
        COUNCIL = "council", _("Hội đồng xét (từ khi kết thúc công khai)")
        DECISION = "decision", _("Ban hành quyết định (từ khi Hội đồng thông qua)")
        FORWARDING = "forwarding", _("Cấp trên trả lời tờ trình (từ ngày gửi)")

    step = models.CharField(_("bước"), max_length=16, choices=Step, unique=True)
    working_days = models.PositiveSmallIntegerField(
        _("số ngày làm việc"),
        null=True,
        blank=True,
        help_text=_("Để trống: chưa quy định, không tính hạn."),
    )
    source = models.CharField(_("căn cứ"), max_length=255, blank=True)
    uncertain = models.BooleanField(_("chưa xác minh"), default=True)

    class Meta:
        verbose_name = _("thời hạn xử lý")
        verbose_name_plural = _("thời hạn xử lý")
        ordering = ["step"]

    def __str__(self) -> str:
        return self.get_step_display()
