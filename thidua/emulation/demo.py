"""Demo: the seed's 2020 district bloc (data/laichau-bloc-2020.json) and its neighbours in time.

2020 holds every figure the seed article published, with the source noted on each
value; what the article does not give (other units' values, most plans) is
synthetic and labelled "Số liệu minh họa". 2018, 2019 and 2021–2024 are synthetic
(seeded, stable) so trends exist. The commune cluster (since 2025) follows the day the
demo is loaded: this year open for figures, last year sent and waiting for approval.
Idempotent: a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

from django.utils import timezone

from thidua.accounts.models import RoleAssignment, User
from thidua.core import audit
from thidua.people.models import Person
from thidua.units.demo import CLUSTER_FROM, CLUSTER_NAME, district_bloc
from thidua.units.gazetteer import DATA, district_by_short_name
from thidua.units.models import EmulationBloc, OrgUnit

from . import selectors, services
from .models import (
    ActualValue,
    Indicator,
    Movement,
    PlanValue,
    Pledge,
    Registration,
    ReportingPeriod,
    ScoringTable,
    Stage,
)

SEED_SOURCE = "Bài tổng kết Khối thi đua năm 2020 (tanuyen.laichau.gov.vn)"
DEMO_SOURCE = "Số liệu minh họa (demo)"
LEGAL_NOTE = "Quyết định minh họa cho dữ liệu demo, không phải văn bản thật."
YEARS = (2018, 2019, 2020, 2021, 2022, 2023, 2024)

INDICATORS = [
    # code, name, unit of measure, direction, share label, min, max, decimals
    ("road_villages_pct", None, "%", "higher_is_better", "", 0, 100, 2),
    ("poverty_reduction_pp", None, "điểm %", "reduction_pp", "", -20, 30, 2),
    ("poor_household_rate_pct", None, "%", "lower_is_better", "", 0, 100, 2),
    ("ntm_communes", None, "%", "higher_is_better", "xã", 0, 100, 1),
    ("ntm_avg_criteria", None, "tiêu chí/xã", "higher_is_better", "", 0, 19, 1),
    ("civilized_town", None, "", "yes_no", "", 0, 1, 0),
]

SCHEME = {
    "criteria": [
        {
            "code": "road_villages_pct",
            "name": "Tỷ lệ bản có đường xe máy đi lại thuận lợi",
            "max_points": 15,
            "method": "minmax",
            "direction": "higher_is_better",
            "group": "kinh_te",
        },
        {
            "code": "poverty_reduction_pp",
            "name": "Mức giảm tỷ lệ hộ nghèo",
            "max_points": 20,
            "method": "plan_ratio",
            "direction": "reduction_pp",
            "cap": 1.2,
            "floor": 0.5,
            "group": "kinh_te",
        },
        {
            "code": "poor_household_rate_pct",
            "name": "Tỷ lệ hộ nghèo cuối năm",
            "max_points": 10,
            "method": "plan_ratio",
            "direction": "lower_is_better",
            "cap": 1.2,
            "floor": 0.5,
            "group": "kinh_te",
        },
        {
            "code": "ntm_communes",
            "name": "Tỷ lệ xã đạt chuẩn nông thôn mới",
            "max_points": 10,
            "method": "minmax",
            "direction": "higher_is_better",
            "group": "ntm",
        },
        {
            "code": "ntm_avg_criteria",
            "name": "Bình quân tiêu chí nông thôn mới mỗi xã",
            "max_points": 10,
            "method": "minmax",
            "direction": "higher_is_better",
            "group": "ntm",
        },
        {
            "code": "civilized_town",
            "name": "Thị trấn đạt chuẩn văn minh đô thị",
            "max_points": 5,
            "method": "threshold",
            "direction": "yes_no",
            "group": "ntm",
        },
        {
            "code": "phong_trao",
            "name": "Tổ chức phong trào thi đua, thực hiện giao ước",
            "max_points": 15,
            "method": "manual",
            "group": "tdkt",
        },
        {
            "code": "khen_thuong",
            "name": "Công tác khen thưởng, chế độ thông tin báo cáo",
            "max_points": 15,
            "method": "manual",
            "group": "tdkt",
        },
    ],
    "bonus_cap": 10,
    "total_points": 100,
    "groups": [
        {
            "code": "kinh_te",
            "name": "Phát triển kinh tế – xã hội, giảm nghèo",
            "max_points": 45,
        },
        {"code": "ntm", "name": "Nông thôn mới, đô thị văn minh", "max_points": 25},
        {"code": "tdkt", "name": "Công tác thi đua, khen thưởng", "max_points": 30},
    ],
    "adjustments": [
        {
            "code": "mo_hinh",
            "name": "Mô hình mới, cách làm hay được nhân rộng",
            "kind": "bonus",
            "max_points": 5,
        },
        {
            "code": "co_thi_dua",
            "name": "Được tặng Cờ thi đua năm trước",
            "kind": "bonus",
            "max_points": 5,
        },
        {
            "code": "bao_cao_cham",
            "name": "Gửi báo cáo chậm, thiếu",
            "kind": "penalty",
            "max_points": 5,
        },
    ],
    "tie_break": ["criteria_at_plan", "group:kinh_te"],
}

# Synthetic 2020 values for what the article does not publish: (actual, plan) pairs.
SYNTHETIC_2020 = {
    "poverty_reduction_pp": {"Thành phố Lai Châu": (0.62, 0.6)},
    "poor_household_rate_pct": {
        "Tam Đường": (15.2, 16.1),
        "Mường Tè": (28.4, 29.0),
        "Sìn Hồ": (24.9, 25.5),
        "Nậm Nhùn": (21.3, 22.0),
        "Than Uyên": (12.8, 13.5),
        "Tân Uyên": (16.6, 17.2),
    },
    "ntm_communes": {
        "Thành phố Lai Châu": (2, 2),
        "Tam Đường": (6, 12),
        "Phong Thổ": (5, 17),
        "Sìn Hồ": (4, 21),
        "Mường Tè": (3, 13),
        "Nậm Nhùn": (3, 10),
        "Than Uyên": (7, 11),
    },
    "ntm_avg_criteria": {
        "Thành phố Lai Châu": 19,
        "Tam Đường": 16.2,
        "Phong Thổ": 14.1,
        "Sìn Hồ": 13.4,
        "Mường Tè": 12.9,
        "Nậm Nhùn": 13.6,
        "Than Uyên": 16.8,
    },
    "civilized_town": {
        "Thành phố Lai Châu": 1,
        "Tam Đường": 1,
        "Phong Thổ": 0,
        "Sìn Hồ": 0,
        "Mường Tè": 0,
        "Nậm Nhùn": 0,
        "Than Uyên": 1,
    },
}
# Manual points (phong_trao, khen_thuong) claimed by each unit, then set by the bloc head.
SELF_POINTS = {
    "Thành phố Lai Châu": (14, 14),
    "Tam Đường": (14, 13.5),
    "Phong Thổ": (13, 13),
    "Sìn Hồ": (13, 12.5),
    "Mường Tè": (13.5, 13),
    "Nậm Nhùn": (13, 13),
    "Than Uyên": (14, 14),
    "Tân Uyên": (15, 14.5),
}
REVIEW_CUT = (
    0.5  # the bloc head's cross-scoring took half a point off each manual criterion
)


def _indicators(seed: dict[str, Any]) -> dict[str, Indicator]:
    names = {i["code"]: i["name"] for i in seed["indicators"]}
    out = {}
    for code, _, uom, direction, label, lo, hi, decimals in INDICATORS:
        out[code], _ = Indicator.objects.update_or_create(
            code=code,
            defaults={
                "name": names[code]
                if code != "ntm_communes"
                else "Tỷ lệ xã đạt chuẩn nông thôn mới",
                "unit_of_measure": uom,
                "direction": direction,
                "is_share": bool(label),
                "denominator_label": label,
                "min_value": lo,
                "max_value": hi,
                "decimals": decimals,
                "required": code != "civilized_town",
            },
        )
    return out


def _movements(seed: dict[str, Any], indicators: dict[str, Indicator]) -> None:
    links = {
        0: ["road_villages_pct", "ntm_communes", "ntm_avg_criteria", "civilized_town"],
        1: ["poverty_reduction_pp", "poor_household_rate_pct"],
    }
    groups = {
        0: ["nong_dan", "can_bo", "cong_chuc"],
        1: ["nong_dan", "doanh_nhan", "cong_chuc"],
        2: ["doanh_nhan", "cong_nhan"],
        3: ["can_bo", "cong_chuc", "vien_chuc"],
    }
    for i, m in enumerate(seed["movements"]):
        movement, _ = Movement.objects.update_or_create(
            name=m["name"],
            defaults={
                "launching_body": "Ủy ban nhân dân tỉnh Lai Châu",
                "level": Movement.Level.PROVINCE,
                "kind": Movement.Kind.REGULAR,
                "linked_campaign": m.get("linked_campaign", ""),
                "target_groups": groups[i],
                "note": "Bộ quy tắc ứng xử “4 xin, 4 luôn”." if m.get("note") else "",
            },
        )
        movement.indicators.set([indicators[c] for c in links.get(i, [])])


def _seed_values(seed: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """code → unit short name → {actual, numerator, denominator, plan, derived, reported, source}."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for ind in seed["indicators"]:
        per: dict[str, dict[str, Any]] = {}
        for unit, v in ind["values_2020"].items():
            row: dict[str, Any] = {"source": SEED_SOURCE}
            if isinstance(v, dict):
                row["actual"] = float(v["actual"])
                if "of" in v:
                    row["numerator"], row["denominator"] = v["actual"], v["of"]
                row["reported"] = v.get("percent_of_plan")
                if v.get("plan_derived") is not None:
                    row["plan"], row["derived"] = v["plan_derived"], True
                elif v.get("percent_of_plan") and ind["direction"] == "lower_is_better":
                    # plan = actual × % for a lower-is-better rate (r = KH/TH); kept to 3 decimals
                    row["plan"], row["derived"] = (
                        round(v["actual"] * v["percent_of_plan"] / 100, 3),
                        True,
                    )
            else:
                row["actual"] = float(v)
            per[unit] = row
        out[ind["code"]] = per
    for code, units in SYNTHETIC_2020.items():
        for unit, v in units.items():  # type: ignore[attr-defined]
            if unit in out.get(code, {}):
                continue
            row = {"source": DEMO_SOURCE}
            if code == "ntm_communes":
                row["numerator"], row["denominator"] = v
            elif isinstance(v, tuple):
                row["actual"], row["plan"] = v
            else:
                row["actual"] = float(v)
            out.setdefault(code, {})[unit] = row
    return out


