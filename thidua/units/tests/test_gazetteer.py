import datetime as dt

import pytest

from thidua.units.demo import load_lai_chau
from thidua.units.models import OrgUnit
from thidua.units.selectors import successors, units_on, what_became_of_children


@pytest.fixture
def lai_chau(db):
    load_lai_chau()
    return OrgUnit.objects.get(code="12")


def test_units_on_2020_and_2025(lai_chau):
    in_2020 = units_on(dt.date(2020, 12, 31), within=lai_chau)
    assert in_2020.filter(kind__in=OrgUnit.DISTRICT_LEVEL).count() == 8
    assert in_2020.filter(kind__in=OrgUnit.COMMUNE_LEVEL).count() == 106
    in_2025 = units_on(dt.date(2025, 7, 1), within=lai_chau)
    assert in_2025.filter(kind__in=OrgUnit.DISTRICT_LEVEL).count() == 0
    assert in_2025.filter(kind__in=OrgUnit.COMMUNE_LEVEL).count() == 38


def test_load_is_idempotent(lai_chau):
    before = OrgUnit.objects.count()
    load_lai_chau()
    assert OrgUnit.objects.count() == before


def test_what_became_of_tan_uyen_communes(lai_chau):
    tan_uyen = OrgUnit.objects.get(code="111", valid_from=None)
    answer = {
        old.name: [s.name for s in new]
        for old, new in what_became_of_children(tan_uyen, dt.date(2025, 6, 30))
    }
    assert answer["Thị trấn Tân Uyên"] == ["Xã Tân Uyên"]
    assert all(len(v) == 1 for v in answer.values())


def test_reused_code_is_told_apart_by_date(lai_chau):
    # 03388 was Phường Quyết Tiến until 2025 and is Phường Đoàn Kết after
    old = OrgUnit.objects.get(code="03388", valid_from=None)
    new = OrgUnit.objects.get(code="03388", valid_from=dt.date(2025, 7, 1))
    assert old.name == "Phường Quyết Tiến" and new.name == "Phường Đoàn Kết"
    assert successors(old) == [new]
