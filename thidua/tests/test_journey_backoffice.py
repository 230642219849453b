"""The back office's part of the year in Chromium, one login after another on the
demo for today, through the pages as each person does it (issue 10): every role
logs in from /admin/login/, finds its waiting work on its home and completes it
through visible links, buttons and forms. Each role is seen on a phone (390 px,
no sideways scrolling) and a desktop; screenshots go to
test-output/journeys/<role>/. The demo is loaded once for the whole walk."""

from __future__ import annotations

import io
import re
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone
from openpyxl import load_workbook

from thidua.core.management.commands.load_demo import DEMO_MODULES

from .test_a11y import _page_tree

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = Path(settings.BASE_DIR) / "test-output" / "journeys"
CELLS = "main table.em-grid input:not([type=hidden])"  # the grid's figures
SIZES = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True},
    "desktop": {"viewport": {"width": 1366, "height": 900}},
}


class Person:
    """One demo login, signed in on a phone and on a desktop."""

    def __init__(self, browser: Any, base: str, username: str, tmp: Path) -> None:
        self.base, self.username, self.tmp = base, username, tmp
        self.pages: dict[str, Any] = {}
        for size, options in SIZES.items():
            context = browser.new_context(locale="vi-VN", **options)
            page = context.new_page()
            page.goto(f"{base}/admin/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", "thidua2026")
            page.click("button[type=submit]")
            page.wait_for_url(f"{base}/admin/")
            self.pages[size] = page

    @property
    def phone(self) -> Any:
        return self.pages["phone"]

    @property
    def desktop(self) -> Any:
        return self.pages["desktop"]

    def shot(self, page: Any, name: str) -> None:
        """Keep a screenshot; on the phone the page must not scroll sideways."""
        size = "phone" if page is self.phone else "desktop"
        folder = SHOTS / self.username
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}-{size}.png"), full_page=True)
        if size == "phone":
            assert sideways(page) == 0, (self.username, name, page.url)
            assert cut_off(page) == [], (self.username, name, page.url)

    def home(self, page: Any, task: str) -> None:
        """The home page lists `task` as waiting work; follow it."""
        page.goto(f"{self.base}/admin/")
        self.shot(page, "0-trang-chu")
        with page.expect_navigation():
            page.click(f"main a:has-text('{task}')")

    def status(self, path: str) -> int:
        """The status of a GET by this user (a typed-in URL)."""
        return int(self.desktop.request.get(self.base + path).status)

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


def sideways(page: Any) -> int:
    return int(
        page.evaluate(
            "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
            " - document.documentElement.clientWidth"
        )
    )


# Cells past the screen's right edge that no scrolling box lets the person reach
# (the admin's overflow-x:hidden cut a dossier list's last column on a phone).
CUT_OFF = """() => {
  const cut = [];
  for (const cell of document.querySelectorAll("main td, main th")) {
    const box = cell.getBoundingClientRect();
    if (box.width === 0 || box.right <= innerWidth + 1) continue;
    const head = cell.closest("thead");  // visually hidden on a stacked table
    if (head && getComputedStyle(head).position === "absolute") continue;
    let up = cell.parentElement, reachable = false;
    while (up && !reachable) {
      reachable = ["auto", "scroll"].includes(getComputedStyle(up).overflowX);
      up = up.parentElement;
    }
    if (!reachable) cut.push(cell.textContent.trim().slice(0, 40));
  }
  return cut;
}"""


def cut_off(page: Any) -> list[str]:
    return list(page.evaluate(CUT_OFF))


def main_text(page: Any) -> str:
    return str(page.inner_text("main"))


def follow(page: Any, target: Any, double: bool = False) -> None:
    """Click a link or a submit button; back when the next page has loaded."""
    with page.expect_navigation():
        target.dblclick() if double else target.click()


def click(page: Any, name: str) -> None:
    follow(page, page.get_by_role("button", name=name, exact=True))


def row_link(page: Any, row_text: str, link: str | None = None) -> None:
    """Follow a link in the table row containing `row_text`."""
    row = page.locator("main tr", has_text=row_text).first
    with page.expect_navigation():
        (row.locator("a", has_text=link) if link else row.locator("a")).first.click()


