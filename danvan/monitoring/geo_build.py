"""Build the compact boundary files the monitoring map ships with (danvan/data/geo/).

Usage (from the repository root):

    python -m danvan.monitoring.geo_build /path/to/shared/data/admin-units [--out DIR]

The source folder holds, unchanged from its publisher (see danvan/data/geo/README.md):

    province-geojson/<code>.geojson          the 34 provinces (properties province_code, name)
    commune-geojson/<province_code>.geojson  the communes of one province (properties
                                             commune_code, province_code, name); optional
    LICENSE-vn-units.txt                     the licence of both (MIT)

and this script writes into `--out` (default danvan/data/geo/):

    provinces.json              the 34 provinces, simplified for the national map
    communes/<code>.json        the communes of each province, simplified for the province map
    LICENSE-vn-units.txt        the licence, copied
    README.md                   provenance, parameters and figures of this build

Simplification is Douglas–Peucker on the *arcs* of a layer, not on each polygon: a border two
units share is cut at the points where three units meet (junctions) and simplified once, so
both neighbours get the same line and no gap or overlap opens between them. Tiny islets are
dropped only when they lie near the rest of their unit (the rocks of Hạ Long Bay at national
scale); remote islands (Hoàng Sa, Trường Sa, Bạch Long Vĩ, Cồn Cỏ) are always kept.

Files use a compact JSON format (`danvan-geo/1`): coordinates are integers in 1e-4 degree,
each ring a flat list `[x0, y0, dx1, dy1, ...]` (first point absolute, then deltas; the
closing point is implied). `danvan.monitoring.geo` reads them. Standard library only.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import re
import shutil
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMAT = "danvan-geo/1"
SCALE = 10_000  # 1e-4 degree: about 11 m, well under a pixel of any map we draw
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "data" / "geo"
# Tolerances in degrees of latitude (1e-3 degree = about 111 m).
PROVINCE_TOLERANCE = 0.006
COMMUNE_TOLERANCE = 0.0009
# An islet that shares no border and is smaller than ISLET_AREA_FACTOR * tolerance² is dropped
# when it lies within REMOTE_DEGREES of the unit's largest ring (it would be a speck).
ISLET_AREA_FACTOR = 4.0
REMOTE_DEGREES = 0.5
LICENCE_FILES = ("LICENSE-vn-units.txt",)

Point = tuple[int, int]


class BuildError(Exception):
    pass


@dataclass
class Unit:
    code: str
    name: str
    # polygons -> rings (first exterior) -> points, closing point not repeated
    polygons: list[list[list[Point]]]
    parent_code: str = ""


@dataclass
class LayerStats:
    units: int = 0
    points_in: int = 0
    points_out: int = 0
    rings_dropped: int = 0
    extra: dict[str, int] = field(default_factory=dict)


# --- Reading ----------------------------------------------------------------------------------


def _ring(coords: Sequence[Sequence[float]]) -> list[Point]:
    ring: list[Point] = []
    for lon, lat, *_rest in coords:
        point = (round(lon * SCALE), round(lat * SCALE))
        if not ring or ring[-1] != point:
            ring.append(point)
    if len(ring) > 1 and ring[0] == ring[-1]:
        ring.pop()
    return ring


def _polygons(geometry: dict[str, Any]) -> list[list[list[Point]]]:
    kind = geometry.get("type")
    coords: Any = geometry.get("coordinates")
    if kind == "Polygon":
        raw = [coords]
    elif kind == "MultiPolygon":
        raw = list(coords)
    else:
        raise BuildError(f"unsupported geometry type {kind!r}")
    out = []
    for polygon in raw:
        rings = [_ring(r) for r in polygon]
        rings = [r for r in rings if len(r) >= 3]
        if rings:
            out.append(rings)
    return out


def read_layer(path: Path, *, code_key: str) -> list[Unit]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("type") != "FeatureCollection":
        raise BuildError(f"{path}: not a GeoJSON FeatureCollection")
    units = []
    for feature in data["features"]:
        props = feature.get("properties") or {}
        code = str(props.get(code_key, "")).strip()
        name = " ".join(str(props.get("name", "")).split())
        if not re.fullmatch(r"\d{2}|\d{5}", code) or not name:
            raise BuildError(f"{path}: feature without a valid {code_key} or name: {props!r}")
        polygons = _polygons(feature["geometry"])
        if not polygons:
            raise BuildError(f"{path}: unit {code} has no polygon")
        units.append(
            Unit(
                code=code, name=name, polygons=polygons, parent_code=props.get("province_code", "")
            )
        )
    return units


# --- Simplification ---------------------------------------------------------------------------


def _dp_keep(
    points: Sequence[Point], tolerance: float, kx: float, *, min_interior: int
) -> list[int]:
    """Indices Douglas–Peucker keeps on an open chain (both ends kept). At least `min_interior`
    interior points (the farthest ones) survive when the chain has them, so a short border
    never collapses to a straight line and a ring never to a segment."""
    n = len(points)
    if n <= 2:
        return list(range(n))
    keep = [False] * n
    keep[0] = keep[-1] = True
    tol2 = tolerance * tolerance
    stack = [(0, n - 1, True)]
    while stack:
        first, last, forced = stack.pop()
        if last - first < 2:
            continue
        ax, ay = points[first][0] * kx, points[first][1]
        bx, by = points[last][0] * kx, points[last][1]
        dx, dy = bx - ax, by - ay
        seg2 = dx * dx + dy * dy
        best, best_i = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i][0] * kx, points[i][1]
            if seg2 == 0:
                d2 = (px - ax) ** 2 + (py - ay) ** 2
            else:
                cross = dx * (py - ay) - dy * (px - ax)
                d2 = cross * cross / seg2
            if d2 > best:
                best, best_i = d2, i
        if best > tol2 or (forced and min_interior > 0):
            keep[best_i] = True
            # Only the first split may be forced: one guaranteed interior point per chain.
            stack.append((first, best_i, False))
            stack.append((best_i, last, False))
    return [i for i in range(n) if keep[i]]


def simplify_chain(
    points: Sequence[Point], tolerance: float, kx: float, *, min_interior: int = 1
) -> list[Point]:
    return [points[i] for i in _dp_keep(points, tolerance, kx, min_interior=min_interior)]


def _farthest_from(points: Sequence[Point], origin: Point, kx: float) -> int:
    ox, oy = origin
    best, best_i = -1.0, 0
    for i, (x, y) in enumerate(points):
        d2 = ((x - ox) * kx) ** 2 + (y - oy) ** 2
        if d2 > best:
            best, best_i = d2, i
    return best_i


def simplify_loop(points: Sequence[Point], tolerance: float, kx: float) -> list[Point]:
    """A closed ring starting at points[0] (not repeated at the end): split at the point
    farthest from the start, simplify both halves; at least 4 points survive when there are."""
    if len(points) <= 4:
        return list(points)
    far = _farthest_from(points, points[0], kx)
    if far == 0:
        return list(points[:1])
    first = simplify_chain(points[: far + 1], tolerance, kx)
    second = simplify_chain([*points[far:], points[0]], tolerance, kx)
    return first[:-1] + second[:-1]


def _canonical_loop(ring: Sequence[Point]) -> tuple[Point, ...]:
    """The same ring whatever its start and direction: start at the smallest point, and take
    the direction whose second point is smaller."""
    start = min(range(len(ring)), key=lambda i: ring[i])
    forward = tuple(ring[start:]) + tuple(ring[:start])
    backward = (forward[0], *reversed(forward[1:]))
    return min(forward, backward)


def _ring_area(ring: Sequence[Point], kx: float) -> float:
    """Absolute area in (scaled degree units)², shoelace."""
    total = 0.0
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i]
        x2, y2 = ring[(i + 1) % n]
        total += x1 * y2 - x2 * y1
    return abs(total) / 2 * kx / (SCALE * SCALE)


def _bbox(points: Iterable[Point]) -> tuple[int, int, int, int]:
    xs, ys = zip(*points, strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def _bbox_gap_degrees(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    dx = max(0, a[0] - b[2], b[0] - a[2]) / SCALE
    dy = max(0, a[1] - b[3], b[1] - a[3]) / SCALE
    return math.hypot(dx, dy)


class LayerSimplifier:
    """Topology-preserving simplification of every ring of one layer."""

    def __init__(self, units: list[Unit], tolerance: float) -> None:
        self.units = units
        self.tolerance = tolerance * SCALE
        lats = [p[1] for u in units for poly in u.polygons for r in poly for p in r]
        mid = (min(lats) + max(lats)) / 2 / SCALE
        self.kx = math.cos(math.radians(mid))
        self.junctions = self._find_junctions()
        self.loop_count: dict[tuple[Point, ...], int] = {}
        for unit in units:
            for polygon in unit.polygons:
                for ring in polygon:
                    if not any(p in self.junctions for p in ring):
                        key = _canonical_loop(ring)
                        self.loop_count[key] = self.loop_count.get(key, 0) + 1
        self.chains: dict[tuple[Point, ...], list[Point]] = {}
        self.loops: dict[tuple[Point, ...], list[Point]] = {}

    def _find_junctions(self) -> set[Point]:
        """Points met with two different pairs of neighbours: where a shared border starts or
        ends, or three units meet."""
        seen: dict[Point, frozenset[Point]] = {}
        junctions: set[Point] = set()
        for unit in self.units:
            for polygon in unit.polygons:
                for ring in polygon:
                    n = len(ring)
                    for i, point in enumerate(ring):
                        pair = frozenset((ring[i - 1], ring[(i + 1) % n]))
                        known = seen.setdefault(point, pair)
                        if known != pair:
                            junctions.add(point)
        return junctions

    def _chain(self, chain: list[Point]) -> list[Point]:
        if chain[0] == chain[-1]:
            # A loop from its only junction back to it: both rings holding it start there.
            forward = tuple(chain) <= tuple(reversed(chain))
            key = tuple(chain if forward else reversed(chain))
            if key not in self.loops:
                self.loops[key] = [*simplify_loop(key[:-1], self.tolerance, self.kx), key[0]]
            loop = self.loops[key]
            return list(loop if forward else reversed(loop))
        forward = chain[0] < chain[-1]
        key = tuple(chain if forward else reversed(chain))
        if key not in self.chains:
            self.chains[key] = simplify_chain(key, self.tolerance, self.kx)
        simple = self.chains[key]
        return list(simple if forward else reversed(simple))

    def ring(self, ring: list[Point]) -> tuple[list[Point], bool]:
        """The simplified ring, and whether it is a free-standing islet (shares nothing)."""
        cuts = [i for i, p in enumerate(ring) if p in self.junctions]
        if not cuts:
            key = _canonical_loop(ring)
            if key not in self.loops:
                self.loops[key] = simplify_loop(key, self.tolerance, self.kx)
            return list(self.loops[key]), self.loop_count.get(key, 0) <= 1
        start = cuts[0]
        rotated = ring[start:] + ring[:start]
        cuts = [i - start for i in cuts]
        out: list[Point] = []
        bounds = [*cuts, len(rotated)]
        for a, b in itertools.pairwise(bounds):
            chain = rotated[a : b + 1] if b < len(rotated) else [*rotated[a:], rotated[0]]
            out.extend(self._chain(chain)[:-1])
        return out, False

    def run(self, stats: LayerStats) -> list[Unit]:
        min_area = ISLET_AREA_FACTOR * (self.tolerance / SCALE) ** 2
        result = []
        for unit in self.units:
            main = max(
                (ring for polygon in unit.polygons for ring in polygon[:1]),
                key=lambda r: _ring_area(r, self.kx),
            )
            main_box = _bbox(main)
            polygons = []
            for polygon in unit.polygons:
                stats.points_in += sum(len(ring) for ring in polygon)
                rings = []
                for index, ring in enumerate(polygon):
                    simple, islet = self.ring(ring)
                    small = _ring_area(ring, self.kx) < min_area
                    near = _bbox_gap_degrees(_bbox(ring), main_box) < REMOTE_DEGREES
                    if ring is not main and islet and small and near:
                        stats.rings_dropped += 1 if index else len(polygon)
                        if index == 0:
                            break  # an exterior ring dropped takes its holes with it
                        continue
                    if len(set(simple)) < 3:
                        simple = simplify_loop(ring, 0, self.kx)[:4]
                    rings.append(simple)
                    stats.points_out += len(simple)
                if rings:
                    polygons.append(rings)
            result.append(
                Unit(
                    code=unit.code, name=unit.name, polygons=polygons, parent_code=unit.parent_code
                )
            )
            stats.units += 1
        return result


# --- Writing ----------------------------------------------------------------------------------


def encode_ring(ring: Sequence[Point]) -> list[int]:
    flat: list[int] = [ring[0][0], ring[0][1]]
    px, py = ring[0]
    for x, y in ring[1:]:
        flat.extend((x - px, y - py))
        px, py = x, y
    return flat


def layer_document(
    units: list[Unit], *, level: str, tolerance: float, source: str
) -> dict[str, Any]:
    points = [p for u in units for poly in u.polygons for r in poly for p in r]
    return {
        "format": FORMAT,
        "level": level,
        "scale": SCALE,
        "tolerance": tolerance,
        "source": source,
        "bbox": list(_bbox(points)),
        "features": [
            {
                "code": u.code,
                "name": u.name,
                "bbox": list(_bbox(p for poly in u.polygons for r in poly for p in r)),
                "polygons": [[encode_ring(r) for r in poly] for poly in u.polygons],
            }
            for u in sorted(units, key=lambda u: u.code)
        ],
    }


def _dump(path: Path, doc: object) -> int:
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    return len(text.encode("utf-8")) + 1


SOURCE = (
    "thanglequoc/vietnamese-provinces-database (MIT), boundaries credited to "
    "sapnhap.bando.com.vn; via ../shared/data/admin-units"
)


def build(
    src: Path,
    out: Path,
    *,
    province_tolerance: float = PROVINCE_TOLERANCE,
    commune_tolerance: float = COMMUNE_TOLERANCE,
    log: bool = True,
) -> Figures:
    """Write the files; returns the figures (also written into README.md)."""
    province_dir = src / "province-geojson"
    if not province_dir.is_dir():
        raise BuildError(f"{province_dir} is missing")
    provinces: list[Unit] = []
    for path in sorted(province_dir.glob("*.geojson")):
        units = read_layer(path, code_key="province_code")
        if len(units) != 1 or units[0].code != path.stem:
            raise BuildError(f"{path}: expected one province with code {path.stem}")
        provinces.extend(units)
    if not provinces:
        raise BuildError(f"{province_dir}: no province file")
    codes = {p.code for p in provinces}

    province_stats = LayerStats()
    simple_provinces = LayerSimplifier(provinces, province_tolerance).run(province_stats)
    if {p.code for p in simple_provinces if p.polygons} != codes:
        raise BuildError("a province lost all its polygons in simplification")

    commune_layers: dict[str, list[Unit]] = {}
    commune_stats = LayerStats()
    commune_dir = src / "commune-geojson"
    if commune_dir.is_dir():
        for path in sorted(commune_dir.glob("*.geojson")):
            if path.stem not in codes:
                raise BuildError(f"{path}: no province with code {path.stem}")
            units = read_layer(path, code_key="commune_code")
            wrong = [u.code for u in units if u.parent_code and u.parent_code != path.stem]
            if wrong:
                raise BuildError(f"{path}: communes of another province: {wrong[:5]}")
            simple = LayerSimplifier(units, commune_tolerance).run(commune_stats)
            lost = [u.code for u in simple if not u.polygons]
            if lost:
                raise BuildError(f"{path}: communes lost in simplification: {lost[:5]}")
            commune_layers[path.stem] = simple

    out.mkdir(parents=True, exist_ok=True)
    communes_out = out / "communes"
    if communes_out.is_dir():
        for old in communes_out.glob("*.json"):
            old.unlink()
    communes_out.mkdir(exist_ok=True)
    sizes = {
        "provinces.json": _dump(
            out / "provinces.json",
            layer_document(
                simple_provinces, level="province", tolerance=province_tolerance, source=SOURCE
            ),
        )
    }
    for code, units in sorted(commune_layers.items()):
        sizes[f"communes/{code}.json"] = _dump(
            communes_out / f"{code}.json",
            layer_document(units, level="commune", tolerance=commune_tolerance, source=SOURCE),
        )
    for name in LICENCE_FILES:
        if not (src / name).is_file():
            raise BuildError(f"{src / name} is missing: the licence must ship with the data")
        shutil.copyfile(src / name, out / name)

    figures = Figures(
        provinces=province_stats.units,
        province_points_in=province_stats.points_in,
        province_points_out=province_stats.points_out,
        province_islets_dropped=province_stats.rings_dropped,
        commune_files=len(commune_layers),
        communes=commune_stats.units,
        commune_points_in=commune_stats.points_in,
        commune_points_out=commune_stats.points_out,
        commune_islets_dropped=commune_stats.rings_dropped,
        province_tolerance=province_tolerance,
        commune_tolerance=commune_tolerance,
        bytes_provinces=sizes["provinces.json"],
        bytes_communes=sum(v for k, v in sizes.items() if k.startswith("communes/")),
    )
    (out / "README.md").write_text(readme(figures), encoding="utf-8")
    if log:
        for key, value in vars(figures).items():
            print(f"{key}: {value}")
    return figures


@dataclass(frozen=True)
class Figures:
    provinces: int
    province_points_in: int
    province_points_out: int
    province_islets_dropped: int
    commune_files: int
    communes: int
    commune_points_in: int
    commune_points_out: int
    commune_islets_dropped: int
    province_tolerance: float
    commune_tolerance: float
    bytes_provinces: int
    bytes_communes: int


def _metres(degrees: float) -> str:
    return f"≈ {degrees * 111_000:.0f} m"


def readme(f: Figures) -> str:
    total = f.bytes_provinces + f.bytes_communes
    rows = [
        "| | provinces | communes |",
        "|---|---|---|",
        f"| Douglas–Peucker tolerance (degrees of latitude) | {f.province_tolerance} "
        f"({_metres(f.province_tolerance)}) | {f.commune_tolerance} "
        f"({_metres(f.commune_tolerance)}) |",
        f"| points in the source | {f.province_points_in:,} | {f.commune_points_in:,} |",
        f"| points kept | {f.province_points_out:,} | {f.commune_points_out:,} |",
        f"| near-shore islets dropped (specks at this scale) | {f.province_islets_dropped:,} "
        f"| {f.commune_islets_dropped:,} |",
        f"| bytes | {f.bytes_provinces:,} | {f.bytes_communes:,} |",
    ]
    table = "\n".join(rows)
    return f"""# Administrative boundaries for the monitoring map

