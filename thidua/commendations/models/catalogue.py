"""The law as dated data: rule sets, the award catalogue, its rules and values, base salary."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import AuditedModel

from .choices import Issuer, Level, RecipientKind


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
