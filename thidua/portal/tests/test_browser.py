"""The portal in headless Chromium: persistence, rating, poll, copy link, map,
search, and axe-core on the main pages in normal and high-contrast mode."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

# serialized_rollback restores Wagtail's root page, locale and groups after each flush
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core-4.14.1.min.js"


@pytest.fixture
def demo(transactional_db, lai_chau):
    from thidua.portal import demo

    demo.load(io.StringIO())
    from thidua.portal.models import NewsPage

    return NewsPage.objects.get(slug=demo.REVIEW_SLUG)


def axe_violations(page) -> list:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => (await axe.run(document, {runOnly: ['wcag2a','wcag2aa','wcag21a','wcag21aa']})).violations"
    )
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result]


def test_font_size_and_contrast_persist_across_pages(
    demo, live_server, desktop_page, screenshot
):
    page = desktop_page
    page.goto(live_server.url + "/")
    page.click("a[data-size='+']")
    page.click("a[data-size='+']")
    page.click("a[data-contrast='1']")
    assert set(page.evaluate("document.documentElement.className").split()) == {
        "js",
        "fsp2",
        "hc",
    }
    page.goto(live_server.url + "/tin-tuc/")
    assert set(page.evaluate("document.documentElement.className").split()) >= {
        "fsp2",
        "hc",
    }
    size = page.evaluate("getComputedStyle(document.documentElement).fontSize")
    assert size == "20px"
    screenshot(page, "portal-news-hc-large-1280")


def test_rating_twice_changes_and_copy_link(
    demo, live_server, desktop_page, phone_page, screenshot
):
    page = desktop_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(live_server.url + demo.url)
    page.click("label[for='star3']")
    # locator waits, not wait_for_function: the site's CSP forbids eval
    expect(page.locator("[data-rating-points]")).to_have_text("3")
    page.click("label[for='star5']")
    expect(page.locator("[data-rating-points]")).to_have_text("5")
    assert page.inner_text("[data-rating-votes]") == "1"
    page.reload()
    expect(page.locator("[data-rating-mine]")).to_contain_text("5 sao")
    assert "Tổng số điểm của bài viết là: 5 trong 1 đánh giá" in page.inner_text(
        ".rating-total"
    )
    page.click("[data-copy]")
    expect(page.locator("[data-copy-status]")).to_contain_text("Đã sao chép")
    assert page.evaluate("navigator.clipboard.readText()") == live_server.url + demo.url
    screenshot(page, "portal-article-1280")
    phone_page.goto(live_server.url + demo.url)
    screenshot(phone_page, "portal-article-375")


def test_poll_voting_and_results(demo, live_server, phone_page, screenshot):
    page = phone_page
    page.goto(live_server.url + "/")
    page.check(".poll-form input[name='choice'] >> nth=2")
    page.click(".poll-form button[type='submit']")
    page.wait_for_url("**/binh-chon/**")
    assert "Cảm ơn bạn đã bình chọn." in page.content()
    assert "1 người đã bình chọn" in page.content()
    assert "100%" in page.inner_text("table.bars")
    screenshot(page, "portal-poll-375")


def test_map_renders_and_search_without_diacritics(
    demo, live_server, desktop_page, phone_page, screenshot
):
    page = desktop_page
    page.goto(live_server.url + "/ban-do/?nam=2020")
    assert page.locator("figure.map svg path.unit").count() == 8
    screenshot(page, "portal-map-1280")
    page.goto(live_server.url + "/")
    page.fill("#q-top", "tan uyen")
    page.press("#q-top", "Enter")
    page.wait_for_url("**/tim-kiem/**")
    assert page.locator("mark", has_text="Tân").count() > 0
    assert "Tân Uyên" in page.inner_text(".results")
    screenshot(page, "portal-search-1280")
    phone_page.goto(live_server.url + "/")
    screenshot(phone_page, "portal-home-375")
    page.goto(live_server.url + "/")
    screenshot(page, "portal-home-1280")


@pytest.mark.parametrize("contrast", ["0", "1"])
def test_axe_finds_no_violations(demo, live_server, tooling_desktop_page, contrast):
    page = tooling_desktop_page
    page.context.add_cookies(
        [{"name": "tuongphan", "value": contrast, "url": live_server.url}]
    )
    from thidua.engagement.models import Poll

    poll = Poll.objects.get()
    for path in [
        "/",
        "/tin-tuc/",
        demo.url,
        f"/binh-chon/{poll.pk}/",
        "/tim-kiem/?q=tan+uyen",
    ]:
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path


def test_phone_menu_folds_and_leaves_room_for_the_page(
    demo, live_server, tooling_phone_page, screenshot
):
    page = tooling_phone_page
    page.goto(live_server.url + demo.url)
    wide, fold = page.locator(".menu-wide"), page.locator(".menu-fold ul")
    assert not wide.is_visible() and not fold.is_visible()
    header = page.locator(".site-header").bounding_box()
    screenshot(page, "portal-menu-closed-375", full_page=False)
    assert header["y"] + header["height"] < 740 / 3, header
    assert page.get_by_role("link", name="Tăng tương phản").is_visible()
    assert page.get_by_role("link", name="A+ (tăng cỡ chữ)").is_visible()
    assert axe_violations(page) == []
    page.get_by_text("Danh mục").click()
    assert fold.is_visible()
    screenshot(page, "portal-menu-open-375", full_page=False)
    fold.get_by_role("link", name="Tin tức", exact=True).click()
    page.wait_for_url("**/tin-tuc/")
    assert not page.locator(".menu-fold ul").is_visible()


def test_phone_menu_works_without_javascript(demo, live_server, browser):
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_text("Danh mục").click()
    assert page.locator(".menu-fold ul").is_visible()
    context.close()


def test_desktop_shows_the_whole_menu(demo, live_server, desktop_page):
    desktop_page.goto(live_server.url + "/")
    assert desktop_page.locator(".menu-wide").is_visible()
    assert not desktop_page.locator(".menu-fold").is_visible()
