from django.urls import reverse

from thidua.accounts.models import User
from thidua.lib.text import fold, person_sort_key
from thidua.people.models import Person
from thidua.units.models import OrgUnit


def test_list_detail_search_and_scope(client, demo_world):
    client.force_login(User.objects.get(username="tinh"))
    url = reverse("people:person-list")
    page = client.get(url)
    names = [p.full_name for p, _ in page.context["rows"]]
    assert len(names) == 50 and names == sorted(names, key=person_sort_key)

    mover = Person.objects.filter(positions__end_date__isnull=False).first()
    hits = client.get(url, {"q": fold(mover.full_name).upper()}).context["rows"]
    assert mover in [p for p, _ in hits]

    detail = client.get(reverse("people:person-detail", args=[mover.pk]))
    positions = [position for position, _ in detail.context["positions"]]
    assert len(positions) == 2 and positions[0].start_date > positions[1].start_date
    assert "Quá trình công tác" in detail.content.decode()

    old_unit = positions[1].unit
    of_unit = client.get(url, {"unit": old_unit.pk}).context["rows"]
    assert mover in [p for p, _ in of_unit]
    assert all(p.positions.filter(unit=old_unit).exists() for p, _ in of_unit)

    client.force_login(User.objects.get(username="xatanuyen"))
    phong_tho = OrgUnit.objects.get(code="109")
    assert client.get(url, {"unit": phong_tho.pk}).status_code == 404
    outsider = Person.objects.exclude(positions__unit__name="Xã Tân Uyên").first()
    assert (
        client.get(reverse("people:person-detail", args=[outsider.pk])).status_code
        == 404
    )
