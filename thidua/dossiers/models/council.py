"""Council sessions and their secret ballot: receipts, anonymous counts, results."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.models import AuditedModel

from .dossier import Nominee


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
