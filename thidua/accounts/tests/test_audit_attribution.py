"""Every change is attributed (issue 11, finding 11): privilege changes name who made
them and which role, services called outside a request name their `by`, and a
management command names who ran it and itself — never an empty entry."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from thidua.accounts.models import RoleAssignment, User
from thidua.accounts.services import staff_group
from thidua.accounts.tests.test_invitations import sheet
from thidua.core.models import AuditEntry
from thidua.people.services import person_create_with_position, position_end
from thidua.units.gazetteer import GAZETTEER
from thidua.units.models import OrgUnit
from thidua.units.services import unit_create

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role


def officer(username: str = "tinh") -> User:
    user = User.objects.create_user(username, password="x", full_name=username)
    user.groups.add(staff_group())
    RoleAssignment.objects.create(user=user, role=Role.PROVINCE_OFFICER)
    return user


def entries(model: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(model=model).order_by("pk"))


def test_a_role_given_and_taken_back_names_who_and_which_role(client):
    office = officer()
    member = User.objects.create_user("hoidong2", full_name="Lò Văn Sơn")
    client.force_login(office)
    before = AuditEntry.objects.count()
    response = client.post(
        reverse("accounts:role-list"),
        {"user": member.pk, "role": Role.COUNCIL_MEMBER},
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=member)
    (given,) = [
        e for e in entries("roleassignment") if e.object_id == str(assignment.pk)
    ]
    assert given.action == AuditEntry.Action.CREATE and given.actor == office
    assert given.after is not None and given.after["role"] == Role.COUNCIL_MEMBER
    assert given.message == "Phân vai trò Thành viên Hội đồng TĐKT cho hoidong2"
    # the staff group that opens the back office: a privilege too
    group = [e for e in entries("user") if e.object_id == str(member.pk)][-1]
    assert group.actor == office and group.after == {"groups": [staff_group().pk]}
    client.post(reverse("accounts:role-delete", args=[assignment.pk]))
    taken = entries("roleassignment")[-1]
    assert taken.action == AuditEntry.Action.DELETE and taken.actor == office
    assert taken.before is not None and taken.before["role"] == Role.COUNCIL_MEMBER
    assert taken.message == "Thu hồi vai trò Thành viên Hội đồng TĐKT của hoidong2"
    new = AuditEntry.objects.order_by("pk")[before:]
    assert all(e.actor == office and e.message for e in new if e.model != "session")


def test_services_outside_a_request_name_their_by():
    office = officer()
    province = unit_create(code="99", name="Tỉnh Thử", kind="province", by=office)
    person = person_create_with_position(
        full_name="Lò Thị Hoa",
        gender="female",
        unit=province,
        start_date=dt.date(2020, 1, 1),
        by=office,
    )
    position_end(
        position=person.positions.get(), end_date=dt.date(2025, 6, 30), by=office
    )
    made = AuditEntry.objects.filter(model__in=["orgunit", "person", "position"])
    assert made.count() == 4  # unit, person, post, the post's end
    assert {e.actor for e in made} == {office}


def _small_gazetteer(tmp_path: Path) -> Path:
    """The header and the rows of two communes of province 12."""
    header, *rows = GAZETTEER.read_text("utf-8").splitlines()
    mine = [r for r in rows if r.startswith("12,")]
    communes = sorted({r.split(",")[2] for r in mine})[:2]
    path = tmp_path / "gazetteer.csv"
    lines = [header, *(r for r in mine if r.split(",")[2] in communes)]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_setup_province_names_who_ran_it_and_itself(tmp_path):
    office = officer("quantri")
    gazetteer = str(_small_gazetteer(tmp_path))
    with pytest.raises(CommandError, match="Không có tài khoản “khongco”"):
        call_command("setup_province", "12", "--file", gazetteer, "--by", "khongco")
    assert not OrgUnit.objects.exists()
    first = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    call_command(
        "setup_province", "12", "--file", gazetteer, "--by", "quantri",
        stdout=io.StringIO(),
    )  # fmt: skip
    made = AuditEntry.objects.filter(pk__gt=first or 0)
    units = made.filter(model="orgunit")
    assert units.count() == OrgUnit.objects.count() >= 3  # province, commune, old ones
    assert {e.actor for e in made} == {office}
    changes = made.exclude(action=AuditEntry.Action.EVENT)
    assert {e.message for e in changes} == {"Lệnh quản trị setup_province"}
    assert not made.filter(message="")  # events carry their own message


def test_a_command_run_without_by_still_names_itself(tmp_path):
    call_command(
        "setup_province", "12", "--file", str(_small_gazetteer(tmp_path)),
        stdout=io.StringIO(),
    )  # fmt: skip
    changes = AuditEntry.objects.exclude(action=AuditEntry.Action.EVENT)
    assert changes.exists()
    assert not changes.exclude(message="Lệnh quản trị setup_province")
    assert not AuditEntry.objects.filter(message="")


def test_an_accounts_import_is_one_event_naming_who_the_file_and_the_roles(client):
    office = officer()
    province = unit_create(code="08", name="Tỉnh Tuyên Quang", kind="province")
    unit_create(code="02230", name="Xã Hà Giang", kind="commune", parent=province)
    User.objects.create_user("hoidong2", full_name="Lò Văn Sơn")  # already there
    client.force_login(office)
    refused = io.BytesIO(
        sheet([["Sai Ten", "Ai đó", "", "Cán bộ TĐKT đơn vị", "", ""]])
    )
    refused.name = "loi.xlsx"
    client.post(reverse("accounts:user-import"), {"file": refused})
    assert not AuditEntry.objects.filter(message__startswith="Nhập tài khoản từ")
    content = io.BytesIO(
        sheet(
            [
                ["xahagiang", "Hoàng Văn Đức", "", "Cán bộ TĐKT đơn vị", "02230", ""],
                [
                    "xahagiang",
                    "Hoàng Văn Đức",
                    "",
                    "Thành viên Hội đồng TĐKT",
                    "08",
                    "",
                ],
                ["hoidong2", "Lò Văn Sơn", "", "Thành viên Hội đồng TĐKT", "", ""],
            ]
        )
    )
    content.name = "tai-khoan-2026.xlsx"
    start = AuditEntry.objects.order_by("pk").last().pk
    response = client.post(reverse("accounts:user-import"), {"file": content})
    assert response.status_code == 200
    (event,) = AuditEntry.objects.filter(
        action=AuditEntry.Action.EVENT, message__startswith="Nhập tài khoản từ"
    )
    assert event.actor == office and event.object_id == str(office.pk)
    assert event.message == (
        "Nhập tài khoản từ tai-khoan-2026.xlsx: 1 tài khoản mới, "
        "1 tài khoản đã có được thêm vai trò, 3 vai trò"
    )
    assert event.after == {
        "tệp": "tai-khoan-2026.xlsx",
        "tài khoản mới": 1,
        "tài khoản đã có được thêm vai trò": 1,
        "vai trò đã phân": [
            "xahagiang: Cán bộ TĐKT đơn vị – Xã Hà Giang",
            "xahagiang: Thành viên Hội đồng TĐKT – Tỉnh Tuyên Quang",
            "hoidong2: Thành viên Hội đồng TĐKT",
        ],
    }
    new = User.objects.get(username="xahagiang")
    (created,) = [e for e in entries("user") if e.object_id == str(new.pk)][:1]
    assert created.actor == office
    assert created.message == "Nhập tài khoản từ tai-khoan-2026.xlsx"
    given = AuditEntry.objects.filter(model="roleassignment", pk__gt=start)
    assert given.count() == 3 and {e.actor for e in given} == {office}
    # the audit screen shows it with its details
    page = client.get(reverse("core:audit-list")).content.decode()
    assert "tai-khoan-2026.xlsx" in page and "vai trò đã phân" in page
