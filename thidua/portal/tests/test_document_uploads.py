"""Wagtail documents and images go through the same checks as every upload."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model

from thidua.lib.tests import hostile

pytestmark = pytest.mark.django_db

REFUSED = [
    ("evil.pdf", hostile.HTML),
    ("anh.png", hostile.SVG),
    ("bom.zip", hostile.zip_bomb()),
    ("bang.xlsx", hostile.macro_xlsm()),
    ("van-ban.docx", hostile.plain_xlsx()),
    ("ds.csv", "Đặng Văn".encode("cp1258", "ignore") + b"\xff"),
]


@pytest.mark.parametrize(("name", "data"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_hostile_document_is_refused_by_the_admin_form(admin_client, name, data):
    response = admin_client.post(
        "/admin/documents/add/",
        {"title": "Văn bản", "file": SimpleUploadedFile(name, data), "collection": 1},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not get_document_model().objects.exists()


def test_a_real_pdf_is_accepted(admin_client):
    response = admin_client.post(
        "/admin/documents/add/",
        {
            "title": "Kế hoạch",
            "file": SimpleUploadedFile("ke-hoach.pdf", hostile.pdf_bytes()),
            "collection": 1,
        },
    )
    assert response.status_code == 302
    assert get_document_model().objects.get().title == "Kế hoạch"
