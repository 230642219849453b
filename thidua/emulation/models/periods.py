"""Reporting periods, their reopenings and the actual values (thực hiện) entered in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import AuditedModel

from .movements import Indicator, PeriodType


class ReportingPeriod(AuditedModel):
    """One reporting round of a bloc: open → submitted → approved → locked."""

    class Period(models.TextChoices):
        YEAR = "Y", _("Cả năm")
        H1 = "H1", _("6 tháng đầu năm")
        H2 = "H2", _("6 tháng cuối năm")
        Q1 = "Q1", _("Quý I")
        Q2 = "Q2", _("Quý II")
        Q3 = "Q3", _("Quý III")
        Q4 = "Q4", _("Quý IV")

    class Status(models.TextChoices):
        OPEN = "open", _("Đang nhập")
        SUBMITTED = "submitted", _("Đã gửi")
        APPROVED = "approved", _("Đã duyệt")
        LOCKED = "locked", _("Đã khóa")

    bloc = models.ForeignKey(
        "units.EmulationBloc", models.PROTECT, related_name="reporting_periods"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    period = models.CharField(
        _("kỳ"), max_length=2, choices=Period, default=Period.YEAR
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status, default=Status.OPEN
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người duyệt"),
    )
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "year", "period"], name="emulation_period_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bloc} — {self.get_period_display()} {self.year}"

    @property
    def code(self) -> str:
        """DHIS2-style period code: 2020, 2020S1, 2020Q3."""
        if self.period == self.Period.YEAR:
            return str(self.year)
        return f"{self.year}{self.period.replace('H', 'S')}"

    @property
    def is_frozen(self) -> bool:
        return self.status in (self.Status.APPROVED, self.Status.LOCKED)

    def period_types(self) -> list[str]:
        if self.period == self.Period.YEAR:
            return [PeriodType.YEAR]
        if self.period in (self.Period.H1, self.Period.H2):
            return [PeriodType.HALF]
        return [PeriodType.QUARTER]


class Reopening(AuditedModel):
    """A recorded reopening of an approved or locked period (the only way to edit it)."""

    period = models.ForeignKey(
        ReportingPeriod, models.CASCADE, related_name="reopenings"
    )
    reason = models.TextField(_("lý do mở lại"))
    previous_status = models.CharField(
        _("trạng thái trước"), max_length=10, choices=ReportingPeriod.Status
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("người mở lại"),
    )

    class Meta:
        verbose_name = _("lần mở lại kỳ báo cáo")
        verbose_name_plural = _("lần mở lại kỳ báo cáo")

    def __str__(self) -> str:
        return f"{self.period}: {self.reason[:60]}"


class ActualValue(AuditedModel):
    """Thực hiện (TH): a unit's value of one indicator for one reporting period."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Nháp")
        SUBMITTED = "submitted", _("Đã gửi")
        APPROVED = "approved", _("Đã duyệt")

    period = models.ForeignKey(ReportingPeriod, models.PROTECT, related_name="actuals")
    unit = models.ForeignKey("units.OrgUnit", models.PROTECT, related_name="actuals")
    indicator = models.ForeignKey(Indicator, models.PROTECT, related_name="actuals")
    value = models.FloatField(_("giá trị"), null=True, blank=True)
    numerator = models.FloatField(_("tử số"), null=True, blank=True)
    denominator = models.FloatField(_("mẫu số"), null=True, blank=True)
    reported_percent = models.FloatField(
        _("% kế hoạch đã công bố"),
        null=True,
        blank=True,
        help_text=_("Con số nguồn công bố, giữ để đối chiếu; hệ thống luôn tự tính."),
    )
    source = models.CharField(_("nguồn số liệu"), max_length=120, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status, default=Status.DRAFT
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người nhập"),
    )

    class Meta:
        verbose_name = _("số liệu thực hiện")
        verbose_name_plural = _("số liệu thực hiện")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit", "indicator"], name="emulation_actual_unique"
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True)
                | Q(denominator__isnull=True)
                | Q(numerator__lte=models.F("denominator")),
                name="emulation_actual_numerator_le_denominator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.indicator.code} {self.period.code}: {self.value}"
