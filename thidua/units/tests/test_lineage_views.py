"""Recording lineage events and hosting hand-overs through the admin screens."""

import datetime as dt

import pytest
from django.urls import reverse

from thidua.core.models import AuditEntry
from thidua.people.models import Position
from thidua.units.demo import district_bloc
from thidua.units.models import BlocYear, LineageEvent, OrgUnit
from thidua.units.selectors import successors
from thidua.units.tests.conftest import unit

D = dt.date
URL = "/admin/units/lineage/add/"


def _post(client, *, kind, day, links=(), founded=(), moves=(), basis="NQ số 1/NQ"):
    data = {"kind": kind, "effective_date": day, "legal_basis": basis, "note": ""}
    for prefix, rows, keys in (
        ("links", links, ("predecessor", "successor")),
        ("founded", founded, ("code", "name", "kind", "parent_code")),
        ("moves", moves, ("child", "new_parent")),
    ):
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows) + 1)  # one untouched row
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        for i, row in enumerate(rows):
            for key, value in zip(keys, row, strict=True):
                data[f"{prefix}-{i}-{key}"] = value
    return client.post(URL, data)


def test_rename_keeps_the_code_and_carries_the_posts_over(login):
    client = login("tinh")
    old = unit("03598", D(2025, 7, 1))
    page = client.get(URL, {"unit": old.pk})
    assert page.context["entry"].links.forms[0].initial == {"predecessor": "03598"}
    posts = set(
        Position.objects.filter(unit=old, end_date__isnull=True).values_list(
            "person_id", "title"
        )
    )
    assert posts
    response = _post(
        client,
        kind="rename",
        day="2026-01-01",
        links=[("03598", "03598")],
        founded=[("03598", "Phường Tân Uyên", "ward", "12")],
    )
    assert response.status_code == 302, response.context["entry"].problems
    assert response.url == reverse("units:unit-detail", args=[old.pk])
    old.refresh_from_db()
    new = unit("03598", D(2026, 1, 1))
    assert old.valid_to == D(2025, 12, 31)
    assert (new.name, new.kind, new.parent.code) == ("Phường Tân Uyên", "ward", "12")
    assert successors(old) == [new]
    assert not Position.objects.filter(unit=old, end_date__isnull=True).exists()
    assert (
        set(Position.objects.filter(unit=new).values_list("person_id", "title"))
        == posts
    )
    event = LineageEvent.objects.get(legal_basis="NQ số 1/NQ")
    entry = AuditEntry.objects.get(
        model="lineageevent", object_id=str(event.pk), action="event"
    )
    assert entry.actor.username == "tinh"
    assert f"{len(posts)} chức vụ chuyển sang" in entry.message
    html = client.get(response.url).content.decode()
    assert "Đổi tên" in html and "Phường Tân Uyên" in html


def test_refusals_are_listed_inline_and_nothing_is_saved(login):
    client = login("tinh")
    events, units = LineageEvent.objects.count(), OrgUnit.objects.count()
    page = _post(
        client,
        kind="dissolve",
        day="2020-01-01",
        links=[("111", ""), ("XYZ", "")],
        founded=[("999", "Xã Thừa", "commune", "12")],
    )
    assert page.status_code == 200
    problems = page.context["entry"].problems
    assert problems == [
        "Đơn vị cũ: Mã đơn vị 'XYZ' không tồn tại vào ngày 31/12/2019.",
        "Đơn vị mới Xã Thừa chưa được nêu là đơn vị kế thừa hay cấp trên mới của "
        "đơn vị nào.",
    ]
    page = _post(client, kind="dissolve", day="2020-01-01", links=[("111", "")])
    text = " ".join(page.context["entry"].problems)
    assert "Thị trấn Tân Uyên vẫn còn hiệu lực sau ngày 31/12/2019" in text
    assert "Chưa ghi nhận được, chưa có gì được lưu" in page.content.decode()
    assert (LineageEvent.objects.count(), OrgUnit.objects.count()) == (events, units)
    assert unit("111").valid_to == D(2025, 6, 30)


def test_moves_give_children_a_new_parent(login):
    client = login("tinh")
    school = unit("THPT-TU")
    agency = unit("SGDDT")
    page = _post(
        client,
        kind="move",
        day="2026-01-01",
        moves=[("THPT-TU", "SGDDT")],
    )
    assert page.status_code == 302
    [moved] = successors(school)
    assert (moved.code, moved.parent, moved.valid_from) == (
        "THPT-TU",
        agency,
        D(2026, 1, 1),
    )


def test_unit_officer_records_events_only_inside_their_subtree(login):
    client = login("tanuyen")
    assert client.get(URL).status_code == 200
    page = _post(client, kind="merge", day="2020-01-01", links=[("03605", "109")])
    assert page.context["entry"].problems == [
        "Đơn vị kế thừa: Mã đơn vị '109' không tồn tại vào ngày 01/01/2020."
    ]
    page = _post(client, kind="merge", day="2020-01-01", links=[("03605", "03598")])
    assert page.status_code == 302
    trung_dong = unit("03605")
    assert trung_dong.valid_to == D(2019, 12, 31)
    assert unit("03598") in successors(trung_dong)


@pytest.mark.parametrize(
    ("username", "status"),
    [("khoitruong", 403), ("hoidong", 403), ("lanhdao", 403), ("bientap", 403)],
)
def test_read_only_roles_cannot_record_events(login, username, status):
    client = login(username)
    assert client.get(URL).status_code == status


def _hand_over_url(year):
    return reverse("units:bloc-hand-over", args=[district_bloc().pk, year])


def test_hand_over_is_prefilled_with_the_proposed_host(login):
    client = login("tinh")
    page = client.get(_hand_over_url(2024))
    assert page.status_code == 200
    assert page.context["form"].initial["to_unit"].name == "Thành phố Lai Châu"
    assert "Huyện Than Uyên" in page.content.decode()  # the 2024 host hands over
    # no members for 2025 (districts ended): the service's refusal shows inline
    refused = client.post(
        _hand_over_url(2024),
        {"to_unit": unit("105").pk, "on": "2025-01-18", "note": ""},
    )
    assert "không phải thành viên của Khối thi đua các huyện, thành phố năm 2025" in (
        refused.content.decode()
    )
    assert not BlocYear.objects.filter(bloc=district_bloc(), year=2025).exists()


def test_bloc_head_records_the_hand_over(login):
    client = login("khoitruong")
    bloc = district_bloc()
    detail = client.get(reverse("units:bloc-detail", args=[bloc.pk]), {"year": 2022})
    assert _hand_over_url(2022) in detail.content.decode()
    muong_te = unit("110")
    response = client.post(
        _hand_over_url(2022),
        {"to_unit": muong_te.pk, "on": "2023-01-20", "note": "Tại hội nghị tổng kết"},
    )
    assert response.status_code == 302
    by = BlocYear.objects.get(bloc=bloc, year=2023)
    assert (by.host, by.handed_over_on) == (muong_te, D(2023, 1, 20))
    assert AuditEntry.objects.filter(
        model="blocyear", object_id=str(by.pk), action="event"
    ).exists()


@pytest.mark.parametrize(
    ("username", "status"),
    [("tinh", 200), ("hoidong", 403), ("tanuyen", 403), ("bientap", 404)],
)
def test_hand_over_access(login, username, status):
    client = login(username)
    assert client.get(_hand_over_url(2020)).status_code == status
