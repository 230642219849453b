import datetime as dt

import pytest
from django.urls import reverse

from thidua.accounts.models import User
from thidua.core import audit
from thidua.core.models import AuditEntry
from thidua.units.models import OrgUnit
from thidua.units.services import unit_update


@pytest.fixture
def renamed(demo_world):
    tinh = User.objects.get(username="tinh")
    unit = OrgUnit.objects.get(code="SNV")
    with audit.acting_as(tinh):
        unit_update(unit=unit, name="Sở Nội vụ tỉnh Lai Châu")
    return unit


def test_filters_show_before_and_after_per_field(client, renamed):
    client.force_login(User.objects.get(username="tinh"))
    url = reverse("core:audit-list")
    today = dt.date.today().isoformat()
    actor = User.objects.get(username="tinh")
    page = client.get(
        url,
        {
            "model": "units.orgunit",
            "actor": actor.pk,
            "action": "update",
            "date_from": today,
            "date_to": today,
            "obj": str(renamed.pk),
        },
    )
    assert page.status_code == 200
    rows = page.context["rows"]
    assert len(rows) == 1
    entry, changes = rows[0]
    assert changes == [
        {"field": "tên", "before": "Sở Nội vụ", "after": "Sở Nội vụ tỉnh Lai Châu"}
    ]
    assert "Sở Nội vụ → Sở Nội vụ tỉnh Lai Châu" in page.content.decode()
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    assert client.get(url, {"date_to": yesterday}).context["page_obj"].count == 0
    by_name = client.get(url, {"obj": "Nội vụ tỉnh"}).context["page_obj"]
    assert by_name.count == 1


def test_audit_trail_is_for_province_officers_only(client, renamed):
    url = reverse("core:audit-list")
    for username in ("bientap", "tanuyen", "khoitruong", "hoidong", "lanhdao"):
        client.force_login(User.objects.get(username=username))
        assert client.get(url).status_code == 403, username
    client.logout()
    assert client.get(url).status_code == 302


def test_every_audited_write_records_who(renamed):
    entry = AuditEntry.objects.filter(model="orgunit", action="update").latest("at")
    assert entry.actor.username == "tinh"
    assert entry.before["name"] == "Sở Nội vụ"
