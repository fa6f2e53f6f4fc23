"""Charts for the review and the debrief as inline SVG: no external files, no library.

Every chart has rounded ticks with gridlines and its unit, dates ticked by week, the deadline and
target dates marked, and keeps every label inside its canvas (a test measures it). Text is
escaped; sizes are in SVG user units, scaled to the page width by CSS.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from html import escape
from typing import Any

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#7f7f7f")
FATE_COLOURS = {
    "shipped home": "#2ca02c",
    "handed over": "#1f77b4",
    "destroyed": "#ff7f0e",
    "lost": "#d62728",
    "still in the country": "#bbbbbb",
}
CHAR_W = 6.4  # average width of an 11-unit sans-serif character, for laying out labels
FONT = 11
LABELS_MAX = 12  # date labels along an axis


def text_width(text: str, size: int = FONT) -> float:
    return len(text) * CHAR_W * size / FONT


def nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about `ticks` intervals."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    mag: float = 10 ** math.floor(math.log10(raw))  # an int from 1 up, as before
    for m in (1, 2, 2.5, 5, 10):
        if m * mag >= raw:
            return m * mag
    return 10 * mag


def nice_ticks(hi: float, ticks: int = 5, integer: bool = True) -> list[float]:
    """Rounded ticks from 0 to at least `hi` (integers when the values count things)."""
    step = nice_step(max(hi, 1.0 if integer else 0.1), ticks)
    if integer:
        step = max(1.0, math.ceil(step))
    top = math.ceil(max(hi, step) / step - 1e-9) * step
    n = round(top / step)
    return [round(i * step, 6) for i in range(n + 1)]


def tick_label(v: float) -> str:
    if float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,.1f}"


def date_ticks(dates: list[str]) -> tuple[list[int], int]:
    """Indexes of weekly ticks from the first day, and how many weeks apart to label them (at
    most about a dozen labels, so they never run into each other)."""
    weekly = list(range(0, len(dates), 7))
    return weekly, max(1, math.ceil(len(weekly) / LABELS_MAX))


def short_date(iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    return f"{d.day} {d:%b}"


class Canvas:
    """An SVG being built, which keeps every text inside its width and height."""

    def __init__(self, width: int, height: int, title: str) -> None:
        self.width, self.height = width, height
        self.parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
            f'font-family="system-ui, sans-serif">',
        ]

    def text(
        self, x: float, y: float, text: str, anchor: str = "start", size: int = FONT, **attrs: str
    ) -> None:
        w = text_width(text, size)
        left = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
        left = min(max(0.0, left), self.width - w)  # keep it inside the canvas
        extra = "".join(f' {k.replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
        self.parts.append(
            f'<text x="{left:.1f}" y="{min(max(float(size), y), self.height - 2):.1f}" '
            f'font-size="{size}"{extra}>{escape(text)}</text>'
        )

    def add(self, raw: str) -> None:
        self.parts.append(raw)

    def svg(self) -> str:
        return "".join(self.parts) + "</svg>"


def line_chart(
    title: str,
    dates: list[str],
    series: dict[str, list[float]],
    unit: str,
    markers: Sequence[tuple[str, str]] = (),
    width: int = 680,
    height: int = 280,
    integer: bool = True,
) -> str:
    """Lines over time on rounded ticks from zero, with weekly dates and dated markers."""
    left, right, top, bottom = 64, 16, 64, 58
    pw, ph = width - left - right, height - top - bottom
    n = max((len(v) for v in series.values()), default=0)
    hi = max((max(v) for v in series.values() if v), default=0.0)
    ticks = nice_ticks(hi, integer=integer)
    top_v = ticks[-1] or 1.0
    c = Canvas(width, height, title)
    c.text(0, 14, title, font_weight="bold")
    key = "; dashed lines: the camps' target dates, the deadline in red" if markers else ""
    c.text(0, 30, unit + key, size=10, fill="#555")

    def x(i: float) -> float:
        return left + (pw * i / (n - 1) if n > 1 else pw / 2)

    def y(v: float) -> float:
        return top + ph - ph * v / top_v

    for t in ticks:
        c.add(
            f'<line x1="{left}" y1="{y(t):.1f}" x2="{left + pw}" y2="{y(t):.1f}" stroke="#e3e3e3"/>'
        )
        c.text(left - 6, y(t) + 4, tick_label(t), anchor="end")
    c.add(f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" stroke="#888"/>')
    weekly, every = date_ticks(dates)
    for k, i in enumerate(weekly):
        labelled = k % every == 0
        c.add(
            f'<line x1="{x(i):.1f}" y1="{top + ph}" x2="{x(i):.1f}" '
            f'y2="{top + ph + (6 if labelled else 3)}" stroke="#888"/>'
        )
        if labelled:
            c.text(x(i), top + ph + 16, short_date(dates[i]), anchor="middle")
    if dates:
        place_markers(c, markers, {d: x(i) for i, d in enumerate(dates)}, top, top + ph)
    keys = []
    for k, (name, values) in enumerate(series.items()):
        colour = PALETTE[k % len(PALETTE)]
        if values:
            points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
            c.add(
                f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}">'
                f"<title>{escape(name)}: {tick_label(values[-1])} at the end</title></polyline>"
            )
        keys.append((f"{name} ({tick_label(values[-1])} at the end)" if values else name, colour))
    legend(c, keys, height - 22.0)
    return c.svg()


MARKER_ROWS = 3  # rows of marker labels above a chart


def place_markers(
    c: Canvas, markers: Sequence[tuple[str, str]], xs: dict[str, float], top: float, bottom: float
) -> None:
    """Dashed lines at the marked dates (labels of one date joined), each label on the first row
    above the chart where it does not run into another; a label with no room left keeps its line
    and tooltip."""
    by_date: dict[str, list[str]] = {}
    for date, label in markers:
        if date in xs:
            by_date.setdefault(date, []).append(label)
    ends = [-1e9] * MARKER_ROWS
    for date in sorted(by_date, key=lambda d: xs[d]):
        labels = by_date[date]
        deadline = "deadline" in labels
        colour = "#a11" if deadline else "#999"
        text = "deadline" if deadline else ", ".join(labels)
        xi = xs[date]
        c.add(
            f'<line x1="{xi:.1f}" y1="{top}" x2="{xi:.1f}" y2="{bottom}" stroke="{colour}" '
            f'stroke-dasharray="4 3"><title>{escape(", ".join(labels))} {escape(date)}</title></line>'
        )
        w = text_width(text, 9)
        left = min(max(0.0, xi - w / 2), c.width - w)
        row = next((r for r in range(MARKER_ROWS) if left > ends[r] + 4), None)
        if row is None:
            continue
        ends[row] = left + w
        c.text(xi, top - 4 - 9 * row, text, anchor="middle", size=9, fill=colour)


def legend(c: Canvas, keys: list[tuple[str, str]], y: float) -> None:
    """Coloured keys in a row from the left, wrapping onto a new line at the canvas's edge."""
    lx = 0.0
    for label, colour in keys:
        w = 16 + text_width(label) + 14
        if lx + w > c.width:
            lx, y = 0.0, y + 14
        c.add(f'<rect x="{lx:.1f}" y="{y - 9:.1f}" width="10" height="10" fill="{colour}"/>')
        c.text(lx + 14, y, label)
        lx += w


