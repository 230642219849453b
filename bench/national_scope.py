"""The registry lists narrowed to a unit, asked each way (bench_national's ratios).

A unit's entries are those of people who worked there, of the unit as a
collective, or recorded there (commendations/access.py). The list asks for them
united (few: fetched by the holder indexes, then sorted) or OR-ed (many: checked
as the list's index is read in order), chosen by how many positions the unit
holds. Each way is timed beside the other and beside the one join it replaced.
"""

from __future__ import annotations

from typing import Any

Pair = tuple[str, str, Any, Any, tuple[str, ...]]


def commune_of(province: int) -> int:
    """One of the province's communes with staff."""
    from thidua.people.models import Position

    return (
        Position.objects.filter(
            end_date=None, unit__parent_id=province, unit__kind__in=["commune", "ward"]
        )
        .order_by("pk")[0]
        .unit_id
    )


def _joined(model: Any, unit_ids: set[int]) -> Any:
    """The form replaced in session 8: one subquery joining people and positions."""
    from django.db.models import Q

    held = (
        Q(person__positions__unit_id__in=unit_ids)
        | Q(collective_id__in=unit_ids)
        | Q(unit_id__in=unit_ids)
    )
    return model.objects.filter(pk__in=model.objects.filter(held).values("pk"))


def pairs(province: int, order: tuple[str, ...]) -> list[Pair]:
    """Ratings of one commune and of one province, first page, each way."""
    from thidua.commendations import access
    from thidua.commendations.models import AnnualRating
    from thidua.units.selectors import descendant_ids

    out: list[Pair] = []
    for name, root in (("commune", commune_of(province)), ("province", province)):
        units = descendant_ids([root])
        few = access._fetch_first(AnnualRating, units)
        ored = access.registry_scope(AnnualRating, units)
        united = access.registry_united(AnnualRating, units)
        chosen, other = (united, ored) if few else (ored, united)
        how = "held ids united" if few else "OR-ed in list order"
        what = f"ratings of one {name}, first page"
        page = slice(0, 51)
        out += [
            (what, f"{how} vs the join it replaced",
             chosen.order_by(*order, "pk")[page], _joined(AnnualRating, units).order_by(*order, "pk")[page], ()),
            (what, f"{how} vs {'OR-ed in list order' if few else 'held ids united'}",
             chosen.order_by(*order, "pk")[page], other.order_by(*order, "pk")[page], ()),
        ]  # fmt: skip
    return out
