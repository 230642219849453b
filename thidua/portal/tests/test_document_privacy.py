"""Wagtail documents at /documents/<id>/<name>: a visitor reads one only once a live
page open to everyone uses it; a private collection stays private; staff read the
rest (issue 11, finding 2)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client, override_settings
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction
from wagtail.rich_text import RichText

from thidua.accounts.models import RoleAssignment, User
from thidua.accounts.services import staff_group

from .conftest import make_article

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 ke hoach"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def document(title: str = "Kế hoạch", **kw: Any) -> Document:
    return Document.objects.create(
        title=title, file=ContentFile(PDF, name="ke-hoach.pdf"), **kw
    )


def status(client: Client, doc: Document) -> int:
    return client.get(doc.url).status_code


def test_documents_are_served_by_the_checking_view(site):
    doc = document()
    assert doc.url == f"/documents/{doc.pk}/ke-hoach.pdf"


def test_a_document_no_live_page_uses_is_not_found_by_visitors(site, client):
    doc = document()
    assert status(client, doc) == 404
    # a logged-in account with no back-office access is a visitor too
    citizen = User.objects.create_user("congdan", password="x")
    client.force_login(citizen)
    assert status(client, doc) == 404


def test_a_legal_document_is_public_while_its_page_is_live(site, client):
    doc, law = document(), site["law"]
    law.file = doc
    law.save_revision()  # a draft publishes nothing
    assert status(client, doc) == 404
    law.save_revision().publish()
    response = client.get(doc.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["X-Content-Type-Options"] == "nosniff"
    law.unpublish()
    assert status(client, doc) == 404


def test_a_link_in_a_live_article_publishes_it_a_restricted_page_does_not(site, client):
    doc = document()
    link = f'<p><a linktype="document" id="{doc.pk}">Kế hoạch</a></p>'
    news, category = site["news"], site["categories"][0]
    article = make_article(
        news, category, "Kế hoạch năm", body=[("paragraph", RichText(link))]
    )
    assert status(client, doc) == 200
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.LOGIN
    )
    assert status(client, doc) == 404


def test_a_private_collection_stays_private_even_on_a_live_page(site, client):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Nội bộ")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get_or_create(name="Ban TĐKT")[0])
    doc, law = document(collection=private), site["law"]
    law.file = doc
    law.save_revision().publish()
    response = client.get(doc.url)
    assert response.status_code == 302 and "login" in response["Location"]
    officer = User.objects.create_user("canbo", password="x")
    client.force_login(officer)  # logged in, not in the group
    assert status(client, doc) in (302, 403)


def staff(username: str, role: str) -> User:
    user = User.objects.create_user(username, password="x")
    user.groups.add(staff_group())
    RoleAssignment.objects.create(user=user, role=role)
    return user


def test_staff_read_unpublished_documents_after_the_second_factor(site, client):
    doc = document()
    client.force_login(staff("tinh", RoleAssignment.Role.PROVINCE_OFFICER))
    assert status(client, doc) == 200
    with override_settings(SECOND_FACTOR_REQUIRED=True):
        # a stolen password alone reads nothing unpublished
        assert status(client, doc) == 404
    # portal editors need no second factor
    client.force_login(staff("bientap", RoleAssignment.Role.PORTAL_EDITOR))
    with override_settings(SECOND_FACTOR_REQUIRED=True):
        assert status(client, doc) == 200


def test_behind_nginx_a_document_is_sent_by_nginx_after_the_same_checks(
    site, client, settings
):
    settings.MEDIA_ACCEL = "/_media/"
    doc, law = document(), site["law"]
    # the checks come first: unpublished, nothing for nginx to send
    response = client.get(doc.url)
    assert response.status_code == 404 and "X-Accel-Redirect" not in response
    law.file = doc
    law.save_revision().publish()
    response = client.get(doc.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_media/{doc.file.name}"
    assert doc.file.name.startswith("documents/")
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "inline; filename*=utf-8''ke-hoach.pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    # a file that is not a PDF is a download, its Vietnamese name kept
    sheet = Document.objects.create(
        title="Bảng", file=ContentFile(b"a,b\n", name="bảng điểm.csv")
    )
    link = f'<p><a linktype="document" id="{sheet.pk}">Bảng</a></p>'
    make_article(
        site["news"],
        site["categories"][0],
        "Bảng điểm",
        body=[("paragraph", RichText(link))],
    )
    response = client.get(sheet.url)
    assert response.status_code == 200 and response.content == b""
    assert sheet.filename == "bảng_điểm.csv"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''b%E1%BA%A3ng_%C4%91i%E1%BB%83m.csv"
    )
    assert response["X-Accel-Redirect"] == "/_media/" + quote(sheet.file.name)


def test_behind_nginx_a_private_collection_is_still_checked_first(
    site, client, settings
):
    settings.MEDIA_ACCEL = "/_media/"
    root = Collection.get_first_root_node()
    private = root.add_child(name="Nội bộ")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    doc, law = document(collection=private), site["law"]
    law.file = doc
    law.save_revision().publish()
    response = client.get(doc.url)
    assert response.status_code == 302 and "X-Accel-Redirect" not in response
    client.force_login(staff("tinh", RoleAssignment.Role.PROVINCE_OFFICER))
    response = client.get(doc.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_media/{doc.file.name}"
