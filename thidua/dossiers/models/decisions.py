"""Commendation decisions and their items; an issued decision refuses any save or delete."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import AuditedModel

from .dossier import AwardLine, Dossier, Nominee


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


class DecisionItem(AwardLine):
    """One awardee of a decision, or in a revoking decision one award cancelled."""

    decision = models.ForeignKey(Decision, models.PROTECT, related_name="items")
    position = models.PositiveIntegerField(_("số thứ tự"))
    nominee = models.ForeignKey(
        Nominee, models.PROTECT, null=True, blank=True, related_name="decision_items"
    )
    person = models.ForeignKey(
        "people.Person", models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        "units.OrgUnit", models.PROTECT, null=True, blank=True, related_name="+"
    )
    position_text = models.CharField(_("chức vụ, đơn vị"), max_length=255, blank=True)
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
