import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from thidua.core.models import AuditEntry
from thidua.units.models import LineageEvent, LineageLink, OrgUnit
from thidua.units.selectors import successors
from thidua.units.services import (
    lineage_event_record,
    unit_by_code,
    unit_create,
    unit_update,
)

Kind = OrgUnit.Kind
D = dt.date


@pytest.fixture
def tree(db):
    province = unit_create(code="99", name="Tỉnh Thử", kind=Kind.PROVINCE)
    district = unit_create(
        code="990",
        name="Huyện Một",
        kind=Kind.DISTRICT,
        parent=province,
        valid_to=D(2025, 6, 30),
    )
    commune = unit_create(
        code="99001",
        name="Xã Hai",
        kind=Kind.COMMUNE,
        parent=district,
        valid_to=D(2025, 6, 30),
    )
    return province, district, commune


def _messages(exc: pytest.ExceptionInfo) -> str:
    return " ".join(m for ms in exc.value.message_dict.values() for m in ms)


def test_create_is_audited(tree):
    province, _, _ = tree
    entry = AuditEntry.objects.get(model="orgunit", object_id=str(province.pk))
    assert entry.action == "create" and entry.after["name"] == "Tỉnh Thử"


def test_overlapping_validity_for_the_same_code_is_refused(tree):
    count = OrgUnit.objects.count()
    with pytest.raises(ValidationError) as exc:
        unit_create(
            code="99001",
            name="Xã Trùng",
            kind=Kind.COMMUNE,
            parent=tree[0],
            valid_from=D(2020, 1, 1),
        )
    assert "Mã '99001' đã được dùng cho Xã Hai" in _messages(exc)
    assert OrgUnit.objects.count() == count


def test_a_code_may_be_reused_after_the_old_unit_ends(tree):
    unit = unit_create(
        code="99001",
        name="Xã Mới",
        kind=Kind.COMMUNE,
        parent=tree[0],
        valid_from=D(2025, 7, 1),
    )
    assert unit_by_code("99001", on=D(2025, 7, 1)) == unit
    assert unit_by_code("99001", on=D(2024, 1, 1)) == tree[2]


def test_unknown_code_is_refused(tree):
    with pytest.raises(ValidationError) as exc:
        unit_by_code("X", on=D(2024, 1, 1))
    assert _messages(exc) == "Mã đơn vị 'X' không tồn tại vào ngày 01/01/2024."


def test_unknown_parent_is_refused(tree):
    with pytest.raises(ValidationError) as exc:
        unit_create(
            code="1", name="Sở Mồ Côi", kind=Kind.AGENCY, parent=OrgUnit(pk=987654)
        )
    assert "Đơn vị cấp trên không tồn tại." in _messages(exc)
    assert not OrgUnit.objects.filter(code="1").exists()


def test_a_cycle_in_the_tree_is_refused(tree):
    province, district, commune = tree
    with pytest.raises(ValidationError) as exc:
        unit_update(unit=province, parent=commune)
    assert "vòng lặp" in _messages(exc)
    with pytest.raises(ValidationError):
        unit_update(unit=district, parent=district)
    province.refresh_from_db()
    assert province.parent is None


def test_parent_must_cover_the_childs_period(tree):
    _, district, _ = tree
    with pytest.raises(ValidationError) as exc:
        unit_create(
            code="99009",
            name="Xã Sau Cải Cách",
            kind=Kind.COMMUNE,
            parent=district,
            valid_from=D(2025, 7, 1),
        )
    assert (
        "Đơn vị cấp trên Huyện Một chỉ có hiệu lực không xác định – 30/06/2025"
        in _messages(exc)
    )


def test_ending_a_unit_before_its_children_is_refused(tree):
    _, district, _ = tree
    with pytest.raises(ValidationError) as exc:
        unit_update(unit=district, valid_to=D(2024, 12, 31))
    assert "Xã Hai" in _messages(exc)
    district.refresh_from_db()
    assert district.valid_to == D(2025, 6, 30)


def test_end_before_start_is_refused(db):
    with pytest.raises(ValidationError) as exc:
        unit_create(
            code="5",
            name="Sở",
            kind=Kind.AGENCY,
            valid_from=D(2020, 1, 1),
            valid_to=D(2019, 1, 1),
        )
    assert "sau ngày bắt đầu" in _messages(exc)


def test_unknown_kind_is_refused(db):
    with pytest.raises(ValidationError) as exc:
        unit_create(code="6", name="Ấp", kind="hamlet")
    assert "Loại đơn vị 'hamlet' không hợp lệ." in _messages(exc)


@pytest.fixture
def open_tree(db):
    province = unit_create(code="98", name="Tỉnh Mở", kind=Kind.PROVINCE)
    district = unit_create(
        code="980", name="Huyện Cũ", kind=Kind.DISTRICT, parent=province
    )
    communes = [
        unit_create(code=f"9800{i}", name=name, kind=Kind.COMMUNE, parent=district)
        for i, name in enumerate(["Xã Á", "Xã Bê"])
    ]
    return province, district, communes


def test_lineage_that_orphans_children_is_refused(open_tree):
    province, district, communes = open_tree
    events = LineageEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        lineage_event_record(
            kind=LineageEvent.Kind.DISSOLVE,
            effective_date=D(2025, 7, 1),
            legal_basis="Nghị quyết thử",
            links=[(district, None)],
        )
    text = _messages(exc)
    assert "Xã Á vẫn còn hiệu lực sau ngày 30/06/2025" in text
    assert "Xã Bê" in text
    assert LineageEvent.objects.count() == events
    district.refresh_from_db()
    assert district.valid_to is None


