"""A commune's own seal: kept by its officer next to its signers, checked before it is
stored, private, and printed on the commune chair's Giấy khen — never the province's."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader
from wagtail.images import get_image_model

from thidua.accounts.models import RoleAssignment
from thidua.commendations.catalogue import load_catalogue
from thidua.dossiers.models import Certificate, Decision
from thidua.lib.files import private_storage
from thidua.organisation.models import UnitSeal
from thidua.organisation.services import ensure_organisation
from thidua.portal.tests.test_identity import REFUSED_IMAGES
from thidua.units.gazetteer import REFORM_DAY
from thidua.units.models import OrgUnit

from .path import account, issue

Role = RoleAssignment.Role


def png(size: tuple[int, int], colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, colour).save(out, "PNG")
    return out.getvalue()


def embedded_images(decision: Decision) -> list[tuple[int, int]]:
    """The sizes of the raster images in the decision's first certificate (the QR
    code is drawn as vectors)."""
    certificate = Certificate.objects.filter(item__decision=decision).first()
    assert certificate is not None
    page = PdfReader(certificate.pdf.open("rb")).pages[0]
    assert "GIẤY KHEN" in page.extract_text()
    return [picture.image.size for picture in page.images]


def test_a_communes_seal_on_its_giay_khen_never_the_provinces(
    db: Any, settings: Any, tmp_path: Any, client: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    load_catalogue()
    province = OrgUnit.objects.create(
        code="08", name="Tỉnh Tuyên Quang", kind="province"
    )
    hung_loi, minh_quang = (
        OrgUnit.objects.create(
            code=code, name=name, kind="commune", parent=province, valid_from=REFORM_DAY
        )
        for code, name in [("02212", "Xã Hùng Lợi"), ("02215", "Xã Minh Quang")]
    )
    # the province's seal (60×60) is in its settings
    organisation, _ = ensure_organisation(province, valid_from=dt.date(2025, 7, 1))
    organisation.seal = get_image_model().objects.create(
        title="Con dấu tỉnh",
        file=SimpleUploadedFile("con-dau-tinh.png", png((60, 60), "red")),
    )
    organisation.save()
    office = account("xahungloi", Role.UNIT_OFFICER, hung_loi)
    chair = account("chutichxa", Role.LEADER, hung_loi)

    # Danh mục → Người ký leads to the commune's seal
    client.force_login(office)
    signers = client.get("/admin/signers/").content.decode()
    assert reverse("seals:index") in signers and "Con dấu của xã, phường" in signers
    form = client.get("/admin/seals/new/").content.decode()
    assert "Xã Hùng Lợi" in form and "Xã Minh Quang" not in form
    for name, data, message in REFUSED_IMAGES:
        response = client.post(
            "/admin/seals/new/",
            {"unit": hung_loi.pk, "image": SimpleUploadedFile(name, data)},
        )
        assert response.status_code == 200, name
        assert message in " ".join(response.context["form"].errors["image"]), name
    seal_png = png((50, 40), "blue")
    refused = client.post(
        "/admin/seals/new/",
        {"unit": minh_quang.pk, "image": SimpleUploadedFile("dau.png", seal_png)},
    )
    assert refused.status_code == 200 and not UnitSeal.objects.exists()
    added = client.post(
        "/admin/seals/new/",
        {"unit": hung_loi.pk, "image": SimpleUploadedFile("dau.png", seal_png)},
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    seal = UnitSeal.objects.get()
    assert seal.unit == hung_loi
    assert seal.image.name.startswith("organisation/seals/")
    assert private_storage().open(seal.image.name).read() == seal_png
    # a private file: its keepers fetch it, a download; anyone else finds nothing
    image_url = reverse("seals:image", args=[seal.pk])
    assert image_url in client.get(f"/admin/seals/edit/{seal.pk}/").content.decode()
    response = client.get(image_url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == seal_png
    neighbour = account("xaminhquang", Role.UNIT_OFFICER, minh_quang)
    client.force_login(neighbour)
    assert client.get(image_url).status_code == 404
    assert client.get(f"/admin/seals/edit/{seal.pk}/").status_code == 404
    client.force_login(chair)  # the chair signs; the officer keeps the seal
    assert client.get(image_url).status_code == 404

    decision, texts = issue(
        unit=hung_loi, issuer=hung_loi, code="GK", office=office, leader=chair,
        signer="Triệu Văn Thành", capacity="CHỦ TỊCH",
    )  # fmt: skip
    assert "Hùng Lợi, ngày 29 tháng 12 năm 2025" in texts["certificate"]
    assert embedded_images(decision) == [(50, 40)]  # the commune's, not the province's

    # a commune with no seal of its own: none, and still not the province's
    decision, _ = issue(
        unit=minh_quang, issuer=minh_quang, code="GK", office=neighbour,
        leader=account("chutichminhquang", Role.LEADER, minh_quang),
        signer="Nông Văn Hải", capacity="CHỦ TỊCH",
    )  # fmt: skip
    assert embedded_images(decision) == []
