"""The organisation's identity and signers in force on a day (read by documents, portal, e-mail)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from thidua.units.models import OrgUnit

from .models import Organisation, Signer

PROVINCE_PREFIXES = ("Tỉnh ", "Thành phố ")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _initials(name: str) -> str:
    """ "Bộ Tài chính" → "BTC" (the symbol of its decisions: QĐ-BTC)."""
    return "".join(word[0] for word in name.split() if word[:1].isalpha()).upper()


def defaults_for(unit: OrgUnit, *, valid_from: dt.date) -> Organisation:
    """The settings a province or ministry starts with, derived from its unit's name.

    The office edits them in the back office; documents never guess beyond this.
    """
    name = unit.name
    if unit.kind == OrgUnit.Kind.MINISTRY:
        upper = name.upper()
        return Organisation(
            valid_from=valid_from,
            kind=Organisation.Kind.MINISTRY,
            unit=unit,
            name=name,
            place="Hà Nội",
            issuing_body=upper,
            superior_body=upper,
            authority=f"BỘ TRƯỞNG {upper}",
            decision_symbol=f"QĐ-{_initials(name)}",
            proposal_symbol=f"TTr-{_initials(name)}",
            proposer="Vụ trưởng Vụ Thi đua - Khen thưởng",
            office="Vụ Thi đua - Khen thưởng",
            award_code="BK_BO",
            award_name=f"Bằng khen của Bộ trưởng {name}",
        )
    place = name
    for prefix in PROVINCE_PREFIXES:
        place = place.removeprefix(prefix)
    level = "thành phố" if name.startswith("Thành phố") else "tỉnh"
    upper = name.upper()
    return Organisation(
        valid_from=valid_from,
        kind=Organisation.Kind.PROVINCE,
        unit=unit,
        name=name,
        place=place,
        issuing_body=f"ỦY BAN NHÂN DÂN {upper}",
        superior_body=f"UBND {upper}",
        authority=f"CHỦ TỊCH ỦY BAN NHÂN DÂN {upper}",
        decision_symbol="QĐ-UBND",
        proposal_symbol="TTr-UBND",
        proposer="Giám đốc Sở Nội vụ",
        office=f"Ban Thi đua - Khen thưởng {_lower_first(name)}",
        award_code="BK_TINH",
        award_name=f"Bằng khen của Chủ tịch Ủy ban nhân dân {level}",
    )


def organisation_on(day: dt.date | None = None) -> Organisation:
    """The row in force on `day` (today when None); before the first row, the first row.

    With no row at all (a fresh database before setup), one derived from the root unit,
    unsaved, so drafts still render; `setup_province` creates the real one.
    """
    day = day or timezone.localdate()
    rows = Organisation.objects.select_related("unit", "seal")
    found = (
        rows.filter(valid_from__lte=day).first() or rows.order_by("valid_from").first()
    )
    if found is not None:
        return found
    root = (
        OrgUnit.objects.filter(
            kind__in=[OrgUnit.Kind.PROVINCE, OrgUnit.Kind.MINISTRY],
            parent=None,
            valid_to__isnull=True,
        )
        .order_by("pk")
        .first()
    )
    if root is None:
        return Organisation(
            valid_from=day,
            kind=Organisation.Kind.OTHER,
            name="Cơ quan chưa khai báo",
            place="",
            issuing_body="",
            superior_body="",
            authority="",
            decision_symbol="QĐ",
            proposer="",
            office="",
            award_code="",
            award_name="",
        )
    return defaults_for(root, valid_from=day)


def is_root(unit: OrgUnit, organisation: Organisation) -> bool:
    """Whether decisions of `unit` are the organisation's own (its name and authority)."""
    if organisation.unit_id is not None:
        return unit.pk == organisation.unit_id
    return unit.parent_id is None and unit.kind in (
        OrgUnit.Kind.PROVINCE,
        OrgUnit.Kind.MINISTRY,
    )


def signers_on(
    day: dt.date | None = None, unit: OrgUnit | None = None
) -> QuerySet[Signer]:
    """Signers in force on `day`: the organisation's (`unit` None) or `unit`'s own."""
    day = day or timezone.localdate()
    return Signer.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        valid_from__lte=day,
        unit=unit,
    )


def signers_for(issuer: OrgUnit, day: dt.date | None = None) -> QuerySet[Signer]:
    """Who may sign `issuer`'s decisions on `day`: the organisation's signers for its
    own decisions, the unit's own (a commune's chair, vice-chairs) for the others."""
    own = is_root(issuer, organisation_on(day))
    return signers_on(day, None if own else issuer)


def place_of(unit: OrgUnit, organisation: Organisation) -> str:
    """The place name of a document's date line: the organisation's, or a commune's own."""
    if unit.kind in OrgUnit.COMMUNE_LEVEL:
        for prefix in ("Xã ", "Phường ", "Thị trấn ", "Đặc khu "):
            if unit.name.startswith(prefix):
                return unit.name.removeprefix(prefix)
    return organisation.place


# a commune's tờ trình is its people's committee's (Decree 30/2020, Appendix III)
COMMUNE_PROPOSAL_SYMBOL = "TTr-UBND"


def proposal_symbol(commune: OrgUnit | None, day: dt.date | None = None) -> str:
    """The symbol of a tờ trình: a commune's own, else the organisation settings'."""
    if commune is not None:
        return COMMUNE_PROPOSAL_SYMBOL
    return organisation_on(day).proposal_symbol_text


def head_of(unit: OrgUnit, organisation: Organisation) -> str:
    """Who decides `unit`'s awards, in running text: "Chủ tịch Ủy ban nhân dân tỉnh …",
    "Bộ trưởng Bộ …", "Chủ tịch Ủy ban nhân dân xã …"."""
    if is_root(unit, organisation):
        if organisation.kind == Organisation.Kind.MINISTRY:
            return f"Bộ trưởng {organisation.name}"
        return f"Chủ tịch Ủy ban nhân dân {_lower_first(organisation.name)}"
    return f"Chủ tịch Ủy ban nhân dân {_lower_first(unit.name)}"


def leader_award(organiser: OrgUnit) -> str:
    """What the leader of a bloc organised by `organiser` is proposed for: the
    organisation's Cờ thi đua (its name by the organisation's kind, in the catalogue),
    or, for a commune's own bloc, the commune chair's Giấy khen."""
    from thidua.commendations.models import AwardType

    organisation = organisation_on()
    if organiser.kind in OrgUnit.COMMUNE_LEVEL:
        return f"Giấy khen của {head_of(organiser, organisation)}"
    flag = AwardType.objects.filter(code="CO_TINH").values_list("name", flat=True)
    return flag.first() or "Cờ thi đua"
