"""Who this instance serves: the organisation's names, authority lines, signers and seals.

Every generated document, certificate, portal page and e-mail reads these rows (through
selectors.py) instead of naming a province in code. Both are dated, so a decision of 2024
keeps the name and signer in force in 2024 after a merger or a change of leaders.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import AuditedModel
from thidua.lib.files import TokenPath, private_storage
from thidua.lib.uploads import validate_picture


class Organisation(AuditedModel):
    """The organisation's identity from `valid_from` until the next row's date."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("UBND tỉnh, thành phố trực thuộc Trung ương")
        MINISTRY = "ministry", _("Bộ, ban, ngành, đoàn thể Trung ương")
        OTHER = "other", _("Cơ quan, tổ chức khác có thẩm quyền khen thưởng")

    valid_from = models.DateField(
        _("áp dụng từ ngày"),
        unique=True,
        help_text=_("Văn bản có ngày từ ngày này dùng các thông tin dưới đây."),
    )
    kind = models.CharField(_("loại tổ chức"), max_length=16, choices=Kind)
    unit = models.ForeignKey(
        "units.OrgUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị gốc"),
        help_text=_(
            "Tỉnh hoặc bộ trong cây đơn vị; quyết định của đơn vị này dùng "
            "tên, thẩm quyền và người ký ở đây."
        ),
    )
    name = models.CharField(
        _("tên tổ chức"),
        max_length=200,
        help_text=_("Ví dụ: Tỉnh Tuyên Quang; Bộ Tài chính."),
    )
    place = models.CharField(
        _("địa danh ghi ngày văn bản"),
        max_length=60,
        help_text=_(
            'Ví dụ: Tuyên Quang (→ "Tuyên Quang, ngày … tháng … năm …"); Hà Nội.'
        ),
    )
    issuing_body = models.CharField(
        _("tên cơ quan ban hành (in hoa)"),
        max_length=200,
        help_text=_(
            "Dòng tên cơ quan ở góc trái văn bản: ỦY BAN NHÂN DÂN TỈNH …; BỘ …"
        ),
    )
    superior_body = models.CharField(
        _("tên cơ quan chủ quản (viết tắt, in hoa)"),
        max_length=200,
        help_text=_("Dòng trên tên Hội đồng, khối thi đua: UBND TỈNH …; BỘ …"),
    )
    authority = models.CharField(
        _("thẩm quyền ban hành quyết định"),
        max_length=200,
        help_text=_("Ví dụ: CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …; BỘ TRƯỞNG BỘ …"),
    )
    decision_symbol = models.CharField(
        _("ký hiệu quyết định"), max_length=32, help_text=_("QĐ-UBND; QĐ-BTC …")
    )
    proposal_symbol = models.CharField(
        _("ký hiệu tờ trình"),
        max_length=32,
        blank=True,
        help_text=_(
            "TTr-UBND; TTr-BTC … Để trống: TTr- và chữ viết tắt của ký hiệu quyết định."
        ),
    )
    proposer = models.CharField(
        _("cơ quan trình"),
        max_length=200,
        help_text=_(
            '"Theo đề nghị của …" và người thi hành quyết định: Giám đốc Sở Nội vụ; '
            "Vụ trưởng Vụ Thi đua - Khen thưởng …"
        ),
    )
    office = models.CharField(
        _("cơ quan thường trực TĐKT"),
        max_length=200,
        help_text=_(
            "Nơi nhận quyết định; tên chủ quản cổng thông tin: Ban Thi đua - Khen thưởng …"
        ),
    )
    award_code = models.CharField(
        _("mã Bằng khen của tổ chức"),
        max_length=32,
        help_text=_("BK_TINH (Chủ tịch UBND tỉnh) hoặc BK_BO (Bộ trưởng, Thủ trưởng)."),
    )
    award_name = models.CharField(
        _("tên Bằng khen"),
        max_length=200,
        help_text=_("Bằng khen của Chủ tịch UBND tỉnh …; Bằng khen của Bộ trưởng Bộ …"),
    )
    seal = models.ForeignKey(
        "wagtailimages.Image",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ảnh con dấu"),
        help_text=_("In mờ trên bằng, giấy khen (PNG nền trong suốt)."),
    )
    banner = models.ForeignKey(
        "wagtailimages.Image",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ảnh đầu trang cổng thông tin"),
        help_text=_(
            "Ảnh ngang (ví dụ 1600×240) hiện ở đầu mọi trang của cổng; "
            "JPEG, PNG hoặc WebP, tối đa 10 MB."
        ),
    )
    # the portal's identity (header and footer); empty: the portal's own settings
    portal_name = models.CharField(
        _("tên cổng thông tin"),
        max_length=150,
        blank=True,
        help_text=_("Ví dụ: Cổng thông tin Thi đua – Khen thưởng tỉnh Tuyên Quang."),
    )
    address = models.CharField(_("địa chỉ liên hệ"), max_length=255, blank=True)
    hotline = models.CharField(_("đường dây nóng"), max_length=40, blank=True)
    email = models.EmailField(_("thư điện tử liên hệ"), blank=True)

    class Meta:
        verbose_name = _("thông tin tổ chức")
        verbose_name_plural = _("thông tin tổ chức")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.name} (từ {self.valid_from:%d/%m/%Y})"

    @property
    def proposal_symbol_text(self) -> str:
        """The symbol of its tờ trình: as set, else the decisions' issuer abbreviation
        after "TTr-" (Decree 30/2020, Appendix III: QĐ-BTC → TTr-BTC)."""
        if self.proposal_symbol:
            return self.proposal_symbol
        _, _, issuer = self.decision_symbol.partition("-")
        return f"TTr-{issuer}" if issuer else "TTr"


