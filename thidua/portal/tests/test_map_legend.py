"""Map: whole labels at the edges, units on values and legend, a two-class legend
for a yes/no indicator (issue 10, point 18)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from thidua.portal import maps
from thidua.portal.maps import Shape, colour

from .test_map import districts  # noqa: F401  (fixture)


def test_a_label_on_the_edge_stays_inside():
    shape = Shape("105", "Huyện Than Uyên", label_x=3.0, label_y=2.0)
    shape.short = "Than Uyên"
    maps._keep_label_inside(shape, 400)
    half = len("Than Uyên") * maps.LABEL_PX / 2
    assert shape.label_x - half >= 0 and shape.label_x + half <= maps.WIDTH
    assert shape.label_y >= 14
    right = Shape("1", "Huyện X", label_x=maps.WIDTH - 1, label_y=399)
    right.short = "Mường Tè"
    maps._keep_label_inside(right, 400)
    assert right.label_x + len("Mường Tè") * maps.LABEL_PX / 2 <= maps.WIDTH
    assert right.label_y <= 396


def test_yes_no_layer_has_a_two_class_legend():
    shapes = [Shape("1", "A"), Shape("2", "B"), Shape("3", "C")]
    layer = {
        "key": "civilized_town",
        "label": "Đạt chuẩn đô thị văn minh",
        "yes_no": True,
        "higher_is_better": True,
        "values": {
            "1": {"value": 1.0, "display": "Đạt"},
            "2": {"value": 0.0, "display": "Chưa đạt"},
        },
    }
    legend = colour(shapes, layer)
    assert [item["label"] for item in legend] == ["Đạt", "Chưa đạt", "Không có số liệu"]
    assert shapes[0].fill != shapes[1].fill
    assert not any(re.search(r"\d", item["label"]) for item in legend)


def test_legend_and_values_carry_the_unit():
    shapes = [Shape("1", "A"), Shape("2", "B")]
    layer = {
        "key": "poverty_reduction_pp",
        "label": "Mức giảm tỷ lệ hộ nghèo",
        "unit": "điểm %",
        "higher_is_better": True,
        "values": {
            "1": {"value": 2.47, "display": "2,47 điểm phần trăm"},
            "2": {"value": 0.62, "display": "0,62 điểm phần trăm"},
        },
    }
    legend = colour(shapes, layer)
    assert all(item["label"].endswith("điểm phần trăm") for item in legend)
    assert shapes[1].value_display == "0,62 điểm phần trăm"


@pytest.mark.usefixtures("districts")
def test_the_page_shows_the_whole_edge_label(site, client: Client):
    html = client.get("/ban-do/?nam=2020").content.decode()
    width = float(re.search(r'viewBox="0 0 ([\d.]+)', html).group(1))
    for x, text in re.findall(
        r'<text x="([\d.]+)"[^>]*class="lbl"[^>]*>([^<]+)<', html
    ):
        half = len(text) * maps.LABEL_PX / 2
        assert float(x) - half >= 0 and float(x) + half <= width, text
