"""Wagtail's own admin strings come out in Vietnamese from locale/vi (LOCALE_PATHS)."""

import json

import pytest
from wagtail.users.models import UserProfile

from thidua.accounts.models import User


@pytest.fixture
def vi_admin(client, demo_world):
    admin = User.objects.get(username="admin")
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = "vi"
    profile.save()
    client.force_login(admin)
    return client


def get(client, url):
    # An English browser: the Wagtail profile's preference must still win.
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert response.status_code == 200
    return response.content.decode()


def assert_vietnamese(html, pairs):
    for vietnamese, english in pairs:
        assert vietnamese in html, vietnamese
        assert english not in html, english


def test_admin_chrome_is_vietnamese(vi_admin):
    assert_vietnamese(
        get(vi_admin, "/admin/people/"),
        [
            ("Chuyển đến nội dung chính", "Skip to main content"),
            ("Tất cả phím tắt", "All keyboard shortcuts"),
            ("Soạn thảo văn bản", "Text editing"),
        ],
    )


def test_dashboard_in_the_light_frame_is_vietnamese(vi_admin):
    # the home is in the light frame (no admin scripts): its own bar, Wagtail's
    # panels, and the menu on a page of its own
    assert_vietnamese(
        get(vi_admin, "/admin/"),
        [
            ("Trang tổng quan", "Dashboard"),
            ("Việc cần làm", "Things to do"),
            ("Đăng xuất", "Log out"),
        ],
    )
    assert_vietnamese(
        get(vi_admin, "/admin/chuc-nang/"),
        [("Hướng dẫn sử dụng", "Editor Guide"), ("Chức năng", "Menu")],
    )


def test_page_explorer_is_vietnamese(vi_admin):
    assert_vietnamese(
        get(vi_admin, "/admin/pages/"),
        [
            ("Thêm trang con", "Add child page"),
            ("Đang xem", "Exploring"),
            ("Lọc theo", "Filter by"),
        ],
    )


def test_sidebar_strings_of_the_javascript_catalogue(vi_admin):
    catalogue = get(vi_admin, "/admin/jsi18n/")
    for english, vietnamese in [
        ("Main menu", "Trình đơn chính"),
        ("Toggle sidebar", "Ẩn/hiện thanh bên"),
    ]:
        # The catalogue is written with json.dumps, so non-ASCII comes \u-escaped.
        assert json.dumps({english: vietnamese})[1:-1] in catalogue
