from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from thidua.core import audit

from .models import BlocMembership, BlocYear, EmulationBloc, OrgUnit
from .selectors import bloc_members


def propose_next_host(bloc: EmulationBloc, year: int) -> OrgUnit | None:
    """The member of `year` that has gone longest without hosting (never first).

    Ties go to Vietnamese alphabetical order so the proposal is stable.
    """
    from thidua.lib.text import vn_key

    members = list(bloc_members(bloc, year))
    if not members:
        return None
    last_hosted: dict[int, int] = {}
    for host_id, y in BlocYear.objects.filter(
        bloc=bloc, year__lt=year, host__isnull=False
    ).values_list("host_id", "year"):
        last_hosted[host_id] = max(y, last_hosted.get(host_id, 0))
    return min(members, key=lambda u: (last_hosted.get(u.id, 0), vn_key(u.name)))


@transaction.atomic
def hosting_hand_over(
    *,
    bloc: EmulationBloc,
    from_year: int,
    to_unit: OrgUnit,
    on: dt.date,
    note: str = "",
) -> BlocYear:
    """Record that the host of `from_year` handed the hosting right of `from_year + 1` to `to_unit`."""
    year = from_year + 1
    if not BlocMembership.objects.filter(bloc=bloc, unit=to_unit, year=year).exists():
        raise ValidationError(
            {"to_unit": f"{to_unit} không phải thành viên của {bloc} năm {year}."}
        )
    by, _ = BlocYear.objects.get_or_create(bloc=bloc, year=year)
    by.host = to_unit
    by.handed_over_on = on
    by.handover_note = note
    by.save()
    audit.record_event(by, f"Trao quyền đăng cai năm {year} cho {to_unit}")
    return by
