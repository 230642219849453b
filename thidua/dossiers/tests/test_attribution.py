"""Imports and background tasks are attributed in the audit to the user behind them,
even outside a request (no middleware sets the actor here)."""

from __future__ import annotations

from typing import Any

from thidua.core.models import AuditEntry
from thidua.dossiers import services
from thidua.people.imports import COLUMNS as PEOPLE_COLUMNS
from thidua.people.imports import people_import
from thidua.units.imports import COLUMNS as UNIT_COLUMNS
from thidua.units.imports import units_import
from thidua.units.models import OrgUnit

from .factories import issued_decision, user


def _csv(columns: list[Any], rows: list[list[str]]) -> bytes:
    lines = [[c.label for c in columns], *rows]
    return "\n".join(",".join(cells) for cells in lines).encode("utf-8")


def test_imports_are_attributed_to_the_importing_user(world: Any) -> None:
    officer = user("tanuyen")
    content = _csv(
        UNIT_COLUMNS, [["TU-TT", "Trung tâm Văn hóa", "khác", "111", "", ""]]
    )
    result = units_import(content=content, filename="don-vi.csv", user=officer)
    assert result.ok, result.errors
    unit = OrgUnit.objects.get(code="TU-TT")
    entry = AuditEntry.objects.get(model="orgunit", object_id=str(unit.pk))
    assert entry.actor == officer
    assert entry.message == "Nhập đơn vị từ don-vi.csv"

    header = [c.label for c in PEOPLE_COLUMNS]
    row = dict.fromkeys(header, "")
    row.update(
        {
            header[0]: "Lò Văn Tuấn",
            "Giới tính": "Nam",
            "Năm sinh": "1985",
            "Mã đơn vị": "TU-TT",
            "Từ ngày": "01/01/2020",
        }
    )
    content = _csv(PEOPLE_COLUMNS, [[row[label] for label in header]])
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True)[0]
    result = people_import(content=content, filename="ca-nhan.csv", user=officer)
    assert result.ok, result.errors
    entries = AuditEntry.objects.filter(pk__gt=last, app_label="people")
    assert entries.count() == 2  # the person and the post
    assert {e.actor for e in entries} == {officer}


def test_the_certificate_task_is_attributed_to_who_started_it(world: Any) -> None:
    decision = issued_decision(world, "Đã có thành tích xuất sắc")
    leader = user("lanhdao")
    services.certificates_start(decision=decision, by=leader)  # runs the task at once
    certificates = AuditEntry.objects.filter(model="certificate", action="create")
    assert certificates.count() == decision.items.count() > 0
    assert {e.actor for e in certificates} == {leader}
