"""What people and collectives hold: awards, annual ratings and disciplinary records."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import AuditedModel
from thidua.lib.text import fold

from .catalogue import AwardType
from .choices import Branch, CommendationKind, Issuer, Level, Rating, RecipientKind


class AwardRecord(AuditedModel):
    """One title or form held by an individual, a collective or a household.

    `source_decision_id` is set by the dossiers app when the record comes out of
    one of its decisions; imported history leaves it empty.
    """

    holder_kind = models.CharField(
        _("đối tượng"),
        max_length=12,
        choices=RecipientKind,
        default=RecipientKind.INDIVIDUAL,
    )
    person = models.ForeignKey(
        "people.Person",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="award_records",
        verbose_name=_("cá nhân"),
    )
    collective = models.ForeignKey(
        "units.OrgUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="award_records",
        verbose_name=_("tập thể"),
    )
    household_name = models.CharField(_("hộ gia đình"), max_length=200, blank=True)
    unit = models.ForeignKey(
        "units.OrgUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị"),
        help_text=_(
            "Nơi công tác của cá nhân, xã của hộ gia đình, hoặc chính tập thể."
        ),
    )
    award_type = models.ForeignKey(
        AwardType,
        models.PROTECT,
        related_name="records",
        verbose_name=_("danh hiệu, hình thức"),
    )
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    branch = models.CharField(
        _("điều kiện CSTĐCS"), max_length=12, choices=Branch, blank=True
    )
    issuer = models.CharField(
        _("người ký (Giấy khen)"), max_length=8, choices=Issuer, blank=True
    )
    level = models.CharField(_("cấp khen"), max_length=8, choices=Level, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=64, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_issuer = models.CharField(
        _("cơ quan ban hành"), max_length=200, blank=True
    )
    source_decision_id = models.PositiveBigIntegerField(
        _("quyết định trong hệ thống"), null=True, blank=True, db_index=True
    )
    revoked_on = models.DateField(
        _("ngày hủy bỏ"),
        null=True,
        blank=True,
        help_text=_("Quyết định khen thưởng bị hủy (Luật TĐKT 2022, Chương VII)."),
    )
    revocation_decision = models.CharField(
        _("quyết định hủy bỏ"), max_length=120, blank=True
    )
    revocation_reason = models.TextField(
        _("lý do hủy bỏ"),
        blank=True,
        help_text=_(
            "Luật TĐKT 2022, Điều 93 khoản 2: kê khai gian dối; hồ sơ giả mạo; đề nghị "
            "trái pháp luật; vi phạm làm không còn đủ tiêu chuẩn trong thời gian lập thành tích."
        ),
    )
    commendation_kind = models.CharField(
        _("loại hình khen thưởng"),
        max_length=10,
        choices=CommendationKind,
        default=CommendationKind.CONG_TRANG,
        help_text=_(
            "Khen thưởng chuyên đề, đột xuất không làm căn cứ đề nghị khen thưởng công "
            "trạng (NĐ 152/2025, Điều 4 khoản 3)."
        ),
    )
    search_text = models.CharField(max_length=255, editable=False, db_index=True)
    # the award type's rank, copied so that the registry's order (year, rank, name)
    # is one index; kept by save() and, when a type's rank changes, by apps.py
    award_rank = models.PositiveSmallIntegerField(default=0, editable=False)

    audit_derived = ("award_rank",)

    class Meta:
        verbose_name = _("khen thưởng đã nhận")
        verbose_name_plural = _("sổ khen thưởng")
        ordering = ["-year", "award_type__sort_order"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        holder_kind="individual",
                        person__isnull=False,
                        collective__isnull=True,
                    )
                    | Q(
                        holder_kind="collective",
                        person__isnull=True,
                        collective__isnull=False,
                    )
                    | Q(
                        holder_kind="household",
                        person__isnull=True,
                        collective__isnull=True,
                    )
                    & ~Q(household_name="")
                ),
                name="commendations_awardrecord_one_holder",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1945, year__lte=2100),
                name="commendations_awardrecord_year_range",
            ),
        ]
        indexes = [
            models.Index(
                fields=["person", "year"], name="commendations_award_person_idx"
            ),
            models.Index(
                fields=["collective", "year"], name="commendations_award_coll_idx"
            ),
            models.Index(
                fields=["year", "award_type"], name="commendations_award_year_idx"
            ),
            # the registry list's order, read page by page (core/keyset.py)
            models.Index(
                fields=["-year", "-award_rank", "search_text", "id"],
                name="commendations_award_list_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award_type} {self.year} — {self.holder_name}"

    @property
    def holder_name(self) -> str:
        if self.person_id:
            return str(self.person)
        if self.collective_id:
            return str(self.collective)
        return self.household_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = fold(self.holder_name)[:255]
        self.award_rank = self.award_type.rank
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class AnnualRating(AuditedModel):
    """The annual evaluation (xếp loại) of a person or a collective."""

    person = models.ForeignKey(
        "people.Person",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="annual_ratings",
        verbose_name=_("cá nhân"),
    )
    collective = models.ForeignKey(
        "units.OrgUnit",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="annual_ratings",
        verbose_name=_("tập thể"),
    )
    unit = models.ForeignKey(
        "units.OrgUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị đánh giá"),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    rating = models.CharField(_("xếp loại"), max_length=4, choices=Rating)
    # the holder's folded name (person or collective): the registry sorts and
    # searches on it without joining two NULL-able relations
    search_text = models.CharField(max_length=255, editable=False, default="")

    class Meta:
        verbose_name = _("xếp loại hằng năm")
        verbose_name_plural = _("xếp loại hằng năm")
        ordering = ["-year"]
        indexes = [
            # the registry list's order, read page by page (core/keyset.py)
            models.Index(
                fields=["-year", "search_text", "id"],
                name="commendations_rating_list_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, collective__isnull=True)
                | Q(person__isnull=True, collective__isnull=False),
                name="commendations_annualrating_one_holder",
            ),
            models.UniqueConstraint(
                fields=["person", "year"],
                condition=Q(person__isnull=False),
                name="commendations_annualrating_person_year",
            ),
            models.UniqueConstraint(
                fields=["collective", "year"],
                condition=Q(collective__isnull=False),
                name="commendations_annualrating_collective_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person or self.collective} {self.year}: {self.rating}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = fold(str(self.person or self.collective or ""))[:255]
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class DisciplinaryRecord(AuditedModel):
    """A disciplinary measure; from cảnh cáo up it bars the collective's titles (TTLĐTT/TTLĐXS)."""

    class Severity(models.TextChoices):
        # order matters: severity_rank compares against CANH_CAO
        KHIEN_TRACH = "khien_trach", _("Khiển trách")
        CANH_CAO = "canh_cao", _("Cảnh cáo")
        HA_BAC_LUONG = "ha_bac_luong", _("Hạ bậc lương")
        GIANG_CHUC = "giang_chuc", _("Giáng chức")
        CACH_CHUC = "cach_chuc", _("Cách chức")
        BUOC_THOI_VIEC = "buoc_thoi_viec", _("Buộc thôi việc")

    person = models.ForeignKey(
        "people.Person",
        models.CASCADE,
        related_name="disciplinary_records",
        verbose_name=_("cá nhân"),
    )
    unit = models.ForeignKey(
        "units.OrgUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị"),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    severity = models.CharField(_("hình thức kỷ luật"), max_length=16, choices=Severity)
    decision_number = models.CharField(_("số quyết định"), max_length=64, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    reason = models.CharField(_("lý do"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("kỷ luật")
        verbose_name_plural = _("kỷ luật")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.person} {self.year}: {self.get_severity_display()}"

    @property
    def is_warning_or_above(self) -> bool:
        return severity_rank(self.severity) >= severity_rank(self.Severity.CANH_CAO)


def severity_rank(severity: str) -> int:
    return list(DisciplinaryRecord.Severity.values).index(severity)
