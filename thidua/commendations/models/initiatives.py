"""Recognised initiatives (sáng kiến) and advanced examples (điển hình tiên tiến)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import AuditedModel

from .choices import Level, Scope


class Initiative(AuditedModel):
    """A sáng kiến (Law Art. 3(4)) or accepted scientific project, with its recognised scope."""

    title = models.CharField(_("tên sáng kiến, đề tài"), max_length=300)
    persons = models.ManyToManyField(
        "people.Person", related_name="initiatives", verbose_name=_("tác giả")
    )
    unit = models.ForeignKey(
        "units.OrgUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị áp dụng"),
    )
    scope = models.CharField(_("phạm vi công nhận"), max_length=12, choices=Scope)
    recognised_year = models.PositiveSmallIntegerField(_("năm công nhận"))
    recognised_on = models.DateField(_("ngày công nhận"), null=True, blank=True)
    recognising_body = models.CharField(
        _("cơ quan công nhận"), max_length=200, blank=True
    )
    decision_number = models.CharField(_("số quyết định"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("sáng kiến")
        verbose_name_plural = _("sáng kiến")
        ordering = ["-recognised_year", "title"]

    def __str__(self) -> str:
        return self.title


class AdvancedModel(AuditedModel):
    """A điển hình tiên tiến: an example held up by a movement."""

    person = models.ForeignKey(
        "people.Person",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="advanced_models",
        verbose_name=_("cá nhân"),
    )
    collective = models.ForeignKey(
        "units.OrgUnit",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="advanced_models",
        verbose_name=_("tập thể"),
    )
    title = models.CharField(_("mô hình, điển hình"), max_length=300)
    year = models.PositiveSmallIntegerField(_("năm"))
    level = models.CharField(_("cấp"), max_length=8, choices=Level, blank=True)
    recognised_by = models.CharField(_("cơ quan ghi nhận"), max_length=200, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("điển hình tiên tiến")
        verbose_name_plural = _("điển hình tiên tiến")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, collective__isnull=True)
                | Q(person__isnull=True, collective__isnull=False),
                name="commendations_advancedmodel_one_holder",
            ),
        ]

    def __str__(self) -> str:
        return self.title
