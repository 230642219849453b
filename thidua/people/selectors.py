from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from .models import Person, PersonQuerySet, Position


def people_list(
    qs: PersonQuerySet, *, q: str = "", unit_id: int | None = None
) -> PersonQuerySet:
    """An (already access-scoped) people queryset in Vietnamese name order; `q`
    ignores diacritics, `unit_id` keeps the people who hold or held a post there."""
    if unit_id is not None:
        qs = qs.filter(
            pk__in=Position.objects.filter(unit_id=unit_id).values("person_id")
        )
    if q.strip():
        qs = qs.search(q)
    return qs.vn_ordered()


def person_positions(person: Person) -> QuerySet[Position]:
    """A person's posts, most recent first: their record across units."""
    return person.positions.select_related("unit").order_by("-start_date", "-pk")


def with_current_positions(qs: QuerySet[Person]) -> QuerySet[Person]:
    return qs.prefetch_related(
        Prefetch(
            "positions",
            queryset=Position.objects.select_related("unit").order_by("-start_date"),
        )
    )