def stacked_bars(title: str, rows: dict[str, dict[str, int]], unit: str, width: int = 680) -> str:
    """One horizontal bar per row, split by fate, each segment counted: what became of everything."""
    left, right, top, bar = 90, 16, 40, 22
    height = top + len(rows) * (bar + 14) + 44
    pw = width - left - right
    c = Canvas(width, height, title)
    c.text(0, 14, title, font_weight="bold")
    c.text(0, 30, unit, size=10, fill="#555")
    for r, (name, fates) in enumerate(rows.items()):
        total = sum(fates.values()) or 1
        y0 = top + r * (bar + 14)
        c.text(0, y0 + 15, name)
        x0 = float(left)
        for fate, n in fates.items():
            w = pw * n / total
            colour = FATE_COLOURS.get(fate, "#999")
            c.add(
                f'<rect x="{x0:.1f}" y="{y0}" width="{w:.1f}" height="{bar}" fill="{colour}">'
                f"<title>{escape(name)} {escape(fate)}: {n:,}</title></rect>"
            )
            label = f"{n:,}"
            if n and text_width(label) + 4 < w:
                c.text(x0 + w / 2, y0 + 15, label, anchor="middle", fill="#fff")
            x0 += w
        c.text(left + pw, y0 + bar + 11, f"total {sum(fates.values()):,}", anchor="end", size=9)
    legend(c, list(FATE_COLOURS.items()), height - 22.0)
    return c.svg()


