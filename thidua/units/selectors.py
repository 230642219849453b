from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from thidua.lib.text import fold

from .models import (
    BlocMembership,
    BlocYear,
    EmulationBloc,
    LineageLink,
    OrgUnit,
    OrgUnitQuerySet,
)

_tree_version = 0


def tree_version() -> int:
    """Changes whenever a unit is written in this process: the memos built from the
    tree (accounts.roles.AccessMemo, a dossier's nominee scope) are built again."""
    return _tree_version


def tree_written(**kw: Any) -> None:
    global _tree_version
    _tree_version += 1


def descendant_ids(root_ids: Iterable[int]) -> set[int]:
    """Ids of the given units and everything below them (all validity periods)."""
    seen = set(root_ids)
    frontier = set(seen)
    while frontier:
        children = set(
            OrgUnit.objects.filter(parent_id__in=frontier).values_list("id", flat=True)
        )
        frontier = children - seen
        seen |= frontier
    return seen


def units_on(day: dt.date, *, within: OrgUnit | None = None) -> QuerySet[OrgUnit]:
    """The units that exist on `day`, optionally only those below `within`."""
    qs = OrgUnit.objects.valid_on(day)
    if within is not None:
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
            successor = link.successor
            if successor is not None and successor.id not in seen:
                seen.add(successor.id)
                found.append(successor)
                frontier.append(successor.id)
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


def unit_list(
    qs: OrgUnitQuerySet,
    *,
    q: str = "",
    on: dt.date | None = None,
    kind: str = "",
) -> QuerySet[OrgUnit]:
    """Filter an (already access-scoped) unit queryset; `q` ignores diacritics."""
    if q.strip():
        qs = qs.search(q)
    if on is not None:
        qs = qs.valid_on(on)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("parent").order_by("search_text", "valid_from", "pk")


def unit_history(unit: OrgUnit) -> dict[str, Any]:
    """Parent, children, predecessors, successors, lineage timeline and what became
    of the children that ended, for a unit's detail page."""
    children = list(unit.children.order_by("valid_to", "search_text"))
    incoming = list(
        LineageLink.objects.filter(successor=unit).select_related(
            "predecessor", "event"
        )
    )
    outgoing = list(
        LineageLink.objects.filter(predecessor=unit).select_related(
            "successor", "event"
        )
    )
    events = sorted(
        {link.event for link in incoming + outgoing},
        key=lambda e: (e.effective_date, e.pk),
    )
    return {
        "parent": unit.parent,
        "children": children,
        "predecessors": [link.predecessor for link in incoming],
        "successors": [link.successor for link in outgoing if link.successor],
        "timeline": [
            {
                "event": event,
                "from": [li.predecessor for li in incoming if li.event_id == event.pk],
                "to": [
                    li.successor
                    for li in outgoing
                    if li.event_id == event.pk and li.successor
                ],
            }
            for event in events
        ],
        "became": [(c, successors(c)) for c in children if c.valid_to is not None],
    }


def bloc_years(bloc: EmulationBloc) -> list[int]:
    years = set(bloc.memberships.values_list("year", flat=True))
    years |= set(bloc.years.values_list("year", flat=True))
    return sorted(years)


def bloc_leadership(bloc: EmulationBloc) -> QuerySet[BlocYear]:
    """Head, deputy, host and hand-over of every year, oldest first."""
    return bloc.years.select_related("head", "deputy", "host").order_by("year")


def bloc_list(
    qs: QuerySet[EmulationBloc],
    *,
    q: str = "",
    within: OrgUnit | None = None,
    year: int | None = None,
) -> QuerySet[EmulationBloc]:
    """Filter an (already access-scoped) bloc queryset: `q` ignores diacritics,
    `within` keeps the blocs it or one of its units organises, `year` those with
    members that year (a period needs them, so this keeps every period's bloc)."""
    if q.strip():
        qs = qs.filter(search_text__contains=fold(q))
    if within is not None:
        qs = qs.filter(Q(organiser=within) | Q(organiser__parent=within))
    if year is not None:
        members = BlocMembership.objects.filter(bloc=OuterRef("pk"), year=year)
        qs = qs.filter(Exists(members))
    return qs.order_by("search_text", "pk")


def bloc_organisers(qs: QuerySet[EmulationBloc]) -> QuerySet[OrgUnit]:
    """The units a bloc list can be narrowed to: the organisers of the blocs and
    the units above them, leaving out communes (a commune's few blocs need no filter)."""
    organisers = qs.values("organiser_id")
    return (
        OrgUnit.objects.filter(Q(pk__in=organisers) | Q(children__in=organisers))
        .exclude(kind__in=OrgUnit.COMMUNE_LEVEL)
        .distinct()
        .order_by("search_text", "pk")
    )
