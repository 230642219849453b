"""A registry list narrowed to a unit reaches the same entries whichever way the
database is asked: the holder conditions united (few entries, fetched and sorted)
or OR-ed (many, checked as the list's index is read in order)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from thidua.accounts.models import User
from thidua.commendations import access, services
from thidua.commendations.models import (
    AdvancedModel,
    AnnualRating,
    AwardRecord,
    AwardType,
    DisciplinaryRecord,
)
from thidua.people.models import Person, Position
from thidua.units.gazetteer import district_by_short_name
from thidua.units.models import OrgUnit
from thidua.units.selectors import descendant_ids

BASE = "/admin/commendations/registry"


@pytest.fixture
def held(demo_world: Any, catalogue: None) -> dict[str, Any]:
    """Tân Uyên's entries held each way, and Mường Tè's that are not."""
    tan_uyen = district_by_short_name("Tân Uyên")
    muong_te = district_by_short_name("Mường Tè")
    commune = OrgUnit.objects.filter(parent=tan_uyen).order_by("pk")[0]

    def person(name: str, *units: Any) -> Person:
        p = Person.objects.create(full_name=name, gender="male", birth_year=1980)
        for n, unit in enumerate(units):
            end = dt.date(2019, 12, 31) if n < len(units) - 1 else None
            Position.objects.create(
                person=p, unit=unit, start_date=dt.date(2010 + n * 10, 1, 1),
                end_date=end,
            )  # fmt: skip
        return p

    moved = person("Vàng A Chứ", commune, muong_te)  # worked there, since moved
    stays = person("Lò Văn Thành", muong_te)  # never there
    only = person("Giàng A Páo", muong_te)  # never there, rated there
    rating = AnnualRating.objects.create
    rec = services.award_record_create
    inside = {
        AnnualRating: {
            rating(person=moved, year=2018, rating="HTXS", unit=commune).pk,
            rating(person=only, year=2024, rating="HTT", unit=tan_uyen).pk,
            rating(collective=commune, year=2024, rating="HTXS").pk,
        },
        AwardRecord: {
            rec(award_type="LDTT", year=2018, person=moved, unit=commune).pk,
            rec(award_type="LDTT", year=2024, person=only, unit=tan_uyen).pk,
            rec(award_type="TTLDTT", year=2024, collective=commune).pk,
        },
        AdvancedModel: {
            AdvancedModel.objects.create(
                title="Mô hình chè", year=2018, person=moved, level="huyen"
            ).pk,
            AdvancedModel.objects.create(
                title="Hợp tác xã", year=2024, collective=commune, level="huyen"
            ).pk,
        },  # fmt: skip
        DisciplinaryRecord: {
            DisciplinaryRecord.objects.create(
                person=moved, year=2017, severity="khien_trach"
            ).pk,
        },  # fmt: skip
    }
    rating(person=stays, year=2024, rating="HTT", unit=muong_te)
    rec(award_type="LDTT", year=2024, person=stays, unit=muong_te)
    AdvancedModel.objects.create(title="Khác", year=2024, person=stays, level="huyen")
    DisciplinaryRecord.objects.create(person=stays, year=2024, severity="khien_trach")
    return {"tan_uyen": tan_uyen, "commune": commune, "inside": inside}


@pytest.mark.parametrize("fetch_first", [True, False], ids=["united", "or-ed"])
def test_both_ways_reach_the_same_entries(held, monkeypatch, fetch_first) -> None:
    monkeypatch.setattr(access, "_fetch_first", lambda model, ids: fetch_first)
    subtree = descendant_ids([held["tan_uyen"].pk])
    for model, expected in held["inside"].items():
        qs = access.registry_list_scope(model, subtree)
        got = set(qs.order_by("-year", "pk").values_list("pk", flat=True))
        assert got == expected, model.__name__
        assert qs.count() == len(expected)  # no row twice


def test_few_entries_are_fetched_and_a_filter_within_sight_keeps_both(
    client, held
) -> None:
    """On SQLite (no planner estimates) every scope counts as few; a unit officer
    filtering by one of their communes sees that commune's entries only."""
    subtree = descendant_ids([held["commune"].pk])
    assert access._fetch_first(AnnualRating, subtree)
    client.force_login(User.objects.get(username="tanuyen"))
    page = client.get(f"{BASE}/ratings/", {"unit": held["commune"].pk})
    assert page.status_code == 200
    assert {r.pk for r, _cells in page.context["rows"]} == {
        AnnualRating.objects.get(person__full_name="Vàng A Chứ").pk,
        AnnualRating.objects.get(collective=held["commune"]).pk,
    }


def test_awards_of_a_form_are_its_own_not_another_of_the_same_rank(
    client, held
) -> None:
    """The type filter reads by rank (the list's index) and by form: two forms of
    one rank stay apart."""
    ldtt = AwardType.objects.get(code="LDTT")
    peer = AwardType.objects.exclude(pk=ldtt.pk).filter(rank=ldtt.rank).first()
    if peer is None:  # the catalogue gives LĐTT a rank of its own: make a peer
        peer = AwardType.objects.get(code="CSTT")
        AwardType.objects.filter(pk=peer.pk).update(rank=ldtt.rank)
        AwardRecord.objects.filter(award_type=peer).update(award_rank=ldtt.rank)
    person = Person.objects.get(full_name="Lò Văn Thành")
    services.award_record_create(award_type=peer.code, year=2024, person=person)
    client.force_login(User.objects.get(username="tinh"))
    page = client.get(f"{BASE}/awards/", {"type": "LDTT", "year": 2024})
    kinds = {r.award_type.code for r, _cells in page.context["rows"]}
    assert kinds == {"LDTT"}
    assert len(page.context["rows"]) == 2  # Giàng A Páo's and Lò Văn Thành's


def test_hostile_filters_answer_without_error_or_leak(client, held) -> None:
    """Another district's id, unknown types, a bad year, a Vietnamese path: a
    page or a 404, never a 500 nor another unit's entries."""
    client.force_login(User.objects.get(username="tanuyen"))
    muong_te = district_by_short_name("Mường Tè")
    page = client.get(f"{BASE}/ratings/", {"unit": muong_te.pk})
    assert page.status_code == 200
    assert "Lò Văn Thành" not in page.content.decode()  # Mường Tè's, out of sight
    for params in ({"type": "KHONG_CO"}, {"year": "abc"}, {"unit": "'; DROP--"}):
        assert client.get(f"{BASE}/awards/", params).status_code == 200
    assert client.get(f"{BASE}/khen-thưởng/").status_code == 404