def _synthetic_year(
    year: int, names: list[str]
) -> dict[str, dict[str, dict[str, Any]]]:
    rng = random.Random(year)
    drift = year - 2020
    out: dict[str, dict[str, dict[str, Any]]] = {c[0]: {} for c in INDICATORS}
    for i, name in enumerate(names):
        base_rate = max(1.0, 30 - i * 3 - drift * 2.5 + rng.uniform(-1, 1))
        cut = round(rng.uniform(1.5, 6.0), 2)
        out["road_villages_pct"][name] = {
            "actual": round(min(100, 92 + drift + rng.uniform(0, 8)), 2)
        }
        out["poverty_reduction_pp"][name] = {
            "actual": cut,
            "plan": round(cut / rng.uniform(0.85, 1.45), 2),
        }
        out["poor_household_rate_pct"][name] = {
            "actual": round(base_rate, 2),
            "plan": round(base_rate * rng.uniform(0.95, 1.08), 2),
        }
        total = 8 + i * 2
        done = min(
            total, max(0, int(total * (0.2 + 0.08 * drift + rng.uniform(0, 0.2))))
        )
        out["ntm_communes"][name] = {"numerator": done, "denominator": total}
        out["ntm_avg_criteria"][name] = {
            "actual": round(min(19, 13 + drift * 0.8 + rng.uniform(0, 3)), 1)
        }
        out["civilized_town"][name] = {
            "actual": float(rng.random() < 0.4 + 0.1 * drift)
        }
        for row in (r[name] for r in out.values()):
            row["source"] = DEMO_SOURCE
    return out


