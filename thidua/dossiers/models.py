"""Nomination dossiers, public disclosure, council voting, decisions and certificates.

The workflow states change only in services.py; the models hold the data and the
invariants the database can enforce. An issued Decision and its items refuse any
save or delete (Law 2022 ch. VII: a correction is a new decision).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
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


class Nominee(AuditedModel):
    """One proposed award: a person, a collective (unit) or a household."""

    class Review(models.TextChoices):
        PENDING = "pending", _("Chưa thẩm định")
        ACCEPTED = "accepted", _("Đồng ý")
        RETURNED = "returned", _("Yêu cầu bổ sung")
        REJECTED = "rejected", _("Không đồng ý")

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="nominees")
    kind = models.CharField(_("đối tượng"), max_length=12, choices=RecipientKind)
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
    name = models.CharField(_("tên"), max_length=200)
    position = models.CharField(
        _("chức vụ, đơn vị công tác"), max_length=255, blank=True
    )
    award_type = models.ForeignKey(
        "commendations.AwardType",
        models.PROTECT,
        related_name="+",
        verbose_name=_("danh hiệu, hình thức"),
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

    def __str__(self) -> str:
        return f"{self.name} — {self.award_type}"


class Disclosure(AuditedModel):
    """Publication of a dossier's accepted nominees on the portal for public comment."""

    dossier = models.OneToOneField(
        Dossier, models.CASCADE, related_name="disclosure", verbose_name=_("hồ sơ")
    )
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến hết ngày"))
    days = models.PositiveSmallIntegerField(_("số ngày công khai"))
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("đợt công khai")
        verbose_name_plural = _("đợt công khai")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="dossiers_disclosure_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Công khai {self.dossier.title} ({self.starts_on:%d/%m}–{self.ends_on:%d/%m/%Y})"


class PublicFeedback(AuditedModel):
    """A citizen's comment on a disclosed nominee; contact details are never published."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        PUBLISHED = "published", _("Đã duyệt, công khai")
        HIDDEN = "hidden", _("Đã duyệt, không công khai")

    audit_private = ("contact",)  # docs/privacy.md: never copied into the audit

    nominee = models.ForeignKey(Nominee, models.CASCADE, related_name="feedback")
    author = models.CharField(_("họ tên người góp ý"), max_length=120)
    contact = models.CharField(
        _("điện thoại hoặc thư điện tử"),
        max_length=120,
        help_text=_("Chỉ cán bộ TĐKT xem được, không công bố."),
    )
    content = models.TextField(_("nội dung"))
    status = models.CharField(
        _("kiểm duyệt"), max_length=10, choices=Status, default=Status.PENDING
    )
    moderation_note = models.CharField(
        _("ghi chú kiểm duyệt"), max_length=255, blank=True
    )

    class Meta:
        verbose_name = _("ý kiến nhân dân")
        verbose_name_plural = _("ý kiến nhân dân")

    def __str__(self) -> str:
        return f"{self.author}: {self.content[:40]}"


class CouncilSession(AuditedModel):
    """A meeting of the TĐKT council voting by secret ballot on an agenda of nominees."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang bỏ phiếu")
        CLOSED = "closed", _("Đã kết thúc")

    title = models.CharField(_("tên phiên họp"), max_length=255)
    unit = models.ForeignKey(
        "units.OrgUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="council_sessions",
        verbose_name=_("Hội đồng của"),
        help_text=_(
            "Để trống: Hội đồng TĐKT của tỉnh (bộ); hoặc xã, phường có Hội đồng riêng."
        ),
    )
    held_on = models.DateField(_("ngày họp"))
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=Status, default=Status.OPEN
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="council_sessions",
        verbose_name=_("thành viên"),
    )
    agenda = models.ManyToManyField(
        Nominee, related_name="council_sessions", verbose_name=_("danh sách xét")
    )
    quorum_percent = models.DecimalField(
        _("tỷ lệ có mặt tối thiểu (%)"),
        max_digits=5,
        decimal_places=2,
        default=66.67,
        help_text=_(
            "[Chưa xác minh] Mặc định hai phần ba số thành viên; sửa theo quy chế."
        ),
    )
    thresholds = models.JSONField(
        _("tỷ lệ phiếu đồng ý theo danh hiệu (%)"),
        default=dict,
        blank=True,
        help_text=_(
            "Mã danh hiệu → % tối thiểu trên tổng số thành viên. Mặc định: CSTĐ toàn quốc 90%, "
            "Bằng khen 80% (thực tiễn cũ, chưa xác minh theo NĐ 152/2025)."
        ),
    )
    default_threshold = models.DecimalField(
        _("tỷ lệ mặc định (%)"),
        max_digits=5,
        decimal_places=2,
        default=50,
        help_text=_("[Chưa xác minh] Áp dụng cho danh hiệu không có tỷ lệ riêng."),
    )
    rules_basis = models.CharField(
        _("căn cứ tỷ lệ"),
        max_length=500,
        blank=True,
        help_text=_("Nguồn của tỷ lệ mặc định theo bộ quy tắc ngày họp."),
    )
    # Generated files are kept as storage names, not FileFields: an empty
    # FileField on an AuditedModel breaks the audit snapshot (core/audit.py).
    minutes = models.CharField(_("biên bản (tệp)"), max_length=255, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("phiên họp Hội đồng")
        verbose_name_plural = _("phiên họp Hội đồng")

    def __str__(self) -> str:
        return self.title


class BallotReceipt(AuditedModel):
    """Who voted in a session. How they voted is only in BallotCount's totals."""

    session = models.ForeignKey(CouncilSession, models.CASCADE, related_name="receipts")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("phiếu đã bỏ")
        verbose_name_plural = _("phiếu đã bỏ")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "member"], name="dossiers_receipt_one_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.session}"


