"""The hostile-file corpus through the real import views (units, people, registry):
a Vietnamese message on the form, nothing saved, no 500, answered in under 2 s."""

from __future__ import annotations

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.accounts.models import User
from thidua.commendations.models import AwardRecord
from thidua.lib.tests import hostile
from thidua.people.models import Person
from thidua.units.models import OrgUnit

IMPORTS = {
    "units:unit-import": "",
    "people:person-import": "",
    "commendations:import": "?kind=awards",
}


def _counts() -> tuple[int, int, int]:
    return OrgUnit.objects.count(), Person.objects.count(), AwardRecord.objects.count()


@pytest.mark.parametrize("url_name", IMPORTS)
def test_every_hostile_file_is_refused_on_the_import_form(client, demo_world, url_name):
    client.force_login(User.objects.get(username="tinh"))
    url = reverse(url_name) + IMPORTS[url_name]
    before = _counts()
    for name, filename, data in hostile.spreadsheet_corpus():
        started = time.process_time()
        response = client.post(url, {"file": SimpleUploadedFile(filename, data)})
        elapsed = time.process_time() - started
        assert response.status_code == 200, name
        form = response.context["form"]
        assert form.errors.get("file"), name
        message = " ".join(form.errors["file"])
        assert message in response.content.decode(), name
        assert elapsed < 2, (name, elapsed)
    assert _counts() == before