def _load_year(
    bloc: EmulationBloc,
    year: int,
    units: dict[str, OrgUnit],
    values: dict[str, dict[str, dict[str, Any]]],
    indicators: dict[str, Indicator],
    officer: User,
    head: User,
    *,
    finish: bool = True,
) -> ScoringTable:
    table = ScoringTable.objects.filter(bloc=bloc, year=year).first()
    if table is None:
        table = services.table_import(
            bloc=bloc,
            year=year,
            data={"scheme": SCHEME},
            by=officer,
            name=f"Bảng tiêu chí, thang điểm thi đua năm {year}",
            decision_number=f"{10 + year % 100}/QĐ-HĐTĐKT",
            decision_date=dt.date(year, 1, 15),
            legal_note=LEGAL_NOTE,
        )
    period, _ = ReportingPeriod.objects.get_or_create(
        bloc=bloc, year=year, period=ReportingPeriod.Period.YEAR
    )
    for name, unit in units.items():
        pledge, _ = Pledge.objects.update_or_create(
            bloc=bloc,
            year=year,
            unit=unit,
            defaults={
                "signed_on": dt.date(year, 1, 20)
                if year != 2021
                else dt.date(2021, 1, 15),
                "signatories": f"Chủ tịch UBND {unit.name[0].lower()}{unit.name[1:]}\nTrưởng Khối thi đua (chứng kiến)",
            },
        )
        for code, per in values.items():
            row = per.get(name)
            if row is None:
                continue
            if "plan" in row:
                PlanValue.objects.update_or_create(
                    pledge=pledge,
                    indicator=indicators[code],
                    defaults={
                        "value": row["plan"],
                        "derived": row.get("derived", False),
                    },
                )
            if period.status == ReportingPeriod.Status.OPEN:
                av = services.actual_set(
                    period=period,
                    unit=unit,
                    indicator=indicators[code],
                    by=officer,
                    value=row.get("actual"),
                    numerator=row.get("numerator"),
                    denominator=row.get("denominator"),
                    source=row["source"],
                )
                if av is not None and row.get("reported") is not None:
                    ActualValue.objects.filter(pk=av.pk).update(
                        reported_percent=row["reported"]
                    )
    if not finish or table.finalized_at is not None:
        return table
    for unit in units.values():
        if period.actuals.filter(unit=unit, status=ActualValue.Status.DRAFT).exists():
            services.actuals_submit(period=period, unit=unit, by=officer)
    if period.status in (ReportingPeriod.Status.SUBMITTED, ReportingPeriod.Status.OPEN):
        services.period_approve(period=period, by=head)
    rng = random.Random(year * 7)
    for name, unit in units.items():
        own, rep = SELF_POINTS[name]
        if year != 2020:
            own, rep = round(rng.uniform(12, 15), 1), round(rng.uniform(12, 15), 1)
        bonus = {"mo_hinh": (3, "Mô hình hợp tác xã chè")} if name == "Tân Uyên" else {}
        services.sheet_save(
            table=table,
            unit=unit,
            stage=Stage.SELF,
            by=officer,
            manual={"phong_trao": (own, ""), "khen_thuong": (rep, "")},
            adjustments=bonus,
        )
        services.sheet_save(
            table=table,
            unit=unit,
            stage=Stage.REVIEW,
            by=head,
            manual={
                "phong_trao": (own - REVIEW_CUT, "Chấm chéo của Khối trưởng"),
                "khen_thuong": (rep - REVIEW_CUT, "Chấm chéo của Khối trưởng"),
            },
        )
    if year == 2020:
        services.sheet_save(
            table=table,
            unit=units["Sìn Hồ"],
            stage=Stage.ADJUSTMENT,
            by=officer,
            adjustments={"bao_cao_cham": (1, "Báo cáo tổng kết gửi chậm 5 ngày")},
            note="Ban Thi đua – Khen thưởng tỉnh điều chỉnh.",
        )
    services.scores_finalize(table=table, by=officer)
    services.table_publish(table=table, by=officer)
    services.period_lock(period=period, by=officer)
    return table


