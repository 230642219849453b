"""Award statistics from the registry: by form, level, year and unit, and the shares
the 2021 direction asks for (grassroots, workers, farmers, direct labourers,
enterprises and cooperatives), to women and to ethnic minorities."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce

from thidua.commendations.models import AwardRecord, Level, RecipientKind
from thidua.people.models import Person
from thidua.units.models import OrgUnit

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


@dataclass
class AwardStats:
    total: int = 0
    by_form: list[tuple[str, int]] = field(default_factory=list)
    by_level: list[tuple[str, int]] = field(default_factory=list)
    by_year: list[tuple[str, int]] = field(default_factory=list)
    by_unit: list[tuple[str, int]] = field(default_factory=list)
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
    qs = AwardRecord.objects.filter(
        year__gte=year_from, year__lte=year_to, revoked_on__isnull=True
    )
    if unit_ids is not None:
        qs = qs.filter(Q(unit_id__in=unit_ids) | Q(collective_id__in=unit_ids))
    if award_code:
        qs = qs.filter(award_type__code=award_code)
    return qs


def _top_unit(unit: OrgUnit | None, parents: dict[int, OrgUnit]) -> str:
    """The district, agency or (after 2025) commune a unit belongs to, for grouping."""
    while unit is not None and unit.parent_id and unit.parent_id in parents:
        parent = parents[unit.parent_id]
        if parent.kind == OrgUnit.Kind.PROVINCE:
            break
        unit = parent
    return unit.name if unit else "Không rõ đơn vị"


def award_stats(qs: QuerySet[AwardRecord]) -> AwardStats:
    """Every figure is a GROUP BY in the database: a national registry holds
    millions of rows, which must not travel to Python."""
    qs = qs.order_by()
    total = qs.count()
    stats = AwardStats(total=total)
    forms = qs.values_list("award_type__name", "award_type__rank").annotate(
        n=Count("pk")
    )
    stats.by_form = [
        (name, n) for name, _, n in sorted(forms, key=lambda r: (-r[1], r[0]))
    ]
    levels = dict(qs.values_list("level").annotate(n=Count("pk")))
    stats.by_level = sorted(
        ((str(Level(k).label) if k else "Không rõ", n) for k, n in levels.items()),
        key=lambda kv: -kv[1],
    )
    stats.by_year = sorted(
        (str(y), n) for y, n in qs.values_list("year").annotate(n=Count("pk"))
    )
    kinds = qs.values_list("holder_kind").annotate(n=Count("pk"))
    stats.by_kind = sorted(
        ((str(RecipientKind(k).label), n) for k, n in kinds), key=lambda kv: -kv[1]
    )
    stats.by_unit = _by_top_unit(qs)
    people = Q(person__isnull=False)
    collectives = Q(collective__isnull=False)
    c = qs.aggregate(
        people=Count("pk", filter=people),
        collectives=Count("pk", filter=collectives),
        grassroots=Count("pk", filter=Q(level__in=GRASSROOTS)),
        workers=Count(
            "pk", filter=people & Q(person__target_group=Person.TargetGroup.WORKER)
        ),
        farmers=Count(
            "pk", filter=people & Q(person__target_group=Person.TargetGroup.FARMER)
        ),
        direct=Count("pk", filter=people & Q(person__target_group__in=DIRECT_LABOUR)),
        enterprises=Count("pk", filter=Q(collective__kind=OrgUnit.Kind.ENTERPRISE)),
        women=Count("pk", filter=people & Q(person__gender=Person.Gender.FEMALE)),
        # ethnicity is free text: "Kinh" in any case or accent is the majority
        kinh=Count("pk", filter=people & Q(person__ethnicity__iexact="kinh")),
    )
    n = c["people"]
    stats.shares = [
        Share("Khen thưởng cấp cơ sở (đơn vị, xã)", c["grassroots"], total, "mọi khen thưởng"),
        Share("Công nhân", c["workers"], n, "khen thưởng cá nhân"),
        Share("Nông dân", c["farmers"], n, "khen thưởng cá nhân"),
        Share("Người lao động trực tiếp (công nhân, nông dân, người lao động)", c["direct"], n, "khen thưởng cá nhân"),
        Share("Doanh nghiệp, hợp tác xã", c["enterprises"], c["collectives"], "khen thưởng tập thể"),
        Share("Nữ", c["women"], n, "khen thưởng cá nhân"),
        Share("Người dân tộc thiểu số", n - c["kinh"], n, "khen thưởng cá nhân"),
    ]  # fmt: skip
    return stats


def _by_top_unit(qs: QuerySet[AwardRecord]) -> list[tuple[str, int]]:
    """Counts per holder unit from the database, folded into district/agency/commune."""
    per_unit = (
        qs.annotate(holder_unit=Coalesce("collective_id", "unit_id"))
        .values_list("holder_unit")
        .annotate(n=Count("pk"))
    )
    parents = {u.id: u for u in OrgUnit.objects.only("id", "name", "kind", "parent_id")}
    units: Counter[str] = Counter()
    for unit_id, n in per_unit:
        units[_top_unit(parents.get(unit_id), parents)] += n
    return units.most_common()


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
