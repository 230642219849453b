"""Set up a province's units from the national 2025 gazetteer: its commune-level units of
1 July 2025, each with its predecessors, their old districts (and old provinces merged into
it) and the lineage events linking them.

Source: data/vn-units-2025-lineage.csv (MIT, dvhcvn; see its SOURCE note). All-or-nothing
and idempotent: a second run finds every row already there and changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import LineageEvent, LineageLink, OrgUnit

DATA = Path(settings.BASE_DIR) / "data"
GAZETTEER = DATA / "vn-units-2025-lineage.csv"
REFORM_DAY = dt.date(2025, 7, 1)
LAST_OLD_DAY = dt.date(2025, 6, 30)
COLUMNS = (
    "province_code",
    "province_name",
    "unit_code",
    "unit_name",
    "predecessor_code",
    "predecessor_name",
    "merge_type",
    "old_district_code",
    "old_district_name",
    "old_province_code",
    "old_province_name",
)
# Island districts without communes are their own predecessor: no old district.
OPTIONAL = {
    "old_district_code",
    "old_district_name",
    "old_province_code",
    "old_province_name",
}
PROVINCE_MERGE_BASIS = (
    "Nghị quyết số 202/2025/QH15 ngày 12 tháng 6 năm 2025 của Quốc hội về việc sắp xếp "
    "đơn vị hành chính cấp tỉnh"
)
DISSOLVE_BASIS = (
    "Luật Tổ chức chính quyền địa phương 2025 (chính quyền địa phương hai cấp)"
)

_PREFIX_KIND = [
    ("Thành phố ", OrgUnit.Kind.CITY),
    ("Thị xã ", OrgUnit.Kind.TOWN),
    ("Quận ", OrgUnit.Kind.URBAN_DISTRICT),
    ("Huyện ", OrgUnit.Kind.DISTRICT),
    ("Phường ", OrgUnit.Kind.WARD),
    ("Thị trấn ", OrgUnit.Kind.TOWNSHIP),
    ("Đặc khu ", OrgUnit.Kind.SPECIAL_ZONE),
    ("Xã ", OrgUnit.Kind.COMMUNE),
]


class GazetteerError(Exception):
    """A message for the person running the setup, naming the file's line."""


@dataclass(frozen=True)
class Row:
    line: int
    province_code: str
    province_name: str
    unit_code: str
    unit_name: str
    predecessor_code: str
    predecessor_name: str
    merge_type: str
    old_district_code: str
    old_district_name: str
    old_province_code: str
    old_province_name: str


@dataclass
class SetupReport:
    code: str = ""
    province: str = ""
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) or sum(self.updated.values()))


def kind_from_name(name: str, default: str = OrgUnit.Kind.COMMUNE) -> str:
    for prefix, kind in _PREFIX_KIND:
        if name.startswith(prefix):
            return kind
    return default