def _registrations(bloc: EmulationBloc) -> None:
    tan_uyen = district_by_short_name("Tân Uyên")
    for code in ("CO_TINH", "TTLDXS"):
        Registration.objects.get_or_create(
            year=2020,
            unit=tan_uyen,
            person=None,
            award_code=code,
            defaults={"registered_on": dt.date(2020, 1, 20)},
        )
    for person, code in zip(
        Person.objects.order_by("pk")[:3], ("CSTDCS", "LDTT", "CSTD_TINH"), strict=False
    ):
        Registration.objects.get_or_create(
            year=2026,
            unit=None,
            person=person,
            award_code=code,
            defaults={"registered_on": dt.date(2026, 1, 20)},
        )


def _cluster_year(
    indicators: dict[str, Indicator],
    officer: User,
    year: int,
    today: dt.date,
) -> None:
    """The commune cluster's `year`: this year open (half the members have begun),
    last year sent in full and waiting for the bloc head's approval."""
    cluster = EmulationBloc.objects.filter(name=CLUSTER_NAME).first()
    if cluster is None:
        return
    members = selectors.members(cluster, year)
    scheme = {
        "criteria": [
            c
            for c in SCHEME["criteria"]  # type: ignore[attr-defined]
            if c["group"] in ("kinh_te", "tdkt")
        ],
        "bonus_cap": 10,
        "total_points": 75,
        "groups": [g for g in SCHEME["groups"] if g["code"] in ("kinh_te", "tdkt")],  # type: ignore[attr-defined]
        "adjustments": SCHEME["adjustments"],
        "tie_break": ["criteria_at_plan"],
    }
    if not ScoringTable.objects.filter(bloc=cluster, year=year).exists():
        services.table_import(
            bloc=cluster,
            year=year,
            data={"scheme": scheme},
            by=officer,
            name=f"Bảng tiêu chí, thang điểm thi đua năm {year} (cụm xã)",
            decision_number=f"05/QĐ-HĐTĐKT-{year}",
            decision_date=dt.date(year, 1, 10),
            legal_note=LEGAL_NOTE,
        )
    period, _ = ReportingPeriod.objects.get_or_create(
        bloc=cluster, year=year, period=ReportingPeriod.Period.YEAR
    )
    rng = random.Random(year)
    complete = year < today.year
    sent = selectors.units_sent(period)  # a later `make demo` leaves sent figures alone
    for i, unit in enumerate(members):
        pledge, _ = Pledge.objects.update_or_create(
            bloc=cluster,
            year=year,
            unit=unit,
            defaults={
                "signed_on": dt.date(year, 1, 22),
                "signatories": f"Chủ tịch UBND {unit.name.lower()}",
            },
        )
        rate = round(rng.uniform(8, 25), 2)
        plans = {
            "poverty_reduction_pp": round(rng.uniform(2, 4), 2),
            "poor_household_rate_pct": round(rate - rng.uniform(2, 4), 2),
        }
        for code, plan in plans.items():
            PlanValue.objects.update_or_create(
                pledge=pledge, indicator=indicators[code], defaults={"value": plan}
            )
        if period.status != ReportingPeriod.Status.OPEN or unit.id in sent:
            continue
        if not (complete or i % 2 == 0):
            continue
        values = {"road_villages_pct": round(rng.uniform(85, 100), 1)}
        if complete:
            values["poverty_reduction_pp"] = round(
                plans["poverty_reduction_pp"] * rng.uniform(0.8, 1.2), 2
            )
            values["poor_household_rate_pct"] = round(
                rate - values["poverty_reduction_pp"], 2
            )
        for code, value in values.items():
            services.actual_set(
                period=period,
                unit=unit,
                indicator=indicators[code],
                by=officer,
                value=value,
                source=DEMO_SOURCE,
            )
        if complete:
            services.actuals_submit(period=period, unit=unit, by=officer)


