"""Writes of the organisation's settings (the back office edits them through its viewsets)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from thidua.accounts.models import User
from thidua.commendations.models import AwardType
from thidua.core import audit
from thidua.units.models import OrgUnit

from .models import Organisation
from .selectors import defaults_for

# The organisation's own Bằng khen and CSTĐ title, by the organisation's kind; the
# contract's CSTD_TINH is "Chiến sĩ thi đua cấp tỉnh (bộ, ban, ngành, tỉnh)" for both.
OWN_AWARDS = {"province": ("BK_TINH", "CSTD_TINH"), "ministry": ("BK_BO", "CSTD_TINH")}
# ... and the organisation's own title and flag named as its kind gives them (Law 2022
# Art. 22, 26: "của bộ, ban, ngành, tỉnh"), in this instance's catalogue, which every
# document and screen reads
OWN_NAMES = {
    "province": {
        "CSTD_TINH": "Chiến sĩ thi đua cấp tỉnh",
        "CO_TINH": "Cờ thi đua cấp tỉnh",
    },
    "ministry": {
        "CSTD_TINH": "Chiến sĩ thi đua cấp bộ",
        "CO_TINH": "Cờ thi đua cấp bộ, ban, ngành, đoàn thể trung ương",
    },
}


@transaction.atomic
def ensure_organisation(
    unit: OrgUnit, *, valid_from: dt.date, by: User | None = None
) -> tuple[Organisation, bool]:
    """The settings of `unit`, created from its name when it has none yet.

    Existing settings are never overwritten: the office may have edited them.
    """
    existing = Organisation.objects.filter(unit=unit).order_by("valid_from").first()
    if existing is not None:
        return existing, False
    organisation = defaults_for(unit, valid_from=valid_from)
    with audit.acting_as(by):
        organisation.save()
    return organisation, True


@transaction.atomic
def ministry_create(
    *, code: str, name: str, valid_from: dt.date, by: User | None = None
) -> tuple[OrgUnit, bool]:
    """A ministry or central sector as the root of a non-territorial unit tree."""
    unit = OrgUnit.objects.filter(code=code, valid_from=None).first()
    if unit is not None:
        return unit, False
    with audit.acting_as(by):
        unit = OrgUnit.objects.create(
            code=code, name=" ".join(name.split()), kind=OrgUnit.Kind.MINISTRY
        )
    ensure_organisation(unit, valid_from=valid_from, by=by)
    return unit, True


def use_own_awards(organisation: Organisation, *, by: User | None = None) -> list[str]:
    """Show the organisation's own Bằng khen and CSTĐ in eligibility and nominations, and
    hide the other kind's (a ministry does not give the province's); name its CSTĐ and
    Cờ thi đua by its kind. Returns the codes."""
    own = OWN_AWARDS.get(organisation.kind, OWN_AWARDS["province"])
    other = {c for codes in OWN_AWARDS.values() for c in codes} - set(own)
    with audit.acting_as(by):
        for award in AwardType.objects.filter(code__in=[*own, *other]):
            active = award.code in own
            if award.active != active:
                award.active = active
                award.save(update_fields=["active", "updated_at"])
        names = OWN_NAMES.get(organisation.kind, {})
        ours = {n for kind in OWN_NAMES.values() for n in kind.values()}
        for award in AwardType.objects.filter(code__in=names):
            # a name the office typed itself (not one of ours) is left as it is
            if award.name != names[award.code] and award.name in ours:
                award.name = names[award.code]
                award.save(update_fields=["name", "updated_at"])
    return list(own)