def test_successor_must_be_valid_on_the_effective_date(open_tree):
    province, district, communes = open_tree
    late = unit_create(
        code="98010",
        name="Xã Mới",
        kind=Kind.COMMUNE,
        parent=province,
        valid_from=D(2025, 8, 1),
    )
    with pytest.raises(ValidationError) as exc:
        lineage_event_record(
            kind=LineageEvent.Kind.MERGE,
            effective_date=D(2025, 7, 1),
            legal_basis="Nghị quyết thử",
            links=[(c, late) for c in communes],
        )
    assert "Đơn vị kế thừa Xã Mới không có hiệu lực vào ngày hiệu lực 01/07/2025" in (
        _messages(exc)
    )
    assert not LineageLink.objects.exists()


def test_merge_with_moves_ends_predecessors_and_links_successors(open_tree):
    province, district, communes = open_tree
    merged = unit_create(
        code="98020",
        name="Xã Hợp Nhất",
        kind=Kind.COMMUNE,
        parent=province,
        valid_from=D(2025, 7, 1),
    )
    other = unit_create(
        code="981", name="Huyện Khác", kind=Kind.DISTRICT, parent=province
    )
    event = lineage_event_record(
        kind=LineageEvent.Kind.MERGE,
        effective_date=D(2025, 7, 1),
        legal_basis="Nghị quyết 1670/NQ-UBTVQH15",
        links=[(communes[0], merged), (district, None)],
        moves={communes[1]: other},
    )
    communes[0].refresh_from_db()
    district.refresh_from_db()
    assert communes[0].valid_to == district.valid_to == D(2025, 6, 30)
    assert successors(communes[0]) == [merged]
    moved = successors(communes[1])[0]
    assert (moved.code, moved.parent, moved.valid_from) == (
        "98001",
        other,
        D(2025, 7, 1),
    )
    assert AuditEntry.objects.filter(
        model="lineageevent", object_id=str(event.pk), action="event"
    ).exists()


def test_predecessor_that_already_ended_is_refused(tree):
    _, district, commune = tree
    with pytest.raises(ValidationError) as exc:
        lineage_event_record(
            kind=LineageEvent.Kind.RENAME,
            effective_date=D(2026, 1, 1),
            legal_basis="x",
            links=[(commune, None)],
        )
    assert "Đơn vị cũ Xã Hai không còn hiệu lực ngày 31/12/2025." in _messages(exc)


def test_split_ends_posts_and_merge_carries_them_to_the_one_successor(open_tree):
    from thidua.people.models import Position
    from thidua.people.services import person_create, position_create

    province, district, (a, b) = open_tree
    person = person_create(full_name="Lò Văn Hùng", gender="male")
    post_a = position_create(person=person, unit=a, start_date=D(2020, 1, 1))
    post_b = position_create(person=person, unit=b, start_date=D(2021, 1, 1))
    east = OrgUnit(code="98030", name="Xã Đông", kind=Kind.COMMUNE, parent=district)
    west = OrgUnit(code="98031", name="Xã Tây", kind=Kind.COMMUNE, parent=district)
    lineage_event_record(
        kind=LineageEvent.Kind.SPLIT,
        effective_date=D(2024, 1, 1),
        legal_basis="Nghị quyết chia xã",
        links=[(a, east), (a, west)],
    )
    post_a.refresh_from_db()
    assert post_a.end_date == D(2023, 12, 31)
    assert not Position.objects.filter(unit__in=[east, west]).exists()

    lineage_event_record(
        kind=LineageEvent.Kind.MERGE,
        effective_date=D(2025, 1, 1),
        legal_basis="Nghị quyết nhập xã",
        links=[(b, east), (west, east)],
    )
    carried = Position.objects.get(unit=east)
    assert (carried.person, carried.start_date, carried.end_date) == (
        person,
        D(2025, 1, 1),
        None,
    )
    post_b.refresh_from_db()
    assert post_b.end_date == D(2024, 12, 31)


def test_a_post_starting_after_the_unit_ends_is_refused(open_tree):
    from thidua.people.services import person_create, position_create

    _, district, (a, _) = open_tree
    person = person_create(full_name="Vàng Thị Mai", gender="female")
    position_create(person=person, unit=a, start_date=D(2025, 9, 1))
    other = unit_create(
        code="98040", name="Xã Khác", kind=Kind.COMMUNE, parent=district
    )
    with pytest.raises(ValidationError) as exc:
        lineage_event_record(
            kind=LineageEvent.Kind.MERGE,
            effective_date=D(2025, 7, 1),
            legal_basis="x",
            links=[(a, other)],
        )
    assert (
        "Vàng Thị Mai bắt đầu công tác tại Xã Á ngày 01/09/2025, sau ngày đơn vị kết "
        "thúc (30/06/2025)" in _messages(exc)
    )
    a.refresh_from_db()
    assert a.valid_to is None


def test_a_founded_unit_that_breaks_a_rule_saves_nothing(open_tree):
    province, district, (a, _) = open_tree
    clash = OrgUnit(code="98001", name="Xã Bê Mới", kind=Kind.COMMUNE, parent=province)
    with pytest.raises(ValidationError) as exc:
        lineage_event_record(
            kind=LineageEvent.Kind.RENAME,
            effective_date=D(2025, 7, 1),
            legal_basis="x",
            links=[(a, clash)],
        )
    assert "Đơn vị mới Xã Bê Mới: Mã '98001' đã được dùng cho Xã Bê" in _messages(exc)
    a.refresh_from_db()
    assert a.valid_to is None and not LineageEvent.objects.exists()