def load(stdout: Any) -> None:
    seed = json.loads((DATA / "laichau-bloc-2020.json").read_text("utf-8"))
    bloc = district_bloc()
    officer = User.objects.filter(
        roles__role=RoleAssignment.Role.PROVINCE_OFFICER
    ).first()
    head = (
        User.objects.filter(
            roles__role=RoleAssignment.Role.BLOC_HEAD, roles__bloc=bloc
        ).first()
        or officer
    )
    indicators = _indicators(seed)
    _movements(seed, indicators)
    names = [m["name"] for m in seed["bloc"]["members"]]
    units = {n: district_by_short_name(n) for n in names}
    with audit.acting_as(officer):
        for year in YEARS:
            values = (
                _seed_values(seed) if year == 2020 else _synthetic_year(year, names)
            )
            _load_year(bloc, year, units, values, indicators, officer, head)  # type: ignore[arg-type]
        _registrations(bloc)
        today = timezone.localdate()
        for year in (today.year - 1, today.year):
            if year >= CLUSTER_FROM:
                _cluster_year(indicators, officer, year, today)  # type: ignore[arg-type]
    leader = selectors.bloc_leader(bloc, 2020)
    stdout.write(
        f"Emulation: {Indicator.objects.count()} indicators, {ScoringTable.objects.count()} scoring tables, "
        f"2020 leader: {leader or '—'}"
    )
