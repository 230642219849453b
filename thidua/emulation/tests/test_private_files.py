"""A movement's plan and a pledge's scan are private files (issue 11, finding 2):
outside MEDIA_ROOT under random names, read only through the access-checked views."""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from thidua.accounts.models import RoleAssignment, User
from thidua.accounts.services import staff_group
from thidua.dossiers.tests.factories import small_world, tan_uyen
from thidua.emulation.models import Movement, Pledge
from thidua.lib.files import private_storage
from thidua.lib.tests import hostile
from thidua.units.models import BlocMembership, EmulationBloc

pytestmark = pytest.mark.django_db
PDF = hostile.pdf_bytes()


@pytest.fixture(autouse=True)
def storage(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    province = small_world()
    bloc = EmulationBloc.objects.create(name="Khối các huyện", organiser=province)
    BlocMembership.objects.create(bloc=bloc, unit=tan_uyen(), year=2024)
    for username, role, extra in [
        ("khoitruong", RoleAssignment.Role.BLOC_HEAD, {"bloc": bloc}),
        ("bientap", RoleAssignment.Role.PORTAL_EDITOR, {"unit": province}),
    ]:
        account = User.objects.create_user(username, password="x")
        account.groups.add(staff_group())
        RoleAssignment.objects.create(user=account, role=role, **extra)
    return {"bloc": bloc}


def get(client: Client, username: str | None, url: str) -> Any:
    client.logout()
    if username:
        client.force_login(User.objects.get(username=username))
    return client.get(url)


def assert_private(name: str) -> None:
    path = Path(private_storage().path(name)).resolve()
    assert path.exists() and Path(settings.MEDIA_ROOT).resolve() not in path.parents
    assert len(name.split("/")[-2]) >= 20  # a random directory, not a counter


def test_a_plan_uploaded_in_the_back_office_is_private_until_launch(world, client):
    client.force_login(User.objects.get(username="tinh"))
    response = client.post(
        reverse("emulation_movement:add"),
        {
            "name": "Thi đua chuyển đổi số",
            "launching_body": "UBND tỉnh",
            "level": "province",
            "kind": "regular",
            "plan_document": SimpleUploadedFile("ke-hoach.pdf", PDF),
        },
    )
    assert response.status_code == 302, response.content[:500]
    movement = Movement.objects.get()
    assert_private(movement.plan_document.name)
    # the edit form links the file through the checking view, not a storage URL
    edit = client.get(reverse("emulation_movement:edit", args=[movement.pk]))
    admin_url = reverse("emulation_admin:movement_plan", args=[movement.pk])
    assert edit.status_code == 200 and admin_url.encode() in edit.content
    public_url = reverse("emulation_public:movement_plan", args=[movement.pk])
    assert get(client, None, public_url).status_code == 404  # not launched yet
    assert get(client, None, admin_url).status_code == 302  # to the login
    assert get(client, "bientap", admin_url).status_code == 403
    for username in ("sinho", "tanuyen", "hoidong"):
        response = get(client, username, admin_url)
        assert response.status_code == 200, username
        assert b"".join(response.streaming_content) == PDF
    movement.start_date = dt.date.today() + dt.timedelta(days=1)
    movement.save()
    assert get(client, None, public_url).status_code == 404  # launched tomorrow
    Movement.objects.filter(pk=movement.pk).update(start_date=dt.date.today())
    response = get(client, None, public_url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    with override_settings(PRIVATE_MEDIA_ACCEL="/_private/"):
        accel = get(client, None, public_url)
    assert accel["X-Accel-Redirect"].startswith("/_private/emulation/plans/")
    assert accel.content == b""


def test_a_pledge_scan_is_read_by_its_unit_bloc_head_and_province(world, client):
    pledge = Pledge.objects.create(bloc=world["bloc"], year=2024, unit=tan_uyen())
    client.force_login(User.objects.get(username="tinh"))
    response = client.post(
        reverse("emulation_pledge:edit", args=[pledge.pk]),
        {
            "bloc": world["bloc"].pk,
            "year": 2024,
            "unit": pledge.unit_id,
            "scan": SimpleUploadedFile("giao-uoc.pdf", PDF),
        },
    )
    assert response.status_code == 302, response.content[:500]
    pledge.refresh_from_db()
    assert_private(pledge.scan.name)
    url = reverse("emulation_admin:pledge_scan", args=[pledge.pk])
    edit = client.get(reverse("emulation_pledge:edit", args=[pledge.pk]))
    assert edit.status_code == 200 and url.encode() in edit.content
    expected = {
        None: 302,
        "tanuyen": 200,
        "khoitruong": 200,
        "tinh": 200,
        "hoidong": 200,
        "lanhdao": 200,
        "sinho": 403,  # sees the pledge in the list, not the unit's papers
        "bientap": 403,
    }
    got = {u: get(client, u, url).status_code for u in expected}
    assert got == expected
    no_scan = Pledge.objects.create(bloc=world["bloc"], year=2025, unit=tan_uyen())
    url = reverse("emulation_admin:pledge_scan", args=[no_scan.pk])
    assert get(client, "tinh", url).status_code == 404


def test_the_migration_moves_files_out_of_media(world):
    plan = default_storage.save(
        "emulation/plans/2025/abc/ke-hoach.pdf", ContentFile(PDF)
    )
    scan = default_storage.save("emulation/pledges/giao-uoc.pdf", ContentFile(PDF))
    movement = Movement.objects.create(name="Phong trào", launching_body="UBND")
    pledge = Pledge.objects.create(bloc=world["bloc"], year=2024, unit=tan_uyen())
    Movement.objects.filter(pk=movement.pk).update(plan_document=plan)
    Pledge.objects.filter(pk=pledge.pk).update(scan=scan)
    migration = importlib.import_module(
        "thidua.emulation.migrations.0004_private_files"
    )
    migration.move_to_private_storage(apps, None)
    movement.refresh_from_db()
    pledge.refresh_from_db()
    for moved, old in ((movement.plan_document, plan), (pledge.scan, scan)):
        assert moved.name != old and moved.name.endswith(old.rsplit("/", 1)[-1])
        assert_private(moved.name)
        assert not default_storage.exists(old)
        with private_storage().open(moved.name, "rb") as fh:
            assert fh.read() == PDF
