"""Movements (phong trào thi đua) and the indicators (chỉ tiêu) they follow."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.models import AuditedModel
from thidua.lib.files import TokenPath, private_storage
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
        storage=private_storage,
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

    @property
    def launched(self) -> bool:
        """Launched once its start date has come: the plan is then public."""
        return self.start_date is not None and self.start_date <= timezone.localdate()


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
