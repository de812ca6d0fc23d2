"""Charts of a report's trends as PNG (matplotlib, Agg backend, no display).

DejaVu Sans (shipped inside matplotlib, and by Debian's fonts-dejavu-core) carries every
Vietnamese letter. A trend with few points is drawn as bars, a longer one as lines; numbers on
the axis use the Vietnamese separators. The same trend is drawn once per process (the DOCX and
the PDF of one report share the picture). Without matplotlib installed `chart_png` returns None
and the documents print the trend as a table instead.
"""

from __future__ import annotations

import io
from functools import cache, lru_cache
from typing import Any

from danvan.reports.content import Trend
from danvan.reports.documents.text import number_text

WIDTH_IN = 6.3  # 160 mm: the text width of an A4 page less a little
HEIGHT_IN = 2.9
DPI = 150
BARS_UP_TO = 6  # labels; more points read better as lines
COLOURS = ("#1f4e79", "#c00000", "#548235", "#bf8f00", "#7030a0", "#2e75b6")


@cache
def _matplotlib() -> Any:
    try:
        import matplotlib
    except ImportError:
        return None
    matplotlib.use("Agg", force=True)
    matplotlib.rcParams.update(
        {
            "font.family": "DejaVu Sans",
            "font.size": 8,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    return matplotlib


def charts_available() -> bool:
    return _matplotlib() is not None


def _key(trend: Trend) -> tuple[Any, ...]:
    return (
        trend.title,
        trend.unit,
        tuple(trend.labels),
        tuple((name, tuple(values)) for name, values in trend.series.items()),
    )


def chart_png(trend: Trend) -> bytes | None:
    """The trend as a PNG picture (None without matplotlib or without data)."""
    if not trend.labels or not trend.series or _matplotlib() is None:
        return None
    return _draw(_key(trend))


@lru_cache(maxsize=32)
def _draw(key: tuple[Any, ...]) -> bytes:
    # The object API, not pyplot: no global figure state, so threads of the web server may
    # draw at the same time.
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    _title, unit, labels, series = key
    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    axes = figure.subplots()
    positions = list(range(len(labels)))
    if len(labels) <= BARS_UP_TO:
        width = 0.8 / max(len(series), 1)
        for i, (name, values) in enumerate(series):
            shift = (i - (len(series) - 1) / 2) * width
            axes.bar(
                [p + shift for p in positions],
                list(values),
                width=width,
                label=name,
                color=COLOURS[i % len(COLOURS)],
            )
    else:
        for i, (name, values) in enumerate(series):
            axes.plot(
                positions,
                list(values),
                marker="o",
                markersize=3,
                linewidth=1.5,
                label=name,
                color=COLOURS[i % len(COLOURS)],
            )
    axes.set_xticks(positions)
    rotate = len(labels) > 8 or max((len(str(label)) for label in labels), default=0) > 8
    axes.set_xticklabels(
        [str(label) for label in labels],
        rotation=45 if rotate else 0,
        ha="right" if rotate else "center",
    )
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: number_text(round(v, 1))))
    if min((v for _name, values in series for v in values), default=0) >= 0:
        axes.set_ylim(bottom=0)
    if unit:
        axes.set_ylabel(unit)
    axes.grid(axis="y", linewidth=0.4, alpha=0.6)
    if len(series) > 1:
        # Above the plot, never over the bars or lines.
        axes.legend(
            frameon=False,
            ncols=min(len(series), 3),
            loc="lower left",
            bbox_to_anchor=(0, 1.0),
            borderaxespad=0.3,
        )
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", pad_inches=0.05)
    return buffer.getvalue()
