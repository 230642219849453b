"""Award statistics from the registry: by form, level, year and unit, and the shares
the 2021 direction asks for (grassroots, workers, farmers, direct labourers,
enterprises and cooperatives), to women and to ethnic minorities."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from thidua.commendations.models import AwardRecord, Level, RecipientKind
from thidua.lib.text import fold
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
    rows = list(
        qs.select_related("award_type", "person", "collective", "unit").order_by()
    )
    parents = {u.id: u for u in OrgUnit.objects.all()}
    stats = AwardStats(total=len(rows))
    forms: Counter[str] = Counter()
    ranks: dict[str, int] = {}
    levels: Counter[str] = Counter()
    years: Counter[str] = Counter()
    units: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    people = [r.person for r in rows if r.person is not None]
    for r in rows:
        forms[r.award_type.name] += 1
        ranks[r.award_type.name] = r.award_type.rank
        levels[str(Level(r.level).label) if r.level else "Không rõ"] += 1
        years[str(r.year)] += 1
        units[_top_unit(r.collective or r.unit, parents)] += 1
        kinds[str(RecipientKind(r.holder_kind).label)] += 1
    stats.by_form = sorted(forms.items(), key=lambda kv: (-ranks[kv[0]], kv[0]))
    stats.by_level = levels.most_common()
    stats.by_year = sorted(years.items())
    stats.by_unit = units.most_common()
    stats.by_kind = kinds.most_common()
    n_people = len(people)
    collectives = [r.collective for r in rows if r.collective is not None]
    groups = Counter(p.target_group for p in people)
    stats.shares = [
        Share("Khen thưởng cấp cơ sở (đơn vị, xã)", sum(1 for r in rows if r.level in GRASSROOTS), len(rows), "mọi khen thưởng"),
        Share("Công nhân", groups[Person.TargetGroup.WORKER], n_people, "khen thưởng cá nhân"),
        Share("Nông dân", groups[Person.TargetGroup.FARMER], n_people, "khen thưởng cá nhân"),
        Share("Người lao động trực tiếp (công nhân, nông dân, người lao động)", sum(groups[g] for g in DIRECT_LABOUR), n_people, "khen thưởng cá nhân"),
        Share("Doanh nghiệp, hợp tác xã", sum(1 for c in collectives if c.kind == OrgUnit.Kind.ENTERPRISE), len(collectives), "khen thưởng tập thể"),
        Share("Nữ", sum(1 for p in people if p.gender == Person.Gender.FEMALE), n_people, "khen thưởng cá nhân"),
        Share("Người dân tộc thiểu số", sum(1 for p in people if fold(p.ethnicity) != "kinh"), n_people, "khen thưởng cá nhân"),
    ]  # fmt: skip
    return stats


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
