"""The boundaries of the monitoring map, read from `danvan/data/geo/` (built by `geo_build`),
projected and turned into SVG path strings on the server: nothing is fetched from the network.

- `provinces_layer()` / `communes_layer(code)`: the decoded boundaries (cached per process).
- `svg_map(province_code=None)`: the national map (34 provinces) or a province's communes, fitted
  to a viewBox; units far from the rest (the đặc khu Hoàng Sa and Trường Sa on their province's
  map) are drawn in inset boxes beside it. Cached per process.
- `color_classes(values)` and `choropleth(...)`: the legend classes and the coloured shapes a
  template draws.

Projection: equirectangular, longitudes scaled by cos(latitude at the middle of the map), north
up. SVG coordinates are integers in tenths of a pixel (`UNIT`), paths use relative moves, so a
page carries ~5 bytes per point.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

GEO_DIR = Path(__file__).resolve().parent.parent / "data" / "geo"
FORMAT = "danvan-geo/1"
UNIT = 10  # SVG units per pixel
NATIONAL_WIDTH = 560  # px
PROVINCE_WIDTH = 720  # px
MAX_HEIGHT = 760  # px
PAD = 8  # px
# A unit whose centre is this far (degrees) from the median centre of its layer is an outlier
# drawn in an inset (only on province maps: Hoàng Sa, Trường Sa).
OUTLIER_DEGREES = 3.0
INSET_SHARE = 0.3  # inset column width, as a share of the main map's width

LonLat = tuple[float, float]
Ring = tuple[LonLat, ...]
BBox = tuple[float, float, float, float]

_PROVINCE_CODE = re.compile(r"\d{2}")

# Where the archipelagos are, for their labels on the national map (lon, lat).
ARCHIPELAGOS: tuple[tuple[str, LonLat], ...] = (
    ("hoang_sa", (112.0, 15.6)),
    ("truong_sa", (114.2, 7.9)),
)


@dataclass(frozen=True)
class Feature:
    code: str
    name: str
    bbox: BBox
    polygons: tuple[tuple[Ring, ...], ...]  # rings of each polygon, the exterior first

    @property
    def centre(self) -> LonLat:
        return ((self.bbox[0] + self.bbox[2]) / 2, (self.bbox[1] + self.bbox[3]) / 2)


@dataclass(frozen=True)
class Layer:
    level: str
    bbox: BBox
    features: tuple[Feature, ...]

    def codes(self) -> list[str]:
        return [f.code for f in self.features]

    def get(self, code: str) -> Feature | None:
        for feature in self.features:
            if feature.code == code:
                return feature
        return None


# --- Reading ----------------------------------------------------------------------------------


def _decode_ring(flat: Sequence[int], scale: int) -> Ring:
    if len(flat) < 2 or len(flat) % 2:
        raise ValueError("a ring needs an even number of integers")
    x, y = flat[0], flat[1]
    points = [(x / scale, y / scale)]
    for i in range(2, len(flat), 2):
        x += flat[i]
        y += flat[i + 1]
        points.append((x / scale, y / scale))
    return tuple(points)


def _read_layer(path: Path) -> Layer:
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise ValueError(f"{path}: not a {FORMAT} file")
    scale = int(data["scale"])
    features = []
    for row in data["features"]:
        bbox = tuple(v / scale for v in row["bbox"])
        polygons = tuple(
            tuple(_decode_ring(ring, scale) for ring in polygon) for polygon in row["polygons"]
        )
        features.append(
            Feature(code=str(row["code"]), name=str(row["name"]), bbox=bbox, polygons=polygons)
        )
    bbox = tuple(v / scale for v in data["bbox"])
    return Layer(level=str(data["level"]), bbox=bbox, features=tuple(features))


@lru_cache(maxsize=1)
def provinces_layer() -> Layer | None:
    """The 34 provinces, or None when the data was not built."""
    path = GEO_DIR / "provinces.json"
    return _read_layer(path) if path.is_file() else None


def _commune_path(province_code: str) -> Path | None:
    if not _PROVINCE_CODE.fullmatch(province_code or ""):
        return None
    path = GEO_DIR / "communes" / f"{province_code}.json"
    return path if path.is_file() else None


def has_commune_geometry(province_code: str) -> bool:
    return _commune_path(province_code) is not None


@lru_cache(maxsize=40)
def communes_layer(province_code: str) -> Layer | None:
    """The communes of one province, or None when there is no geometry for it."""
    path = _commune_path(province_code)
    return _read_layer(path) if path is not None else None


def geo_cache_clear() -> None:
    """Forget everything read and drawn (after a rebuild, or in tests)."""
    provinces_layer.cache_clear()
    communes_layer.cache_clear()
    svg_map.cache_clear()


# --- Projection -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Projection:
    """lon/lat -> SVG units: x = ox + (lon - lon0)·k·s, y = oy + (lat0 - lat)·s."""

    lon0: float
    lat0: float
    k: float
    scale: float  # SVG units per degree of latitude
    ox: float = 0.0
    oy: float = 0.0

    def __call__(self, lon: float, lat: float) -> tuple[int, int]:
        return (
            round(self.ox + (lon - self.lon0) * self.k * self.scale),
            round(self.oy + (self.lat0 - lat) * self.scale),
        )


def fit(
    bbox: BBox, *, width: float, max_height: float, ox: float = 0, oy: float = 0
) -> tuple[Projection, float, float]:
    """The projection placing `bbox` in a box `width` wide (SVG units), at most `max_height`
    high, centred; returns it with the box's width and height."""
    min_lon, min_lat, max_lon, max_lat = bbox
    k = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = max((max_lon - min_lon) * k, 1e-6)
    span_y = max(max_lat - min_lat, 1e-6)
    scale = min(width / span_x, max_height / span_y)
    used_w, used_h = span_x * scale, span_y * scale
    projection = Projection(
        lon0=min_lon,
        lat0=max_lat,
        k=k,
        scale=scale,
        ox=ox + (width - used_w) / 2,
        oy=oy,
    )
    return projection, width, used_h