class Signer(AuditedModel):
    """A leader who signs decisions and certificates, with the title of the time:
    the organisation's (`unit` empty) or a deciding unit's own, such as a commune's
    chair and vice-chairs, who sign the commune chair's awards."""

    unit = models.ForeignKey(
        "units.OrgUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="signers",
        verbose_name=_("đơn vị ký"),
        help_text=_(
            "Để trống: người ký của tổ chức (tỉnh, bộ). Chọn xã, phường: người ký "
            "quyết định, giấy khen của Chủ tịch UBND xã, phường đó."
        ),
    )
    full_name = models.CharField(_("họ và tên"), max_length=120)
    capacity = models.TextField(
        _("thẩm quyền ký"),
        help_text=_(
            "Mỗi dòng một dòng của khối chữ ký: CHỦ TỊCH; hoặc KT. CHỦ TỊCH / "
            "PHÓ CHỦ TỊCH; KT. BỘ TRƯỞNG / THỨ TRƯỞNG."
        ),
    )
    title = models.CharField(
        _("chức vụ"), max_length=200, help_text=_("Chủ tịch UBND tỉnh; Phó Chủ tịch …")
    )
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    is_head = models.BooleanField(
        _("người đứng đầu"),
        default=False,
        help_text=_("Ký thay mặt chính (CHỦ TỊCH, BỘ TRƯỞNG); được đề xuất trước."),
    )

    class Meta:
        verbose_name = _("người ký")
        verbose_name_plural = _("người ký")
        ordering = ["-is_head", "full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="organisation_signer_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} — {self.title}"

    @property
    def capacity_text(self) -> str:
        """The one-line form Decision.signature_capacity keeps ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")."""
        return " / ".join(
            line.strip()
            for line in self.capacity.replace(" / ", "\n").splitlines()
            if line.strip()
        )


class UnitSeal(AuditedModel):
    """A commune's own seal, printed on the certificates of its chair's awards (the
    organisation's seal is in its settings and never goes on a commune's). Kept by
    the commune's officer with its signers; a private file, read only by the
    certificate renderer and by those who keep it."""

    unit = models.OneToOneField(
        "units.OrgUnit",
        models.PROTECT,
        related_name="seal",
        verbose_name=_("xã, phường"),
    )
    image = models.FileField(
        _("ảnh con dấu"),
        upload_to=TokenPath("organisation/seals"),
        storage=private_storage,
        max_length=255,
        validators=[validate_picture],
        help_text=_(
            "In mờ trên giấy khen của Chủ tịch UBND xã, phường (PNG nền trong suốt); "
            "JPEG, PNG hoặc WebP, tối đa 10 MB."
        ),
    )

    class Meta:
        verbose_name = _("con dấu của xã, phường")
        verbose_name_plural = _("con dấu của xã, phường")
        ordering = ["unit__name"]

    def __str__(self) -> str:
        return f"Con dấu {self.unit}"

    def clean(self) -> None:
        from thidua.units.models import OrgUnit

        if self.unit_id and self.unit.kind not in OrgUnit.COMMUNE_LEVEL:
            raise ValidationError(
                {
                    "unit": _(
                        "Chỉ xã, phường có con dấu ở đây; con dấu của tổ chức ở "
                        "Thông tin tổ chức."
                    )
                }
            )