def risk_chart(risks: list[dict[str, Any]], width: int = 680) -> str:
    """Estimated and true chance of an incident per convoy, labelled by route and date."""
    labels = [f"{r['convoy']} {short_date(r['date'])} {r.get('route', '')}".strip() for r in risks]
    left = min(260, max((int(text_width(t)) for t in labels), default=40) + 8)
    row, top, right = 26, 44, 190  # room for "100% / 100%; 12 incident(s)"
    height = top + row * len(risks) + 30
    pw = width - left - right
    hi = max((max(r["estimated"], r["true"]) for r in risks), default=0.0)
    ticks = nice_ticks(hi * 100, integer=True)
    top_v = ticks[-1] / 100 or 1.0
    c = Canvas(width, height, "Risk estimated against what was true")
    c.text(
        0,
        14,
        "Chance of an incident per convoy: estimated (blue) and true (red)",
        font_weight="bold",
    )
    c.text(0, 30, "per cent chance of an IED or ambush on the way", size=10, fill="#555")
    for t in ticks:
        xt = left + pw * (t / 100) / top_v
        c.add(
            f'<line x1="{xt:.1f}" y1="{top - 4}" x2="{xt:.1f}" y2="{height - 24}" stroke="#e3e3e3"/>'
        )
        c.text(xt, height - 10, f"{tick_label(t)}%", anchor="middle")
    for i, (r, label) in enumerate(zip(risks, labels, strict=True)):
        y0 = top + i * row
        c.text(0, y0 + 14, label[: int((left - 8) / CHAR_W)])
        for k, key in enumerate(("estimated", "true")):
            c.add(
                f'<rect x="{left}" y="{y0 + 10 * k}" width="{pw * r[key] / top_v:.1f}" height="9" '
                f'fill="{PALETTE[k]}"><title>{key} {r[key]:.0%}</title></rect>'
            )
        c.text(
            left + pw + 6,
            y0 + 14,
            f"{r['estimated']:.0%} / {r['true']:.0%}; {int(r['incidents'])} incident(s)",
        )
    return c.svg()


def score_chart(scores: list[tuple[str, float]], width: int = 680) -> str:
    """One bar per trainee (as given, e.g. sorted by score) on a 0-100 scale, with the class mean."""
    left = min(200, max((int(text_width(n)) for n, _ in scores), default=40) + 8)
    row, top, right = 16, 40, 50
    height = top + row * len(scores) + 28
    pw = width - left - right
    c = Canvas(width, height, "Scores of the class")
    c.text(0, 14, "Score per trainee", font_weight="bold")
    c.text(0, 30, "score out of 100; dashed line: class mean", size=10, fill="#555")
    for t in nice_ticks(100):
        xt = left + pw * t / 100
        c.add(
            f'<line x1="{xt:.1f}" y1="{top - 4}" x2="{xt:.1f}" y2="{height - 22}" stroke="#e3e3e3"/>'
        )
        c.text(xt, height - 8, tick_label(t), anchor="middle")
    for i, (name, score) in enumerate(scores):
        y0 = top + i * row
        c.text(0, y0 + 11, name[: int((left - 8) / CHAR_W)])
        c.add(
            f'<rect x="{left}" y="{y0 + 2}" width="{pw * max(0.0, score) / 100:.1f}" height="11" '
            f'fill="{PALETTE[0]}"><title>{escape(name)}: {score:.1f}</title></rect>'
        )
        c.text(left + pw * max(0.0, score) / 100 + 4, y0 + 11, f"{score:.1f}", size=9)
    if scores:
        mean = sum(s for _, s in scores) / len(scores)
        xm = left + pw * mean / 100
        c.add(
            f'<line x1="{xm:.1f}" y1="{top - 4}" x2="{xm:.1f}" y2="{height - 22}" stroke="#a11" '
            f'stroke-dasharray="4 3"><title>class mean {mean:.1f}</title></line>'
        )
    return c.svg()