Generated by `python -m danvan.monitoring.geo_build /path/to/shared/data/admin-units`
(`danvan/monitoring/geo_build.py`); never edit these files by hand. Read at run time by
`danvan/monitoring/geo.py`, which projects them and draws the SVG maps of `/nam-tinh-hinh/`:
nothing is fetched from the network. See `docs/map.md`.

| file | what | derived from | licence |
|---|---|---|---|
| `provinces.json` | the {f.provinces} provinces and centrally-run cities in force \
since 1 July 2025 (codes of Quyết định 19/2025/QĐ-TTg) | `province-geojson/<code>.geojson` \
(the union of each province's communes; properties `province_code`, `name`) | MIT, \
`LICENSE-vn-units.txt` |
| `communes/<province code>.json` | the {f.communes:,} communes (xã, phường, đặc khu) of \
{f.commune_files} provinces, one file per province | `commune-geojson/<province code>.geojson` \
(2026-03 snapshot; shared borders exact; matched to the official codes by polygon overlap \
and checked against names) | MIT, `LICENSE-vn-units.txt` |
| `LICENSE-vn-units.txt` | the licence of the boundaries, copied unchanged | | |

The sources are in `../shared/data/admin-units/` (the project's reference data). Their origin:
[thanglequoc/vietnamese-provinces-database](https://github.com/thanglequoc/vietnamese-provinces-database)
(MIT, Copyright (c) 2021 Thang Le Quoc), which credits the boundaries to
[sapnhap.bando.com.vn](https://sapnhap.bando.com.vn). The map pages show the attribution
"Ranh giới hành chính: thanglequoc/vietnamese-provinces-database (giấy phép MIT), theo
sapnhap.bando.com.vn; đơn giản hóa để hiển thị."

## This build

{table}

Total: {total:,} bytes.

How: coordinates rounded to 1e-4 degree (≈ 11 m); each layer cut into arcs at the points
where shared borders start and end; every arc simplified once (Douglas–Peucker, at least one
interior point kept) and given to both neighbours, so shared borders stay shared.
Free-standing islets smaller than {ISLET_AREA_FACTOR:g} × tolerance² lying within
{REMOTE_DEGREES:g}° of their unit's main ring are dropped; remote islands (Hoàng Sa,
Trường Sa, Bạch Long Vĩ, Cồn Cỏ, …) are always kept.

Format `{FORMAT}`: `{{"format", "level", "scale": {SCALE}, "tolerance", "source", "bbox",
"features": [{{"code", "name", "bbox", "polygons": [[ring, ...], ...]}}]}}`; coordinates are
integers in 1/{SCALE} degree (longitude, latitude), a ring is `[x0, y0, dx1, dy1, ...]` (first
point absolute, then differences; the closing point is implied), the first ring of a polygon is
its exterior.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m danvan.monitoring.geo_build", description=__doc__.splitlines()[0]
    )
    parser.add_argument("source", type=Path, help="folder with province-geojson/")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--province-tolerance", type=float, default=PROVINCE_TOLERANCE)
    parser.add_argument("--commune-tolerance", type=float, default=COMMUNE_TOLERANCE)
    args = parser.parse_args(argv)
    try:
        build(
            args.source,
            args.out,
            province_tolerance=args.province_tolerance,
            commune_tolerance=args.commune_tolerance,
        )
    except BuildError as exc:
        print(f"geo_build: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
