from __future__ import annotations

import datetime as dt
import functools

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import AuditedModel, AuditedQuerySet
from thidua.lib.text import fold


class OrgUnitQuerySet(AuditedQuerySet["OrgUnit"]):
    def valid_on(self, day: dt.date) -> OrgUnitQuerySet:
        """Units that exist on `day` (valid_from ≤ day ≤ valid_to, open ends allowed)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def search(self, query: str) -> OrgUnitQuerySet:
        return self.filter(search_text__contains=fold(query))


class OrgUnit(AuditedModel):
    """An administrative unit, agency, enterprise or school, valid for a period.

    A unit that is merged, split or renamed gets an end date and successors
    linked through LineageEvent; its history stays attached to its own row.
    """

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Tỉnh, thành phố trực thuộc TW")
        MINISTRY = "ministry", _("Bộ, ngành Trung ương")
        CITY = "city", _("Thành phố thuộc tỉnh")
        DISTRICT = "district", _("Huyện")
        URBAN_DISTRICT = "urban_district", _("Quận")
        TOWN = "town", _("Thị xã")
        COMMUNE = "commune", _("Xã")
        WARD = "ward", _("Phường")
        TOWNSHIP = "township", _("Thị trấn")
        SPECIAL_ZONE = "special_zone", _("Đặc khu")
        AGENCY = "agency", _("Sở, ban, ngành, cơ quan")
        MASS_ORG = "mass_org", _("Tổ chức chính trị - xã hội, hội")
        ENTERPRISE = "enterprise", _("Doanh nghiệp, hợp tác xã")
        SCHOOL = "school", _("Trường học")
        OTHER = "other", _("Khác")

    DISTRICT_LEVEL = (Kind.CITY, Kind.DISTRICT, Kind.URBAN_DISTRICT, Kind.TOWN)
    COMMUNE_LEVEL = (Kind.COMMUNE, Kind.WARD, Kind.TOWNSHIP, Kind.SPECIAL_ZONE)

    code = models.CharField(
        _("mã"), max_length=32, help_text=_("Mã đơn vị hành chính (TCTK) nếu có.")
    )
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("đơn vị cấp trên"),
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    search_text = models.CharField(max_length=255, editable=False, db_index=True)

    objects = OrgUnitQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "valid_from"], name="units_orgunit_code_from_unique"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="units_orgunit_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = fold(f"{self.name} {self.code}")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class LineageEvent(AuditedModel):
    """A merge, split, rename, move or dissolution with its legal basis."""

    class Kind(models.TextChoices):
        MERGE = "merge", _("Hợp nhất, sáp nhập")
        SPLIT = "split", _("Chia tách")
        RENAME = "rename", _("Đổi tên")
        MOVE = "move", _("Điều chỉnh trực thuộc")
        DISSOLVE = "dissolve", _("Giải thể, kết thúc hoạt động")

    kind = models.CharField(_("loại sự kiện"), max_length=16, choices=Kind)
    effective_date = models.DateField(_("ngày hiệu lực"))
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("sự kiện sắp xếp đơn vị")
        verbose_name_plural = _("sự kiện sắp xếp đơn vị")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_date:%d/%m/%Y}"


class LineageLink(models.Model):
    """One predecessor → successor edge of a lineage event."""

    event = models.ForeignKey(LineageEvent, models.CASCADE, related_name="links")
    predecessor = models.ForeignKey(
        OrgUnit, models.PROTECT, related_name="successor_links"
    )
    successor = models.ForeignKey(
        OrgUnit, models.PROTECT, related_name="predecessor_links", null=True, blank=True
    )
    full = models.BooleanField(
        _("toàn bộ"),
        default=True,
        help_text=_("Cả đơn vị cũ chuyển sang (không chia)."),
    )

    class Meta:
        verbose_name = _("liên kết kế thừa")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "predecessor", "successor"],
                name="units_lineagelink_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor or '∅'}"


class EmulationBloc(AuditedModel):
    """A khối or cụm thi đua (Law 2022 Art. 16(2)(c))."""

    class Kind(models.TextChoices):
        BLOC = "bloc", _("Khối thi đua")
        CLUSTER = "cluster", _("Cụm thi đua")

    class Level(models.TextChoices):
        PROVINCE = "province", _("Cấp tỉnh")
        NATIONAL = "national", _("Trung ương")
        SECTOR = "sector", _("Ngành")
        COMMUNE = "commune", _("Cấp xã")

    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=8, choices=Kind, default=Kind.BLOC)
    level = models.CharField(
        _("cấp"), max_length=16, choices=Level, default=Level.PROVINCE
    )
    organiser = models.ForeignKey(
        OrgUnit,
        models.PROTECT,
        related_name="organised_blocs",
        verbose_name=_("Hội đồng TĐKT tổ chức"),
        help_text=_("Đơn vị có Hội đồng Thi đua – Khen thưởng tổ chức khối/cụm."),
    )
    search_text = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        verbose_name = _("khối, cụm thi đua")
        verbose_name_plural = _("khối, cụm thi đua")

    def __str__(self) -> str:
        return self.name

    @functools.cached_property
    def leader_award(self) -> str:
        """What the bloc's leader is proposed for (the organisation's Cờ thi đua, or
        a commune's Giấy khen): named by the organisation's settings, not in code."""
        from thidua.organisation.selectors import leader_award

        return leader_award(self.organiser)

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class BlocMembership(AuditedModel):
    bloc = models.ForeignKey(EmulationBloc, models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="bloc_memberships")
    year = models.PositiveSmallIntegerField(_("năm"))

    class Meta:
        verbose_name = _("thành viên khối")
        verbose_name_plural = _("thành viên khối")
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "unit", "year"], name="units_blocmembership_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.bloc} ({self.year})"


class BlocYear(AuditedModel):
    """Who leads and who hosts a bloc in a year, and the hand-over of hosting."""

    bloc = models.ForeignKey(EmulationBloc, models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("năm"))
    head = models.ForeignKey(
        OrgUnit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("khối trưởng"),
    )
    deputy = models.ForeignKey(
        OrgUnit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("khối phó"),
    )
    host = models.ForeignKey(
        OrgUnit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị đăng cai"),
    )
    handed_over_on = models.DateField(
        _("ngày nhận quyền đăng cai"),
        null=True,
        blank=True,
        help_text=_("Ngày đơn vị đăng cai năm trước trao quyền đăng cai năm này."),
    )
    handover_note = models.CharField(
        _("ghi chú trao quyền"), max_length=255, blank=True
    )

    class Meta:
        verbose_name = _("khối theo năm")
        verbose_name_plural = _("khối theo năm")
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "year"], name="units_blocyear_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bloc} {self.year}"
