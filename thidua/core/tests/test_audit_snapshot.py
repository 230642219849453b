import pytest

from thidua.core.audit import snapshot
from thidua.core.models import AuditEntry
from thidua.emulation.models import Movement


@pytest.mark.django_db
def test_an_empty_optional_file_is_audited_as_none():
    movement = Movement.objects.create(
        name="Phong trào thử", launching_body="UBND tỉnh"
    )
    assert snapshot(movement)["plan_document"] is None
    entry = AuditEntry.objects.get(model="movement", object_id=str(movement.pk))
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.after["name"] == "Phong trào thử"
