"""The seed's 2020 bloc as the demo loads it: figures, ranking, pages, API, files."""

from __future__ import annotations

import io
import json

import pytest
from django.core.exceptions import ValidationError
from docx import Document
from openpyxl import load_workbook

from thidua.emulation import public, selectors, services
from thidua.emulation.models import ScoreSheet, ScoringTable, Stage
from thidua.lib.nd30 import document_text
from thidua.units.demo import district_bloc

pytestmark = pytest.mark.usefixtures("emulation_demo")

# unit code → the % of plan the seed article publishes for poverty reduction
SEED_PERCENT = {
    "111": 149.7,
    "106": 145,
    "107": 105.88,
    "110": 102.3,
    "112": 100,
    "108": 100,
}


def cells(data, code):
    return {
        r["gso_code"]: next(c for c in r["indicators"] if c["indicator"] == code)
        for r in data["rows"]
    }


@pytest.mark.django_db
def test_seed_percent_of_plan_is_reproduced():
    data = selectors.results_json(district_bloc(), 2020, drafts_of=None)
    poverty = cells(data, "poverty_reduction_pp")
    for code, expected in SEED_PERCENT.items():
        assert poverty[code]["percent_of_plan"] == pytest.approx(expected, abs=0.1)
    assert poverty["111"]["percent_display"] == "149,7%"
    assert poverty["109"]["percent_display"] == ""  # Phong Thổ: no % published, no plan
    city = cells(data, "poor_household_rate_pct")["105"]
    assert city["percent_of_plan"] == pytest.approx(106, abs=0.1)
    assert cells(data, "ntm_communes")["111"]["actual_display"] == "9/9 xã"


@pytest.mark.django_db
def test_api_results_are_scoped_and_carry_the_seed_figures(client, users):
    bloc = district_bloc()
    url = f"/api/v1/blocs/{bloc.id}/results?year=2020"
    assert client.get(url).status_code == 401
    client.force_login(
        users["xatanuyen"]
    )  # a 2025 commune officer: not in the district bloc
    assert client.get(url).status_code == 404
    client.force_login(users["tanuyen"])
    body = client.get(url).json()
    assert body["final"] is True and body["leader"]
    row = next(r for r in body["rows"] if r["gso_code"] == "111")
    cell = next(
        c for c in row["indicators"] if c["indicator"] == "poverty_reduction_pp"
    )
    assert (cell["actual"], cell["plan"], cell["percent_display"]) == (
        2.47,
        1.65,
        "149,7%",
    )
    assert row["rank"] >= 1 and row["criteria"]
    assert client.get(f"/api/v1/blocs/{bloc.id}/results?year=abc").status_code == 422


@pytest.mark.django_db
def test_every_stage_is_kept_and_the_final_ranking_shares_ranks():
    table = ScoringTable.objects.get(bloc=district_bloc(), year=2020)
    stages = set(ScoreSheet.objects.filter(table=table).values_list("stage", flat=True))
    assert stages == {Stage.SELF, Stage.REVIEW, Stage.ADJUSTMENT, Stage.FINAL}
    finals = selectors.final_sheets(table)
    assert len(finals) == 8
    ranks = sorted(s.rank for s in finals)
    assert ranks[0] == 1
    # the province's adjustment (a late-report penalty) reached the final sheet
    sin_ho = next(s for s in finals if s.unit.code == "108")
    assert sin_ho.penalty == 1
    leader = selectors.bloc_leader(district_bloc(), 2020)
    assert leader == next(s.unit for s in finals if s.position == 1)


