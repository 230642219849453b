"""Dossier files (issue 11, findings 2 and 3): attachments allowed by content, served
as downloads with nosniff, and every response under the CSP."""

from __future__ import annotations

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.dossiers import services
from thidua.dossiers.models import DossierDocument
from thidua.lib.tests import hostile

from . import factories as f

pytestmark = pytest.mark.django_db


def _dossier():
    return services.dossier_create(
        unit=f.tan_uyen(), type="annual", year=2024, title="Tệp", by=f.user("tanuyen")
    )


def _attach(client, dossier, filename, data):
    url = reverse("dossiers:dossier-action", args=[dossier.pk, "attach"])
    return client.post(
        url,
        {"kind": "proposal", "file": SimpleUploadedFile(filename, data)},
        follow=True,
    )


def test_every_hostile_attachment_is_refused_in_the_view(world, client):
    dossier = _dossier()
    client.force_login(f.user("tanuyen"))
    _attach(client, dossier, "warm-up.txt", b"x")  # first request loads the admin
    for name, filename, data in hostile.document_corpus():
        started = time.process_time()
        response = _attach(client, dossier, filename, data)
        assert time.process_time() - started < 2, name
        assert response.status_code == 200, name
        errors = [str(m) for m in response.context["messages"]]
        assert errors and "Đã đính kèm" not in errors[0], name
    assert not DossierDocument.objects.filter(dossier=dossier).exists()


def test_a_document_is_named_by_its_content_and_downloaded_as_an_attachment(
    world, client
):
    dossier = _dossier()
    client.force_login(f.user("tanuyen"))
    _attach(client, dossier, "evil.html", hostile.pdf_bytes())  # a real PDF, misnamed
    document = DossierDocument.objects.get(dossier=dossier)
    assert document.file.name.endswith("/evil.pdf")
    url = reverse("dossiers:document-download", args=[dossier.pk, document.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == hostile.pdf_bytes()


@pytest.mark.parametrize(
    "path", ["/admin/login/", "/xac-minh/KHONGCO/", "/quyet-dinh/"]
)
def test_every_response_carries_the_security_policy(world, client, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "unsafe-eval" not in policy
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
