"""Hundreds of accounts from one sheet; each person sets their own password."""

import io

from django.core import mail
from openpyxl import Workbook

from thidua.accounts.imports import COLUMNS
from thidua.accounts.models import Invitation, RoleAssignment, User
from thidua.units.models import OrgUnit


def sheet(rows):
    book = Workbook()
    ws = book.active
    ws.append([c.label for c in COLUMNS])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, rows, send_mail=False):
    content = io.BytesIO(sheet(rows))
    content.name = "tai-khoan.xlsx"
    data = {"file": content}
    if send_mail:
        data["send_mail"] = "on"
    return client.post("/admin/roles/import/", data)


def test_import_prints_codes_and_the_owner_sets_the_password(db, client, settings):
    settings.SITE_URL = "https://thidua.example"
    province = OrgUnit.objects.create(
        code="08", name="Tỉnh Tuyên Quang", kind="province"
    )
    OrgUnit.objects.create(
        code="02230", name="Xã Hà Giang", kind="commune", parent=province
    )
    admin = User.objects.create_superuser("quantri", password="x-very-long-pass-1")
    client.force_login(admin)
    assert client.get("/admin/roles/import/template.xlsx").status_code == 200

    response = upload(
        client,
        [
            ["vanphong", "Nguyễn Thị Hà", "", "Cán bộ Ban/Sở TĐKT tỉnh", "08", ""],
            [
                "xahagiang",
                "Hoàng Văn Đức",
                "duc@example.gov.vn",
                "Cán bộ TĐKT đơn vị",
                "02230",
                "",
            ],
            ["vanphong", "Nguyễn Thị Hà", "", "Thành viên Hội đồng TĐKT", "08", ""],
        ],
        send_mail=True,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mã kích hoạt (chỉ hiện một lần" in page
    office = User.objects.get(username="vanphong")
    assert not office.has_usable_password()
    assert set(office.roles.values_list("role", flat=True)) == {
        "province_officer",
        "council_member",
    }
    assert office.groups.filter(name="Cán bộ TĐKT").exists()  # the back office opens
    assert Invitation.objects.count() == 2  # one per new account, not per row
    # the e-mail carries the link; the printed list carries the code
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["duc@example.gov.vn"]
    assert "https://thidua.example/tai-khoan/kich-hoat/" in mail.outbox[0].body
    code = page.split("<td>vanphong</td><td><code>")[1].split("</code>")[0]

    client.logout()
    form = client.get("/tai-khoan/kich-hoat/")
    assert form.status_code == 200 and "Mã kích hoạt" in form.content.decode()
    weak = client.post(
        "/tai-khoan/kich-hoat/", {"code": code, "password1": "123", "password2": "123"}
    )
    assert (
        weak.status_code == 200
        and not User.objects.get(pk=office.pk).has_usable_password()
    )
    good = {
        "code": code.lower(),
        "password1": "Nuong ngo ban Luot 1987!",
        "password2": "Nuong ngo ban Luot 1987!",
    }
    assert client.post("/tai-khoan/kich-hoat/", good).status_code == 302
    assert client.login(username="vanphong", password="Nuong ngo ban Luot 1987!")
    client.logout()
    again = client.post("/tai-khoan/kich-hoat/", good)  # a second click
    assert "đã được dùng" in again.content.decode()


def test_bad_rows_are_named_and_nothing_is_created(db, client):
    OrgUnit.objects.create(code="08", name="Tỉnh Tuyên Quang", kind="province")
    client.force_login(
        User.objects.create_superuser("quantri", password="x-very-long-1")
    )
    response = upload(
        client,
        [
            ["vanphong", "Nguyễn Thị Hà", "", "Cán bộ Ban/Sở TĐKT tỉnh", "08", ""],
            ["Tên Có Dấu", "Hoàng Văn Đức", "không-phải-thư", "Giám đốc", "99999", ""],
            ["xa", "Lò Văn A", "", "Cán bộ TĐKT đơn vị", "", ""],
        ],
    )
    page = response.content.decode()
    assert "Dòng 3:" in page and "vai trò “Giám đốc” không có" in page
    assert "mã đơn vị “99999” không tồn tại" in page
    assert "Dòng 4:" in page and "phải gắn với một đơn vị" in page
    assert not User.objects.exclude(username="quantri").exists()
    assert not RoleAssignment.objects.exists() and not Invitation.objects.exists()


def test_only_the_tdkt_office_imports_accounts(db, client):
    unit = OrgUnit.objects.create(code="08", name="Tỉnh Tuyên Quang", kind="province")
    officer = User.objects.create_user("xa", password="x-very-long-1")
    RoleAssignment.objects.create(user=officer, role="unit_officer", unit=unit)
    client.force_login(officer)
    assert client.get("/admin/roles/import/").status_code in (302, 403)