def read_rows(text: str) -> list[Row]:
    """Every row of the gazetteer, checked; a missing or renamed column names itself."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    header = next(reader, None)
    if header is None:
        raise GazetteerError("Tệp danh mục đơn vị hành chính trống.")
    header = [h.strip() for h in header]
    for i, expected in enumerate(COLUMNS):
        if expected not in header:
            raise GazetteerError(
                f"Dòng 1: thiếu cột “{expected}” (cần đủ {len(COLUMNS)} cột: "
                f"{', '.join(COLUMNS)})."
            )
        if i < len(header) and header[i] != expected:
            raise GazetteerError(
                f"Dòng 1: cột thứ {i + 1} là “{header[i]}”, cần “{expected}”."
            )
    rows = []
    for line, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(COLUMNS):
            raise GazetteerError(
                f"Dòng {line}: có {len(values)} cột, cần {len(COLUMNS)}."
            )
        data = dict(zip(COLUMNS, (v.strip() for v in values), strict=True))
        for name in COLUMNS:
            if not data[name] and name not in OPTIONAL:
                raise GazetteerError(f"Dòng {line}: cột “{name}” trống.")
        if data["merge_type"] not in ("full", "partial"):
            raise GazetteerError(
                f"Dòng {line}: merge_type “{data['merge_type']}” phải là full hoặc partial."
            )
        rows.append(Row(line=line, **data))
    return rows


def province_codes(rows: list[Row]) -> dict[str, str]:
    return {r.province_code: r.province_name for r in rows}


def _sync(
    report: SetupReport,
    label: str,
    code: str,
    valid_from: dt.date | None,
    **fields: object,
) -> OrgUnit:
    """Create the unit, or bring it in line with the gazetteer, counting what happened."""
    unit = OrgUnit.objects.filter(code=code, valid_from=valid_from).first()
    if unit is None:
        unit = OrgUnit(code=code, valid_from=valid_from, **fields)
        unit.save()
        report.created[label] += 1
        return unit
    changed = [k for k, v in fields.items() if _current(unit, k) != _wanted(v)]
    if changed:
        for k in changed:
            setattr(unit, k, fields[k])
        unit.save()
        report.updated[label] += 1
    else:
        report.unchanged[label] += 1
    return unit


def _current(unit: OrgUnit, name: str) -> object:
    # compare the parent by id: no query per row
    if name == "parent":
        return unit.parent_id
    return getattr(unit, name)


def _wanted(value: object) -> object:
    return value.pk if isinstance(value, OrgUnit) else value


def _event(report: SetupReport, kind: str, basis: str, note: str) -> LineageEvent:
    event, created = LineageEvent.objects.get_or_create(
        kind=kind, effective_date=REFORM_DAY, legal_basis=basis, defaults={"note": note}
    )
    (report.created if created else report.unchanged)["sự kiện sắp xếp"] += 1
    return event


def _link(
    report: SetupReport,
    event: LineageEvent,
    old: OrgUnit,
    new: OrgUnit | None,
    full: bool = True,
) -> None:
    link, created = LineageLink.objects.get_or_create(
        event=event, predecessor=old, successor=new, defaults={"full": full}
    )
    if created:
        report.created["liên kết kế thừa"] += 1
    elif link.full != full:
        link.full = full
        link.save()
        report.updated["liên kết kế thừa"] += 1
    else:
        report.unchanged["liên kết kế thừa"] += 1


def _check_consistent(rows: list[Row]) -> None:
    """The same code must carry the same name on every line (else the file is corrupt)."""
    seen: dict[tuple[str, str], tuple[str, int]] = {}
    for r in rows:
        for kind, code, name in (
            ("đơn vị", r.unit_code, r.unit_name),
            ("đơn vị cũ", r.predecessor_code, r.predecessor_name),
            ("huyện cũ", r.old_district_code, r.old_district_name),
            ("tỉnh cũ", r.old_province_code, r.old_province_name),
        ):
            if not code:
                continue
            first = seen.setdefault((kind, code), (name, r.line))
            if first[0] != name:
                raise GazetteerError(
                    f"Dòng {r.line}: {kind} mã {code} tên “{name}”, khác dòng "
                    f"{first[1]} (“{first[0]}”)."
                )


@transaction.atomic
def setup_province(
    code: str, *, legal_basis: str = "", text: str | None = None
) -> SetupReport:
    """Create (or confirm) the province `code` with its units and lineage of 1 July 2025."""
    rows = read_rows(text if text is not None else GAZETTEER.read_text("utf-8"))
    code = code.strip().zfill(2) if code.strip().isdigit() else code.strip()
    names = province_codes(rows)
    if code not in names:
        raise GazetteerError(
            f"Mã tỉnh “{code}” không có trong danh mục {len(names)} tỉnh, thành phố "
            f"từ 01/7/2025 (các mã: {', '.join(sorted(names))})."
        )
    mine = [r for r in rows if r.province_code == code]
    _check_consistent(mine)
    report = SetupReport(code=code, province=names[code])
    province = _sync(
        report,
        "tỉnh, thành phố",
        code,
        None,
        name=names[code],
        kind=OrgUnit.Kind.PROVINCE,
        parent=None,
        valid_to=None,
    )
    basis = legal_basis or (
        "Nghị quyết của Ủy ban Thường vụ Quốc hội về việc sắp xếp các đơn vị hành chính "
        f"cấp xã của {names[code]} năm 2025"
    )
    merge = _event(
        report,
        LineageEvent.Kind.MERGE,
        basis,
        "Sắp xếp đơn vị hành chính cấp xã; kết thúc cấp huyện từ 01/7/2025.",
    )
    dissolve = _event(
        report,
        LineageEvent.Kind.DISSOLVE,
        DISSOLVE_BASIS,
        "Đơn vị hành chính cấp huyện kết thúc hoạt động.",
    )
    old_provinces = {code: province}
    for r in mine:
        if r.old_province_code and r.old_province_code not in old_provinces:
            old_provinces[r.old_province_code] = _sync(
                report,
                "tỉnh cũ sáp nhập",
                r.old_province_code,
                None,
                name=r.old_province_name,
                kind=OrgUnit.Kind.PROVINCE,
                parent=None,
                valid_to=LAST_OLD_DAY,
            )
    if len(old_provinces) > 1:
        province_merge = _event(
            report,
            LineageEvent.Kind.MERGE,
            PROVINCE_MERGE_BASIS,
            "Sắp xếp đơn vị hành chính cấp tỉnh từ 01/7/2025.",
        )
        for old in old_provinces.values():
            if old.pk != province.pk:
                _link(report, province_merge, old, province)

    districts: dict[str, OrgUnit] = {}
    for r in mine:
        if r.old_district_code and r.old_district_code not in districts:
            districts[r.old_district_code] = _sync(
                report,
                "huyện cũ",
                r.old_district_code,
                None,
                name=r.old_district_name,
                kind=kind_from_name(r.old_district_name, OrgUnit.Kind.DISTRICT),
                parent=old_provinces[r.old_province_code],
                valid_to=LAST_OLD_DAY,
            )
    for district in districts.values():
        _link(report, dissolve, district, None)

    new_units: dict[str, OrgUnit] = {}
    for r in mine:
        if r.unit_code not in new_units:
            new_units[r.unit_code] = _sync(
                report,
                "đơn vị cấp xã từ 01/7/2025",
                r.unit_code,
                REFORM_DAY,
                name=r.unit_name,
                kind=kind_from_name(r.unit_name),
                parent=province,
                valid_to=None,
            )
        island = not r.old_district_code
        old = _sync(
            report,
            "huyện cũ" if island else "đơn vị cấp xã cũ",
            r.predecessor_code,
            None,
            name=r.predecessor_name,
            kind=kind_from_name(
                r.predecessor_name,
                OrgUnit.Kind.DISTRICT if island else OrgUnit.Kind.COMMUNE,
            ),
            parent=province if island else districts[r.old_district_code],
            valid_to=LAST_OLD_DAY,
        )
        _link(report, merge, old, new_units[r.unit_code], r.merge_type == "full")
    return report


def district_by_short_name(name: str) -> OrgUnit:
    """ "Tân Uyên" or "Thành phố …" → the pre-2025 district-level unit."""
    qs = OrgUnit.objects.filter(kind__in=OrgUnit.DISTRICT_LEVEL, valid_to=LAST_OLD_DAY)
    return qs.get(name__in=[name, f"Huyện {name}"])
