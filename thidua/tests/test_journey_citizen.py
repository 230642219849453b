"""The citizen's part of the year in Chromium, on a phone and a desktop, through
visible links and forms only: find a decision by its number and open the decision
itself, read the ranking with its reasons, comment on a nominee under disclosure,
verify a certificate by its code. Then every kind of public page of the demo is
walked at 360 px: none may scroll sideways (issue 10, points 12, 13, 14, 16)."""

from __future__ import annotations

import io
import re
from importlib import import_module
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from thidua.core.management.commands.load_demo import DEMO_MODULES

from .test_a11y import _page_tree

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = Path(settings.BASE_DIR) / "test-output" / "journeys" / "citizen"
# not pages: files, machine endpoints, the display switches, the back office
NOT_PAGES = re.compile(
    r"^/(admin|django-admin|documents|api|i18n|hien-thi|tuong-tac|static|media)/"
    r"|\.(pdf|csv|json|xlsx|docx|xml|rss)$|/feed/"
)


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sideways(page: Any) -> int:
    """How many pixels the page scrolls sideways (0 when it fits)."""
    return int(
        page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
    )


def menu(page: Any, base: str, size: str, title: str) -> None:
    """From the home page through the main menu (folded behind "Danh mục" on a phone)."""
    page.goto(base + "/")
    if size == "phone":
        page.click("summary:has-text('Danh mục')")
        page.click(f".menu-fold >> text={title}")
    else:
        page.click(f".menu-wide >> text={title}")


def citizen(page: Any, base: str, size: str) -> None:
    from thidua.dossiers.models import Certificate, Decision

    decision = Decision.objects.filter(status="issued", kind="award").order_by("pk")[0]
    certificate = Certificate.objects.filter(item__decision=decision).order_by("pk")[0]

    # 1. a decision by its number, from the menu
    menu(page, base, size, "Quyết định khen thưởng")
    page.fill("#dq", f"{decision.number}/QĐ-UBND")
    page.click("main form[role=search] button:has-text('Tìm')")
    assert "Tìm thấy 1 quyết định" in page.inner_text("main")
    shot(page, f"1-tim-quyet-dinh-{size}")
    page.click(f"main table >> text={decision.number}/QĐ-UBND")
    assert page.url.endswith(f"/quyet-dinh/{decision.pk}/")
    link = page.get_attribute("text=Xem văn bản quyết định và phụ lục (PDF)", "href")
    pdf = page.request.get(base + link)
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    shot(page, f"2-quyet-dinh-{size}")

    # 2. the ranking, every point explained
    menu(page, base, size, "Xếp hạng thi đua")
    page.click("main >> text=Xem chi tiết và cách tính điểm >> nth=0")
    text = page.inner_text("main")
    assert "Cách tính từng điểm" in text and "Lý do:" in text
    assert sideways(page) == 0
    shot(page, f"3-xep-hang-{size}")

    # 3. a comment on a nominee under public disclosure
    menu(page, base, size, "Công khai khen thưởng")
    page.click("main table a >> nth=0")
    page.fill("#f-author", "Lò Văn Minh")
    page.fill("#f-contact", "0912 345 678")
    page.fill("#f-content", "Tôi xác nhận anh ấy giúp bản làm đường, đề nghị khen.")
    page.click("main form button[type=submit]")
    assert "Ý kiến đã được gửi" in page.inner_text("main")
    shot(page, f"4-gop-y-{size}")

    # 4. a certificate verified by the code printed on it
    menu(page, base, size, "Quyết định khen thưởng")
    page.click("text=Xác minh bằng, giấy khen theo mã in trên bằng")
    page.fill("#ma", certificate.code.lower())
    page.click("main form button:has-text('Xác minh')")
    assert "Bằng, giấy khen hợp lệ" in page.inner_text("main")
    shot(page, f"5-xac-minh-{size}")
    page.goto(base + "/xac-minh/")
    page.fill("#ma", "KHONG-CO-MA")
    page.click("main form button:has-text('Xác minh')")
    assert "Không tìm thấy bằng, giấy khen" in page.inner_text("main")


def kind_of(path: str) -> str:
    """/quyet-dinh/12/ and /quyet-dinh/13/ are one kind of page."""
    return re.sub(r"\d+", "N", urlsplit(path).path)


def walk_public_pages(page: Any, base: str, extra: list[str]) -> dict[str, int]:
    """Follow the portal's own links from the home page; each kind of page once."""
    queue, kinds, wide = ["/", *extra], set(), {}
    while queue and len(kinds) < 60:
        path = queue.pop(0)
        if kind_of(path) in kinds:
            continue
        kinds.add(kind_of(path))
        response = page.goto(base + path)
        assert response is not None and response.status == 200, path
        if overflow := sideways(page):
            wide[path] = overflow
            shot(page, "ngang-" + re.sub(r"\W+", "-", path).strip("-"))
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            parts = urlsplit(href)
            if parts.netloc != urlsplit(base).netloc or NOT_PAGES.search(parts.path):
                continue
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            if kind_of(link) not in kinds:
                queue.append(link)
    assert len(kinds) >= 15, sorted(kinds)  # the walk really covered the portal
    return wide


def test_citizen_on_phone_and_desktop_and_no_page_scrolls_sideways(
    transactional_db: Any,
    live_server: Any,
    browser: Any,
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    _page_tree()
    for name in DEMO_MODULES:
        import_module(name).load(io.StringIO())
    from thidua.dossiers.models import Certificate

    for size, viewport in (
        ("phone", {"width": 390, "height": 800}),
        ("desktop", {"width": 1280, "height": 900}),
    ):
        context = browser.new_context(
            viewport=viewport, locale="vi-VN", is_mobile=size == "phone"
        )
        citizen(context.new_page(), live_server.url, size)
        context.close()

    narrow = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="vi-VN", is_mobile=True
    )
    code = Certificate.objects.order_by("pk")[0].code
    wide = walk_public_pages(
        narrow.new_page(),
        live_server.url,
        ["/tim-kiem/?q=tan+uyen", "/quyet-dinh/?q=1020", f"/xac-minh/{code}/"],
    )
    narrow.close()
    assert wide == {}, wide