# --- the emulation year: the commune fills, the bloc head approves or returns ------


def commune_officer_enters_and_submits(who: Person) -> str:
    phone, desk = who.phone, who.desktop
    for page in (phone, desk):
        who.home(page, "Kỳ báo cáo thi đua đang mở, cần nhập số liệu")
        who.shot(page, "1-danh-sach-ky")
        row_link(page, "Đang nhập")
        assert page.locator(CELLS).count() == 3
        if page is phone:  # one unit's row: one indicator under another, in the screen
            for i in range(3):
                box = page.locator(CELLS).nth(i).bounding_box()
                assert box and box["x"] + box["width"] <= 390, box
        who.shot(page, "2-nhap-so-lieu")
    grid_url = desk.url
    cells = desk.locator(CELLS)
    for i, value in enumerate(["21,5", "1,2", "90"]):
        cells.nth(i).fill(value)
        cells.nth(i).press("Tab")  # each cell is saved on leaving it
        desk.locator("main .em-ok").nth(i).wait_for()
    click(desk, "Lưu tất cả")
    assert "Đã lưu số liệu." in main_text(desk)
    # an impatient double click sends once
    follow(desk, desk.get_by_role("button", name="Gửi số liệu của Xã Tân Uyên"), True)
    text = main_text(desk)
    assert "Xã Tân Uyên đã gửi số liệu." in text, text
    # sent: read-only, and no longer waiting on the home page
    assert desk.locator(CELLS).count() == 0
    assert "21,5" in text and "Đã gửi" in text
    who.shot(desk, "3-da-gui")
    desk.goto(f"{who.base}/admin/")
    assert "cần nhập số liệu" not in main_text(desk)
    return grid_url


def bloc_head_approves_and_returns(who: Person) -> None:
    phone, desk = who.phone, who.desktop
    # on the phone: the cluster's 2025 figures, all sent, approved
    who.home(phone, "Kỳ báo cáo đã gửi, chờ duyệt")
    who.shot(phone, "1-danh-sach-ky")
    row_link(phone, "Đã gửi")
    who.shot(phone, "2-duyet-ky")
    click(phone, "Duyệt số liệu kỳ")
    assert "Đã duyệt số liệu kỳ báo cáo." in main_text(phone)
    # on the desktop: this year's figures of Xã Tân Uyên go back with the reason
    desk.goto(f"{who.base}/admin/")
    who.shot(desk, "3-trang-chu")
    desk.goto(f"{who.base}/admin/thi-dua/")
    row_link(desk, "Đang nhập")
    desk.get_by_label("Lý do trả lại số liệu của Xã Tân Uyên").fill(
        "Tỷ lệ hộ nghèo chưa khớp báo cáo của xã, đề nghị kiểm tra lại."
    )
    who.shot(desk, "4-tra-lai")
    click(desk, "Trả lại số liệu của Xã Tân Uyên")
    assert "Đã trả lại số liệu của Xã Tân Uyên." in main_text(desk)


def commune_officer_uploads_excel(who: Person, grid_url: str) -> None:
    desk = who.desktop
    who.home(desk, "Kỳ báo cáo thi đua đang mở, cần nhập số liệu")
    row_link(desk, "Đang nhập")
    assert desk.url == grid_url
    with desk.expect_download() as info:
        desk.click("main a:has-text('Tải mẫu nhập liệu (.xlsx)')")
    template = who.tmp / "mau.xlsx"
    info.value.save_as(template)
    book = load_workbook(template)
    sheet = book["Số liệu"]
    rows = [r for r in sheet.iter_rows(min_row=2) if r[1].value == "Xã Tân Uyên"]
    assert len(rows) == 3
    for row, value in zip(rows, [19.75, 1.8, 92], strict=True):
        row[5].value = value
    # first a row of another commune slipped in: refused, nothing saved
    sheet.append(["999", "Xã khác", rows[0][2].value, "", "", 5])
    broken = who.tmp / "sai.xlsx"
    book.save(broken)
    desk.set_input_files("main input[type=file]", str(broken))
    click(desk, "Tải lên")
    assert "không thuộc khối năm" in main_text(desk)
    who.shot(desk, "4-tep-sai")
    follow(desk, desk.locator("main a:has-text('Quay lại kỳ báo cáo')"))
    first = desk.locator(CELLS).first
    assert first.input_value() == "21,5"  # the figures sent back, unchanged
    sheet.delete_rows(sheet.max_row)
    filled = who.tmp / "da-dien.xlsx"
    book.save(filled)
    desk.set_input_files("main input[type=file]", str(filled))
    click(desk, "Tải lên")
    text = main_text(desk)
    assert "Đã nhập 3 giá trị từ tệp Excel." in text, text
    assert desk.locator(CELLS).first.input_value() == "19,75"
    who.shot(desk, "5-tai-len-excel")
    click(desk, "Gửi số liệu của Xã Tân Uyên")
    assert desk.locator(CELLS).count() == 0


