"""The data bench_rush.py needs, made in its own process (run with the nodes'
environment, after `manage.py migrate`): a province of OFFICERS communes in blocs
of BLOC_SIZE, six indicators, and for each bloc last year's ranking (figures
approved, scores finalised) and this year's open reporting period with its
scoring table and pledged plans; each commune has 30 people on its staff, a
draft dossier with five nominees, and one unit officer (no second factor: that
is for the roles that approve, vote and sign). Rows are written in bulk (COPY
for people, bulk inserts elsewhere) and through the services only where the
rules compute something (scoring tables, final scores). Prints the ids as JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import django

sys.path.insert(0, str(Path(__file__).resolve().parent))

PASSWORD = "Rush-2026-thidua"
YEAR = dt.date.today().year  # this year open, last year ranked
BLOC_SIZE = 10
STAFF = 30  # people per commune (the dossier's nominee list offers them)
# code, name, unit, direction, denominator label (a share), min, max, decimals, required
INDICATORS = [
    ("rush_duong", "Tỷ lệ thôn có đường ô tô đến trung tâm", "%", "higher_is_better", "", 0, 100, 2, True),
    ("rush_ntm", "Tỷ lệ thôn đạt chuẩn nông thôn mới", "%", "higher_is_better", "thôn", 0, 100, 1, True),
    ("rush_ngheo", "Tỷ lệ hộ nghèo cuối năm", "%", "lower_is_better", "", 0, 100, 2, True),
    ("rush_giam_ngheo", "Mức giảm tỷ lệ hộ nghèo", "điểm %", "reduction_pp", "", -20, 30, 2, True),
    ("rush_thu_ns", "Thu ngân sách trên địa bàn", "triệu đồng", "higher_is_better", "", 0, None, 0, True),
    ("rush_van_hoa", "Xã đạt chuẩn văn hóa", "", "yes_no", "", 0, 1, 0, False),
]  # fmt: skip
SCHEME = {
    "criteria": [
        {"code": "rush_duong", "name": "Đường ô tô đến trung tâm", "max_points": 15, "method": "minmax", "group": "kt"},
        {"code": "rush_ntm", "name": "Thôn đạt chuẩn nông thôn mới", "max_points": 15, "method": "minmax", "group": "kt"},
        {"code": "rush_ngheo", "name": "Tỷ lệ hộ nghèo", "max_points": 10, "method": "plan_ratio",
         "direction": "lower_is_better", "cap": 1.2, "floor": 0.5, "group": "kt"},
        {"code": "rush_giam_ngheo", "name": "Mức giảm hộ nghèo", "max_points": 15, "method": "plan_ratio",
         "direction": "reduction_pp", "cap": 1.2, "floor": 0.5, "group": "kt"},
        {"code": "rush_thu_ns", "name": "Thu ngân sách", "max_points": 10, "method": "plan_ratio", "cap": 1.2, "group": "kt"},
        {"code": "rush_van_hoa", "name": "Đạt chuẩn văn hóa", "max_points": 5, "method": "threshold",
         "direction": "yes_no", "group": "vh"},
        {"code": "phong_trao", "name": "Tổ chức phong trào thi đua", "max_points": 15, "method": "manual", "group": "tdkt"},
        {"code": "khen_thuong", "name": "Công tác khen thưởng", "max_points": 15, "method": "manual", "group": "tdkt"},
    ],
    "groups": [
        {"code": "kt", "name": "Phát triển kinh tế – xã hội", "max_points": 65},
        {"code": "vh", "name": "Văn hóa – xã hội", "max_points": 5},
        {"code": "tdkt", "name": "Công tác thi đua, khen thưởng", "max_points": 30},
    ],
    "bonus_cap": 5,
    "total_points": 100,
}  # fmt: skip


def _units(count: int) -> tuple[Any, list[Any], list[Any]]:
    from thidua.lib.text import fold
    from thidua.units.models import BlocMembership, EmulationBloc, OrgUnit

    province = OrgUnit.objects.create(code="95", name="Tỉnh Thử Tải", kind="province")
    OrgUnit.objects.bulk_create(
        OrgUnit(
            code=f"95{i:03d}",
            name=f"Xã Thi Đua {i:03d}",
            kind="commune",
            parent=province,
            search_text=fold(f"Xã Thi Đua {i:03d} 95{i:03d}"),
        )
        for i in range(1, count + 1)
    )
    communes = list(OrgUnit.objects.filter(parent=province).order_by("code"))
    names = [f"Khối thi đua các xã số {b:02d}" for b in range(count // BLOC_SIZE)]
    EmulationBloc.objects.bulk_create(
        EmulationBloc(name=n, organiser=province, search_text=fold(n)) for n in names
    )
    blocs = list(EmulationBloc.objects.filter(organiser=province).order_by("name"))
    BlocMembership.objects.bulk_create(
        BlocMembership(bloc=blocs[i // BLOC_SIZE], unit=unit, year=year)
        for i, unit in enumerate(communes)
        for year in (YEAR - 1, YEAR)
    )
    return province, communes, blocs


def _indicators() -> dict[str, Any]:
    from thidua.emulation.models import Indicator

    Indicator.objects.bulk_create(
        Indicator(
            code=code,
            name=name,
            unit_of_measure=uom,
            direction=direction,
            is_share=bool(share),
            denominator_label=share,
            min_value=lo,
            max_value=hi,
            decimals=decimals,
            required=required,
        )  # fmt: skip
        for code, name, uom, direction, share, lo, hi, decimals, required in INDICATORS
    )
    return {i.code: i for i in Indicator.objects.filter(code__startswith="rush_")}


def _plans(blocs: list[Any], communes: list[Any], indicators: dict[str, Any]) -> None:
    from thidua.emulation.models import PlanValue, Pledge

    Pledge.objects.bulk_create(
        Pledge(
            bloc=blocs[i // BLOC_SIZE],
            year=year,
            unit=unit,
            signed_on=dt.date(year, 1, 20),
            signatories=f"Chủ tịch UBND {unit.name}",
        )  # fmt: skip
        for i, unit in enumerate(communes)
        for year in (YEAR - 1, YEAR)
    )
    plans = {"rush_ngheo": 9.0, "rush_giam_ngheo": 2.5, "rush_thu_ns": 12000.0}
    PlanValue.objects.bulk_create(
        PlanValue(pledge=pledge, indicator=indicators[code], value=value + pledge.unit_id % 7)
        for pledge in Pledge.objects.filter(unit__in=communes)
        for code, value in plans.items()
    )  # fmt: skip


def _last_year(blocs: list[Any], communes: list[Any], indicators: dict[str, Any], office: Any) -> dict[int, int]:  # fmt: skip
    """Last year's figures, approved; its scores finalised: the ranking to open."""
    from thidua.emulation import services
    from thidua.emulation.models import ActualValue, ReportingPeriod

    tables = {}
    for bloc in blocs:
        tables[bloc.pk] = services.table_import(
            bloc=bloc, year=YEAR - 1, data={"scheme": SCHEME}, by=office,
            name=f"Bảng điểm thi đua năm {YEAR - 1}",
        )  # fmt: skip
    ReportingPeriod.objects.bulk_create(
        ReportingPeriod(bloc=b, year=YEAR - 1, status="approved") for b in blocs
    )
    periods = {
        p.bloc_id: p for p in ReportingPeriod.objects.filter(year=YEAR - 1, bloc__in=blocs)
    }  # fmt: skip
    rows = []
    for i, unit in enumerate(communes):
        period = periods[blocs[i // BLOC_SIZE].pk]
        k = i % 9
        for code, value, num, den in (
            ("rush_duong", 80.0 + k * 2, None, None),
            ("rush_ntm", (3 + k % 5) / 12 * 100, 3.0 + k % 5, 12.0),
            ("rush_ngheo", 8.0 + k * 0.3, None, None),
            ("rush_giam_ngheo", 2.0 + k * 0.1, None, None),
            ("rush_thu_ns", 11000.0 + k * 400, None, None),
            ("rush_van_hoa", float(k % 2), None, None),
        ):
            rows.append(ActualValue(period=period, unit=unit, indicator=indicators[code],
                                    value=value, numerator=num, denominator=den,
                                    status="approved"))  # fmt: skip
    ActualValue.objects.bulk_create(rows)
    for table in tables.values():
        services.scores_finalize(table=table, by=office)
    return {bloc_id: table.pk for bloc_id, table in tables.items()}


def _this_year(blocs: list[Any], office: Any) -> dict[int, int]:
    from thidua.emulation import services
    from thidua.emulation.models import ReportingPeriod

    for bloc in blocs:
        services.table_import(
            bloc=bloc, year=YEAR, data={"scheme": SCHEME}, by=office,
            name=f"Bảng điểm thi đua năm {YEAR}",
        )  # fmt: skip
    ReportingPeriod.objects.bulk_create(
        ReportingPeriod(bloc=b, year=YEAR) for b in blocs
    )
    return dict(
        ReportingPeriod.objects.filter(year=YEAR, bloc__in=blocs).values_list(
            "bloc_id", "pk"
        )
    )


def _officers(province: Any, communes: list[Any]) -> tuple[Any, list[Any]]:
    from django.contrib.auth.hashers import make_password

    from thidua.accounts.models import RoleAssignment, User
    from thidua.accounts.services import staff_group

    Role = RoleAssignment.Role
    office = User.objects.create_user(
        "vanphong", password=PASSWORD, full_name="Văn phòng"
    )
    RoleAssignment.objects.create(
        user=office, role=Role.PROVINCE_OFFICER, unit=province
    )
    hashed = make_password(PASSWORD)  # one hash for all: 200 hashes take a minute
    User.objects.bulk_create(
        User(username=f"canbo{i:03d}", full_name=f"Cán bộ {unit.name}", password=hashed)
        for i, unit in enumerate(communes, 1)
    )  # fmt: skip
    officers = list(
        User.objects.filter(username__startswith="canbo").order_by("username")
    )
    group = staff_group()
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=u.pk, group_id=group.pk) for u in officers
    )
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=u, role=Role.UNIT_OFFICER, unit=unit)
        for u, unit in zip(officers, communes, strict=True)
    )
    return office, officers


