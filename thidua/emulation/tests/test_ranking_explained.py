"""The published ranking explains every point, bonus and penalty included, and its
CSV carries the points per criterion and the totals as published (issue 10, 14)."""

from __future__ import annotations

import csv
import io
import re

import pytest

from thidua.emulation.models import ScoreSheet, Stage
from thidua.units.demo import district_bloc

pytestmark = [pytest.mark.usefixtures("emulation_demo"), pytest.mark.django_db]


def _csv(client, year=2020):
    bloc = district_bloc()
    text = client.get(f"/xep-hang/{bloc.id}/{year}.csv").content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_bonus_and_penalty_have_their_reason_on_the_page(client):
    bloc = district_bloc()
    response = client.get(f"/xep-hang/{bloc.id}/2020/")
    assert response.status_code == 200
    html = response.content.decode()
    start = html.find('<section id="u')
    assert "em-adj" in html, html[start : start + 3000]
    assert "Điểm thưởng: Mô hình mới, cách làm hay được nhân rộng" in html
    assert "Lý do: Mô hình hợp tác xã chè" in html
    assert "Điểm trừ: Gửi báo cáo chậm, thiếu" in html
    assert "Lý do: Báo cáo tổng kết gửi chậm 5 ngày" in html
    assert "Không có nội dung ghi kèm" not in html  # every demo point has its reason


def test_csv_adds_up_to_the_published_total(client):
    rows = _csv(client)
    finals = {
        s.unit.code: s
        for s in ScoreSheet.objects.filter(
            table__bloc=district_bloc(), table__year=2020, stage=Stage.FINAL
        ).select_related("unit")
    }
    assert {r["ma_don_vi"] for r in rows} == set(finals)
    for code, sheet in finals.items():
        mine = [r for r in rows if r["ma_don_vi"] == code]
        total = sum(float(r["diem"]) for r in mine)
        assert total == pytest.approx(sheet.total, abs=0.01 * len(mine))
        for r in mine:
            # published rounding: no 105.86144578313252
            assert len(r["tong_diem"].partition(".")[2]) <= 2
            assert r["diem"] != ""
    tan_uyen = [r for r in rows if r["ma_don_vi"] == "111"]
    kinds = {r["loai"] for r in tan_uyen}
    assert kinds == {"tieu_chi", "diem_thuong"}
    bonus = next(r for r in tan_uyen if r["loai"] == "diem_thuong")
    assert (bonus["diem"], bonus["cach_tinh_ly_do"]) == (
        "3.0",
        "Mô hình hợp tác xã chè",
    )
    sin_ho = next(
        r for r in rows if r["ma_don_vi"] == "108" and r["loai"] == "diem_tru"
    )
    assert sin_ho["diem"] == "-1.0"


def test_year_end_review_says_percentage_points_and_two_decimals():
    from docx import Document

    from thidua.emulation.review import review_bytes
    from thidua.lib.nd30 import document_text

    text = document_text(
        Document(io.BytesIO(review_bytes(district_bloc(), 2020, drafts_of=None)))
    )
    assert "điểm phần trăm" in text
    # a fall of a rate is never written as a per cent
    assert not re.search(r"giảm tỷ lệ hộ nghèo [\d,]+%", text)
    assert "105,88% KH" in text  # as the unit reported it, not 105,9%
    assert "149,7% KH" in text  # 149,697 → two decimals, trailing zero dropped


def test_charts_cut_nothing():
    from thidua.emulation.charts import bar_chart, text_width

    title = "Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều (%) – số liệu của Ủy ban nhân dân tỉnh"
    rows = [
        ("Thành phố Lai Châu", 6.28, "6,28 (145% KH)"),
        ("Huyện Nậm Nhùn", 1.0, "1"),
    ]
    svg = str(bar_chart(title, rows))
    width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))
    assert "tỉnh</tspan>" in svg  # the title's last word is drawn, on a line of its own
    for x, text in re.findall(r'<text x="([\d.]+)"[^>]*>([^<]+)</text>', svg):
        assert float(x) + text_width(text, 12) <= width, text
