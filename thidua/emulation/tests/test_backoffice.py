"""Back-office details found walking the demo: the score sheet form, approval of a
period some members never reported, the reference lists and the 403/404 answers."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from thidua.emulation import selectors, services
from thidua.emulation.models import ReportingPeriod, ScoringTable
from thidua.units.demo import CLUSTER_NAME
from thidua.units.models import EmulationBloc

pytestmark = pytest.mark.usefixtures("emulation_demo")


@pytest.fixture
def cluster(db):
    bloc = EmulationBloc.objects.get(name=CLUSTER_NAME)
    own = next(u for u in selectors.members(bloc, 2026) if u.name == "Xã Tân Uyên")
    return bloc, own


def test_score_sheet_opens_empty_and_keeps_what_was_typed(client, users, cluster):
    bloc, own = cluster
    table = ScoringTable.objects.get(bloc=bloc, year=2026)
    url = f"/admin/thi-dua/bang-diem/{table.pk}/phieu/{own.id}/self/"
    client.force_login(users["xatanuyen"])
    page = client.get(url)  # no sheet and no adjustment yet
    assert page.status_code == 200
    assert 'name="a-mo_hinh"' in page.content.decode()
    refused = client.post(
        url, {"m-phong_trao": "14,5", "m-khen_thuong": "99", "note": "Tự chấm"}
    )
    body = refused.content.decode()
    assert refused.status_code == 422
    assert 'value="99"' in body and 'value="14,5"' in body and ">Tự chấm<" in body
    # the review stage belongs to the bloc head or the province: a real 403
    client.force_login(users["hoidong"])
    assert client.get(url.replace("/self/", "/review/")).status_code == 403
    client.force_login(users["tanuyen"])  # the 2026 cluster is not visible to them
    assert client.get(url).status_code == 404


def test_approval_names_members_that_never_reported(users, cluster):
    bloc, _ = cluster
    period = ReportingPeriod.objects.get(bloc=bloc, year=2026)
    reported = set(period.actuals.values_list("unit_id", flat=True))
    silent = [u.name for u in selectors.members(bloc, 2026) if u.id not in reported]
    assert silent  # the demo year is in progress
    with pytest.raises(ValidationError) as exc:
        services.period_approve(period=period, by=users["tinh"])
    message = exc.value.message_dict["period"][0]
    assert all(name in message for name in silent)


@pytest.mark.parametrize(
    ("username", "index", "add"),
    [("tinh", 200, 200), ("hoidong", 200, 403), ("xatanuyen", 200, 403)],
)
def test_reference_lists_are_read_by_staff_and_changed_by_the_province(
    client, users, username, index, add
):
    client.force_login(users[username])
    for prefix in ("phong-trao", "chi-tieu", "giao-uoc", "dang-ky"):
        assert client.get(f"/admin/thi-dua/{prefix}/").status_code == index
        assert client.get(f"/admin/thi-dua/{prefix}/new/").status_code == add


def test_portal_editor_sees_no_emulation_data(client, users):
    client.force_login(users["bientap"])
    assert client.get("/admin/thi-dua/phong-trao/").status_code == 403
    table = ScoringTable.objects.filter(year=2020).get()
    assert client.get(f"/admin/thi-dua/bang-diem/{table.pk}/").status_code == 404
    menu = client.get("/admin/").content.decode()
    assert "Khối, kỳ báo cáo và bảng điểm" not in menu
