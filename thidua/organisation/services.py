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
# ... named as the organisation's kind gives it (Law 2022 Art. 22), in this instance's
# catalogue, which every document and screen reads
OWN_TITLE_NAMES = {
    "province": "Chiến sĩ thi đua cấp tỉnh",
    "ministry": "Chiến sĩ thi đua cấp bộ",
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
    hide the other kind's (a ministry does not give the province's). Returns the codes."""
    own = OWN_AWARDS.get(organisation.kind, OWN_AWARDS["province"])
    other = {c for codes in OWN_AWARDS.values() for c in codes} - set(own)
    with audit.acting_as(by):
        for award in AwardType.objects.filter(code__in=[*own, *other]):
            active = award.code in own
            if award.active != active:
                award.active = active
                award.save(update_fields=["active", "updated_at"])
        name = OWN_TITLE_NAMES.get(organisation.kind)
        title = AwardType.objects.filter(code=own[1]).first()
        # a name the office typed itself (not one of ours) is left as it is
        if name and title and title.name != name:
            if title.name in OWN_TITLE_NAMES.values():
                title.name = name
                title.save(update_fields=["name", "updated_at"])
    return list(own)