def ring_path(ring: Ring, projection: Projection) -> str:
    """One closed SVG subpath in relative moves; points equal after rounding are dropped."""
    points: list[tuple[int, int]] = []
    for lon, lat in ring:
        point = projection(lon, lat)
        if not points or points[-1] != point:
            points.append(point)
    if len(points) > 1 and points[-1] == points[0]:
        points.pop()
    x, y = points[0]
    parts = [f"M{x} {y}"]
    if len(points) == 1:
        # A speck (an islet far from anything): keep it visible as a one-unit square.
        return f"M{x} {y}h{UNIT}v{UNIT}h-{UNIT}z"
    steps = []
    for px, py in points[1:]:
        steps.append(f"{px - x} {py - y}")
        x, y = px, py
    parts.append("l" + " ".join(steps).replace(" -", "-"))
    return "".join(parts) + "z"


def feature_path(feature: Feature, projection: Projection) -> str:
    return "".join(ring_path(ring, projection) for polygon in feature.polygons for ring in polygon)


# --- Maps -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    d: str
    cx: int  # the centre of the unit's box, for a label or a marker
    cy: int


@dataclass(frozen=True)
class Inset:
    x: int
    y: int
    width: int
    height: int
    codes: tuple[str, ...]
    label: str


@dataclass(frozen=True)
class Label:
    key: str
    x: int
    y: int


@dataclass(frozen=True)
class SvgMap:
    level: str
    width: int  # SVG units
    height: int
    shapes: tuple[Shape, ...]
    insets: tuple[Inset, ...] = ()
    labels: tuple[Label, ...] = ()

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def aspect(self) -> str:
        """Width / height, for CSS `aspect-ratio`."""
        return f"{self.width} / {self.height}"


