"""The public page of an award holder: name, unit and awards, nothing more.

Reached from the portal's search (`selectors.awardee_search`) through any one of
the holder's registry entries; no JavaScript.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from .models import AwardRecord
from .selectors import holder_records


def _public_decision_ids(records: list[AwardRecord]) -> set[int]:
    """Decisions of the dossiers app that have a public page (issued ones)."""
    ids = {r.source_decision_id for r in records if r.source_decision_id}
    if not ids:
        return set()
    from thidua.dossiers.selectors import issued_decisions

    return set(issued_decisions().filter(pk__in=ids).values_list("pk", flat=True))


def awardee(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(AwardRecord, pk=pk)
    records = list(holder_records(record))
    linked = _public_decision_ids(records)
    first = min(r.pk for r in records)
    current = next((r for r in records if r.revoked_on is None), records[0])
    return render(
        request,
        "commendations/public/awardee.html",
        {
            "holder": record,
            "unit": current.collective or current.unit,
            "rows": [
                (
                    r,
                    reverse(
                        "dossiers_public:decision-detail", args=[r.source_decision_id]
                    )
                    if r.source_decision_id in linked
                    else "",
                )
                for r in records
            ],
            "canonical": reverse("commendations_public:awardee", args=[first]),
            "active": sum(1 for r in records if r.revoked_on is None),
        },
    )
