"""The award summary: the registry's live awards counted per year, unit, form, level
and kind of holder, with the counts the statistics page's shares need
(docs/decisions/0014-award-summary.md).

On PostgreSQL it is a table, `reports_awardsummary` (migration reports 0002),
kept by the database: triggers on the awards, on the people's gender, group and
ethnicity and on the units' kind add each statement's change to it in the same
transaction, so its figures are always the registry's.
`services.award_summary_rebuild` recounts it after a load that bypassed the
triggers. SQLite has no summary: the statistics count the registry there.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.commendations.models import AwardType
from thidua.units.models import OrgUnit

# the counts of each row, in the order the view's SQL gives them
MEASURES = ("n", "workers", "farmers", "direct", "enterprises", "women", "kinh")


class AwardSummary(models.Model):
    """One group of live awards (read only; see the module docstring)."""

    id = models.BigIntegerField(primary_key=True)  # the database's identity
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
