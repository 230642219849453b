"""The province office chooses and uploads the organisation's seal and banner with
Wagtail's image chooser; the permissions come with the role (accounts/roles.py), a
commune's officer gets none of them."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.images.permissions import permission_policy
from wagtail.models import Collection

from thidua.accounts.models import RoleAssignment, User
from thidua.accounts.services import (
    role_assign,
    role_group_name,
    role_revoke,
    staff_group,
)
from thidua.core.models import AuditEntry
from thidua.units.models import OrgUnit

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role
CHOOSER = "/admin/images/chooser/"


def png() -> bytes:
    out = io.BytesIO()
    PILImage.new("RGBA", (40, 40), (200, 0, 0, 128)).save(out, "PNG")
    return out.getvalue()


def account(username: str) -> User:
    user = User.objects.create_user(username, password="x", full_name=username)
    user.groups.add(staff_group())
    return user


def test_the_migration_made_the_offices_group_on_every_image():
    group = Group.objects.get(name=role_group_name(Role.PROVINCE_OFFICER))
    granted = {
        (p.collection.depth, p.permission.codename)
        for p in group.collection_permissions.all()
    }
    assert granted == {(1, "add_image"), (1, "choose_image")}


def test_the_office_chooses_and_uploads_images_a_communes_officer_does_not(client):
    province = OrgUnit.objects.create(
        code="08", name="Tỉnh Tuyên Quang", kind="province"
    )
    commune = OrgUnit.objects.create(
        code="02230", name="Xã Hà Giang", kind="commune", parent=province
    )
    admin = User.objects.create_superuser("quantri", password="x")
    get_image_model().objects.create(
        title="Con dấu tỉnh",
        file=SimpleUploadedFile("con-dau.png", png()),
        collection=Collection.get_first_root_node(),
    )
    office, xa = account("vanphong"), account("xahagiang")
    role_assign(user=office, role=Role.PROVINCE_OFFICER, unit=province, by=admin)
    role_assign(user=xa, role=Role.UNIT_OFFICER, unit=commune, by=admin)

    client.force_login(office)
    assert chosen(client) == {"Con dấu tỉnh"}
    uploaded = client.post(
        "/admin/images/chooser/create/",
        {"image-chooser-upload-title": "Ảnh đầu trang",
         "image-chooser-upload-file": SimpleUploadedFile("dau-trang.png", png()),
         "image-chooser-upload-collection": Collection.get_first_root_node().pk},
    )  # fmt: skip
    assert uploaded.status_code == 200, uploaded.content.decode()[:500]
    assert get_image_model().objects.filter(title="Ảnh đầu trang").exists()
    # the group is a privilege change, audited with who gave it
    group = Group.objects.get(name=role_group_name(Role.PROVINCE_OFFICER))
    (entry,) = [
        e
        for e in AuditEntry.objects.filter(model="user", object_id=str(office.pk))
        if e.after and group.pk in e.after.get("groups", [])
    ]
    assert entry.actor == admin and entry.action == AuditEntry.Action.UPDATE

    # Wagtail opens its chooser to every back-office user, listing what they may
    # choose: for a commune's officer, nothing of the province's, and no upload
    client.force_login(xa)
    assert not chosen(client) & {"Con dấu tỉnh", "Ảnh đầu trang"}
    for action in ("choose", "add"):
        assert not permission_policy.collections_user_has_permission_for(xa, action)
    refused = client.post(
        "/admin/images/chooser/create/",
        {"image-chooser-upload-title": "Dấu xã",
         "image-chooser-upload-file": SimpleUploadedFile("dau-xa.png", png())},
    )  # fmt: skip
    assert refused.status_code in (302, 403)
    assert not get_image_model().objects.filter(title="Dấu xã").exists()

    # the permissions leave with the role
    role_revoke(assignment=office.roles.get(), by=admin)
    client.force_login(office)
    assert not chosen(client)
    # and come with it however the role is given (demo data, commands)
    RoleAssignment.objects.create(user=office, role=Role.PROVINCE_OFFICER)
    assert chosen(client) == {"Con dấu tỉnh", "Ảnh đầu trang"}


def chosen(client: Any) -> set[str]:
    """The titles the image chooser offers."""
    response = client.get(CHOOSER)
    assert response.status_code == 200
    return {
        title
        for title in ("Con dấu tỉnh", "Ảnh đầu trang")
        if title in response.json()["html"]
    }