# --- the dossiers: a unit proposes, the office reviews and discloses -----------------


def district_officer_creates_dossier(who: Person) -> str:
    phone, desk = who.phone, who.desktop
    for page in (phone, desk):
        who.home(page, "Hồ sơ khen thưởng đang soạn")
        who.shot(page, "1-danh-sach-ho-so")
        follow(page, page.locator("main a:has-text('Lập hồ sơ mới')"))
        who.shot(page, "2-lap-ho-so")
    desk.select_option("#id_unit", label="Sở Nông nghiệp và Môi trường")
    desk.fill("#id_title", "Đề nghị tặng Giấy khen năm 2026 – phòng chống thiên tai")
    click(desk, "Lưu")
    dossier_url = desk.url
    assert re.search(r"/admin/ho-so/\d+/$", dossier_url), dossier_url
    desk.select_option("#id_person", index=1)
    person = desk.locator("#id_person option:checked").inner_text()
    desk.select_option("#id_award_type", index=1)
    desk.fill("#id_justification", "Thành tích đột xuất trong phòng chống thiên tai.")
    click(desk, "Thêm")
    assert person.split(" (")[0] in main_text(desk)
    who.shot(desk, "3-ho-so-co-nguoi")
    return dossier_url


def province_officer_reviews_and_discloses(who: Person) -> None:
    phone, desk = who.phone, who.desktop
    who.home(phone, "Hồ sơ đề nghị chờ thẩm định")
    who.shot(phone, "1-danh-sach-ho-so")
    who.home(desk, "Hồ sơ đề nghị chờ thẩm định")
    row_link(desk, "Đã gửi, chờ thẩm định")
    forms = desk.locator("main form[action$='/review-nominee/']")
    for i in range(forms.count()):
        follow(desk, forms.nth(i).get_by_role("button", name="Ghi"))
    who.shot(desk, "2-tham-dinh")
    click(desk, "Kết thúc thẩm định (đồng ý)")
    desk.fill("#days", "10")
    click(desk, "Công khai trên cổng thông tin")
    assert "Đang công khai" in main_text(desk)
    who.shot(desk, "3-cong-khai")
    # a citizen's comment waits: published after reading it
    who.home(desk, "Góp ý của nhân dân chờ duyệt")
    assert desk.locator("main tbody tr").count() == 1  # only the one with a comment
    row_link(desk, "Đang công khai")
    pending = desk.locator("main tr", has_text="Chờ duyệt").first
    assert "Đề nghị làm rõ số liệu mô hình chè" in pending.inner_text()
    pending.locator("select").select_option(label="Đã duyệt, công khai")
    follow(desk, pending.get_by_role("button", name="Ghi"))
    who.shot(desk, "4-kiem-duyet-gop-y")
    desk.goto(f"{who.base}/admin/")
    assert "Góp ý của nhân dân chờ duyệt" not in main_text(desk)


# --- the council votes, the leader signs ------------------------------------------