@pytest.mark.django_db
def test_public_pages_explain_every_score(client):
    bloc = district_bloc()
    listing = client.get("/xep-hang/")
    assert listing.status_code == 200 and "Năm 2020" in listing.content.decode()
    page = client.get(f"/xep-hang/{bloc.id}/2020/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "r = TH/KH = 2,47/1,65 = 1,497" in html
    assert "149,7% KH" in html
    assert "Quyết định minh họa" in html
    assert client.get(f"/xep-hang/{bloc.id}/2026/").status_code == 404  # not published


@pytest.mark.django_db
def test_open_data_downloads(client):
    bloc = district_bloc()
    data = json.loads(client.get(f"/xep-hang/{bloc.id}/2020.json").content)
    assert data["year"] == 2020 and len(data["rows"]) == 8
    text = client.get(f"/xep-hang/{bloc.id}/2020.csv").content.decode("utf-8-sig")
    header, *rows = text.splitlines()
    assert header.startswith("nam,hang,ma_don_vi")
    assert any(
        "poverty_reduction_pp" in r and ",149.7," in r
        for r in rows
        if r.split(",")[2] == "111"
    )


@pytest.mark.django_db
def test_portal_helpers():
    summary = public.ranking_summary()
    assert summary["year"] == 2024 and len(summary["rows"]) == 8
    assert public.ranking_summary(2020)["url"].endswith("/2020/")
    assert public.ranking_summary(1990) is None
    layers = {layer["key"]: layer for layer in public.map_layers(2020)}
    assert layers["poor_household_rate_pct"]["higher_is_better"] is False
    assert layers["road_villages_pct"]["values"]["108"] == {
        "value": 90.27,
        "display": "90,27%",
    }
    assert set(layers["rank"]["values"]) == {str(c) for c in range(105, 113)}


@pytest.mark.django_db
def test_year_end_review_docx():
    from thidua.emulation.review import review_bytes

    text = document_text(
        Document(io.BytesIO(review_bytes(district_bloc(), 2020, drafts_of=None)))
    )
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert (
        "huyện Tân Uyên mức giảm tỷ lệ hộ nghèo 2,47 điểm phần trăm, đạt 149,7% KH"
        in text
    )
    assert "tỷ lệ hộ nghèo cuối năm 1,35%, đạt 106% KH" in text
    assert "huyện Nậm Nhùn là đơn vị đăng cai Khối thi đua năm 2021" in text
    assert "BẢNG XẾP HẠNG THI ĐUA NĂM 2020" in text
    assert "Lai Châu, ngày" in text


@pytest.mark.django_db
def test_results_xlsx_has_every_year():
    from thidua.emulation.excel import results_bytes

    wb = load_workbook(
        io.BytesIO(results_bytes(district_bloc(), [2019, 2020], drafts_of=None))
    )
    rows = list(wb["Chỉ tiêu"].iter_rows(min_row=2, values_only=True))
    tan_uyen = next(
        r
        for r in rows
        if r[0] == 2020 and r[1] == "111" and r[3] == "poverty_reduction_pp"
    )
    assert (tan_uyen[5], tan_uyen[7], tan_uyen[8]) == (2.47, 1.65, 149.7)
    assert {r[0] for r in wb["Xếp hạng"].iter_rows(min_row=2, values_only=True)} == {
        2019,
        2020,
    }


@pytest.mark.django_db
def test_back_office_pages_for_the_province(client, users):
    table = ScoringTable.objects.get(bloc=district_bloc(), year=2020)
    client.force_login(users["tinh"])
    ranking = client.get(f"/admin/thi-dua/bang-diem/{table.pk}/").content.decode()
    assert "Kiểm tra độ nhạy" in ranking and "cách tính điểm" in ranking
    dash = client.get(f"/admin/thi-dua/bang-diem/{table.pk}/bieu-do/").content.decode()
    assert dash.count("<svg") >= 8  # ranking, trend and one per indicator
    assert client.get("/admin/thi-dua/").status_code == 200


@pytest.mark.django_db
def test_what_if_changes_ranks_and_saves_nothing(client, users):
    table = ScoringTable.objects.get(bloc=district_bloc(), year=2020)
    last = max(selectors.final_sheets(table), key=lambda s: s.total)
    bottom = min(selectors.final_sheets(table), key=lambda s: s.total)
    before = ScoreSheet.objects.filter(table=table).count()
    rows = selectors.what_if(
        table,
        value_changes={
            (bottom.unit_id, "phong_trao"): 15,
            (bottom.unit_id, "road_villages_pct"): 100,
        },
    )
    moved = next(r for r in rows if r["unit"].id == bottom.unit_id)
    assert moved["total"] > moved["old_total"]
    assert ScoreSheet.objects.filter(table=table).count() == before
    client.force_login(users["tinh"])
    response = client.get(
        f"/admin/thi-dua/bang-diem/{table.pk}/gia-dinh/",
        {"criterion": "poverty_reduction_pp", "weight": "3"},
        HTTP_HX_REQUEST="true",
    )
    assert "Kết quả giả định" in response.content.decode()
    bad = client.get(
        f"/admin/thi-dua/bang-diem/{table.pk}/gia-dinh/",
        {"criterion": "x", "weight": "a"},
    )
    assert "Tiêu chí không có" in bad.content.decode()
    assert last.total == ScoreSheet.objects.get(pk=last.pk).total


@pytest.mark.django_db
def test_sensitivity_flags_units_moving_more_than_one_rank():
    table = ScoringTable.objects.get(bloc=district_bloc(), year=2020)
    rows = selectors.sensitivity(table)
    assert len(rows) == 8
    for r in rows:
        assert r["flagged"] == (
            abs(r["rank"] - r["equal_weights"]) > 1 or abs(r["rank"] - r["minmax"]) > 1
        )


@pytest.mark.django_db
def test_table_export_round_trips_and_bad_maxima_are_refused(users):
    table = ScoringTable.objects.get(bloc=district_bloc(), year=2020)
    exported = services.table_export(table)
    assert exported["scheme"]["criteria"][1]["cap"] == 1.2
    copy = services.table_import(
        bloc=district_bloc(), year=2030, data=exported, by=users["tinh"]
    )
    assert services.table_export(copy)["scheme"] == exported["scheme"]
    broken = json.loads(json.dumps(exported))
    broken["scheme"]["groups"][0]["max_points"] = 50
    with pytest.raises(ValidationError) as exc:
        services.table_import(
            bloc=district_bloc(), year=2031, data=broken, by=users["tinh"]
        )
    assert "scheme.groups.0.max_points" in exc.value.message_dict
    assert not ScoringTable.objects.filter(year=2031).exists()
    # a table already used for scoring is never replaced
    with pytest.raises(ValidationError):
        services.table_import(
            bloc=district_bloc(), year=2020, data=exported, by=users["tinh"]
        )


@pytest.mark.django_db
def test_demo_load_is_idempotent():
    from thidua.emulation import demo

    before = ScoreSheet.objects.count()
    demo.load(io.StringIO())
    assert ScoreSheet.objects.count() == before


@pytest.mark.django_db
def test_score_stages_on_the_cluster_in_progress(client, users):
    from thidua.emulation.models import ReportingPeriod
    from thidua.units.demo import CLUSTER_NAME
    from thidua.units.models import EmulationBloc

    cluster = EmulationBloc.objects.get(name=CLUSTER_NAME)
    table = ScoringTable.objects.get(bloc=cluster, year=2026)
    own = next(u for u in selectors.members(cluster, 2026) if u.name == "Xã Tân Uyên")
    with pytest.raises(ValidationError, match="0–15"):
        services.sheet_save(
            table=table,
            unit=own,
            stage=Stage.SELF,
            by=users["xatanuyen"],
            manual={"phong_trao": ("16", "")},
        )
    client.force_login(users["xatanuyen"])
    url = f"/admin/thi-dua/bang-diem/{table.pk}/phieu/{own.id}/self/"
    response = client.post(
        url,
        {
            "m-phong_trao": "14,5",
            "m-khen_thuong": "13",
            "a-mo_hinh": "2",
            "an-mo_hinh": "Mô hình chè",
        },
    )
    assert response.status_code == 302
    sheet = ScoreSheet.objects.get(table=table, unit=own, stage=Stage.SELF)
    assert (
        sheet.bonus,
        {
            ln.criterion.code: ln.manual_points
            for ln in sheet.lines.all()
            if ln.manual_points
        },
    ) == (
        2,
        {"phong_trao": 14.5, "khen_thuong": 13},
    )
    # the cross-review belongs to the bloc head or the province, not to the unit
    denied = client.get(f"/admin/thi-dua/bang-diem/{table.pk}/phieu/{own.id}/review/")
    assert denied.status_code == 403
    review = services.sheet_save(
        table=table,
        unit=own,
        stage=Stage.REVIEW,
        by=users["tinh"],
        manual={"phong_trao": ("13", "Thiếu minh chứng")},
    )
    assert {
        ln.criterion.code: ln.manual_points
        for ln in review.lines.all()
        if ln.manual_points
    } == {"phong_trao": 13, "khen_thuong": 13}
    assert review.bonus == 2  # carried over from the self-score
    with pytest.raises(ValidationError, match="chưa được duyệt"):
        services.scores_finalize(table=table, by=users["tinh"])
    ReportingPeriod.objects.filter(bloc=cluster, year=2026).update(
        status=ReportingPeriod.Status.APPROVED
    )
    finals = services.scores_finalize(table=table, by=users["tinh"])
    assert len(finals) == 8 and min(s.rank for s in finals) == 1
    with pytest.raises(ValidationError, match="đã chốt"):
        services.sheet_save(
            table=table, unit=own, stage=Stage.ADJUSTMENT, by=users["tinh"]
        )
