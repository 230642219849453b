"""Vietnamese for everyone, whatever the browser asks; a Django or Wagtail string
left in English on any back-office page a demo login reaches fails the test
(issue 10, point 11)."""

from __future__ import annotations

import re
from collections import deque

import pytest
from wagtail.users.models import UserProfile

from thidua.accounts.models import User

from .vietnamese import english_on

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
# links a crawl must not follow: leaving, destroying, files, machine endpoints
SKIP = re.compile(
    r"logout|/delete|/unpublish|/revisions/|/jsi18n|/api/|/export|\.(xlsx|docx|pdf|csv)"
    r"|/preview|/lock|/unlock|/copy|/move|/workflow|/password|/tai-ve|/tai-xuong"
    r"|/mau-|/download|/convert|/history/|/usage/|/choose"
)
LINK = re.compile(r'(?:href="|"url":\s*")(/admin/[^"#?]*)')


def crawl(client, limit: int = 70) -> dict[str, set[str]]:
    """English found on each back-office page reachable from /admin/ by links."""
    seen, queue, found = {"/admin/"}, deque(["/admin/"]), {}
    while queue and len(seen) <= limit:
        url = queue.popleft()
        response = client.get(url, **ENGLISH_BROWSER)
        if response.status_code != 200 or "html" not in response.get(
            "Content-Type", ""
        ):
            continue
        html = response.content.decode()
        if english := english_on(html):
            found[url] = english
        for link in LINK.findall(html):
            link = link.replace("\\u002D", "-").replace("\\/", "/")
            if link not in seen and not SKIP.search(link):
                seen.add(link)
                queue.append(link)
    assert len(seen) > 10, "the crawl reached too few pages to mean anything"
    return found


def test_the_checker_catches_english():
    # Wagtail's login form before the fix: the label built from the field name
    assert english_on('<label for="p">Password<span>*</span></label>') == {"Password"}
    assert english_on("<ul class='errorlist'><li>This field is required.</li></ul>")
    assert english_on('<input type="search" placeholder="Search">') == {"Search"}
    assert not english_on("<p>Mật khẩu</p><script>var a = 'Password';</script>")


@pytest.mark.django_db
def test_login_page_and_its_errors_are_vietnamese(client):
    page = client.get("/admin/login/", **ENGLISH_BROWSER)
    html = page.content.decode()
    assert 'lang="vi"' in html
    assert not english_on(html)
    assert "Mật khẩu" in html
    answer = client.post("/admin/login/", {}, **ENGLISH_BROWSER).content.decode()
    assert "Trường này là bắt buộc." in answer
    assert not english_on(answer)


@pytest.mark.django_db
def test_not_found_pages_are_vietnamese(client, settings):
    settings.DEBUG = False
    for url in ("/khong-co-trang-nay/", "/quyet-dinh/999999/", "/xac-minh/"):
        response = client.get(url, **ENGLISH_BROWSER)
        html = response.content.decode()
        assert not english_on(html), url
        assert "Not Found" not in html and "Page not found" not in html
    missing = client.get("/khong-co-trang-nay/", **ENGLISH_BROWSER)
    assert missing.status_code == 404
    assert "Không tìm thấy trang" in missing.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["admin", "tinh", "xatanuyen", "bientap"])
def test_back_office_is_vietnamese_for_an_english_browser(client, demo_world, username):
    user = User.objects.get(username=username)
    client.force_login(user)
    found = crawl(client)
    assert found == {}, found


@pytest.mark.django_db
def test_english_is_a_choice_of_the_user(client, demo_world):
    user = User.objects.get(username="tinh")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    assert 'lang="en"' in html
    profile.preferred_language = ""
    profile.save()
    html = client.get("/admin/", **ENGLISH_BROWSER).content.decode()
    assert 'lang="vi"' in html