def _outliers(layer: Layer) -> set[str]:
    if len(layer.features) < 3:
        return set()
    xs = sorted(f.centre[0] for f in layer.features)
    ys = sorted(f.centre[1] for f in layer.features)
    mx, my = xs[len(xs) // 2], ys[len(ys) // 2]
    return {
        f.code
        for f in layer.features
        if math.hypot(f.centre[0] - mx, f.centre[1] - my) > OUTLIER_DEGREES
    }


def _union(boxes: Sequence[BBox]) -> BBox:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _shape(feature: Feature, projection: Projection) -> Shape:
    cx, cy = projection(*feature.centre)
    return Shape(feature.code, feature.name, feature_path(feature, projection), cx, cy)


def _layout(layer: Layer, *, width_px: int, insets: bool) -> SvgMap:
    pad = PAD * UNIT
    outliers = _outliers(layer) if insets else set()
    main = [f for f in layer.features if f.code not in outliers]
    side = [f for f in layer.features if f.code in outliers]
    total_w = width_px * UNIT
    main_w = (total_w - 2 * pad) / (1 + INSET_SHARE) if side else total_w - 2 * pad
    projection, _w, main_h = fit(
        _union([f.bbox for f in main]),
        width=main_w,
        max_height=MAX_HEIGHT * UNIT - 2 * pad,
        ox=pad,
        oy=pad,
    )
    shapes = [_shape(f, projection) for f in main]
    boxes: list[Inset] = []
    if side:
        x0 = pad + main_w + pad
        inset_w = total_w - x0 - pad
        y = pad
        for feature in sorted(side, key=lambda f: -f.centre[1]):
            inner, _iw, inner_h = fit(
                feature.bbox,
                width=inset_w - 2 * pad,
                max_height=max(main_h / 2 - 3 * pad, 20 * UNIT),
                ox=x0 + pad,
                oy=y + pad,
            )
            height = round(inner_h + 2 * pad)
            boxes.append(
                Inset(round(x0), round(y), round(inset_w), height, (feature.code,), feature.name)
            )
            shapes.append(_shape(feature, inner))
            y += height + 4 * pad
        main_h = max(main_h, y - pad)
    labels: list[Label] = []
    if layer.level == "province":
        for key, (lon, lat) in ARCHIPELAGOS:
            if layer.bbox[0] <= lon <= layer.bbox[2] and layer.bbox[1] <= lat <= layer.bbox[3]:
                x, y_ = projection(lon, lat)
                labels.append(Label(key, x, y_))
    return SvgMap(
        level=layer.level,
        width=round(total_w),
        height=round(main_h + 2 * pad),
        shapes=tuple(shapes),
        insets=tuple(boxes),
        labels=tuple(labels),
    )


@lru_cache(maxsize=40)
def svg_map(province_code: str | None = None) -> SvgMap | None:
    """The national map (no code) or the communes of a province; None without geometry."""
    if province_code is None:
        layer = provinces_layer()
        return _layout(layer, width_px=NATIONAL_WIDTH, insets=False) if layer else None
    communes = communes_layer(province_code)
    if communes is None or not communes.features:
        return None
    return _layout(communes, width_px=PROVINCE_WIDTH, insets=True)


def layer_geojson(layer: Layer, properties: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the layer (for the optional tile map), each feature's
    properties taken from `properties[code]` plus its code and name."""
    features = []
    for f in layer.features:
        polygons = [
            [[[round(lon, 4), round(lat, 4)] for lon, lat in (*ring, ring[0])] for ring in polygon]
            for polygon in f.polygons
        ]
        features.append(
            {
                "type": "Feature",
                "properties": {"code": f.code, "name": f.name, **properties.get(f.code, {})},
                "geometry": {"type": "MultiPolygon", "coordinates": polygons},
            }
        )
    return {"type": "FeatureCollection", "features": features}


# --- Colouring --------------------------------------------------------------------------------

# Sequential palettes (ColorBrewer Reds / Oranges, 5 classes); class 0 (none) is light grey.
PALETTES: dict[str, tuple[str, ...]] = {
    "reports": ("#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15"),
    "alerts": ("#feedde", "#fdbe85", "#fd8d3c", "#e6550d", "#a63603"),
}
ZERO_COLOR = "#f1f3f5"
MAX_CLASSES = 5


@dataclass(frozen=True)
class ColorClass:
    index: int  # 0 = none, 1..5 darker and darker
    low: int
    high: int | None  # None: open end (only when there is no count at all above `low`)
    color: str

    @property
    def text(self) -> str:
        if self.index == 0:
            return "0"
        if self.high is None or self.high == self.low:
            return f"{self.low}"
        return f"{self.low}–{self.high}"


def color_classes(values: Sequence[int], measure: str = "reports") -> list[ColorClass]:
    """Classes for a choropleth: 0 on its own, then up to five classes of the positive counts
    cut at their quantiles (each class upper bound is the count at 1/5, 2/5, ... of the sorted
    positive counts; equal bounds merge). With five distinct counts or fewer, each count is a
    class. A larger count never gets a lighter class than a smaller one."""
    palette = PALETTES.get(measure, PALETTES["reports"])
    positives = sorted(v for v in values if v > 0)
    classes = [ColorClass(0, 0, 0, ZERO_COLOR)]
    if not positives:
        return classes
    distinct = sorted(set(positives))
    if len(distinct) <= MAX_CLASSES:
        uppers = distinct
    else:
        n = len(positives)
        uppers = sorted(
            {positives[math.ceil(i * n / MAX_CLASSES) - 1] for i in range(1, MAX_CLASSES + 1)}
        )
    # Spread the classes over the palette so few classes still span light to dark.
    steps = len(uppers)
    low = 1
    for i, high in enumerate(uppers):
        shade = palette[round(i * (len(palette) - 1) / (steps - 1))] if steps > 1 else palette[-1]
        classes.append(ColorClass(i + 1, low, high, shade))
        low = high + 1
    return classes


def class_of(value: int, classes: Sequence[ColorClass]) -> ColorClass:
    if value <= 0:
        return classes[0]
    for cls in classes[1:]:
        if cls.high is None or value <= cls.high:
            return cls
    return classes[-1]


@dataclass(frozen=True)
class ChoroplethShape:
    code: str
    name: str
    d: str
    fill: str
    cls: int
    href: str
    title: str
    value: int


@dataclass(frozen=True)
class Choropleth:
    map: SvgMap
    shapes: tuple[ChoroplethShape, ...]
    classes: tuple[ColorClass, ...]
    measure: str


def choropleth(
    svg: SvgMap,
    *,
    values: Mapping[str, int],
    measure: str,
    href: Callable[[Shape], str],
    title: Callable[[Shape], str],
) -> Choropleth:
    """The map's shapes coloured by `values[code]` (0 when missing)."""
    classes = color_classes([values.get(s.code, 0) for s in svg.shapes], measure)
    shapes = []
    for shape in svg.shapes:
        value = values.get(shape.code, 0)
        cls = class_of(value, classes)
        shapes.append(
            ChoroplethShape(
                code=shape.code,
                name=shape.name,
                d=shape.d,
                fill=cls.color,
                cls=cls.index,
                href=href(shape),
                title=title(shape),
                value=value,
            )
        )
    return Choropleth(map=svg, shapes=tuple(shapes), classes=tuple(classes), measure=measure)
