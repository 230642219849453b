"""Emulation (thi đua): movements, indicators, pledges, actual values, scoring tables, scores.

Values are stored raw (a share as numerator and denominator); "% of plan", ratios
and points are derived by thidua/emulation/scoring.py and never typed in.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import AuditedModel
from thidua.lib.files import TokenPath
from thidua.lib.uploads import validate_document


class Movement(AuditedModel):
    """A phong trào thi đua with its plan document and the indicators it follows."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("Toàn quốc")
        PROVINCE = "province", _("Cấp tỉnh")
        DISTRICT = "district", _("Cấp huyện")
        COMMUNE = "commune", _("Cấp xã")
        SECTOR = "sector", _("Ngành, cơ quan")

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Thường xuyên")
        THEMATIC = "thematic", _("Theo đợt, chuyên đề")

    name = models.CharField(_("tên phong trào"), max_length=255, unique=True)
    launching_body = models.CharField(_("cơ quan phát động"), max_length=200)
    level = models.CharField(
        _("cấp phát động"), max_length=16, choices=Level, default=Level.PROVINCE
    )
    kind = models.CharField(
        _("hình thức"), max_length=16, choices=Kind, default=Kind.REGULAR
    )
    start_date = models.DateField(_("bắt đầu"), null=True, blank=True)
    end_date = models.DateField(_("kết thúc"), null=True, blank=True)
    target_groups = models.JSONField(
        _("đối tượng"),
        default=list,
        blank=True,
        help_text=_("Các nhóm đối tượng (mã Person.TargetGroup), ví dụ nông dân."),
    )
    linked_campaign = models.CharField(
        _("gắn với cuộc vận động"), max_length=255, blank=True
    )
    plan_document = models.FileField(
        _("kế hoạch phát động"),
        upload_to=TokenPath("emulation/plans"),
        validators=[validate_document],
        max_length=255,
        blank=True,
    )
    indicators = models.ManyToManyField["Indicator", "Movement"](
        "Indicator", blank=True, related_name="movements", verbose_name=_("chỉ tiêu")
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="thematic") | Q(start_date__isnull=False),
                name="emulation_movement_thematic_has_start",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="emulation_movement_date_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Direction(models.TextChoices):
    HIGHER = "higher_is_better", _("Càng cao càng tốt")
    LOWER = "lower_is_better", _("Càng thấp càng tốt")
    REDUCTION = "reduction_pp", _("Mức giảm theo kế hoạch (điểm %)")
    YES_NO = "yes_no", _("Đạt / không đạt")


class PeriodType(models.TextChoices):
    YEAR = "year", _("Năm")
    HALF = "half", _("6 tháng")
    QUARTER = "quarter", _("Quý")


class Indicator(AuditedModel):
    """A chỉ tiêu: what is measured, in which direction, and how entries are checked."""

    code = models.SlugField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("tên chỉ tiêu"), max_length=255)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=40, blank=True)
    direction = models.CharField(
        _("chiều đánh giá"), max_length=20, choices=Direction, default=Direction.HIGHER
    )
    is_share = models.BooleanField(
        _("dạng tỷ số"),
        default=False,
        help_text=_("Nhập tử số và mẫu số (ví dụ 9/9 xã); giá trị là tỷ lệ %."),
    )
    denominator_label = models.CharField(
        _("đơn vị của mẫu số"), max_length=40, blank=True
    )
    period_type = models.CharField(
        _("kỳ báo cáo"), max_length=8, choices=PeriodType, default=PeriodType.YEAR
    )
    min_value = models.FloatField(_("giá trị nhỏ nhất"), null=True, blank=True)
    max_value = models.FloatField(_("giá trị lớn nhất"), null=True, blank=True)
    required = models.BooleanField(_("bắt buộc"), default=True)
    decimals = models.PositiveSmallIntegerField(_("số chữ số thập phân"), default=2)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(max_value__gte=models.F("min_value")),
                name="emulation_indicator_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


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