class BallotChoice(models.TextChoices):
    YES = "yes", _("Đồng ý")
    NO = "no", _("Không đồng ý")
    ABSTAIN = "abstain", _("Không biểu quyết")


class BallotCount(models.Model):
    """The running count of one agenda item in a session; no ballot is stored.

    One row per nominee, created (all zero) when the session opens. Each ballot
    adds to every row of its session in one UPDATE, in the receipt's
    transaction, so no row, id, physical position or transaction id depends on
    how anyone voted (docs/decisions/0008-secret-ballot-counters.md). Not an
    AuditedModel: a before/after entry per ballot would be the ballot itself.
    """

    session = models.ForeignKey(CouncilSession, models.CASCADE, related_name="counts")
    nominee = models.ForeignKey(Nominee, models.CASCADE, related_name="+")
    yes = models.PositiveSmallIntegerField(_("đồng ý"), default=0)
    no = models.PositiveSmallIntegerField(_("không đồng ý"), default=0)
    abstain = models.PositiveSmallIntegerField(_("không biểu quyết"), default=0)

    class Meta:
        verbose_name = _("số phiếu")
        verbose_name_plural = _("số phiếu")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "nominee"], name="dossiers_ballotcount_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nominee_id}: {self.yes}/{self.no}/{self.abstain}"


class CouncilResult(AuditedModel):
    """The counted result of one nominee in a closed session."""

    session = models.ForeignKey(CouncilSession, models.CASCADE, related_name="results")
    nominee = models.ForeignKey(Nominee, models.CASCADE, related_name="council_results")
    members = models.PositiveSmallIntegerField(_("tổng số thành viên"))
    yes = models.PositiveSmallIntegerField(_("đồng ý"))
    no = models.PositiveSmallIntegerField(_("không đồng ý"))
    abstain = models.PositiveSmallIntegerField(_("không biểu quyết"))
    percent = models.DecimalField(_("tỷ lệ đồng ý (%)"), max_digits=5, decimal_places=2)
    threshold = models.DecimalField(
        _("tỷ lệ yêu cầu (%)"), max_digits=5, decimal_places=2
    )
    passed = models.BooleanField(_("đạt"))

    class Meta:
        verbose_name = _("kết quả biểu quyết")
        verbose_name_plural = _("kết quả biểu quyết")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "nominee"], name="dossiers_result_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nominee}: {self.yes}/{self.members}"


