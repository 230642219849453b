from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from thidua.accounts.access import visible_unit_ids
from thidua.accounts.models import User

from .models import Person, Position


def people_for_user(
    user: User, *, q: str = "", unit_id: int | None = None
) -> QuerySet[Person]:
    """People with a position (past or present) in a unit the user may see, in
    Vietnamese name order; `q` ignores diacritics, `unit_id` keeps one unit's people."""
    qs = Person.objects.all()
    ids = visible_unit_ids(user)
    if ids is not None:
        qs = qs.filter(positions__unit_id__in=ids)
    if unit_id is not None:
        qs = qs.filter(positions__unit_id=unit_id)
    if q.strip():
        qs = qs.search(q)
    return qs.distinct().vn_ordered()


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
