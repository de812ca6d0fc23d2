"""The monitoring dashboard and map, under /nam-tinh-hinh/ (namespace "monitoring").

- `/nam-tinh-hinh/` (`dashboard`): the figures, the national choropleth (one link per
  province), the ranked provinces, trend charts per topic, the pressing issues.
- `/nam-tinh-hinh/ban-do/<code>/` (`province_map`): the same for one province, with its
  communes' choropleth when their boundaries ship with the product, and always the ranked
  commune table (each commune links to the issue list filtered by area).
- `.../geojson/` (`map_geojson`, `province_geojson`): the boundaries and counts for the
  optional tile map (`settings.DANVAN_MAP_TILE_URL`), which needs Leaflet in the static files.

Everything is drawn on the server as SVG: the pages work without JavaScript and offline.
`?by=alerts` colours by open alerts instead of open issues.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from danvan.monitoring import geo
from danvan.monitoring.selectors import dashboard as selectors
from danvan.monitoring.selectors.dashboard import CommuneCounts, Trends, UnitCount

MEASURES = ("reports", "alerts")
LEAFLET_JS = "vendor/leaflet/leaflet.js"
LEAFLET_CSS = "vendor/leaflet/leaflet.css"
TREND_TOPICS = 5
PRESSING = 10
ISSUES_URL = "/nam-tinh-hinh/van-de/"


def _measure(request: HttpRequest) -> str:
    by = request.GET.get("by", "")
    return by if by in MEASURES else "reports"


def _with_measure(url: str, measure: str) -> str:
    return f"{url}?{urlencode({'by': measure})}" if measure != "reports" else url


def issue_list_url(area_code: str) -> str:
    """The issue list filtered by area (built by the reports pages)."""
    return f"{ISSUES_URL}?{urlencode({'area': area_code})}"


def issue_url(pk: int) -> str:
    try:
        return reverse("monitoring:report", args=[pk])
    except NoReverseMatch:
        return f"{ISSUES_URL}{pk}/"


def _counts_text(name: str, count: UnitCount | None) -> str:
    return _("%(name)s: %(reports)s vấn đề đang mở, %(alerts)s cảnh báo") % {
        "name": name,
        "reports": count.open_reports if count else 0,
        "alerts": count.open_alerts if count else 0,
    }


def _measure_links(request: HttpRequest, measure: str) -> list[dict[str, Any]]:
    labels = {"reports": _("vấn đề đang mở"), "alerts": _("cảnh báo")}
    return [
        {
            "label": labels[m],
            "href": _with_measure(request.path, m) if m != "reports" else request.path,
            "current": m == measure,
        }
        for m in MEASURES
    ]


def _static_exists(name: str) -> bool:
    if finders.find(name):
        return True
    try:
        return bool(staticfiles_storage.exists(name))
    except Exception:  # a storage without a manifest or root configured
        return False


def leaflet_config(geojson_url: str) -> dict[str, str] | None:
    """The optional tile map: only when a tile server is configured AND Leaflet ships in the
    static files (vendored from npm); otherwise the pages stay pure SVG."""
    tile_url = str(getattr(settings, "DANVAN_MAP_TILE_URL", "") or "")
    if not tile_url or not (_static_exists(LEAFLET_JS) and _static_exists(LEAFLET_CSS)):
        return None
    return {
        "tile_url": tile_url,
        "attribution": str(getattr(settings, "DANVAN_MAP_TILE_ATTRIBUTION", "") or ""),
        "geojson_url": geojson_url,
        "js": LEAFLET_JS,
        "css": LEAFLET_CSS,
    }


# --- Trend charts (inline SVG, drawn here) ----------------------------------------------------


@dataclass(frozen=True)
class ChartPoint:
    # Integers: a float would be printed with the locale's decimal comma inside the SVG.
    x: int
    y: int
    title: str


@dataclass(frozen=True)
class ChartLine:
    key: str  # "reports" | "petitions": the CSS class
    label: str
    points: tuple[ChartPoint, ...]
    values: tuple[int, ...]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)


@dataclass(frozen=True)
class ChartTick:
    value: int
    y: int


@dataclass(frozen=True)
class ChartMonth:
    label: str
    x: int


@dataclass(frozen=True)
class LineChart:
    title: str
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    lines: tuple[ChartLine, ...]
    ticks: tuple[ChartTick, ...]
    months: tuple[ChartMonth, ...]
    total: int
    href: str = ""

    @property
    def x_end(self) -> int:
        return self.width - self.right

    @property
    def y_base(self) -> int:
        return self.height - self.bottom

    @property
    def label_y(self) -> int:
        return self.height - 6

    @property
    def tick_x(self) -> int:
        return self.left - 4


CHART_W, CHART_H = 320, 150
CHART_LEFT, CHART_RIGHT, CHART_TOP, CHART_BOTTOM = 34, 18, 10, 24


def _nice_max(value: int) -> int:
    """The top of the y axis: 1, 2, then the next of 4, 5, 10, 20, 25, 50, 100, ..."""
    if value <= 2:
        return max(value, 1)
    magnitude = 1
    while True:
        for factor in (1, 2, 2.5, 4, 5):
            top = factor * magnitude
            if top >= value and float(top).is_integer():
                return int(top)
        magnitude *= 10


def line_chart(
    title: str,
    months: Sequence[Any],
    series: Sequence[tuple[str, str, Sequence[int]]],
    *,
    href: str = "",
) -> LineChart:
    """One small chart: a line per series, y from 0 to a round maximum."""
    n = len(months)
    plot_w = CHART_W - CHART_LEFT - CHART_RIGHT
    plot_h = CHART_H - CHART_TOP - CHART_BOTTOM
    top = _nice_max(max((v for _k, _l, values in series for v in values), default=0))
    step = plot_w / (n - 1) if n > 1 else 0

    def x(i: int) -> int:
        return round(CHART_LEFT + i * step)

    def y(v: int) -> int:
        return round(CHART_TOP + plot_h * (1 - v / top))

    month_labels = [date_format(m, "m/Y") for m in months]
    lines = []
    for key, label, values in series:
        points = tuple(
            ChartPoint(x(i), y(v), f"{month_labels[i]} — {label}: {v}")
            for i, v in enumerate(values)
        )
        lines.append(ChartLine(key, label, points, tuple(values)))
    halves = {top // 2} if top % 2 == 0 else set()
    ticks = tuple(ChartTick(v, y(v)) for v in sorted({0, top, *halves}))
    every = 3 if n > 6 else 1
    month_ticks = tuple(
        ChartMonth(date_format(m, "m/y"), x(i))
        for i, m in enumerate(months)
        if (n - 1 - i) % every == 0
    )
    total = sum(v for _k, _l, values in series for v in values)
    return LineChart(
        title=title,
        width=CHART_W,
        height=CHART_H,
        left=CHART_LEFT,
        right=CHART_RIGHT,
        top=CHART_TOP,
        bottom=CHART_BOTTOM,
        lines=tuple(lines),
        ticks=ticks,
        months=month_ticks,
        total=total,
        href=href,
    )


def trend_charts(trends: Trends, *, topics: int = TREND_TOPICS) -> list[LineChart]:
    """All topics together, then the busiest `topics` topics (small multiples)."""
    reports_label, petitions_label = _("Vấn đề"), _("Đơn thư")
    charts = [
        line_chart(
            _("Tất cả lĩnh vực"),
            trends.months,
            [
                ("reports", reports_label, trends.reports_total),
                ("petitions", petitions_label, trends.petitions_total),
            ],
        )
    ]
    for topic in trends.topics[:topics]:
        charts.append(
            line_chart(
                topic.label,
                trends.months,
                [
                    ("reports", reports_label, topic.reports),
                    ("petitions", petitions_label, topic.petitions),
                ],
            )
        )
    return charts


# --- Pages ------------------------------------------------------------------------------------


def _pressing_rows(reports: Sequence[Any]) -> list[dict[str, Any]]:
    return [{"report": r, "href": issue_url(r.pk)} for r in reports]


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """/nam-tinh-hinh/: the national view of what the user may see."""
    user = request.user
    measure = _measure(request)
    counts = selectors.dashboard_province_counts(user=user)
    svg = geo.svg_map()
    chart = None
    if svg is not None:
        names = {s.code: counts[s.code].name if s.code in counts else s.name for s in svg.shapes}
        chart = geo.choropleth(
            svg,
            values={code: c.value(measure) for code, c in counts.items()},
            measure=measure,
            href=lambda s: _with_measure(
                reverse("monitoring:province_map", args=[s.code]), measure
            ),
            title=lambda s: _counts_text(names[s.code], counts.get(s.code)),
        )
    rows = [
        {
            "count": c,
            "href": _with_measure(reverse("monitoring:province_map", args=[c.code]), measure),
        }
        for c in selectors.ranked(counts.values(), measure)
    ]
    trends = selectors.dashboard_trends(user=user)
    context = {
        "measure": measure,
        "measure_links": _measure_links(request, measure),
        "kpis": selectors.dashboard_kpis(user=user),
        "chart": chart,
        "rows": rows,
        "charts": trend_charts(trends),
        "trend_months": trends.months,
        "pressing": _pressing_rows(selectors.dashboard_pressing(user=user, limit=PRESSING)),
        "leaflet": leaflet_config(_with_measure(reverse("monitoring:map_geojson"), measure)),
    }
    return render(request, "monitoring/dashboard.html", context)


def _province(code: str) -> tuple[str, str]:
    """(code, name) of a province in force today or with a boundary; Http404 otherwise."""
    name = selectors.province_name(code)
    if name is None:
        layer = geo.provinces_layer()
        feature = layer.get(code) if layer is not None and code.isdigit() else None
        if feature is None:
            raise Http404
        name = feature.name
    return code, name


def _commune_rows(counts: CommuneCounts, measure: str) -> list[dict[str, Any]]:
    return [
        {"count": c, "href": issue_list_url(c.code)}
        for c in selectors.ranked(counts.communes.values(), measure)
    ]


@login_required
@require_GET
def province_map(request: HttpRequest, code: str) -> HttpResponse:
    """/nam-tinh-hinh/ban-do/<code>/: one province, its communes."""
    code, name = _province(code)
    user = request.user
    measure = _measure(request)
    territory = selectors.province_territory(code)
    scope: dict[str, Any] = {"user": user, "province_code": code, "territory": territory}
    counts = selectors.dashboard_commune_counts(**scope)
    svg = geo.svg_map(code)
    chart = None
    if svg is not None:
        chart = geo.choropleth(
            svg,
            values={c: n.value(measure) for c, n in counts.communes.items()},
            measure=measure,
            href=lambda s: issue_list_url(s.code),
            title=lambda s: _counts_text(
                counts.communes[s.code].name if s.code in counts.communes else s.name,
                counts.communes.get(s.code),
            ),
        )
    trends = selectors.dashboard_trends(**scope)
    context = {
        "province_code": code,
        "province_name": name,
        "measure": measure,
        "measure_links": _measure_links(request, measure),
        "kpis": selectors.dashboard_kpis(**scope),
        "chart": chart,
        "rows": _commune_rows(counts, measure),
        "unplaced": counts.unplaced,
        "province_issues_url": issue_list_url(code),
        "charts": trend_charts(trends),
        "trend_months": trends.months,
        "pressing": _pressing_rows(selectors.dashboard_pressing(limit=PRESSING, **scope)),
        "back_href": _with_measure(reverse("monitoring:dashboard"), measure),
        "leaflet": leaflet_config(
            _with_measure(reverse("monitoring:province_geojson", args=[code]), measure)
        )
        if svg is not None
        else None,
    }
    return render(request, "monitoring/province_map.html", context)


def _geojson_response(
    layer: geo.Layer, counts: dict[str, UnitCount], measure: str, href: Any
) -> JsonResponse:
    classes = geo.color_classes(
        [counts[f.code].value(measure) if f.code in counts else 0 for f in layer.features],
        measure,
    )
    properties = {}
    for feature in layer.features:
        count = counts.get(feature.code)
        value = count.value(measure) if count else 0
        properties[feature.code] = {
            "open_reports": count.open_reports if count else 0,
            "open_alerts": count.open_alerts if count else 0,
            "fill": geo.class_of(value, classes).color,
            "title": _counts_text(count.name if count else feature.name, count),
            "href": href(feature.code),
        }
    response = JsonResponse(geo.layer_geojson(layer, properties))
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def map_geojson(request: HttpRequest) -> JsonResponse:
    """The provinces as GeoJSON with the user's counts (for the optional tile map)."""
    layer = geo.provinces_layer()
    if layer is None:
        raise Http404
    measure = _measure(request)
    counts = selectors.dashboard_province_counts(user=request.user)
    return _geojson_response(
        layer,
        counts,
        measure,
        lambda code: _with_measure(reverse("monitoring:province_map", args=[code]), measure),
    )


@login_required
@require_GET
def province_geojson(request: HttpRequest, code: str) -> JsonResponse:
    """A province's communes as GeoJSON with the user's counts."""
    code, _name = _province(code)
    layer = geo.communes_layer(code)
    if layer is None:
        raise Http404
    measure = _measure(request)
    counts = selectors.dashboard_commune_counts(user=request.user, province_code=code)
    return _geojson_response(layer, counts.communes, measure, issue_list_url)


urlpatterns: list[URLPattern] = [
    path("nam-tinh-hinh/", dashboard, name="dashboard"),
    path("nam-tinh-hinh/ban-do/geojson/", map_geojson, name="map_geojson"),
    path("nam-tinh-hinh/ban-do/<str:code>/", province_map, name="province_map"),
    path("nam-tinh-hinh/ban-do/<str:code>/geojson/", province_geojson, name="province_geojson"),
]
