"""The public map: GeoJSON boundaries drawn as inline SVG on the server.

No tile server and no map script: lon/lat are projected in Python (equirectangular,
x scaled by cos of the mid latitude, which is accurate enough for one province),
so the map works on a closed network and without JavaScript. Units without
polygons (the 2025 communes) get a labelled schematic of tiles instead.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils.translation import gettext as _

from thidua.lib import formats

from .models import BoundarySet

WIDTH = 640
PALETTE = ["#eef4fb", "#bcd4ea", "#7fa9d3", "#3f78b5", "#14457f"]  # light → dark
NO_DATA = "#ffffff"


def validate_geojson(data: object, code_property: str) -> list[str]:
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        return [_("Tệp phải là một GeoJSON FeatureCollection.")]
    errors = []
    features = data.get("features") or []
    if not features:
        errors.append(_("Tệp không có đối tượng (feature) nào."))
    for i, feature in enumerate(features, 1):
        geometry = (feature or {}).get("geometry") or {}
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            errors.append(
                _("Đối tượng %(i)s không phải Polygon/MultiPolygon.") % {"i": i}
            )
        elif not _coords_ok(geometry):
            errors.append(
                _("Đối tượng %(i)s có tọa độ ngoài kinh độ/vĩ độ.") % {"i": i}
            )
        if not ((feature or {}).get("properties") or {}).get(code_property):
            errors.append(
                _("Đối tượng %(i)s thiếu thuộc tính mã “%(p)s”.")
                % {"i": i, "p": code_property}
            )
    return errors[:20]


def _polygons(geometry: dict) -> list:
    return (
        [geometry["coordinates"]]
        if geometry["type"] == "Polygon"
        else geometry["coordinates"]
    )


def _coords_ok(geometry: dict) -> bool:
    try:
        return all(
            -180 <= lon <= 180 and -90 <= lat <= 90
            for polygon in _polygons(geometry)
            for ring in polygon
            for lon, lat, *_rest in ring
        )
    except (TypeError, ValueError):
        return False


@dataclass
class Shape:
    code: str
    name: str
    d: str = ""
    label_x: float = 0
    label_y: float = 0
    fill: str = NO_DATA
    value_display: str = ""
    x: float = 0  # schematic tiles
    y: float = 0
    short: str = ""
    ink: str = "#1a1a1a"  # label colour readable on `fill`


@dataclass
class MapView:
    kind: str  # "polygons" | "schematic" | "empty"
    width: int = WIDTH
    height: int = 0
    shapes: list[Shape] = field(default_factory=list)
    legend: list[dict] = field(default_factory=list)
    layer: dict | None = None
    source: str = ""
    tile_w: float = 0


def project(features: list[tuple[str, str, dict]]) -> tuple[list[Shape], int]:
    """[(code, name, geometry)] → SVG shapes in a WIDTH-wide box, and its height."""
    points = [
        (lon, lat)
        for _c, _n, g in features
        for polygon in _polygons(g)
        for ring in polygon
        for lon, lat, *_r in ring
    ]
    min_lon, max_lon = min(p[0] for p in points), max(p[0] for p in points)
    min_lat, max_lat = min(p[1] for p in points), max(p[1] for p in points)
    kx = math.cos(math.radians((min_lat + max_lat) / 2))
    pad = 8
    scale = (WIDTH - 2 * pad) / ((max_lon - min_lon) * kx)
    height = round((max_lat - min_lat) * scale + 2 * pad)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (pad + (lon - min_lon) * kx * scale, pad + (max_lat - lat) * scale)

    shapes = []
    for code, name, geometry in features:
        parts, best, best_area = [], (0.0, 0.0), -1.0
        for polygon in _polygons(geometry):
            for ring in polygon:
                pts = [xy(lon, lat) for lon, lat, *_r in ring]
                parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
                area, cx, cy = _centroid(pts)
                if abs(area) > best_area:
                    best_area, best = abs(area), (cx, cy)
        shapes.append(
            Shape(code, name, "".join(parts), round(best[0], 1), round(best[1], 1))
        )
    return shapes, height


def _centroid(pts: list[tuple[float, float]]) -> tuple[float, float, float]:
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(a) < 1e-9:
        return 0.0, pts[0][0], pts[0][1]
    return a / 2, cx / (3 * a), cy / (3 * a)


def _boundary_shapes(boundary: BoundarySet) -> tuple[list[Shape], int]:
    key = f"portal:map:{boundary.pk}:{boundary.updated_at.timestamp()}"
    cached = cache.get(key)
    if cached is None:
        with boundary.file.open("rb") as fh:
            data = json.loads(fh.read().decode("utf-8"))
        features = [
            (
                str(f["properties"][boundary.code_property]),
                str(f["properties"].get(boundary.name_property, "")),
                f["geometry"],
            )
            for f in data["features"]
        ]
        cached = project(features)
        cache.set(key, cached, 24 * 3600)
    shapes, height = cached
    return [Shape(**vars(s)) for s in shapes], height


def _short(name: str) -> str:
    for prefix in ("Huyện ", "Thành phố ", "Thị xã ", "Xã ", "Phường ", "Thị trấn "):
        if name.startswith(prefix):
            return (
                name[len(prefix) :]
                if prefix != "Thành phố "
                else "TP " + name[len(prefix) :]
            )
    return name


LABEL_PX = 13 * 0.62  # .lbl is 13px bold; a generous average glyph width


def _keep_label_inside(shape: Shape, height: int) -> None:
    """A unit on the edge ("Than Uyên") keeps its whole name inside the drawing."""
    half = len(shape.short) * LABEL_PX / 2 + 2
    shape.label_x = round(min(max(shape.label_x, half), WIDTH - half), 1)
    shape.label_y = round(min(max(shape.label_y, 14), height - 4), 1)


def colour(shapes: list[Shape], layer: dict | None) -> list[dict]:
    """Fill each shape by its value's class (5 classes, equal intervals); darker is
    better, so layers where lower is better (ranks) are reversed. Returns the legend."""
    if not layer:
        return []
    values = layer.get("values", {})
    nums = [v["value"] for v in values.values() if v.get("value") is not None]
    for shape in shapes:
        shape.value_display = values.get(shape.code, {}).get("display", "")
    if not nums:
        return []
    lo, hi = min(nums), max(nums)
    classes = len(PALETTE) if hi > lo else 1
    step = (hi - lo) / classes if hi > lo else 1

    def cls(v: float) -> int:
        i = min(int((v - lo) / step), classes - 1) if hi > lo else 0
        return i if layer.get("higher_is_better", True) else classes - 1 - i

    if layer.get("yes_no"):
        return _colour_yes_no(shapes, values)
    for shape in shapes:
        v = values.get(shape.code, {}).get("value")
        if v is not None:
            shape.fill = PALETTE[cls(v)] if classes > 1 else PALETTE[-1]
            shape.ink = "#ffffff" if shape.fill in PALETTE[3:] else "#1a1a1a"
    legend = []
    for i in range(classes):
        a, b = lo + i * step, (lo + (i + 1) * step if hi > lo else hi)
        idx = i if layer.get("higher_is_better", True) else classes - 1 - i
        legend.append(
            {
                "colour": PALETTE[idx] if classes > 1 else PALETTE[-1],
                "label": formats.with_unit(
                    f"{formats.number(a, 2)} – {formats.number(b, 2)}",
                    layer.get("unit", ""),
                ),
            }
        )
    if any(s.fill == NO_DATA for s in shapes):
        legend.append({"colour": NO_DATA, "label": _("Không có số liệu")})
    return legend


def _colour_yes_no(shapes: list[Shape], values: dict) -> list[dict]:
    """A yes/no indicator has two classes, not a numeric scale."""
    for shape in shapes:
        v = values.get(shape.code, {}).get("value")
        if v is not None:
            shape.fill = PALETTE[-1] if v else PALETTE[1]
            shape.ink = "#ffffff" if v else "#1a1a1a"
    legend = [
        {"colour": PALETTE[-1], "label": _("Đạt")},
        {"colour": PALETTE[1], "label": _("Chưa đạt")},
    ]
    if any(s.fill == NO_DATA for s in shapes):
        legend.append({"colour": NO_DATA, "label": _("Không có số liệu")})
    return legend


COLUMNS = 6
TILE_W = (WIDTH - (COLUMNS + 1) * 6) / COLUMNS


def schematic(
    units: list[tuple[str, str]], columns: int = COLUMNS
) -> tuple[list[Shape], int]:
    """Units without polygons as a grid of labelled tiles (not geography)."""
    tile_w, tile_h, gap = TILE_W, 44, 6
    shapes = []
    for i, (code, name) in enumerate(units):
        row, col = divmod(i, columns)
        x, y = gap + col * (tile_w + gap), gap + row * (tile_h + gap)
        shapes.append(
            Shape(
                code,
                name,
                x=round(x, 1),
                y=round(y, 1),
                label_x=round(x + tile_w / 2, 1),
                label_y=round(y + tile_h / 2 + 4, 1),
            )
        )
    rows = math.ceil(len(units) / columns)
    return shapes, int(gap + rows * (tile_h + gap))


def map_view(year: int, layer_key: str | None, layers: list[dict]) -> MapView:
    """The map of `year`: polygons if a boundary set is valid then, else a schematic."""
    from thidua.units.selectors import units_on

    day = dt.date(year, 12, 31) if year < 2025 else dt.date(year, 7, 1)
    layer = next(
        (lay for lay in layers if lay["key"] == layer_key),
        layers[0] if layers else None,
    )
    boundary = BoundarySet.objects.valid_on(day).order_by("-valid_from").first()
    if boundary is not None:
        shapes, height = _boundary_shapes(boundary)
        kind = "polygons"
        # the note's first paragraph is the attribution; the rest (how the file
        # was made) stays in the admin
        source = boundary.source_note.split("\n\n", 1)[0] or boundary.name
    else:
        from thidua.units.models import OrgUnit

        units = units_on(day).filter(kind__in=OrgUnit.COMMUNE_LEVEL).order_by("name")
        shapes, height = schematic([(u.code, u.name) for u in units])
        kind = "schematic" if shapes else "empty"
        source = ""
    for shape in shapes:
        shape.name = shape.name or shape.code
    legend = colour(shapes, layer)
    for shape in shapes:
        shape.short = _short(shape.name)
        if kind == "polygons":
            _keep_label_inside(shape, height)
    return MapView(kind, WIDTH, height, shapes, legend, layer, source, round(TILE_W, 1))