class IssuedDecisionError(ValidationError):
    pass


ISSUED_MESSAGE = _(
    "Quyết định đã ban hành không được sửa hoặc xóa; muốn đính chính hãy ban hành "
    "quyết định sửa đổi hoặc hủy bỏ."
)


class Decision(AuditedModel):
    class Kind(models.TextChoices):
        AWARD = "award", _("Khen thưởng")
        AMEND = "amend", _("Sửa đổi, đính chính")
        REVOKE = "revoke", _("Hủy bỏ khen thưởng")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")

    kind = models.CharField(_("loại"), max_length=8, choices=Kind, default=Kind.AWARD)
    type = models.CharField(
        _("loại hình khen thưởng"), max_length=16, choices=Dossier.Type, blank=True
    )
    issuer = models.ForeignKey(
        "units.OrgUnit",
        models.PROTECT,
        related_name="decisions",
        verbose_name=_("cơ quan ban hành"),
    )
    issuer_name = models.CharField(_("tên cơ quan ban hành"), max_length=200)
    authority = models.CharField(
        _("thẩm quyền"),
        max_length=200,
        help_text=_("Ví dụ: CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …; BỘ TRƯỞNG BỘ …"),
    )
    symbol = models.CharField(_("ký hiệu"), max_length=32, default="QĐ-UBND")
    place = models.CharField(
        _("địa danh"),
        max_length=60,
        blank=True,
        help_text=_("Địa danh ghi ngày ban hành, theo thông tin tổ chức lúc dự thảo."),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    summary = models.CharField(_("trích yếu"), max_length=255)
    grounds = models.TextField(_("căn cứ"), help_text=_("Mỗi căn cứ một dòng."))
    reason = models.TextField(
        _("lý do"), blank=True, help_text=_("Thành tích được khen hoặc lý do hủy, sửa.")
    )
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    signature_capacity = models.TextField(
        _("thẩm quyền ký"),
        default="CHỦ TỊCH",
        help_text=_(
            "Mỗi dòng một dòng của khối chữ ký, ví dụ: KT. CHỦ TỊCH / PHÓ CHỦ TỊCH."
        ),
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=Status, default=Status.DRAFT
    )
    target = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("quyết định bị sửa đổi, hủy bỏ"),
    )
    dossiers = models.ManyToManyField(
        Dossier, blank=True, related_name="decisions", verbose_name=_("hồ sơ")
    )
    document = models.CharField(
        _("văn bản (tệp)"),
        max_length=255,
        blank=True,
        help_text=_("Tên tệp .docx trong kho lưu trữ, tạo lúc ban hành."),
    )

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "number"],
                condition=Q(number__isnull=False),
                name="dossiers_decision_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(number__isnull=False, date__isnull=False) & ~Q(signer_name=""),
                name="dossiers_decision_issued_complete",
            ),
            models.CheckConstraint(
                condition=Q(kind="award") | Q(target__isnull=False),
                name="dossiers_decision_correction_has_target",
            ),
        ]

    def __str__(self) -> str:
        return f"Quyết định {self.reference} {self.summary}"

    @property
    def reference(self) -> str:
        return (
            f"{self.number}/{self.symbol}"
            if self.number
            else f"(dự thảo)/{self.symbol}"
        )

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    def _stored_issued(self) -> bool:
        return (
            self.pk is not None
            and type(self)
            .objects.filter(pk=self.pk, status=self.Status.ISSUED)
            .exists()
        )

    def save(self, *args: object, **kwargs: object) -> None:
        # The database row is the truth: an issued decision is frozen whatever
        # the in-memory instance says (services, admin, shell alike).
        if self._stored_issued():
            raise IssuedDecisionError(ISSUED_MESSAGE)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        if self._stored_issued():
            raise IssuedDecisionError(ISSUED_MESSAGE)
        return super().delete(*args, **kwargs)  # type: ignore[arg-type]


