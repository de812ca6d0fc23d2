"""The boundary build (geo_build) and the run-time map (geo): simplification keeps every unit
and shared borders, the shipped files are complete and small, SVG paths are valid and inside
the viewBox, colour classes follow the counts."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest

from danvan.monitoring import geo, geo_build

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "admin-units"
SHIPPED = geo_build.DEFAULT_OUT

PATH_RE = re.compile(r"^(M-?\d+ -?\d+(l-?\d+[ -]?-?\d+(?:[ -]-?\d+[ -]?-?\d+)*|h\d+v\d+h-\d+)?z)+$")


def _square(x0: float, y0: float, size: float, steps: int = 20) -> list[list[float]]:
    """A square ring with `steps` points per side (wiggle-free), closed."""
    pts: list[list[float]] = []
    corners = [(x0, y0), (x0 + size, y0), (x0 + size, y0 + size), (x0, y0 + size)]
    for (ax, ay), (bx, by) in zip(corners, [*corners[1:], corners[0]], strict=True):
        for i in range(steps):
            t = i / steps
            pts.append([round(ax + (bx - ax) * t, 4), round(ay + (by - ay) * t, 4)])
    pts.append(pts[0])
    return pts


def _wiggly_band(x0: float, x1: float, y: float, amp: float, n: int) -> list[list[float]]:
    return [
        [round(x0 + (x1 - x0) * i / n, 4), round(y + (amp if i % 2 else 0), 4)]
        for i in range(n + 1)
    ]


def _feature(props: dict[str, str], ring: list[list[float]]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def _write(path: Path, features: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")


@pytest.fixture
def tiny_source(tmp_path: Path) -> Path:
    """Two provinces sharing a long wiggly border, one of them with two communes; a licence."""
    src = tmp_path / "src"
    border = _wiggly_band(106.0, 107.0, 16.0, 0.0003, 200)  # west -> east, shared
    north = [[106.0, 16.5], [107.0, 16.5], *reversed(border), [106.0, 16.5]]
    south = [*border, [107.0, 15.5], [106.0, 15.5], border[0]]
    _write(
        src / "province-geojson" / "44.geojson",
        [_feature({"province_code": "44", "name": "Tỉnh Bắc"}, north)],
    )
    _write(
        src / "province-geojson" / "46.geojson",
        [_feature({"province_code": "46", "name": "Tỉnh Nam"}, south)],
    )
    _write(
        src / "commune-geojson" / "44.geojson",
        [
            _feature(
                {"commune_code": "00001", "province_code": "44", "name": "Xã Tây"},
                _square(106.0, 16.0, 0.5),
            ),
            _feature(
                {"commune_code": "00002", "province_code": "44", "name": "Xã Đông"},
                _square(106.5, 16.0, 0.5),
            ),
        ],
    )
    (src / "LICENSE-vn-units.txt").write_text("MIT License\n", "utf-8")
    return src


def _rings(doc: dict[str, Any], code: str) -> list[list[tuple[int, int]]]:
    for feature in doc["features"]:
        if feature["code"] == code:
            out = []
            for polygon in feature["polygons"]:
                for flat in polygon:
                    ring = geo._decode_ring(flat, 1)
                    out.append([(int(x), int(y)) for x, y in ring])
            return out
    raise AssertionError(code)


def test_build_keeps_units_and_shared_borders(tiny_source: Path, tmp_path: Path) -> None:
    out = tmp_path / "geo"
    figures = geo_build.build(tiny_source, out, province_tolerance=0.01, log=False)

    doc = json.loads((out / "provinces.json").read_text("utf-8"))
    assert doc["format"] == geo_build.FORMAT
    assert [f["code"] for f in doc["features"]] == ["44", "46"]
    assert figures.province_points_out < figures.province_points_in  # the wiggles went
    # The border both provinces share is one line: the points of the north province on
    # latitude ~16.0 are exactly those of the south province there.
    north = {p for ring in _rings(doc, "44") for p in ring if p[1] < 160_010}
    south = {p for ring in _rings(doc, "46") for p in ring if p[1] > 159_990}
    assert north == south
    assert len(north) >= 2
    communes = json.loads((out / "communes" / "44.json").read_text("utf-8"))
    assert {f["code"] for f in communes["features"]} == {"00001", "00002"}
    assert (out / "LICENSE-vn-units.txt").read_text("utf-8") == "MIT License\n"
    readme = (out / "README.md").read_text("utf-8")
    assert "thanglequoc/vietnamese-provinces-database" in readme
    assert "Douglas–Peucker" in readme


def test_build_refuses_a_source_without_licence(tiny_source: Path, tmp_path: Path) -> None:
    (tiny_source / "LICENSE-vn-units.txt").unlink()
    with pytest.raises(geo_build.BuildError, match="licence"):
        geo_build.build(tiny_source, tmp_path / "geo", log=False)


def test_build_refuses_commune_file_of_unknown_province(tiny_source: Path, tmp_path: Path) -> None:
    (tiny_source / "commune-geojson" / "44.geojson").rename(
        tiny_source / "commune-geojson" / "99.geojson"
    )
    with pytest.raises(geo_build.BuildError, match="99"):
        geo_build.build(tiny_source, tmp_path / "geo", log=False)


def test_douglas_peucker_keeps_ends_and_corners_drops_collinear_points() -> None:
    line = [(0, 0), (1, 0), (2, 0), (3, 0), (4, 0), (4, 4), (4, 8)]
    assert geo_build.simplify_chain(line, 0.5, 1.0, min_interior=0) == [(0, 0), (4, 0), (4, 8)]
    # A straight chain keeps one interior point, so a ring never collapses to a segment.
    assert len(geo_build.simplify_chain([(0, 0), (1, 0), (2, 0)], 5, 1.0)) == 3


def test_simplified_loop_keeps_at_least_four_points() -> None:
    ring = [(0, 0), (10, 0), (20, 0), (20, 10), (20, 20), (10, 20), (0, 20), (0, 10)]
    loop = geo_build.simplify_loop(ring, 1_000, 1.0)
    assert len(set(loop)) >= 4


@pytest.mark.skipif(not (SHARED / "province-geojson").is_dir(), reason="no shared data")
def test_build_from_the_real_sources_keeps_every_province(tmp_path: Path) -> None:
    figures = geo_build.build(SHARED, tmp_path / "geo", log=False)
    doc = json.loads((tmp_path / "geo" / "provinces.json").read_text("utf-8"))
    sources = sorted(p.stem for p in (SHARED / "province-geojson").glob("*.geojson"))
    assert [f["code"] for f in doc["features"]] == sources
    assert all(f["polygons"] for f in doc["features"])
    assert figures.communes == 3321
    assert figures.province_points_out < figures.province_points_in / 2


def test_shipped_files_are_complete_and_small() -> None:
    layer = geo.provinces_layer()
    assert layer is not None
    assert len(layer.features) == 34
    assert all(re.fullmatch(r"\d{2}", f.code) and f.name for f in layer.features)
    # Vietnam, Hoàng Sa and Trường Sa included: 102..118 E, 6..24 N.
    west, south, east, north = layer.bbox
    assert 102 < west < 103 and 117 < east < 118.5 and 6 < south < 8 and 23 < north < 24
    for feature in layer.features:
        fw, fs, fe, fn = feature.bbox
        assert west <= fw <= fe <= east and south <= fs <= fn <= north
    total = (SHIPPED / "provinces.json").stat().st_size
    for feature in layer.features:
        communes = geo.communes_layer(feature.code)
        assert communes is not None, feature.code
        assert all(re.fullmatch(r"\d{5}", c.code) for c in communes.features)
        total += (SHIPPED / "communes" / f"{feature.code}.json").stat().st_size
    assert total < 3_000_000
    assert (SHIPPED / "LICENSE-vn-units.txt").is_file()
    assert (SHIPPED / "README.md").is_file()


def test_the_archipelagos_are_on_the_national_map() -> None:
    layer = geo.provinces_layer()
    assert layer is not None
    da_nang, khanh_hoa = layer.get("48"), layer.get("56")
    assert da_nang is not None and khanh_hoa is not None
    assert any(ring[0][0] > 111 for poly in da_nang.polygons for ring in poly)  # Hoàng Sa
    assert any(ring[0][0] > 113 for poly in khanh_hoa.polygons for ring in poly)  # Trường Sa


def _absolute_points(d: str) -> list[tuple[int, int]]:
    points: list[tuple[int, int]] = []
    for sub in re.findall(r"M[^M]*", d):
        start = re.match(r"M(-?\d+) (-?\d+)", sub)
        assert start is not None
        x, y = int(start[1]), int(start[2])
        points.append((x, y))
        rest = sub[start.end() :]
        if rest.startswith("h"):  # a speck: a one-unit square
            points.append((x + geo.UNIT, y + geo.UNIT))
            continue
        numbers = [int(v) for v in re.findall(r"-?\d+", rest)]
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x, y))
    return points


@pytest.mark.parametrize("code", [None, "44", "56", "01"])
def test_svg_paths_are_valid_and_inside_the_view_box(code: str | None) -> None:
    svg = geo.svg_map(code)
    assert svg is not None
    assert svg.view_box == f"0 0 {svg.width} {svg.height}"
    layer = geo.provinces_layer() if code is None else geo.communes_layer(code)
    assert layer is not None
    assert sorted(s.code for s in svg.shapes) == sorted(layer.codes())
    for shape in svg.shapes:
        assert PATH_RE.match(shape.d), (shape.code, shape.d[:80])
        for x, y in _absolute_points(shape.d):
            assert 0 <= x <= svg.width and 0 <= y <= svg.height, (shape.code, x, y)


def test_projection_keeps_north_up_and_east_right() -> None:
    projection, width, height = geo.fit((105.0, 10.0, 107.0, 12.0), width=1000, max_height=5000)
    west_x, _y = projection(105.0, 11.0)
    east_x, _y = projection(107.0, 11.0)
    _x, north_y = projection(106.0, 12.0)
    _x, south_y = projection(106.0, 10.0)
    assert west_x < east_x and north_y < south_y
    assert east_x - west_x == pytest.approx(1000, abs=1)
    # Longitudes shrink by cos(latitude): the box is taller than wide.
    assert height > width


def test_far_away_unit_is_drawn_in_an_inset() -> None:
    svg = geo.svg_map("56")  # Khánh Hòa: the đặc khu Trường Sa is ~5° offshore
    assert svg is not None
    assert len(svg.insets) == 1
    inset = svg.insets[0]
    assert "Trường Sa" in inset.label
    shape = next(s for s in svg.shapes if s.code in inset.codes)
    for x, y in _absolute_points(shape.d):
        assert inset.x <= x <= inset.x + inset.width and inset.y <= y <= inset.y + inset.height


def test_unknown_or_malformed_province_has_no_commune_map() -> None:
    assert geo.svg_map("99") is None
    assert geo.communes_layer("../44") is None
    assert not geo.has_commune_geometry("4")


def test_color_classes_follow_the_counts() -> None:
    values = [0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55]
    classes = geo.color_classes(values)
    assert classes[0].index == 0 and classes[0].color == geo.ZERO_COLOR
    assert 2 <= len(classes) <= 6
    ordered = [geo.class_of(v, classes).index for v in sorted(values)]
    assert ordered == sorted(ordered)  # never lighter for a larger count
    assert geo.class_of(0, classes).index == 0
    assert geo.class_of(55, classes).index == len(classes) - 1
    # Upper bounds cover every count, contiguous from 1.
    assert classes[1].low == 1
    for a, b in itertools.pairwise(classes[1:]):
        assert b.low == (a.high or 0) + 1


def test_few_distinct_counts_get_a_class_each_spanning_the_palette() -> None:
    classes = geo.color_classes([0, 2, 7, 7], "alerts")
    assert [c.text for c in classes] == ["0", "1–2", "3–7"]
    assert classes[-1].color == geo.PALETTES["alerts"][-1]
    assert classes[1].color == geo.PALETTES["alerts"][0]
    assert geo.color_classes([0, 0]) == [geo.ColorClass(0, 0, 0, geo.ZERO_COLOR)]
