"""The award summary: the registry's live awards counted per year, unit, form, level
and kind of holder, with the counts the statistics page's shares need
(docs/decisions/0014-award-summary.md).

On PostgreSQL it is a materialized view, `reports_awardsummary`, created by
migration reports 0001 and refreshed by `services.award_summary_refresh`. Every
change the view does not include yet leaves an `AwardSummaryChange` row (database
triggers on the awards, on the people's gender, group and ethnicity, and on the
units' kind); the statistics read the view only while there is none, so their
figures are always the registry's. SQLite has neither: it counts the registry.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from thidua.commendations.models import AwardType
from thidua.units.models import OrgUnit

# the counts of each row, in the order the view's SQL gives them
MEASURES = ("n", "workers", "farmers", "direct", "enterprises", "women", "kinh")


class AwardSummary(models.Model):
    """One group of live awards (read only; see the module docstring)."""

    # the group's smallest award id: unique, and stable while that award stays,
    # which keeps a concurrent refresh's rewrite to the groups that changed
    id = models.BigIntegerField(primary_key=True)
    year = models.PositiveSmallIntegerField()
    unit = models.ForeignKey(
        OrgUnit, models.DO_NOTHING, null=True, db_constraint=False, related_name="+"
    )
    collective = models.ForeignKey(
        OrgUnit, models.DO_NOTHING, null=True, db_constraint=False, related_name="+"
    )
    award_type = models.ForeignKey(
        AwardType, models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    level = models.CharField(max_length=8)
    holder_kind = models.CharField(max_length=12)
    n = models.BigIntegerField()
    workers = models.BigIntegerField()
    farmers = models.BigIntegerField()
    direct = models.BigIntegerField()  # workers, farmers and employees
    enterprises = models.BigIntegerField()  # held by a collective of kind enterprise
    women = models.BigIntegerField()
    kinh = models.BigIntegerField()

    class Meta:
        managed = False
        db_table = "reports_awardsummary"
        verbose_name = _("tổng hợp khen thưởng")
        verbose_name_plural = _("tổng hợp khen thưởng")

    def __str__(self) -> str:
        return f"{self.year}: {self.n}"


class AwardSummaryChange(models.Model):
    """A change to the registry that the award summary does not include yet;
    written by the database's triggers, removed by the refresh that includes it."""

    at = models.DateTimeField(db_default=Now())

    class Meta:
        verbose_name = _("thay đổi chưa tổng hợp")
        verbose_name_plural = _("thay đổi chưa tổng hợp")

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M:%S}"
