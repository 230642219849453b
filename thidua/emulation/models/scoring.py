"""Scoring tables (bảng tiêu chí, thang điểm) and the score sheets of each stage."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import AuditedModel

from .movements import Direction, Indicator


class ScoringTable(AuditedModel):
    """Bảng tiêu chí, thang điểm of a bloc for a year, adopted by a decision."""

    bloc = models.ForeignKey(
        "units.EmulationBloc", models.PROTECT, related_name="scoring_tables"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    name = models.CharField(_("tên bảng điểm"), max_length=255)
    total_points = models.FloatField(
        _("tổng điểm chuẩn"),
        null=True,
        blank=True,
        help_text=_("Nếu có, tổng điểm các nhóm phải bằng số này."),
    )
    bonus_cap = models.FloatField(_("điểm thưởng tối đa"), null=True, blank=True)
    tie_break = models.JSONField(
        _("thứ tự xét khi bằng điểm"),
        default=list,
        blank=True,
        help_text=_(
            '"criteria_at_plan" (nhiều chỉ tiêu đạt kế hoạch hơn), "group:<mã nhóm>", '
            '"criterion:<mã tiêu chí>".'
        ),
    )
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    legal_note = models.CharField(_("ghi chú căn cứ"), max_length=255, blank=True)
    finalized_at = models.DateTimeField(_("chốt kết quả lúc"), null=True, blank=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("bảng điểm thi đua")
        verbose_name_plural = _("bảng điểm thi đua")
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "year"], name="emulation_scoringtable_unique"
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(finalized_at__isnull=False),
                name="emulation_scoringtable_published_is_final",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.bloc}, {self.year})"


class CriteriaGroup(AuditedModel):
    table = models.ForeignKey(ScoringTable, models.CASCADE, related_name="groups")
    code = models.SlugField(_("mã nhóm"), max_length=40)
    name = models.CharField(_("tên nhóm tiêu chí"), max_length=255)
    max_points = models.FloatField(_("điểm tối đa"))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nhóm tiêu chí")
        verbose_name_plural = _("nhóm tiêu chí")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "code"], name="emulation_criteriagroup_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Method(models.TextChoices):
    PLAN_RATIO = "plan_ratio", _("Tỷ lệ so với kế hoạch")
    MINMAX = "minmax", _("Chuẩn hóa min–max trong khối")
    THRESHOLD = "threshold", _("Đạt ngưỡng")
    MANUAL = "manual", _("Chấm trực tiếp")


class Criterion(AuditedModel):
    table = models.ForeignKey(ScoringTable, models.CASCADE, related_name="criteria")
    group = models.ForeignKey(
        CriteriaGroup, models.CASCADE, related_name="criteria", null=True, blank=True
    )
    code = models.SlugField(_("mã tiêu chí"), max_length=64)
    name = models.CharField(_("tên tiêu chí"), max_length=255)
    indicator = models.ForeignKey(
        Indicator,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="criteria",
        verbose_name=_("chỉ tiêu"),
    )
    method = models.CharField(_("cách tính"), max_length=12, choices=Method)
    direction = models.CharField(
        _("chiều đánh giá"), max_length=20, choices=Direction, default=Direction.HIGHER
    )
    max_points = models.FloatField(_("điểm tối đa (W)"))
    cap = models.FloatField(_("trần tỷ lệ"), null=True, blank=True)
    floor = models.FloatField(_("sàn tỷ lệ (điểm liệt)"), null=True, blank=True)
    weight = models.FloatField(_("trọng số"), default=1.0)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("tiêu chí chấm điểm")
        verbose_name_plural = _("tiêu chí chấm điểm")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "code"], name="emulation_criterion_unique"
            ),
            models.CheckConstraint(
                condition=Q(method="manual") | Q(indicator__isnull=False),
                name="emulation_criterion_computed_has_indicator",
            ),
            models.CheckConstraint(
                condition=Q(max_points__gt=0), name="emulation_criterion_max_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AdjustmentItem(AuditedModel):
    """A bonus (điểm thưởng) or penalty (điểm trừ) item with its own cap."""

    class Kind(models.TextChoices):
        BONUS = "bonus", _("Điểm thưởng")
        PENALTY = "penalty", _("Điểm trừ")

    table = models.ForeignKey(
        ScoringTable, models.CASCADE, related_name="adjustment_items"
    )
    code = models.SlugField(_("mã"), max_length=64)
    name = models.CharField(_("nội dung"), max_length=255)
    kind = models.CharField(_("loại"), max_length=8, choices=Kind)
    max_points = models.FloatField(_("tối đa"), null=True, blank=True)

    class Meta:
        verbose_name = _("khoản cộng, trừ điểm")
        verbose_name_plural = _("khoản cộng, trừ điểm")
        constraints = [
            models.UniqueConstraint(
                fields=["table", "code"], name="emulation_adjustmentitem_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Stage(models.TextChoices):
    SELF = "self", _("Đơn vị tự chấm")
    REVIEW = "review", _("Khối trưởng, khối phó chấm chéo")
    ADJUSTMENT = "adjustment", _("Tỉnh điều chỉnh")
    FINAL = "final", _("Kết quả cuối cùng")


STAGE_ORDER: list[str] = [Stage.SELF, Stage.REVIEW, Stage.ADJUSTMENT, Stage.FINAL]


class ScoreSheet(AuditedModel):
    """One unit's scores at one stage; every stage is kept."""

    table = models.ForeignKey(ScoringTable, models.PROTECT, related_name="sheets")
    unit = models.ForeignKey("units.OrgUnit", models.PROTECT, related_name="sheets")
    stage = models.CharField(_("bước chấm"), max_length=12, choices=Stage)
    bonus = models.FloatField(_("điểm thưởng"), default=0)
    penalty = models.FloatField(_("điểm trừ"), default=0)
    total = models.FloatField(_("tổng điểm"), null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("xếp hạng"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(
        _("thứ tự sau khi xét bằng điểm"), null=True, blank=True
    )
    note = models.TextField(_("nhận xét"), blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người chấm"),
    )

    class Meta:
        verbose_name = _("phiếu chấm điểm")
        verbose_name_plural = _("phiếu chấm điểm")
        constraints = [
            models.UniqueConstraint(
                fields=["table", "unit", "stage"], name="emulation_scoresheet_unique"
            ),
        ]
        indexes = [
            # public ranking pages read the final stage of a table
            models.Index(
                fields=["table", "stage", "rank"], name="emulation_sheet_rank"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.get_stage_display()} ({self.table.year})"


class ScoreLine(AuditedModel):
    """A criterion's value → ratio → points on a sheet (bulk recomputes audit the sheet)."""

    sheet = models.ForeignKey(
        ScoreSheet, models.CASCADE, related_name="lines", verbose_name=_("bảng điểm")
    )
    criterion = models.ForeignKey(
        Criterion, models.PROTECT, related_name="lines", verbose_name=_("tiêu chí")
    )
    actual = models.FloatField(_("thực hiện"), null=True, blank=True)
    plan = models.FloatField(_("kế hoạch"), null=True, blank=True)
    ratio = models.FloatField(_("tỷ lệ so kế hoạch"), null=True, blank=True)
    points = models.FloatField(_("điểm"), default=0)
    manual_points = models.FloatField(_("điểm chấm"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("dòng điểm")
        verbose_name_plural = _("dòng điểm")
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "criterion"], name="emulation_scoreline_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.points}"


class SheetAdjustment(AuditedModel):
    """Points of one bonus or penalty item on a sheet, with the evaluator's note."""

    sheet = models.ForeignKey(ScoreSheet, models.CASCADE, related_name="adjustments")
    item = models.ForeignKey(AdjustmentItem, models.PROTECT, related_name="+")
    points = models.FloatField(_("điểm"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("cộng, trừ điểm")
        verbose_name_plural = _("cộng, trừ điểm")
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "item"], name="emulation_sheetadjustment_unique"
            ),
            models.CheckConstraint(
                condition=Q(points__gte=0), name="emulation_sheetadjustment_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.points}"