def council_member_votes(who: Person) -> None:
    phone, desk = who.phone, who.desktop
    for page in (phone, desk):
        who.home(page, "Phiên họp Hội đồng đang chờ bạn bỏ phiếu")  # straight to it
    ballot = phone.locator("main form[action$='/bo-phieu/']")
    radios = ballot.locator("input[type=radio]")
    assert radios.count() >= 6
    assert ballot.locator("input[type=radio]:checked").count() == 0
    # every nominee comes with its report, the engine's verdict, documents, feedback
    text = main_text(phone)
    assert "Máy xét:" in text and "Ý kiến nhân dân khi công khai" in text
    # the rule's percentages by award names, not by internal codes
    assert not re.search(r"\b[A-Z]+_[A-Z_]+\b", text), text
    for name in (
        "Báo cáo thành tích",
        "Kết quả xét điều kiện, sổ khen thưởng",
        "Hồ sơ đề nghị",
    ):
        href = ballot.locator(f"a:has-text('{name}')").first.get_attribute("href")
        assert who.status(href) == 200, (name, href)
    who.shot(phone, "1-phieu-bau")
    who.shot(desk, "1-phieu-bau")
    # an unanswered row is asked for before the ballot leaves the phone
    phone.get_by_role("button", name="Bỏ phiếu", exact=True).click()
    assert ballot.evaluate("form => form.checkValidity()") is False
    assert "Đã ghi nhận phiếu kín" not in main_text(phone)
    rows = ballot.locator("fieldset")
    for i in range(rows.count()):
        rows.nth(i).get_by_label("Không đồng ý" if i else "Đồng ý", exact=True).check()
    click(phone, "Bỏ phiếu")
    assert "Đã ghi nhận phiếu kín" in main_text(phone)
    who.shot(phone, "2-da-bo-phieu")
    # the ballot still open on the desktop: a second vote is refused
    rows = desk.locator("main form[action$='/bo-phieu/'] fieldset")
    for i in range(rows.count()):
        rows.nth(i).get_by_label("Đồng ý", exact=True).check()
    click(desk, "Bỏ phiếu")
    text = main_text(desk)
    assert "Đã ghi nhận phiếu kín" not in text and "đã bỏ phiếu" in text.lower()
    who.shot(desk, "3-phieu-thu-hai")


def leader_issues_decision(who: Person) -> None:
    phone, desk = who.phone, who.desktop
    for page in (phone, desk):
        who.home(page, "Dự thảo quyết định chờ ký ban hành")  # the one draft, opened
        who.shot(page, "1-du-thao")
    desk.fill("#id_number", "1234")
    # a double click on the signature issues once
    follow(desk, desk.get_by_role("button", name="Ban hành quyết định"), True)
    assert "Đã ban hành quyết định" in main_text(desk)
    click(desk, "Tạo bằng, giấy khen (chạy nền)")
    desk.locator("#dz-progress:has-text('Hoàn tất')").wait_for()
    who.shot(desk, "2-ban-hanh")
    desk.goto(f"{who.base}/admin/")
    assert "Dự thảo quyết định chờ ký ban hành" not in main_text(desk)


def province_officer_finds_the_awards(who: Person, award: Any) -> None:
    """A decision's award in the registry, found by its unit and year: from the
    menu, the unit and year chosen, the list filtered."""
    for page in (who.phone, who.desktop):
        page.goto(f"{who.base}/admin/chuc-nang/")
        follow(page, page.locator("main a:has-text('Sổ khen thưởng')").first)
        page.locator("#id_unit").select_option(str(award.unit_id))
        page.fill("#id_year", str(award.year))
        follow(page, page.get_by_role("button", name="Lọc"))
        text = main_text(page)
        assert "Theo quyết định trong hệ thống" in text, text
        assert award.person.full_name in text and award.decision_number in text
        who.shot(page, "3-so-khen-thuong")


# --- the portal: readers' comments moderated ----------------------------------------


