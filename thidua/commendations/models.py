"""The law as dated data (rule sets, catalogue, values, base salary) and the award registry.

Rules are looked up by date (`selectors.rule_set_on`), never hard-coded: an
administrator adds a rule set for an amendment or edits a value marked
uncertain ([U]) in the Wagtail admin.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import AuditedModel
from thidua.lib.text import fold


class Rating(models.TextChoices):
    """Annual evaluation (contracts.md codes), best first."""

    HTXS = "HTXS", _("Hoàn thành xuất sắc nhiệm vụ")
    HTT = "HTT", _("Hoàn thành tốt nhiệm vụ")
    HT = "HT", _("Hoàn thành nhiệm vụ")
    KHT = "KHT", _("Không hoàn thành nhiệm vụ")


class Scope(models.TextChoices):
    """Scope an initiative is recognised at; a wider scope counts for a narrower one."""

    CO_SO = "co_so", _("Cơ sở")
    TINH = "tinh", _("Cấp tỉnh")
    TOAN_QUOC = "toan_quoc", _("Toàn quốc")


class RecipientKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân")
    COLLECTIVE = "collective", _("Tập thể")
    HOUSEHOLD = "household", _("Hộ gia đình")


class Branch(models.TextChoices):
    """Which condition of Art. 23 a CSTĐCS was earned by (Bộ Nội vụ keeps them apart)."""

    HTXS = "htxs", _("Hoàn thành xuất sắc nhiệm vụ")
    INITIATIVE = "initiative", _("Có sáng kiến")


class Issuer(models.TextChoices):
    """Who signs a Giấy khen (Law 2022 Art. 75(1)); the reward differs by issuer."""

    XA = "xa", _("Chủ tịch UBND cấp xã")
    SO = "so", _("Thủ trưởng cơ quan chuyên môn thuộc UBND tỉnh")
    DON_VI = "don_vi", _("Thủ trưởng đơn vị khác")


class CommendationKind(models.TextChoices):
    """The types of commendation of Law 2022 Art. 8(1) (research sheet §2.2)."""

    CONG_TRANG = "cong_trang", _("Khen thưởng công trạng")
    CHUYEN_DE = "chuyen_de", _("Khen thưởng theo đợt, chuyên đề")
    DOT_XUAT = "dot_xuat", _("Khen thưởng đột xuất")
    CONG_HIEN = "cong_hien", _("Khen thưởng quá trình cống hiến")
    NIEN_HAN = "nien_han", _("Khen thưởng theo niên hạn")
    DOI_NGOAI = "doi_ngoai", _("Khen thưởng đối ngoại")


class Level(models.TextChoices):
    UNIT = "don_vi", _("Cơ sở, đơn vị")
    COMMUNE = "xa", _("Cấp xã")
    DISTRICT = "huyen", _("Cấp huyện")
    PROVINCE = "tinh", _("Cấp tỉnh, bộ, ngành")
    STATE = "nha_nuoc", _("Nhà nước")


class RuleSet(AuditedModel):
    """A legal regime with its effective period, e.g. "Luật TĐKT 2022 + NĐ 152/2025"."""

    name = models.CharField(_("tên"), max_length=120, unique=True)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    legal_basis = models.TextField(
        _("căn cứ pháp lý"), help_text=_("Các văn bản tạo nên bộ quy tắc.")
    )
    reviewed_until = models.DateField(
        _("đã rà soát đến ngày"),
        null=True,
        blank=True,
        help_text=_(
            "Ngày cuối cùng bộ quy tắc được đối chiếu với văn bản mới; xét cho thời "
            "điểm sau ngày này vẫn áp dụng nhưng kèm cảnh báo."
        ),
    )
    decision_grounds = models.TextField(
        _("căn cứ ban hành quyết định"),
        blank=True,
        help_text=_(
            "Các dòng “Căn cứ …;” của quyết định khen thưởng trong thời kỳ này."
        ),
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("bộ quy tắc")
        verbose_name_plural = _("bộ quy tắc (theo thời kỳ)")
        ordering = ["valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="commendations_ruleset_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_in_force_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (
            self.valid_to is None or day <= self.valid_to
        )


class AwardType(AuditedModel):
    """One title (danh hiệu thi đua) or form (hình thức khen thưởng) of the catalogue."""

    class Kind(models.TextChoices):
        TITLE = "title", _("Danh hiệu thi đua")
        FORM = "form", _("Hình thức khen thưởng")

    class Group(models.TextChoices):
        """The families of Law 2022 Art. 9 and Chapter II (research sheet §1)."""

        TITLE = "danh_hieu", _("Danh hiệu thi đua")
        ORDER = "huan_chuong", _("Huân chương")
        MEDAL = "huy_chuong", _("Huy chương")
        HONOUR = "vinh_du", _("Danh hiệu vinh dự nhà nước")
        PRIZE = "giai_thuong", _("Giải thưởng Hồ Chí Minh, Giải thưởng Nhà nước")
        BADGE = "ky_niem_chuong", _("Kỷ niệm chương")
        CERTIFICATE = "bang_khen", _("Bằng khen")
        PAPER = "giay_khen", _("Giấy khen")

    code = models.CharField(
        _("mã"),
        max_length=32,
        unique=True,
        help_text=_("Mã cố định dùng trong API (contracts.md), ví dụ LDTT, CSTDCS."),
    )
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=8, choices=Kind)
    for_individual = models.BooleanField(_("tặng cá nhân"), default=False)
    for_collective = models.BooleanField(_("tặng tập thể"), default=False)
    for_household = models.BooleanField(_("tặng hộ gia đình"), default=False)
    group = models.CharField(
        _("nhóm"), max_length=16, choices=Group, default=Group.TITLE
    )
    level = models.CharField(_("cấp"), max_length=8, choices=Level)
    deciding_authority = models.CharField(_("thẩm quyền quyết định"), max_length=255)
    proposing_authority = models.CharField(
        _("cấp trình, đề nghị"), max_length=255, blank=True
    )
    judgment_criteria = models.TextField(
        _("tiêu chuẩn do Hội đồng đánh giá"),
        blank=True,
        help_text=_(
            "Mỗi dòng một tiêu chuẩn không tính được; có thể mở đầu bằng [cá nhân], "
            "[tập thể] hoặc [hộ gia đình]."
        ),
    )
    required_documents = models.TextField(
        _("hồ sơ đề nghị"),
        blank=True,
        help_text=_("Mỗi dòng một thành phần hồ sơ (Luật TĐKT 2022, Điều 84)."),
    )
    rank = models.PositiveSmallIntegerField(
        _("thứ bậc"), default=0, help_text=_("Cao hơn là hình thức cao hơn.")
    )
    sort_order = models.PositiveSmallIntegerField(_("thứ tự hiển thị"), default=0)
    active = models.BooleanField(_("đang dùng"), default=True)
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("danh hiệu, hình thức khen thưởng")
        verbose_name_plural = _("danh mục khen thưởng")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def recipient_kinds(self) -> list[str]:
        pairs = (
            (self.for_individual, RecipientKind.INDIVIDUAL),
            (self.for_collective, RecipientKind.COLLECTIVE),
            (self.for_household, RecipientKind.HOUSEHOLD),
        )
        return [str(kind) for on, kind in pairs if on]

    @property
    def document_list(self) -> list[str]:
        return [
            line.strip()
            for line in self.required_documents.splitlines()
            if line.strip()
        ]


class AwardRule(AuditedModel):
    """How one rule set treats one award type: the article its criteria come from."""

    rule_set = models.ForeignKey(
        RuleSet,
        models.CASCADE,
        related_name="award_rules",
        verbose_name=_("bộ quy tắc"),
    )
    award_type = models.ForeignKey(
        AwardType,
        models.PROTECT,
        related_name="rules",
        verbose_name=_("danh hiệu, hình thức"),
    )
    basis = models.CharField(
        _("căn cứ tiêu chuẩn"),
        max_length=255,
        help_text=_(
            "Điều khoản được trích dẫn trong mọi kết luận, ví dụ “Luật Thi đua, khen thưởng 2022, Điều 23”."
        ),
    )
    uncertain = models.BooleanField(
        _("chưa chắc chắn [U]"),
        default=False,
        help_text=_("Tiêu chuẩn chưa đối chiếu được với văn bản gốc."),
    )
    basis_collective = models.CharField(
        _("căn cứ tiêu chuẩn tập thể"), max_length=255, blank=True
    )
    basis_household = models.CharField(
        _("căn cứ tiêu chuẩn hộ gia đình"), max_length=255, blank=True
    )
    engine_rule = models.CharField(
        _("quy tắc tính"),
        max_length=40,
        blank=True,
        help_text=_("Tên quy tắc của bộ máy xét điều kiện; để trống: Hội đồng xét."),
    )
    not_retrieved = models.BooleanField(
        _("chưa có văn bản tiêu chuẩn"),
        default=False,
        help_text=_(
            "Tiêu chuẩn tính được chưa thu thập được: quản trị viên nhập các giá trị."
        ),
    )
    source_url = models.URLField(_("nguồn tham khảo"), max_length=500, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("tiêu chuẩn theo bộ quy tắc")
        verbose_name_plural = _("tiêu chuẩn theo bộ quy tắc")
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set", "award_type"], name="commendations_awardrule_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award_type.code} — {self.rule_set}"


class RuleValue(AuditedModel):
    """One number of a rule set (coefficient, multiplier, threshold, quota) with its source."""

    class Key(models.TextChoices):
        COEFFICIENT = "coefficient", _("Hệ số tiền thưởng (× lương cơ sở)")
        COLLECTIVE_MULTIPLIER = (
            "collective_multiplier",
            _("Hệ số tập thể (× mức cá nhân)"),
        )
        HOUSEHOLD_MULTIPLIER = (
            "household_multiplier",
            _("Hệ số hộ gia đình (× mức cá nhân)"),
        )
        CONSECUTIVE_YEARS = "consecutive_years", _("Số năm liên tục")
        WINDOW_YEARS = "window_years", _("Số năm trong giai đoạn xét")
        MIN_COUNT = "min_count", _("Số lần tối thiểu")
        MIN_INITIATIVES = "min_initiatives", _("Số sáng kiến tối thiểu")
        MIN_SHARE = "min_share", _("Tỷ lệ tối thiểu (0–1)")
        MIN_MEMBERS = "min_members", _("Số thành viên tối thiểu")
        QUOTA_SHARE = "quota_share", _("Tỷ lệ khống chế (0–1)")
        ROUND_TO = "round_to", _("Làm tròn lên đến bội số (đồng)")
        MIN_HTXS = "min_htxs", _("Số năm hoàn thành xuất sắc tối thiểu")
        MIN_CSTDCS = "min_cstdcs", _("Số lần CSTĐCS tối thiểu")
        MIN_CSTD_TINH = "min_cstd_tinh", _("Số lần CSTĐ cấp bộ, tỉnh tối thiểu")
        PREREQUISITE = "prerequisite", _("Đã được tặng (mã, cách nhau bởi |)")
        SERVICE_YEARS = "service_years", _("Số năm công tác trực tiếp")
        MANAGER_SECTOR_YEARS = (
            "manager_sector_years",
            _("Cán bộ quản lý: số năm trong ngành"),
        )
        MANAGER_YEARS = "manager_years", _("Cán bộ quản lý: số năm trực tiếp")
        HARDSHIP_FACTOR = "hardship_factor", _("Hệ số thời gian vùng khó khăn")
        VOTE_THRESHOLD = "vote_threshold", _("Tỷ lệ phiếu đồng ý tối thiểu (%)")
        QUORUM = "quorum", _("Tỷ lệ thành viên có mặt tối thiểu (%)")

    rule_set = models.ForeignKey(
        RuleSet, models.CASCADE, related_name="values", verbose_name=_("bộ quy tắc")
    )
    award_type = models.ForeignKey(
        AwardType,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="values",
        verbose_name=_("danh hiệu, hình thức"),
        help_text=_("Để trống cho giá trị chung của bộ quy tắc."),
    )
    key = models.CharField(_("tham số"), max_length=32, choices=Key)
    issuer = models.CharField(
        _("người ký (Giấy khen)"), max_length=8, choices=Issuer, blank=True
    )
    value = models.DecimalField(
        _("giá trị"),
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Để trống: không áp dụng / chưa xác định."),
    )
    text = models.CharField(
        _("giá trị chữ"),
        max_length=120,
        blank=True,
        help_text=_("Cho tham số dạng mã, ví dụ “BK_TINH|BK_BO”."),
    )
    source = models.CharField(
        _("nguồn pháp lý"),
        max_length=255,
        help_text=_("Văn bản, điều khoản quy định giá trị này."),
    )
    source_url = models.URLField(_("nguồn tham khảo"), max_length=500, blank=True)
    uncertain = models.BooleanField(
        _("chưa chắc chắn [U]"),
        default=False,
        help_text=_(
            "Giá trị mặc định chưa đối chiếu được với văn bản gốc; có thể sửa."
        ),
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("giá trị quy định")
        verbose_name_plural = _("giá trị quy định")
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set", "award_type", "key", "issuer"],
                condition=Q(award_type__isnull=False),
                name="commendations_rulevalue_unique",
            ),
            models.UniqueConstraint(
                fields=["rule_set", "key", "issuer"],
                condition=Q(award_type__isnull=True),
                name="commendations_rulevalue_general_unique",
            ),
        ]

    def __str__(self) -> str:
        code = self.award_type.code if self.award_type else "*"
        issuer = f"/{self.issuer}" if self.issuer else ""
        return f"{code}{issuer} {self.key} = {self.value} ({self.rule_set})"


class BaseSalary(AuditedModel):
    """Mức lương cơ sở: the value in force on a decision date multiplies every coefficient."""

    amount = models.PositiveBigIntegerField(_("mức lương cơ sở (đồng/tháng)"))
    effective_from = models.DateField(_("áp dụng từ"), unique=True)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255)
    uncertain = models.BooleanField(_("chưa chắc chắn [U]"), default=False)

    class Meta:
        verbose_name = _("mức lương cơ sở")
        verbose_name_plural = _("mức lương cơ sở")
        ordering = ["effective_from"]

    def __str__(self) -> str:
        return f"{self.amount:,} đ từ {self.effective_from:%d/%m/%Y}".replace(",", ".")


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

    class Meta:
        verbose_name = _("xếp loại hằng năm")
        verbose_name_plural = _("xếp loại hằng năm")
        ordering = ["-year"]
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
