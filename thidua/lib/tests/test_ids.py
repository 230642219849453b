from __future__ import annotations

from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from thidua.lib.ids import id_in
from thidua.units.models import OrgUnit


def test_a_long_list_of_ids_finds_what_in_finds(demo_world) -> None:
    units = OrgUnit.objects.order_by("pk")
    wanted = set(units.values_list("pk", flat=True)[::2]) | {10**12}  # one unknown
    with CaptureQueriesContext(connection) as ctx:
        found = set(units.filter(id_in("pk", wanted)).values_list("pk", flat=True))
    assert found == set(units.filter(pk__in=wanted).values_list("pk", flat=True))
    assert len(found) > 10
    if connection.vendor == "postgresql":  # one array, not a parameter per id
        assert "ANY(" in ctx.captured_queries[0]["sql"]
    first = {min(wanted)}
    either = units.filter(id_in("parent_id", wanted) | id_in("pk", first))
    plain = units.filter(Q(parent_id__in=wanted) | Q(pk__in=first))
    assert list(either) == list(plain) and len(plain) > 1