def _dossiers(communes: list[Any], officers: list[Any]) -> dict[int, int]:
    """30 people on each commune's staff, and a draft dossier nominating five."""
    from national_data import Ids, _names, copy

    from thidua.commendations.models import AwardType
    from thidua.dossiers.models import Dossier, Nominee
    from thidua.people.models import Person, Position

    names = _names()
    people, posts = Ids(Person), Ids(Position)
    staff: dict[int, list[tuple[int, str]]] = {}
    person_rows, position_rows = [], []
    for i, unit in enumerate(communes):
        for k in range(STAFF):
            pid = people.take()
            full, sort, folded = names[(i * STAFF + k) * 7 % len(names)]
            staff.setdefault(unit.pk, []).append((pid, full))
            person_rows.append({"id": pid, "full_name": full, "sort_name": sort, "search_text": folded,
                                "gender": "female" if " Thị " in full else "male", "birth_year": 1970 + k})  # fmt: skip
            position_rows.append({"id": posts.take(), "person_id": pid, "unit_id": unit.pk,
                                  "title": "Công chức", "start_date": dt.date(2015, 1, 1)})  # fmt: skip
    copy(Person, person_rows)
    copy(Position, position_rows)
    Dossier.objects.bulk_create(
        Dossier(
            unit=unit,
            type="annual",
            year=YEAR,
            created_by=officer,
            title=f"Đề nghị khen thưởng tổng kết năm {YEAR}",
        )  # fmt: skip
        for unit, officer in zip(communes, officers, strict=True)
    )
    dossiers = dict(
        Dossier.objects.filter(unit__in=communes).values_list("unit_id", "pk")
    )
    award = dict(AwardType.objects.values_list("code", "pk"))
    nominees = []
    for unit in communes:
        for k, (pid, full) in enumerate(staff[unit.pk][:4]):
            nominees.append(Nominee(dossier_id=dossiers[unit.pk], kind="individual", person_id=pid,
                                    name=full, position="Công chức", award_type_id=award["LDTT" if k % 2 else "CSTDCS"]))  # fmt: skip
        nominees.append(Nominee(dossier_id=dossiers[unit.pk], kind="collective", unit=unit,
                                name=unit.name, award_type_id=award["TTLDTT"]))  # fmt: skip
    Nominee.objects.bulk_create(nominees)
    return dossiers


def main(count: int) -> None:
    django.setup()
    from thidua.commendations.catalogue import load_catalogue

    load_catalogue()
    province, communes, blocs = _units(count)
    indicators = _indicators()
    office, officers = _officers(province, communes)
    _plans(blocs, communes, indicators)
    rankings = _last_year(blocs, communes, indicators, office)
    periods = _this_year(blocs, office)
    dossiers = _dossiers(communes, officers)
    out = {
        "password": PASSWORD,
        "year": YEAR,
        "indicators": {
            str(i.pk): {"code": i.code, "share": i.is_share, "direction": i.direction}
            for i in indicators.values()
        },
        "officers": [
            {
                "username": user.username,
                "unit": unit.pk,
                "period": periods[blocs[i // BLOC_SIZE].pk],
                "ranking": rankings[blocs[i // BLOC_SIZE].pk],
                "dossier": dossiers[unit.pk],
            }
            for i, (user, unit) in enumerate(zip(officers, communes, strict=True))
        ],
    }
    sys.stdout.write(json.dumps(out) + "\n")


if __name__ == "__main__":
    main(int(sys.argv[1]))
