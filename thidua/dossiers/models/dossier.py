"""A unit's nomination dossier, its documents and the people and collectives it nominates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.commendations.models import RecipientKind
from thidua.core.models import AuditedModel
from thidua.lib.files import TokenPath, private_storage
from thidua.lib.uploads import validate_document


class Dossier(AuditedModel):
    """A unit's nomination dossier (hồ sơ đề nghị khen thưởng, Law 2022 Art. 84)."""

    class Type(models.TextChoices):
        ANNUAL = "annual", _("Khen thưởng tổng kết năm")
        THEMATIC = "thematic", _("Khen thưởng chuyên đề")
        AD_HOC = "ad_hoc", _("Khen thưởng đột xuất")
        CONTRIBUTION = "contribution", _("Khen thưởng quá trình cống hiến")
        SENIORITY = "seniority", _("Khen thưởng theo niên hạn")
        FOREIGN = "foreign", _("Khen thưởng đối ngoại")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi, chờ thẩm định")
        RETURNED = "returned", _("Trả lại để bổ sung")
        ACCEPTED = "accepted", _("Đã thẩm định")
        UNDER_DISCLOSURE = "under_disclosure", _("Đang công khai")
        AWAITING_COUNCIL = "awaiting_council", _("Chờ Hội đồng xét")
        APPROVED = "approved", _("Hội đồng đã thông qua")
        REJECTED = "rejected", _("Không được thông qua")
        DECIDED = "decided", _("Đã có quyết định")

    EDITABLE = (Status.DRAFT, Status.RETURNED)

    unit = models.ForeignKey(
        "units.OrgUnit",
        models.PROTECT,
        related_name="dossiers",
        verbose_name=_("đơn vị đề nghị"),
    )
    type = models.CharField(_("loại hình"), max_length=16, choices=Type)
    simplified = models.BooleanField(
        _("thủ tục đơn giản"),
        default=False,
        help_text=_(
            "Luật TĐKT 2022, Điều 85: chỉ cho khen thưởng đột xuất; hồ sơ gồm tờ trình "
            "và báo cáo tóm tắt thành tích."
        ),
    )
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    title = models.CharField(_("trích yếu"), max_length=255)
    movement = models.CharField(
        _("phong trào thi đua"),
        max_length=255,
        blank=True,
        help_text=_("Phong trào, chuyên đề hoặc thành tích đột xuất được khen."),
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    review_comment = models.TextField(_("ý kiến thẩm định"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người lập"),
    )
    # A commune's own awards (Giấy khen, LĐTT, CSTĐCS, TTLĐTT, thôn văn hóa) are
    # reviewed, voted and decided in the commune (NĐ 129/2025 Art. 59); empty:
    # the organisation's office, council and leader.
    decider = models.ForeignKey(
        "units.OrgUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cấp xét, quyết định"),
        help_text=_("Để trống: trình tỉnh (bộ). Chọn xã: Chủ tịch UBND xã quyết định."),
    )

    class Meta:
        verbose_name = _("hồ sơ đề nghị khen thưởng")
        verbose_name_plural = _("hồ sơ đề nghị khen thưởng")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft"]) | Q(submitted_at__isnull=False),
                name="dossiers_dossier_sent_has_submitted_at",
            ),
        ]
        indexes = [
            # the province office's queue: dossiers by status, newest first
            models.Index(fields=["status", "-submitted_at"], name="dossiers_queue_idx"),
            # the dossier list, most recently changed first
            models.Index(fields=["-updated_at", "-id"], name="dossiers_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.unit}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE


class DossierDocument(AuditedModel):
    class Kind(models.TextChoices):
        PROPOSAL = "proposal", _("Tờ trình")
        ACHIEVEMENT_REPORT = "report", _("Báo cáo thành tích")
        REVIEW_MINUTES = "minutes", _("Biên bản bình xét")
        INITIATIVE_CONFIRMATION = "initiative", _("Xác nhận sáng kiến")
        OTHER = "other", _("Tài liệu khác")

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="documents")
    kind = models.CharField(_("loại tài liệu"), max_length=16, choices=Kind)
    file = models.FileField(
        _("tệp"),
        upload_to=TokenPath("dossiers/documents"),
        storage=private_storage,
        validators=[validate_document],
        max_length=255,
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("tài liệu hồ sơ")
        verbose_name_plural = _("tài liệu hồ sơ")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.file.name.rsplit('/', 1)[-1]}"


class AwardLine(AuditedModel):
    """Who receives what, as printed: a dossier's nominee and, copied from it, a
    decision's item. Only the fields both declare alike are here: their person
    and unit relations differ (reverse names, labels) and stay on each model."""

    kind = models.CharField(_("đối tượng"), max_length=12, choices=RecipientKind)
    name = models.CharField(_("tên"), max_length=200)
    award_type = models.ForeignKey(
        "commendations.AwardType",
        models.PROTECT,
        related_name="+",
        verbose_name=_("danh hiệu, hình thức"),
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.name} — {self.award_type}"


class Nominee(AwardLine):
    """One proposed award: a person, a collective (unit) or a household."""

    class Review(models.TextChoices):
        PENDING = "pending", _("Chưa thẩm định")
        ACCEPTED = "accepted", _("Đồng ý")
        RETURNED = "returned", _("Yêu cầu bổ sung")
        REJECTED = "rejected", _("Không đồng ý")

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="nominees")
    person = models.ForeignKey(
        "people.Person",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("cá nhân"),
    )
    unit = models.ForeignKey(
        "units.OrgUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("tập thể"),
    )
    household = models.CharField(
        _("hộ gia đình"),
        max_length=200,
        blank=True,
        help_text=_("Ví dụ: Hộ ông Lò Văn Hùng, bản Nà Cang."),
    )
    position = models.CharField(
        _("chức vụ, đơn vị công tác"), max_length=255, blank=True
    )
    achievement = models.TextField(_("tóm tắt thành tích"), blank=True)
    eligible = models.BooleanField(_("đủ điều kiện"), null=True)
    eligibility = models.JSONField(
        _("kết quả xét điều kiện"),
        default=dict,
        blank=True,
        help_text=_(
            "Kết quả của bộ máy xét điều kiện lúc đề nghị (căn cứ, còn thiếu)."
        ),
    )
    justification = models.TextField(
        _("giải trình"),
        blank=True,
        help_text=_("Bắt buộc khi đề nghị đối tượng chưa đủ điều kiện theo quy định."),
    )
    review_status = models.CharField(
        _("kết quả thẩm định"), max_length=10, choices=Review, default=Review.PENDING
    )
    review_comment = models.TextField(_("ý kiến thẩm định"), blank=True)

    class Meta:
        verbose_name = _("người, tập thể được đề nghị")
        verbose_name_plural = _("người, tập thể được đề nghị")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="individual", person__isnull=False)
                    | Q(kind="collective", unit__isnull=False)
                    | (Q(kind="household") & ~Q(household=""))
                ),
                name="dossiers_nominee_has_recipient",
            ),
            models.CheckConstraint(
                condition=~Q(eligible=False) | ~Q(justification=""),
                name="dossiers_nominee_ineligible_justified",
            ),
        ]
