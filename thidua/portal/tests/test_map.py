from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from thidua.portal.maps import colour, map_view, project, validate_geojson
from thidua.portal.models import BoundarySet
from thidua.portal.tests.conftest import LAYERS

GEOJSON = Path(settings.BASE_DIR) / "data" / "laichau-districts-2016.geojson"


@pytest.fixture
def districts(db):
    b = BoundarySet(name="8 huyện", valid_to=dt.date(2025, 6, 30))
    b.file.save(
        "d.geojson", SimpleUploadedFile("d.geojson", GEOJSON.read_bytes()), save=False
    )
    b.save()
    return b


def test_projection_fits_the_box():
    data = json.loads(GEOJSON.read_text())
    shapes, height = project(
        [
            (f["properties"]["gso_code"], f["properties"]["name"], f["geometry"])
            for f in data["features"]
        ]
    )
    assert len(shapes) == 8 and 300 < height < 800
    for s in shapes:
        nums = [
            float(n)
            for part in s.d.replace("M", " ").replace("Z", " ").split("L")
            for n in part.replace(",", " ").split()
        ]
        assert all(-0.1 <= n <= 640.1 for n in nums)
        assert 0 < s.label_x < 640 and 0 < s.label_y < height


def test_colours_follow_the_layer_direction():
    from thidua.portal.maps import PALETTE, Shape

    shapes = [Shape("111", "A"), Shape("106", "B"), Shape("107", "C")]
    legend = colour(shapes, LAYERS[1])  # rank: lower is better → rank 1 darkest
    assert shapes[0].fill == PALETTE[-1] and shapes[1].fill == PALETTE[0]
    assert legend[-1]["label"] == "Không có số liệu" and shapes[2].fill == "#ffffff"


def test_map_of_2020_draws_districts_and_2025_falls_back_to_a_schematic(
    districts, lai_chau
):
    view = map_view(2020, "poverty", LAYERS)
    assert view.kind == "polygons" and len(view.shapes) == 8
    tan_uyen = next(s for s in view.shapes if s.code == "111")
    assert tan_uyen.value_display == "149,7%" and tan_uyen.short == "Tân Uyên"
    later = map_view(2026, None, [])
    assert later.kind == "schematic" and len(later.shapes) == 38


def test_map_page_renders_svg_legend_and_table(districts, site, client: Client):
    html = client.get("/ban-do/?nam=2020&lop=poverty").content.decode()
    assert html.count('class="unit"') == 8
    assert "<table><caption>Mức giảm tỷ lệ hộ nghèo (% kế hoạch)</caption>" in html
    assert 'class="legend"' in html
    assert client.get("/ban-do/?lop=khong-co").status_code == 404


def test_the_map_credits_the_first_paragraph_of_the_source_note(
    districts, site, client: Client
):
    districts.source_note = "Gói vietnam63 (MIT).\n\n# Cách trích xuất\n**Chi tiết**"
    districts.save()
    html = client.get("/ban-do/?nam=2020").content.decode()
    assert "Nguồn ranh giới: Gói vietnam63 (MIT).</p>" in html
    assert "Cách trích xuất" not in html


def test_schematic_is_labelled_as_such(site, lai_chau, client: Client):
    html = client.get("/ban-do/?nam=2026").content.decode()
    assert "Sơ đồ minh họa, không phải bản đồ" in html


def test_uploaded_geojson_is_validated(db):
    assert validate_geojson({"type": "Feature"}, "gso_code")
    bad = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Point", "coordinates": [1, 2]},
            }
        ],
    }
    assert len(validate_geojson(bad, "gso_code")) == 2
    b = BoundarySet(name="x", file=SimpleUploadedFile("x.geojson", b"{not json"))
    with pytest.raises(ValidationError) as err:
        b.full_clean()
    assert "JSON" in str(err.value)


def test_svg_coordinates_are_not_localised(districts, site, client: Client):
    import re

    html = client.get("/ban-do/?nam=2020").content.decode()
    assert re.search(r'<text x="\d+\.\d+" y="\d+\.\d+"', html)
