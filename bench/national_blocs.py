"""Emulation clusters of the national set, with a finalised year (issue 14, item 2).

Each province's communes in clusters of about 33 (3,321 communes: about 100
clusters), each with its members, head and host, pledged plans, an approved
year of figures (10 indicators), each member's self-scoring (2 manual criteria,
a bonus or penalty) and a scoring table of 12 criteria in 4 groups. The rows a
user would type are written with COPY (bench/national_data.py); the scoring
tables come from the product's import and the scores and ranks from its
finalisation, as an officer's click makes them. A module of its own: national
data is near the size a module should not pass.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import connection
from national_data import Ids, copy, reset_sequences

from thidua.lib.text import fold

YEAR = 2025
PER_CLUSTER = 33
# code, name, unit of measure, direction, method, points, group, (plan, spread)
INDICATORS = [
    ("xa_thu_ngan_sach", "Thu ngân sách nhà nước trên địa bàn", "triệu đồng", "higher_is_better", "plan_ratio", 10, "kinh_te", (2000, 40000)),
    ("xa_tang_truong", "Tốc độ tăng giá trị sản xuất", "%", "higher_is_better", "plan_ratio", 10, "kinh_te", (5, 9)),
    ("xa_ho_ngheo", "Tỷ lệ hộ nghèo cuối năm", "%", "lower_is_better", "plan_ratio", 10, "xa_hoi", (1, 25)),
    ("xa_giam_ngheo", "Mức giảm tỷ lệ hộ nghèo", "điểm %", "reduction_pp", "plan_ratio", 10, "xa_hoi", (0.5, 3)),
    ("xa_bhyt", "Tỷ lệ dân số tham gia bảo hiểm y tế", "%", "higher_is_better", "minmax", 8, "xa_hoi", (85, 100)),
    ("xa_den_truong", "Tỷ lệ trẻ em trong độ tuổi đến trường", "%", "higher_is_better", "minmax", 7, "xa_hoi", (92, 100)),
    ("xa_tieu_chi_ntm", "Số tiêu chí nông thôn mới đạt được", "tiêu chí", "higher_is_better", "minmax", 8, "ntm", (10, 19)),
    ("xa_nuoc_sach", "Tỷ lệ hộ dùng nước sạch", "%", "higher_is_better", "plan_ratio", 7, "ntm", (80, 98)),
    ("xa_truc_tuyen", "Tỷ lệ thủ tục hành chính giải quyết trực tuyến", "%", "higher_is_better", "minmax", 5, "ntm", (40, 100)),
    ("xa_an_ninh", "Đạt chuẩn an toàn về an ninh, trật tự", "", "yes_no", "threshold", 5, "ntm", (0, 1)),
]  # fmt: skip
MANUAL = [
    ("phong_trao", "Tổ chức phong trào thi đua, thực hiện giao ước", 10),
    ("khen_thuong", "Công tác khen thưởng, chế độ thông tin báo cáo", 10),
]
SCHEME = {
    "criteria": [
        {"code": c, "name": n, "max_points": p, "method": m, "direction": d, "group": g}
        | ({"cap": 1.2, "floor": 0.5} if m == "plan_ratio" else {})
        for c, n, _, d, m, p, g, _ in INDICATORS
    ]
    + [{"code": c, "name": n, "max_points": p, "method": "manual", "group": "tdkt"}
       for c, n, p in MANUAL],
    "groups": [
        {"code": "kinh_te", "name": "Phát triển kinh tế", "max_points": 20},
        {"code": "xa_hoi", "name": "Văn hóa – xã hội, giảm nghèo", "max_points": 35},
        {"code": "ntm", "name": "Nông thôn mới, chuyển đổi số, an ninh", "max_points": 25},
        {"code": "tdkt", "name": "Công tác thi đua, khen thưởng", "max_points": 20},
    ],
    "total_points": 100,
    "bonus_cap": 5,
    "adjustments": [
        {"code": "mo_hinh", "name": "Mô hình mới được nhân rộng", "kind": "bonus", "max_points": 5},
        {"code": "bao_cao_cham", "name": "Gửi báo cáo chậm, thiếu", "kind": "penalty", "max_points": 5},
    ],
    "tie_break": ["criteria_at_plan", "group:kinh_te"],
}  # fmt: skip


def has_blocs() -> bool:
    from thidua.units.models import EmulationBloc

    return EmulationBloc.objects.exists()


def _clusters(units: dict[str, Any]) -> list[tuple[str, str, list[int]]]:
    """(province code, province name, member ids) per cluster of about 33 communes."""
    communes: dict[str, dict[int, str]] = {}
    names: dict[str, str] = {}
    for r in units["rows"]:
        uid = units["index"][("C", r["unit_code"])]
        communes.setdefault(r["province_code"], {})[uid] = r["unit_code"]
        names[r["province_code"]] = r["province_name"]
    out = []
    for code in units["provinces"]:
        members = sorted(communes[code], key=communes[code].__getitem__)
        n = max(1, round(len(members) / PER_CLUSTER))
        for k in range(n):
            out.append((code, names[code], members[k * len(members) // n : (k + 1) * len(members) // n]))  # fmt: skip
    return out


def _value(
    rng: random.Random, code: str, low: float, high: float
) -> tuple[float, float | None]:
    """(actual, plan) of one commune; plans only for the plan_ratio criteria."""
    if code == "xa_an_ninh":
        return (1.0 if rng.random() < 0.8 else 0.0), None
    if code == "xa_tieu_chi_ntm":
        return float(rng.randint(int(low), int(high))), None
    if code in ("xa_bhyt", "xa_den_truong", "xa_truc_tuyen"):
        return round(rng.uniform(low, high), 2), None
    plan = round(rng.uniform(low, high), 2)
    actual = plan * rng.uniform(0.8, 1.25)
    return round(min(actual, 100) if code == "xa_nuoc_sach" else actual, 2), plan


def build(units: dict[str, Any], by: Any, seed: int = 33) -> dict[str, int]:
    """The clusters, their year's figures and self-scoring, then each table
    imported and finalised through the product's services."""
    from thidua.emulation import services
    from thidua.emulation.models import (
        ActualValue,
        Criterion,
        Indicator,
        PlanValue,
        Pledge,
        ReportingPeriod,
        ScoreLine,
        ScoreSheet,
        ScoringTable,
    )
    from thidua.units.models import BlocMembership, BlocYear, EmulationBloc

    rng = random.Random(seed)
    indicator = {}
    for code, name, uom, direction, *_ in INDICATORS:
        indicator[code], _ = Indicator.objects.get_or_create(
            code=code, defaults={"name": name, "unit_of_measure": uom, "direction": direction,
                                 "decimals": 0 if code in ("xa_tieu_chi_ntm", "xa_an_ninh") else 2}
        )  # fmt: skip
    clusters = _clusters(units)
    bloc_ids, pledge_ids, period_ids = (
        Ids(EmulationBloc),
        Ids(Pledge),
        Ids(ReportingPeriod),
    )
    blocs, members, years, pledges, plans, periods, actuals = [], [], [], [], [], [], []  # fmt: skip
    signed, now = dt.date(YEAR, 1, 20), dt.datetime(YEAR + 1, 1, 10, tzinfo=dt.UTC)
    for k, (code, province, ids) in enumerate(clusters):
        bloc = bloc_ids.take()
        number = 1 + sum(1 for c in clusters[:k] if c[0] == code)
        name = f"Cụm thi đua số {number} – {province}"
        blocs.append({"id": bloc, "name": name, "kind": "cluster", "search_text": fold(name),
                      "organiser_id": units["index"][("P", code)]})  # fmt: skip
        years.append({"bloc_id": bloc, "year": YEAR, "head_id": ids[0],
                      "deputy_id": ids[1 % len(ids)], "host_id": ids[0]})  # fmt: skip
        period = period_ids.take()
        periods.append({"id": period, "bloc_id": bloc, "year": YEAR, "status": "approved",
                        "approved_at": now})  # fmt: skip
        for uid in ids:
            members.append({"bloc_id": bloc, "unit_id": uid, "year": YEAR})
            pledge = pledge_ids.take()
            pledges.append({"id": pledge, "bloc_id": bloc, "year": YEAR, "unit_id": uid, "signed_on": signed, "scan": "",
                            "signatories": "Chủ tịch UBND xã\nCụm trưởng (chứng kiến)"})  # fmt: skip
            for icode, *_, (low, high) in INDICATORS:
                actual, plan = _value(rng, icode, low, high)
                actuals.append({"period_id": period, "unit_id": uid, "indicator_id": indicator[icode].pk,
                                "value": actual, "status": "approved",
                                "source": "Báo cáo tổng kết năm của UBND xã"})  # fmt: skip
                if plan is not None:
                    plans.append({"pledge_id": pledge, "indicator_id": indicator[icode].pk, "value": plan})  # fmt: skip
    counts = {
        "blocs": copy(EmulationBloc, blocs),
        "bloc members": copy(BlocMembership, members),
        "bloc years": copy(BlocYear, years),
        "pledges": copy(Pledge, pledges),
        "plans": copy(PlanValue, plans),
        "periods": copy(ReportingPeriod, periods),
        "actual values": copy(ActualValue, actuals),
    }
    reset_sequences(EmulationBloc, Pledge, ReportingPeriod)
    tables = [
        services.table_import(
            bloc=bloc, year=YEAR, data={"scheme": SCHEME}, by=by,
            name=f"Bảng tiêu chí, thang điểm thi đua năm {YEAR}",
            decision_number=f"{bloc.pk}/QĐ-HĐTĐKT", decision_date=dt.date(YEAR, 1, 15),
        )
        for bloc in EmulationBloc.objects.filter(pk__in=[b["id"] for b in blocs]).order_by("pk")
    ]  # fmt: skip
    manual = {
        (t, c): pk
        for t, c, pk in Criterion.objects.filter(
            table__in=tables, method="manual"
        ).values_list("table_id", "code", "id")
    }
    sheet_ids = Ids(ScoreSheet)
    sheets, lines = [], []
    for table in tables:
        for uid in (m["unit_id"] for m in members if m["bloc_id"] == table.bloc_id):
            sid = sheet_ids.take()
            r = rng.random()
            sheets.append({"id": sid, "table_id": table.pk, "unit_id": uid, "stage": "self",
                           "bonus": 3.0 if r < 0.1 else 0.0, "penalty": 2.0 if r > 0.95 else 0.0})  # fmt: skip
            for code, _, points in MANUAL:
                lines.append({"sheet_id": sid, "criterion_id": manual[(table.pk, code)],
                              "manual_points": round(points * rng.uniform(0.7, 1.0), 1)})  # fmt: skip
    counts["self-scoring sheets"] = copy(ScoreSheet, sheets)
    copy(ScoreLine, lines)
    reset_sequences(ScoreSheet)
    for table in tables:  # what the province officer's "Chốt kết quả" does
        services.scores_finalize(table=table, by=by)
    with connection.cursor() as cursor:  # a self sheet's total is what it claimed
        cursor.execute(
            "UPDATE emulation_scoresheet s SET total = f.total FROM emulation_scoresheet f"
            " WHERE s.stage = 'self' AND f.stage = 'final' AND f.table_id = s.table_id"
            " AND f.unit_id = s.unit_id"
        )
    counts["final sheets"] = ScoreSheet.objects.filter(stage="final").count()
    counts["scoring tables"] = ScoringTable.objects.filter(
        finalized_at__isnull=False
    ).count()
    return counts
