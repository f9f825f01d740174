"""The team's weekly on-time rate as a small PNG line chart, drawn with matplotlib's Agg.

matplotlib is imported only when a chart is drawn. Without it `trend_png` returns None and the
digest goes out without its picture; the same trend is in the digest's text as a sparkline.
The object API (Figure + FigureCanvasAgg) is used, not pyplot: no global state, so charts may be
drawn on the sender's threads at once.
"""

from __future__ import annotations

import io
import logging
import math
from collections.abc import Sequence

log = logging.getLogger(__name__)

INK = "#1d3b53"  # the app's colour (manifest.json)
WIDTH, HEIGHT, DPI = 6.4, 2.4, 100  # inches and dots per inch: 640 x 240 pixels


def trend_png(
    labels: Sequence[str], rates: Sequence[float | None], title: str, lang: str
) -> bytes | None:
    """A line chart of `rates` (in [0, 1], None for a week with nothing judged) under `labels`,
    as PNG bytes; None when matplotlib is not installed."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        log.info("matplotlib is not installed: the digest goes out without its chart")
        return None
    try:
        figure = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI)
        axes = figure.add_subplot()
        xs = list(range(len(rates)))
        ys = [math.nan if r is None else 100 * r for r in rates]
        known = [(x, y) for x, y in zip(xs, ys, strict=True) if not math.isnan(y)]
        if len(known) > 1:  # across weeks with nothing to measure: a faint dotted line
            axes.plot(*zip(*known, strict=True), color=INK, linewidth=1, linestyle=":", alpha=0.5)
        axes.plot(xs, ys, color=INK, linewidth=2, marker="o", markersize=5)
        for x, y in zip(xs, ys, strict=True):
            if not math.isnan(y):
                axes.annotate(
                    f"{round(y)}",
                    (x, y),
                    textcoords="offset points",
                    xytext=(0, 7),
                    ha="center",
                    fontsize=8,
                    color=INK,
                )
        sign = "%" if lang == "en" else "\u00a0%"
        axes.set_ylim(0, 115)
        axes.set_yticks([0, 50, 100], [f"0{sign}", f"50{sign}", f"100{sign}"], fontsize=8)
        axes.set_xlim(-0.5, len(rates) - 0.5)
        axes.set_xticks(xs, list(labels), fontsize=8)
        axes.set_title(title, fontsize=10, loc="left", color=INK)
        axes.grid(axis="y", alpha=0.3)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        # fixed margins: tight_layout's measuring pass took two thirds of the drawing time
        figure.subplots_adjust(left=0.09, right=0.98, top=0.86, bottom=0.13)
        out = io.BytesIO()
        FigureCanvasAgg(figure).print_png(out)
    except Exception:  # a picture must never cost the digest its text: log it and go on without
        log.exception("drawing the trend chart failed; the digest goes out without it")
        return None
    return out.getvalue()
