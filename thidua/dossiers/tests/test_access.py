"""Dossier access: suggested nominees stay within the dossier's unit scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from thidua.dossiers import services
from thidua.dossiers.access import nominee_person, nominee_unit
from thidua.dossiers.models import Nominee
from thidua.people.models import Person
from thidua.units.models import OrgUnit

from . import factories as f

pytestmark = pytest.mark.django_db


def _dossier():
    return services.dossier_create(
        unit=f.tan_uyen(), type="annual", year=2024, title="Gợi ý", by=f.user("tanuyen")
    )


def _outsider() -> Person:
    """A person of Huyện Sìn Hồ, outside Tân Uyên's officer's scope."""
    person = Person.objects.create(
        full_name="Lý Thị Mai", gender="female", birth_year=1985
    )
    person.positions.create(
        unit=OrgUnit.objects.get(code="106"),
        title="Chuyên viên",
        start_date=dt.date(2015, 1, 1),
    )
    return person


def test_add_suggested_refuses_another_units_person_and_writes_nothing(
    world, client, monkeypatch
):
    # suggestions are the eligible ones; skip the engine so the own pick is addable
    monkeypatch.setattr(
        "thidua.dossiers.services.dossiers.check_eligibility",
        lambda **kw: (True, {}),
    )
    dossier = _dossier()
    own = f.people(1)[0]
    outsider = _outsider()
    client.force_login(f.user("tanuyen"))
    url = f"/admin/ho-so/{dossier.pk}/add-suggested/"
    picks = [f"individual:{own.pk}", f"individual:{outsider.pk}"]
    response = client.post(url, {"award_code": "GK", "pick": picks})
    assert response.status_code == 404
    # the own person ticked first is not kept either: all or nothing
    assert not Nominee.objects.filter(dossier=dossier).exists()
    for pick in [
        f"collective:{OrgUnit.objects.get(code='106').pk}",
        "individual:",
        "x:1",
    ]:
        response = client.post(url, {"award_code": "GK", "pick": [pick]})
        assert response.status_code == 404, pick
    assert not Nominee.objects.filter(dossier=dossier).exists()
    # the own person alone is added
    response = client.post(url, {"award_code": "GK", "pick": [f"individual:{own.pk}"]})
    assert response.status_code == 302
    assert list(
        Nominee.objects.filter(dossier=dossier).values_list("person", flat=True)
    ) == [own.pk]


def test_nominee_scope_is_the_dossiers_unit_and_below(world):
    dossier = _dossier()
    own = f.people(1)[0]
    assert nominee_person(dossier, own.pk) == own
    commune = OrgUnit.objects.get(code="03637")
    assert nominee_unit(dossier, str(commune.pk)) == commune
    with pytest.raises(Http404):
        nominee_person(dossier, _outsider().pk)
    with pytest.raises(Http404):
        nominee_unit(dossier, OrgUnit.objects.get(code="12").pk)
