"""Pledges (giao ước) with their plan values, and registrations (đăng ký thi đua)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import AuditedModel
from thidua.lib.files import TokenPath, private_storage
from thidua.lib.uploads import validate_document

from .movements import Indicator


class Pledge(AuditedModel):
    """A member's giao ước thi đua for a bloc and year, with its plan values."""

    bloc = models.ForeignKey(
        "units.EmulationBloc", models.PROTECT, related_name="pledges"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    unit = models.ForeignKey("units.OrgUnit", models.PROTECT, related_name="pledges")
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    signatories = models.TextField(
        _("người ký"), blank=True, help_text=_("Mỗi dòng một người: chức vụ, họ tên.")
    )
    scan = models.FileField(
        _("bản chụp giao ước"),
        upload_to=TokenPath("emulation/pledges"),
        storage=private_storage,
        validators=[validate_document],
        max_length=255,
        blank=True,
    )

    class Meta:
        verbose_name = _("giao ước thi đua")
        verbose_name_plural = _("giao ước thi đua")
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "year", "unit"], name="emulation_pledge_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.bloc} {self.year}"

    @property
    def signatory_list(self) -> list[str]:
        return [line.strip() for line in self.signatories.splitlines() if line.strip()]


class PlanValue(AuditedModel):
    """Kế hoạch (KH): the value a member pledged for one indicator."""

    pledge = models.ForeignKey(Pledge, models.CASCADE, related_name="plans")
    indicator = models.ForeignKey(Indicator, models.PROTECT, related_name="plans")
    value = models.FloatField(_("kế hoạch"))
    derived = models.BooleanField(
        _("suy ra"),
        default=False,
        help_text=_("Không công bố; suy ra từ kết quả và % kế hoạch đã công bố."),
    )

    class Meta:
        verbose_name = _("chỉ tiêu kế hoạch")
        verbose_name_plural = _("chỉ tiêu kế hoạch")
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "indicator"], name="emulation_planvalue_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pledge.unit} {self.indicator.code} KH {self.value}"


class Registration(AuditedModel):
    """Đăng ký thi đua: a collective or an individual aims for a title or form."""

    year = models.PositiveSmallIntegerField(_("năm"))
    unit = models.ForeignKey(
        "units.OrgUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="emulation_registrations",
        verbose_name=_("tập thể"),
    )
    person = models.ForeignKey(
        "people.Person",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="emulation_registrations",
        verbose_name=_("cá nhân"),
    )
    award_code = models.CharField(
        _("danh hiệu đăng ký"),
        max_length=32,
        help_text=_("Mã trong danh mục khen thưởng, ví dụ CSTDCS, TTLDXS, CO_TINH."),
    )
    registered_on = models.DateField(_("ngày đăng ký"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=True, person__isnull=False)
                | Q(unit__isnull=False, person__isnull=True),
                name="emulation_registration_one_subject",
            ),
            models.UniqueConstraint(
                fields=["year", "unit", "person", "award_code"],
                name="emulation_registration_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit or self.person} — {self.award_code} {self.year}"