class DecisionItem(AuditedModel):
    """One awardee of a decision, or in a revoking decision one award cancelled."""

    decision = models.ForeignKey(Decision, models.PROTECT, related_name="items")
    position = models.PositiveIntegerField(_("số thứ tự"))
    nominee = models.ForeignKey(
        Nominee, models.PROTECT, null=True, blank=True, related_name="decision_items"
    )
    kind = models.CharField(_("đối tượng"), max_length=12, choices=RecipientKind)
    person = models.ForeignKey(
        "people.Person", models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        "units.OrgUnit", models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("tên"), max_length=200)
    position_text = models.CharField(_("chức vụ, đơn vị"), max_length=255, blank=True)
    award_type = models.ForeignKey(
        "commendations.AwardType",
        models.PROTECT,
        related_name="+",
        verbose_name=_("danh hiệu, hình thức"),
    )
    amount = models.PositiveBigIntegerField(_("tiền thưởng (đồng)"), default=0)
    coefficient = models.DecimalField(
        _("hệ số"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    amount_basis = models.CharField(_("căn cứ mức thưởng"), max_length=255, blank=True)
    revokes = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="revocations",
        verbose_name=_("khen thưởng bị hủy"),
    )
    replaces = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="replacements",
        verbose_name=_("nội dung được sửa đổi"),
        help_text=_(
            "Ở quyết định sửa đổi: dòng của quyết định gốc mà dòng này thay thế."
        ),
    )
    recover_amount = models.PositiveBigIntegerField(
        _("số tiền thu hồi (đồng)"), default=0
    )

    class Meta:
        verbose_name = _("người, tập thể trong quyết định")
        verbose_name_plural = _("người, tập thể trong quyết định")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "position"], name="dossiers_item_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(revokes__isnull=True) | Q(replaces__isnull=True),
                name="dossiers_item_revokes_or_replaces",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.award_type}"

    def correction(self) -> DecisionItem | None:
        """The issued item that amends or revokes this one, if any (newest first)."""
        issued = Decision.Status.ISSUED
        return (
            DecisionItem.objects.filter(
                Q(replaces=self) | Q(revokes=self), decision__status=issued
            )
            .select_related("decision")
            .order_by("-decision__date", "-pk")
            .first()
        )

    def _decision_issued(self) -> bool:
        return Decision.objects.filter(
            pk=self.decision_id, status=Decision.Status.ISSUED
        ).exists()

    def save(self, *args: object, **kwargs: object) -> None:
        if self._decision_issued():
            raise IssuedDecisionError(ISSUED_MESSAGE)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        if self._decision_issued():
            raise IssuedDecisionError(ISSUED_MESSAGE)
        return super().delete(*args, **kwargs)  # type: ignore[arg-type]


def new_verification_code() -> str:
    # 12 characters from an alphabet without look-alikes: unguessable, easy to type
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


class Certificate(AuditedModel):
    item = models.OneToOneField(
        DecisionItem, models.PROTECT, related_name="certificate"
    )
    code = models.CharField(
        _("mã xác minh"), max_length=16, unique=True, default=new_verification_code
    )
    pdf = models.FileField(
        _("tệp PDF"),
        upload_to=TokenPath("dossiers/certificates"),
        storage=private_storage,
        max_length=255,
    )
    generated_at = models.DateTimeField(_("tạo lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("bằng, giấy khen")
        verbose_name_plural = _("bằng, giấy khen")

    def __str__(self) -> str:
        return f"{self.code} — {self.item.name}"


class CertificateRun(AuditedModel):
    """One background generation of a decision's certificates (progress for the admin)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Hoàn tất")
        FAILED = "failed", _("Lỗi")

    decision = models.ForeignKey(
        Decision, models.PROTECT, related_name="certificate_runs"
    )
    status = models.CharField(max_length=8, choices=Status, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # which worker process renders it and when it last reported, so a run whose
    # worker died is taken up again (services.certificates_resume_stalled)
    worker = models.CharField(max_length=120, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("đợt in bằng, giấy khen")
        verbose_name_plural = _("đợt in bằng, giấy khen")

    def __str__(self) -> str:
        return f"{self.decision.reference}: {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100
