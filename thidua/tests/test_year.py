"""One emulation year carried through the pages in Chromium, role by role (issue 10).

The starting world is small: the province from the real `setup_province` command
(units, organisation settings, award catalogue), a two-commune cluster whose host
rotates, one account per role, a signer, two indicators and one person. From there
on every step is a person on a page (no service calls): the province office
launches a movement, imports the scoring table and opens the year; the communes
pledge, enter figures (one in the grid, one through the Excel template) and send
them; the cluster's head approves; scoring, ranking, publication; a dossier for
the leading commune's chairman; public disclosure with a citizen's comment,
moderation; the council's ballot; the decision; certificates made in the
background and read back; the registry; next year's eligibility.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from openpyxl import load_workbook

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = Path(settings.BASE_DIR) / "test-output" / "journeys" / "year"
YEAR = 2026
PASSWORD = "thidua2026"
NOMINEE = "Lò Văn Thắng"

SCHEME = {
    "table": {"name": f"Bảng điểm thi đua năm {YEAR} (cụm xã)"},
    "scheme": {
        "criteria": [
            {
                "code": "giam_ngheo",
                "indicator": "ty_le_giam_ngheo",
                "name": "Mức giảm tỷ lệ hộ nghèo",
                "max_points": 40,
                "method": "plan_ratio",
                "direction": "reduction_pp",
                "cap": 1.2,
                "floor": 0.5,
                "group": "kt",
            },
            {
                "code": "duong_ban",
                "indicator": "ty_le_ban_co_duong",
                "name": "Tỷ lệ bản có đường xe máy đi lại thuận lợi",
                "max_points": 40,
                "method": "minmax",
                "direction": "higher_is_better",
                "group": "kt",
            },
            {
                "code": "phong_trao",
                "name": "Tổ chức phong trào thi đua, thực hiện giao ước",
                "max_points": 20,
                "method": "manual",
                "group": "tdkt",
            },
        ],
        "total_points": 100,
        "bonus_cap": 5,
        "groups": [
            {"code": "kt", "name": "Kinh tế – xã hội, giảm nghèo", "max_points": 80},
            {"code": "tdkt", "name": "Công tác thi đua, khen thưởng", "max_points": 20},
        ],
        "adjustments": [
            {
                "code": "mo_hinh",
                "name": "Mô hình mới, cách làm hay",
                "kind": "bonus",
                "max_points": 5,
            }
        ],
        "tie_break": ["criteria_at_plan"],
    },
}


def _world() -> dict[str, Any]:
    """The start of the year: everything a real installation has before January."""
    from thidua.accounts.models import RoleAssignment, User
    from thidua.accounts.services import staff_group
    from thidua.emulation.models import Indicator
    from thidua.organisation.models import Signer
    from thidua.people.models import Person
    from thidua.units.models import BlocMembership, BlocYear, EmulationBloc, OrgUnit

    call_command("setup_province", "12", stdout=io.StringIO())
    province = OrgUnit.objects.get(code="12", valid_from=None)
    communes = list(
        OrgUnit.objects.filter(parent=province, kind="commune", valid_to__isnull=True)
        .exclude(name__startswith="Phường")
        .order_by("code")[:3]
    )
    first, second, former_host = communes
    cluster = EmulationBloc.objects.create(
        name="Cụm thi đua các xã số 1",
        kind=EmulationBloc.Kind.CLUSTER,
        organiser=province,
    )
    for unit in (first, second):
        BlocMembership.objects.create(bloc=cluster, unit=unit, year=YEAR)
    BlocYear.objects.create(bloc=cluster, year=YEAR - 1, host=former_host)
    BlocYear.objects.create(
        bloc=cluster,
        year=YEAR,
        head=first,
        host=first,
        handed_over_on=dt.date(YEAR, 1, 15),
    )
    Signer.objects.create(
        full_name="Giàng A Páo",
        capacity="CHỦ TỊCH",
        title="Chủ tịch UBND tỉnh",
        valid_from=dt.date(2025, 7, 1),
        is_head=True,
    )
    Indicator.objects.create(
        code="ty_le_giam_ngheo",
        name="Mức giảm tỷ lệ hộ nghèo",
        unit_of_measure="điểm %",
        direction="reduction_pp",
        min_value=-20,
        max_value=30,
    )
    Indicator.objects.create(
        code="ty_le_ban_co_duong",
        name="Tỷ lệ bản có đường xe máy đi lại thuận lợi",
        unit_of_measure="%",
        min_value=0,
        max_value=100,
        decimals=1,
    )
    person = Person.objects.create(full_name=NOMINEE, gender="male", birth_year=1978)
    person.positions.create(
        unit=first, title="Chủ tịch UBND xã", start_date=dt.date(2025, 7, 1)
    )
    group = staff_group()
    Role = RoleAssignment.Role
    for username, full_name, role, unit, bloc in [
        ("tinh", "Nguyễn Thị Hạnh", Role.PROVINCE_OFFICER, province, None),
        ("khoitruong", "Lò Văn Hùng", Role.BLOC_HEAD, None, cluster),
        ("xa1", "Lường Thị Mai", Role.UNIT_OFFICER, first, None),
        ("xa2", "Tao Văn Dũng", Role.UNIT_OFFICER, second, None),
        ("hoidong", "Hoàng Văn Sơn", Role.COUNCIL_MEMBER, province, None),
        ("lanhdao", "Giàng A Páo", Role.LEADER, province, None),
    ]:
        account = User.objects.create_user(
            username, password=PASSWORD, full_name=full_name
        )
        account.groups.add(group)
        RoleAssignment.objects.create(user=account, role=role, unit=unit, bloc=bloc)
    return {
        "province": province,
        "first": first,
        "second": second,
        "cluster": cluster,
        "person": person,
    }


def shot(page: Any, name: str) -> None:
    folder = SHOTS / ("phone" if page.viewport_size["width"] < 600 else "desktop")
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def login(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def press(page: Any, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def main_text(page: Any) -> str:
    return str(page.inner_text("main"))


def todo(page: Any, task: str) -> None:
    """Follow a waiting-work link of the home page (where each login starts)."""
    page.get_by_role("link", name=task).click()
    page.wait_for_load_state()


def open_period(page: Any, base: str) -> None:
    page.goto(f"{base}/admin/thi-dua/")
    page.get_by_role("link", name="Cả năm").click()
    page.wait_for_load_state()


SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True},
}


@pytest.mark.parametrize("size", SIZES)
def test_one_year_role_by_role(
    live_server: Any, browser: Any, settings: Any, tmp_path: Path, size: str
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.SITE_URL = live_server.url
    w = _world()
    base = live_server.url
    context = browser.new_context(**SIZES[size], locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    try:
        walk(page, base, w, tmp_path)
    except Exception:
        shot(page, "failed")  # what the person saw when the year broke
        raise
    finally:
        context.close()


def walk(page: Any, base: str, w: dict[str, Any], tmp_path: Path) -> None:
    first, second = w["first"], w["second"]

    # 1. province office: movement, scoring table, the year's period
    login(page, base, "tinh")
    page.goto(f"{base}/admin/thi-dua/phong-trao/")
    page.get_by_role("link", name="Thêm").first.click()
    page.fill("#id_name", f"Thi đua giảm nghèo bền vững năm {YEAR}")
    page.fill("#id_launching_body", "UBND tỉnh")
    page.fill("#id_start_date", f"{YEAR}-01-05")
    page.select_option(
        "#id_indicators",
        label=["Mức giảm tỷ lệ hộ nghèo", "Tỷ lệ bản có đường xe máy đi lại thuận lợi"],
    )
    page.get_by_label("Nông dân").check()
    assert "Thêm mới: Phong trào thi đua" in page.inner_text("body")
    press(page, "Tạo")
    assert f"Thi đua giảm nghèo bền vững năm {YEAR}" in main_text(page)
    shot(page, "01-tinh-phong-trao")

    scheme = tmp_path / "bang-diem.json"
    scheme.write_text(json.dumps(SCHEME, ensure_ascii=False), "utf-8")
    page.goto(f"{base}/admin/thi-dua/bang-diem/nhap/")
    page.select_option("#bloc", label=w["cluster"].name)
    page.fill("#year", str(YEAR))
    page.set_input_files("#file", str(scheme))
    press(page, "Nhập")
    assert "Đã nhập bảng điểm" in main_text(page)

    page.goto(f"{base}/admin/thi-dua/")
    page.locator("summary", has_text="Mở kỳ báo cáo mới").click()
    form = page.locator("form.em-open")
    form.locator("input[name=year]").fill(str(YEAR))
    form.locator("select[name=period]").select_option(label="Cả năm")
    press(page, "Mở kỳ báo cáo")
    assert "Đã mở kỳ báo cáo" in main_text(page)
    assert "Mức giảm tỷ lệ hộ nghèo" in main_text(page)
    shot(page, "02-tinh-mo-ky")

    # 2. each commune pledges its plan
    for username, unit, plan in (("xa1", first, "3,0"), ("xa2", second, "2,5")):
        login(page, base, username)
        open_period(page, base)
        page.get_by_role("link", name=f"Giao ước và kế hoạch của {unit.name}").click()
        page.fill("#signed_on", f"{YEAR}-01-22")
        page.fill("#signatories", f"Chủ tịch UBND {unit.name.lower()}")
        page.get_by_label("Mức giảm tỷ lệ hộ nghèo").fill(plan)
        page.get_by_label("Tỷ lệ bản có đường xe máy").fill("95")
        press(page, "Ký giao ước")
        assert f"Đã ghi giao ước thi đua của {unit.name}" in main_text(page)
    shot(page, "03-xa2-giao-uoc")

    # 3. the first commune types its figures in the grid and sends them
    from thidua.emulation.models import Indicator

    poverty = Indicator.objects.get(code="ty_le_giam_ngheo")
    roads = Indicator.objects.get(code="ty_le_ban_co_duong")
    login(page, base, "xa1")
    todo(page, "Kỳ báo cáo thi đua đang mở, cần nhập số liệu")
    page.get_by_role("link", name="Cả năm").click()
    page.fill(f"[name=c-{first.id}-{poverty.id}-value]", "3,6")
    page.fill(f"[name=c-{first.id}-{roads.id}-value]", "98,5")
    shot(page, "04-xa1-nhap-luoi")
    press(page, "Lưu tất cả")
    assert "Đã lưu số liệu" in main_text(page)
    press(page, f"Gửi số liệu của {first.name}")
    assert f"{first.name} đã gửi số liệu" in main_text(page)
    # sent: read only, and nothing left to fill on the to-do
    assert page.locator(f"[name=c-{first.id}-{poverty.id}-value]").count() == 0
    assert "chỉ xem, không sửa được" in main_text(page)
    shot(page, "05-xa1-da-gui")
    page.goto(f"{base}/admin/")
    assert "cần nhập số liệu" not in main_text(page)

    # 4. the second commune through the Excel template
    login(page, base, "xa2")
    open_period(page, base)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải mẫu nhập liệu (.xlsx)").click()
    template = tmp_path / "mau.xlsx"
    download.value.save_as(template)
    wb = load_workbook(template)
    ws = wb["Số liệu"]
    for row in ws.iter_rows(min_row=2):
        assert row[0].value == second.code
        row[5].value = {poverty.code: 2.1, roads.code: 90}[row[2].value]
    wb.save(template)
    page.set_input_files("#file", str(template))
    press(page, "Tải lên")
    assert "Đã nhập 2 giá trị từ tệp Excel" in main_text(page)
    press(page, f"Gửi số liệu của {second.name}")
    assert "chỉ xem, không sửa được" in main_text(page)
    shot(page, "06-xa2-excel-da-gui")

    # 5. the cluster's head approves the year's figures
    login(page, base, "khoitruong")
    todo(page, "Kỳ báo cáo đã gửi, chờ duyệt")
    page.get_by_role("link", name="Cả năm").click()
    press(page, "Duyệt số liệu kỳ")
    assert "Đã duyệt số liệu kỳ báo cáo" in main_text(page)
    shot(page, "07-khoitruong-duyet")

    # 6. scoring: each commune scores itself, the head reviews, the province ranks
    for username, unit, points in (("xa1", first, "18"), ("xa2", second, "16")):
        login(page, base, username)
        page.goto(f"{base}/admin/thi-dua/")
        page.get_by_role("link", name=SCHEME["table"]["name"]).click()
        page.get_by_role("link", name="Tự chấm").click()
        page.fill("#m-phong_trao", points)
        press(page, "Lưu phiếu chấm")
        assert f"Đã lưu phiếu chấm của {unit.name}" in main_text(page)
    login(page, base, "khoitruong")
    page.goto(f"{base}/admin/thi-dua/")
    page.get_by_role("link", name=SCHEME["table"]["name"]).click()
    page.get_by_role("link", name="Chấm chéo").nth(1).click()
    page.fill("#m-phong_trao", "15")
    page.get_by_label("Ghi chú Tổ chức phong trào").fill(
        "Chưa tổ chức sơ kết giữa năm."
    )
    press(page, "Lưu phiếu chấm")
    login(page, base, "tinh")
    page.goto(f"{base}/admin/thi-dua/")
    page.get_by_role("link", name=SCHEME["table"]["name"]).click()
    press(page, "Chốt kết quả và xếp hạng")
    assert f"Đơn vị dẫn đầu, đề nghị tặng Cờ thi đua cấp tỉnh: {first.name}" in (
        main_text(page)
    )
    press(page, "Công bố trên cổng thông tin")
    assert "Đã công bố kết quả" in main_text(page)
    shot(page, "08-tinh-xep-hang")

    # 7. a citizen reads the ranking on the portal
    citizen = page.context.browser.new_context(locale="vi-VN")
    reader = citizen.new_page()
    reader.goto(f"{base}/xep-hang/")
    reader.get_by_role("link", name=w["cluster"].name).first.click()
    text = main_text(reader)
    assert first.name in text and second.name in text
    assert text.index(first.name) < text.index(second.name)
    shot(reader, "09-cong-dan-xep-hang")

    # 8. the leading commune proposes its chairman
    login(page, base, "xa1")
    page.goto(f"{base}/admin/ho-so/tao/")
    page.select_option("#id_unit", label=first.name)
    page.fill("#id_year", str(YEAR))
    page.fill("#id_title", f"Đề nghị tặng Bằng khen năm {YEAR}")
    press(page, "Lưu")
    dossier_url = page.url
    page.select_option("#id_person", label=NOMINEE)
    page.select_option("#id_award_type", label="Bằng khen của Chủ tịch UBND tỉnh")
    page.fill(
        "#id_achievement",
        f"Lãnh đạo {first.name} dẫn đầu {w['cluster'].name} năm {YEAR}.",
    )
    page.fill("#id_justification", "Xã dẫn đầu cụm thi đua, đề nghị Hội đồng xét.")
    press(page, "Thêm")
    assert NOMINEE in main_text(page)
    upload = tmp_path / "van-ban.pdf"
    upload.write_bytes(b"%PDF-1.4 test")
    for label in ("Tờ trình", "Báo cáo thành tích", "Biên bản bình xét"):
        page.select_option("#doc-kind", label=label)
        page.set_input_files("#doc-file", str(upload))
        press(page, "Đính kèm")
    press(page, "Gửi hồ sơ tới Ban Thi đua – Khen thưởng")
    assert "Đã gửi hồ sơ" in main_text(page)
    shot(page, "10-xa1-ho-so")

    # 9. the province reviews and discloses; a citizen comments; moderation
    login(page, base, "tinh")
    todo(page, "Hồ sơ đề nghị chờ thẩm định")
    page.get_by_role("link", name=f"Đề nghị tặng Bằng khen năm {YEAR}").click()
    assert page.url == dossier_url
    press(page, "Ghi")
    press(page, "Kết thúc thẩm định (đồng ý)")
    page.fill("#days", "5")
    press(page, "Công khai trên cổng thông tin")
    reader.goto(f"{base}/cong-khai/")
    reader.get_by_role("link", name=NOMINEE).first.click()
    reader.fill("#f-author", "Lò Văn Minh")
    reader.fill("#f-contact", "0912 345 678")
    reader.fill(
        "#f-content", "Anh Thắng vận động bà con làm đường vào bản, đề nghị khen."
    )
    reader.click("main form button[type=submit]")
    assert "Ý kiến đã được gửi" in main_text(reader)
    shot(reader, "11-cong-dan-gop-y")
    page.goto(f"{base}/admin/")
    todo(page, "Góp ý của nhân dân chờ duyệt")
    page.get_by_role("link", name=f"Đề nghị tặng Bằng khen năm {YEAR}").click()
    page.get_by_label("Chọn ý kiến của Lò Văn Minh").check()
    press(page, "Duyệt, công khai")
    reader.reload()
    assert "vận động bà con làm đường" in main_text(reader)
    citizen.close()
    # the five days of disclosure pass
    from thidua.dossiers.models import Disclosure

    today = dt.date.today()
    Disclosure.objects.update(
        starts_on=today - dt.timedelta(days=6), ends_on=today - dt.timedelta(days=1)
    )
    page.goto(dossier_url)
    press(page, "Kết thúc công khai, chuyển Hội đồng")
    shot(page, "12-tinh-cong-khai-xong")

    # 10. the council: a ballot that starts unmarked
    page.goto(f"{base}/admin/ho-so/hoi-dong/mo/")
    page.fill("#id_title", f"Phiên họp xét khen thưởng năm {YEAR}")
    page.fill("#id_held_on", today.isoformat())
    page.get_by_label(f"Đề nghị tặng Bằng khen năm {YEAR}").check()
    page.get_by_label("Hoàng Văn Sơn").check()
    press(page, "Lưu")
    session_url = page.url
    login(page, base, "hoidong")
    todo(page, "Phiên họp Hội đồng đang chờ bạn bỏ phiếu")  # the one session, opened
    assert page.url == session_url
    assert page.locator("input[type=radio]:checked").count() == 0
    page.get_by_label("Đồng ý", exact=True).check()
    shot(page, "13-hoidong-phieu")
    press(page, "Bỏ phiếu")
    assert "Đã ghi nhận phiếu kín" in main_text(page)
    login(page, base, "tinh")
    page.goto(session_url)
    press(page, "Kết thúc phiên họp, kiểm phiếu")
    assert "Đạt" in main_text(page)

    # 11. the decision: drafted by the office, issued by the leader
    page.goto(f"{base}/admin/ho-so/quyet-dinh/du-thao/")
    page.get_by_label(f"Đề nghị tặng Bằng khen năm {YEAR}").check()
    assert page.input_value("#id_signature_capacity") == "CHỦ TỊCH"
    press(page, "Lưu")
    decision_url = page.url
    login(page, base, "lanhdao")
    todo(page, "Dự thảo quyết định chờ ký ban hành")  # the one draft, opened
    assert page.url == decision_url
    page.fill("#id_number", "88")
    press(page, "Ban hành quyết định")
    assert "Đã ban hành quyết định" in main_text(page)
    shot(page, "14-lanhdao-ban-hanh")

    # 12. certificates made in the background, downloaded and read
    press(page, "Tạo bằng, giấy khen (chạy nền)")
    assert "Hoàn tất" in page.locator("#dz-progress").inner_text()
    page.reload()
    link = page.locator("main table a[href$='.pdf']").first
    response = page.request.get(base + str(link.get_attribute("href")))
    assert response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "bang-khen.pdf"
    pdf.write_bytes(response.body())
    from pypdf import PdfReader

    printed = " ".join(
        (p.extract_text() or "") for p in PdfReader(str(pdf)).pages
    ).replace("\n", " ")
    assert NOMINEE.upper() in printed.upper()
    assert f"năm {YEAR}" in printed
    shot(page, "15-lanhdao-bang-khen")

    # 13. the registry, then next year's eligibility: the award is held, its years
    # are not counted again
    login(page, base, "tinh")
    page.goto(dossier_url)
    page.get_by_role("link", name="Xét điều kiện, sổ khen thưởng").click()
    page.wait_for_load_state()
    assert "Bằng khen của Chủ tịch UBND tỉnh — QĐ 88/QĐ-UBND" in main_text(page)
    card = page.locator(".comm-card", has_text="BK_TINH")
    assert "comm-held" in str(card.get_attribute("class"))
    page.get_by_label("Năm xét").select_option(str(YEAR + 1))
    page.wait_for_url(f"**year={YEAR + 1}")
    assert f"khen thưởng năm {YEAR + 1}" in page.inner_text("body")
    assert page.get_by_label("Năm xét").input_value() == str(YEAR + 1)
    card = page.locator(".comm-card", has_text="BK_TINH")
    assert "comm-eligible" not in str(card.get_attribute("class"))
    assert f"sau lần Bằng khen cùng cấp năm {YEAR}" in card.inner_text()
    shot(page, "16-tinh-xet-nam-sau")
