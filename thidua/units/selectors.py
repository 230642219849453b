from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet

from .models import BlocMembership, BlocYear, EmulationBloc, LineageLink, OrgUnit


def units_on(day: dt.date, *, within: OrgUnit | None = None) -> QuerySet[OrgUnit]:
    """The units that exist on `day`, optionally only those below `within`."""
    qs = OrgUnit.objects.valid_on(day)
    if within is not None:
        from thidua.accounts.access import descendant_ids

        qs = qs.filter(id__in=descendant_ids([within.id]) - {within.id})
    return qs.order_by("kind", "name")


def successors(unit: OrgUnit) -> list[OrgUnit]:
    """Units that `unit` became, following lineage through every later event."""
    found: list[OrgUnit] = []
    seen: set[int] = {unit.id}
    frontier = [unit.id]
    while frontier:
        links = LineageLink.objects.filter(
            predecessor_id__in=frontier, successor__isnull=False
        )
        frontier = []
        for link in links.select_related("successor"):
            if link.successor_id not in seen:
                seen.add(link.successor_id)
                found.append(link.successor)
                frontier.append(link.successor_id)
    return found


def lineage_ids(unit_ids: Iterable[int]) -> set[int]:
    """The units and all their predecessors: whose history a merged unit inherits."""
    seen = set(unit_ids)
    frontier = set(seen)
    while frontier:
        preds = set(
            LineageLink.objects.filter(successor_id__in=frontier).values_list(
                "predecessor_id", flat=True
            )
        )
        frontier = preds - seen
        seen |= frontier
    return seen


def what_became_of_children(
    parent: OrgUnit, day: dt.date
) -> list[tuple[OrgUnit, list[OrgUnit]]]:
    """For each unit below `parent` on `day`: its successors (e.g. Tân Uyên's communes)."""
    return [(child, successors(child)) for child in units_on(day, within=parent)]


def bloc_members(bloc: EmulationBloc, year: int) -> QuerySet[OrgUnit]:
    ids = BlocMembership.objects.filter(bloc=bloc, year=year).values("unit_id")
    return OrgUnit.objects.filter(id__in=ids).order_by("name")


def bloc_year(bloc: EmulationBloc, year: int) -> BlocYear | None:
    return (
        BlocYear.objects.select_related("head", "deputy", "host")
        .filter(bloc=bloc, year=year)
        .first()
    )