def portal_editor_moderates(who: Person) -> None:
    phone, desk = who.phone, who.desktop
    for page in (phone, desk):
        who.home(page, "Bình luận bài viết chờ duyệt")
        assert "Lò Thị Dung" not in main_text(page)  # approved: not in the way
        who.shot(page, "1-binh-luan")
    for name, verdict in (("Đèo Văn Tâm", "Đã duyệt"), ("Khách", "Không duyệt")):
        desk.goto(f"{who.base}/admin/")
        follow(desk, desk.locator("main a:has-text('Bình luận bài viết chờ duyệt')"))
        row_link(desk, name)
        desk.locator("#id_status").select_option(label=verdict)
        who.shot(desk, "2-duyet-binh-luan")
        follow(desk, desk.get_by_role("button", name="Lưu").first)
    desk.goto(f"{who.base}/admin/")
    assert "Bình luận bài viết chờ duyệt" not in main_text(desk)


def portal_editor_publishes(who: Person) -> None:
    """The draft written this month: found from the home page, edited, published, read."""
    phone, desk = who.phone, who.desktop
    who.home(phone, "Bài viết chờ xuất bản")
    who.shot(phone, "3-bai-nhap")
    who.home(desk, "Bài viết chờ xuất bản")
    title = f"Sơ kết phong trào thi đua tháng {timezone.localdate():%m/%Y}"
    follow(desk, desk.locator("main a", has_text=title).first)
    lead = desk.get_by_role("textbox", name="Sapo")
    lead.fill(lead.input_value() + " Hội nghị diễn ra tại trụ sở khối.")
    who.shot(desk, "4-sua-bai")
    desk.locator("footer [data-w-dropdown-target=toggle]").click()
    follow(desk, desk.get_by_role("button", name="Xuất bản"))
    assert f"Đã xuất bản trang '{title}'" in main_text(desk)
    who.shot(desk, "5-da-xuat-ban")
    desk.goto(f"{who.base}/admin/")
    assert "Bài viết chờ xuất bản" not in main_text(desk)
    # a reader finds it on the portal
    reader = desk.context.browser.new_page(locale="vi-VN")
    reader.goto(f"{who.base}/tin-tuc/")
    follow(reader, reader.get_by_role("link", name=title).first)
    assert "Hội nghị diễn ra tại trụ sở khối." in reader.inner_text("body")
    reader.close()


def test_back_office_roles_do_their_part_of_the_year(
    transactional_db: Any, live_server: Any, browser: Any, settings: Any, tmp_path: Any
) -> None:
    from thidua.commendations.models import AwardRecord
    from thidua.dossiers.models import Certificate, Decision, Dossier
    from thidua.emulation.models import ActualValue

    settings.MEDIA_ROOT = tmp_path
    _page_tree()
    for name in DEMO_MODULES:
        import_module(name).load(io.StringIO())
    base = live_server.url

    def walk(username: str) -> Person:
        return Person(browser, base, username, tmp_path)

    commune = walk("xatanuyen")
    grid_url = commune_officer_enters_and_submits(commune)
    head = walk("khoitruong")
    bloc_head_approves_and_returns(head)
    commune_officer_uploads_excel(commune, grid_url)
    sent = ActualValue.objects.filter(
        unit__name="Xã Tân Uyên", period__year=timezone.localdate().year
    )
    assert list(sent.values_list("status", flat=True)) == ["submitted"] * 3

    officer = walk("tanuyen")
    dossier_url = district_officer_creates_dossier(officer)
    province = walk("tinh")
    province_officer_reviews_and_discloses(province)
    council = walk("hoidong")
    council_member_votes(council)
    leader = walk("lanhdao")
    leader_issues_decision(leader)
    decision = Decision.objects.get(number="1234")
    assert Certificate.objects.filter(item__decision=decision).exists()
    award = AwardRecord.objects.filter(source_decision_id=decision.pk).first()
    assert award is not None and award.unit_id is not None
    province_officer_finds_the_awards(province, award)
    editor = walk("bientap")
    portal_editor_moderates(editor)
    portal_editor_publishes(editor)

    # another unit's records by a typed URL: refused, never a 500
    commune_dossier = Dossier.objects.filter(unit__name="Xã Tân Uyên").first()
    assert commune_dossier is not None
    assert officer.status(f"/admin/ho-so/{commune_dossier.pk}/") in (403, 404)
    assert commune.status(dossier_url.removeprefix(base)) in (403, 404)
    for person in (commune, head, officer, province, council, leader, editor):
        person.close()
