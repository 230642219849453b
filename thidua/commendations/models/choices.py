"""The vocabularies the law and the registry share: ratings, scopes, recipients, levels."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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
