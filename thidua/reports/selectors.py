"""Award statistics from the registry: by form, level, year and unit, and the shares
the 2021 direction asks for (grassroots, workers, farmers, direct labourers,
enterprises and cooperatives), to women and to ethnic minorities."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import connection, models
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from thidua.commendations.models import AwardRecord, AwardType, Level, RecipientKind
from thidua.lib import formats
from thidua.lib.ids import id_in
from thidua.people.models import Person
from thidua.units.models import OrgUnit

from .models import MEASURES, AwardSummary

_Source = TypeVar("_Source", AwardRecord, AwardSummary)

DIRECT_LABOUR = {
    Person.TargetGroup.WORKER,
    Person.TargetGroup.FARMER,
    Person.TargetGroup.EMPLOYEE,
}
GRASSROOTS = {Level.UNIT, Level.COMMUNE}


@dataclass(frozen=True)
class Share:
    label: str
    count: int
    total: int
    of: str

    @property
    def ratio(self) -> float | None:
        return self.count / self.total if self.total else None

    @property
    def percent(self) -> float | None:
        return None if self.ratio is None else self.ratio * 100


UNKNOWN = "Không rõ đơn vị"


@dataclass(frozen=True)
class UnitCount:
    label: str
    count: int
    unit_id: int | None = None  # set when the group has units below it to open


@dataclass
class AwardStats:
    total: int = 0
    by_form: list[tuple[str, int]] = field(default_factory=list)
    by_level: list[tuple[str, int]] = field(default_factory=list)
    by_year: list[tuple[str, int]] = field(default_factory=list)
    by_unit: list[UnitCount] = field(default_factory=list)  # every group, largest first
    unit_detail: list[tuple[str, str, int]] = field(default_factory=list)  # asked for
    by_kind: list[tuple[str, int]] = field(default_factory=list)
    shares: list[Share] = field(default_factory=list)


def records(
    *,
    year_from: int,
    year_to: int,
    unit_ids: set[int] | None = None,
    award_code: str = "",
) -> QuerySet[AwardRecord]:
    """Awards given for years in the range, not revoked, optionally within units."""
    qs = AwardRecord.objects.filter(revoked_on__isnull=True)
    return _within(qs, year_from, year_to, unit_ids, award_code)


def summary(
    *,
    year_from: int,
    year_to: int,
    unit_ids: set[int] | None = None,
    award_code: str = "",
) -> QuerySet[AwardSummary]:
    """The same awards as `records`, as groups of the award summary (PostgreSQL)."""
    return _within(AwardSummary.objects.all(), year_from, year_to, unit_ids, award_code)


def counted(
    *,
    year_from: int,
    year_to: int,
    unit_ids: set[int] | None = None,
    award_code: str = "",
) -> QuerySet[Any]:
    """What the statistics count: the award summary on PostgreSQL (always current,
    models.py), the registry itself on SQLite, which has no summary."""
    source = summary if connection.vendor == "postgresql" else records
    return source(
        year_from=year_from, year_to=year_to, unit_ids=unit_ids, award_code=award_code
    )


def _within(
    qs: QuerySet[_Source],
    year_from: int,
    year_to: int,
    unit_ids: set[int] | None,
    award_code: str,
) -> QuerySet[_Source]:
    qs = qs.filter(year__gte=year_from, year__lte=year_to)
    if unit_ids is not None:
        qs = qs.filter(_held_within(unit_ids))
    if award_code:
        qs = qs.filter(award_type__code=award_code)
    return qs


def _held_within(unit_ids: set[int]) -> Q:
    """Held by one of the units, or by a person working in one."""
    return id_in("unit_id", unit_ids) | id_in("collective_id", unit_ids)


def _measures(model: type[models.Model]) -> dict[str, Count | Sum]:
    """What each group counts (models.MEASURES): summed from the summary, counted
    from the registry. The two must agree (test_award_summary.py)."""
    if model is AwardSummary:
        return {name: Sum(name) for name in MEASURES}
    group = "person__target_group"
    return {
        "n": Count("pk"),
        "workers": Count("pk", filter=Q(**{group: Person.TargetGroup.WORKER})),
        "farmers": Count("pk", filter=Q(**{group: Person.TargetGroup.FARMER})),
        "direct": Count("pk", filter=Q(**{f"{group}__in": DIRECT_LABOUR})),
        "enterprises": Count("pk", filter=Q(collective__kind=OrgUnit.Kind.ENTERPRISE)),
        "women": Count("pk", filter=Q(person__gender=Person.Gender.FEMALE)),
        # ethnicity is free text: "Kinh" in any case is the majority
        "kinh": Count("pk", filter=Q(person__ethnicity__iexact="kinh")),
    }


def award_stats(
    qs: QuerySet[Any], root: int | None = None, *, detail: bool = False
) -> AwardStats:
    """Every figure comes from two GROUP BYs in the database, over the registry
    (`records`) or the award summary (`summary`): a national registry holds
    millions of rows, which must not travel to Python. One groups by form, level,
    year and kind of holder, with the shares' counts; the other by holder unit,
    grouped under `root` (see _by_unit); `detail` adds every holder unit."""
    qs = qs.order_by()
    groups = qs.values_list("award_type_id", "level", "year", "holder_kind")
    forms: Counter[int] = Counter()
    levels: Counter[str] = Counter()
    years: Counter[int] = Counter()
    kinds: Counter[str] = Counter()
    c: Counter[str] = Counter()
    for type_id, level, year, kind, *counts in groups.annotate(**_measures(qs.model)):
        # the summary's sums arrive as decimals
        row = {name: int(count) for name, count in zip(MEASURES, counts, strict=True)}
        n = row["n"]
        forms[type_id] += n
        levels[level] += n
        years[year] += n
        kinds[kind] += n
        c.update(row)
        c["grassroots"] += n if level in GRASSROOTS else 0
    total = c["n"]
    stats = AwardStats(total=total)
    named: Counter[tuple[str, int]] = Counter()
    for pk, name, rank in AwardType.objects.filter(pk__in=forms).values_list(
        "pk", "name", "rank"
    ):
        named[(name, rank)] += forms[pk]
    stats.by_form = [
        (name, n)
        for (name, _), n in sorted(named.items(), key=lambda r: (-r[0][1], r[0][0]))
    ]
    stats.by_level = sorted(
        ((str(Level(k).label) if k else "Không rõ", n) for k, n in levels.items()),
        key=lambda kv: (-kv[1], kv[0]),
    )
    stats.by_year = sorted((str(y), n) for y, n in years.items())
    stats.by_kind = sorted(
        ((str(RecipientKind(k).label), n) for k, n in kinds.items()),
        key=lambda kv: (-kv[1], kv[0]),
    )
    stats.by_unit, stats.unit_detail = _by_unit(qs, root, detail)
    # the one-holder constraint: an individual's award has a person, a
    # collective's a collective
    n = kinds[RecipientKind.INDIVIDUAL]
    stats.shares = [
        Share("Khen thưởng cấp cơ sở (đơn vị, xã)", c["grassroots"], total, "mọi khen thưởng"),
        Share("Công nhân", c["workers"], n, "khen thưởng cá nhân"),
        Share("Nông dân", c["farmers"], n, "khen thưởng cá nhân"),
        Share("Người lao động trực tiếp (công nhân, nông dân, người lao động)", c["direct"], n, "khen thưởng cá nhân"),
        Share("Doanh nghiệp, hợp tác xã", c["enterprises"], kinds[RecipientKind.COLLECTIVE], "khen thưởng tập thể"),
        Share("Nữ", c["women"], n, "khen thưởng cá nhân"),
        Share("Người dân tộc thiểu số", n - c["kinh"], n, "khen thưởng cá nhân"),
    ]  # fmt: skip
    return stats


def _ancestry(ids: set[int]) -> dict[int, tuple[int | None, str]]:
    """(parent id, name) of these units and all above them: one query per level,
    only the units the counts reach (a commune's report reads a few rows)."""
    known: dict[int, tuple[int | None, str]] = {}
    frontier = ids
    while frontier:
        rows = OrgUnit.objects.filter(id_in("pk", frontier)).values_list(
            "pk", "parent_id", "name"
        )
        known.update((pk, (parent, name)) for pk, parent, name in rows)
        frontier = {p for p, _ in known.values() if p is not None and p not in known}
    return known


def unit_path(unit_id: int) -> list[tuple[int, str]]:
    """(id, name) of the unit and the units above it, top first."""
    tree = _ancestry({unit_id})
    return [(pk, tree[pk][1]) for pk in _path(unit_id, tree)]


def _path(unit_id: int, tree: dict[int, tuple[int | None, str]]) -> list[int]:
    """The unit and its ancestors, top first."""
    path: list[int] = []
    current: int | None = unit_id
    while current is not None and current in tree and current not in path:
        path.append(current)
        current = tree[current][0]
    return path[::-1]


def _by_unit(
    qs: QuerySet[AwardRecord], root: int | None, detail: bool
) -> tuple[list[UnitCount], list[tuple[str, str, int]]]:
    """Counts per holder unit (one GROUP BY), folded into the units directly below
    `root`; without a root, below the deepest unit above every holder (a province's
    instance: its districts, agencies and communes; a national one: the provinces).
    An award held at the root itself, or at a predecessor merged into it, keeps its
    own unit. With `detail`, also every holder unit with its group (the .xlsx)."""
    holders = qs.annotate(holder_unit=Coalesce("collective_id", "unit_id"))
    per_unit = {
        unit: int(n)
        for unit, n in holders.values_list("holder_unit").annotate(
            n=_measures(qs.model)["n"]
        )
    }
    missing = per_unit.pop(None, 0)
    tree = _ancestry(set(per_unit))
    paths = {u: _path(u, tree) for u in per_unit}
    if root is None:
        root = _deepest_common(list(paths.values()))
    groups: Counter[int] = Counter()
    deeper: set[int] = set()  # groups with holder units below them: can be opened
    table = []
    for unit, n in per_unit.items():
        group = _group(paths[unit], unit, root)
        groups[group] += n
        if group != unit:
            deeper.add(group)
        if detail:
            table.append((_name(unit, tree), _name(group, tree), n))
    rows = [
        UnitCount(_name(g, tree), n, g if g in deeper else None)
        for g, n in sorted(
            groups.items(), key=lambda g: (-g[1], _name(g[0], tree), g[0])
        )
    ]
    if missing:
        rows.append(UnitCount(UNKNOWN, missing))
    table.sort(key=lambda r: (r[1], -r[2], r[0]))
    return rows, table


def _deepest_common(paths: list[list[int]]) -> int | None:
    """The lowest unit every path (top first) passes through, if any."""
    common = paths[0] if paths else []
    for path in paths[1:]:
        same = 0
        while same < min(len(common), len(path)) and common[same] == path[same]:
            same += 1
        common = common[:same]
        if not common:  # a national registry: no unit above two provinces
            return None
    return common[-1] if common else None


def _group(path: list[int], unit: int, root: int | None) -> int:
    if root is None:  # no unit above all holders: group by the top ones
        return path[0] if path else unit
    if root in path and path[-1] != root:
        return path[path.index(root) + 1]
    return unit  # the root itself, or a predecessor merged into it


def _name(unit: int, tree: dict[int, tuple[int | None, str]]) -> str:
    return tree[unit][1] if unit in tree else UNKNOWN


def top_units(rows: list[UnitCount], top: int) -> list[UnitCount]:
    """The `top` largest groups and one row for all the others: what a chart can show."""
    if len(rows) <= top:
        return rows
    rest = rows[top:]
    label = f"Các đơn vị khác ({formats.number(len(rest), 0)} đơn vị)"
    return [*rows[:top], UnitCount(label, sum(r.count for r in rest))]


ROW_HEIGHT = 14
BAR_WIDTH = 200


def bars(title: str, rows: list[tuple[str, int]]) -> dict[str, object]:
    """An inline SVG bar chart's geometry: one bar per row, longest = BAR_WIDTH."""
    top = max((v for _, v in rows), default=0)
    return {
        "title": title,
        "height": ROW_HEIGHT * len(rows),
        "rows": [
            {
                "label": label,
                "value": value,
                "y": i * ROW_HEIGHT,
                "length": round(value * BAR_WIDTH / top, 1) if top else 0,
                "value_x": round(195 + (value * BAR_WIDTH / top if top else 0), 1),
            }
            for i, (label, value) in enumerate(rows)
        ],
    }
