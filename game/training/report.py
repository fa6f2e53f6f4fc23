"""The after-action review as a document: Markdown (text sparklines and tables) or one
self-contained HTML file (inline SVG charts, inline CSS, no external assets, printable).

Every piece of text that comes from content or the log is escaped in HTML.
"""

from __future__ import annotations

from html import escape

from .review import Review

SPARKS = "▁▂▃▄▅▆▇█"
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e")


def sparkline(values: list[float]) -> str:
    if not values:
        return ""
    lo, hi = min(values), max(values)
    if hi == lo:
        return SPARKS[0] * len(values)
    return "".join(SPARKS[round((v - lo) / (hi - lo) * (len(SPARKS) - 1))] for v in values)


def _md_cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def risk_rows(risks: list[dict]) -> list[list]:
    """Convoy, date left, estimated and true chance of an incident, incidents met."""
    return [
        [x["convoy"], x["date"], f"{x['estimated']:.0%}", f"{x['true']:.0%}", x["incidents"]]
        for x in risks
    ]


def md_table(head: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def outcome_rows(s: dict) -> list[list[object]]:
    p, c, sites = s["personnel"], s["containers"], s["sites"]
    return [
        ["People out", f"{p['withdrawn']} of {p['total']}"],
        ["People remaining", p["remaining"]],
        ["Killed / wounded", f"{p['killed']} / {p['wounded']}"],
        [
            "Containers",
            f"{c['repatriated']} home, {c['handed_over']} handed over, {c['destroyed']} destroyed, "
            f"{c['lost']} lost, {c['remaining']} remain (of {c['total']})",
        ],
        [
            "Sites",
            f"{sites['closed']} of {sites['total']} closed, {sites['closed_on_time']} on time, "
            f"{sites['seized']} seized",
        ],
        ["Host relations", f"{s['host_relations']:.0f}"],
        ["Score", f"{s['score']:.1f} (grade {s['grade']})"],
    ]


def verdict_word(met: bool) -> str:
    return "MET" if met else "NOT MET"


# --------------------------------------------------------------------------- Markdown


def to_markdown(r: Review) -> str:
    s = r.summary
    out = [
        f"# After-action review: {r.title}",
        "",
        f"Trainee: **{r.trainee}**  ",
        f"Exercise: {r.exercise or '(none)'}; scenario {r.scenario}; seed {r.seed}  ",
        f"Ended {s['final_date']} ({s.get('end_reason') or 'in progress'}); "
        f"score {s['score']:.1f}, grade **{s['grade']}**",
        "",
        "## Outcome",
        "",
        md_table(["", "Result"], outcome_rows(s)),
        "",
    ]
    if r.objectives:
        met = sum(v.met for v in r.objectives)
        out += [f"## Learning objectives ({met} of {len(r.objectives)} met)", ""]
        out.append(
            md_table(
                ["Objective", "Verdict", "Expected", "Evidence"],
                [[v.title, verdict_word(v.met), v.expected, v.evidence] for v in r.objectives],
            )
        )
        out.append("")
    out += ["## Over time", ""]
    if r.dates:
        out.append(f"From {r.dates[0]} to {r.dates[-1]}, one mark per day.")
        out.append("")
        rows = [
            [name, f"`{sparkline(vals)}`", f"{vals[0]:.0f}", f"{vals[-1]:.0f}"]
            for name, vals in r.series.items()
            if vals
        ]
        out += [md_table(["Series", "Day by day", "Start", "End"], rows), ""]
    out += ["## Risk: estimated against what was true", ""]
    if r.risks:
        out.append(
            md_table(
                ["Convoy", "Left", "Estimated chance of an incident", "True chance", "Incidents"],
                risk_rows(r.risks),
            )
        )
    else:
        out.append("No convoy left on the road.")
    out += ["", "## Decisions and what followed", ""]
    if not r.timeline:
        out.append("No decisions were made.")
    for d in r.timeline:
        out.append(f"- **{d.date}** ({d.kind}) {d.text}")
        out += [f"  - then {f}" for f in d.followed]
    out += ["", "## Beside the historical record", ""]
    if r.historical_summary:
        out += [r.historical_summary, ""]
    if r.figures:
        out.append(
            md_table(
                ["Figure", "Historically", "This game"],
                [[k, f"{h:g}", "—" if g is None else f"{g:g}"] for k, h, g in r.figures],
            )
        )
        out.append("")
    if r.historical_timeline or r.events:
        out += [
            md_table(
                ["Date", "What happened historically", "What happened in this game"],
                side_by_side(r),
            ),
            "",
        ]
    if not (r.historical_summary or r.figures or r.historical_timeline):
        out.append("This scenario has no historical record to compare with.")
    out.append("")
    out.append(f"Digest of the final state: `{s['digest']}`")
    return "\n".join(out) + "\n"


def side_by_side(r: Review) -> list[list[str]]:
    """One row per date that has a historical entry or a game event."""
    hist: dict[str, list[str]] = {}
    for date, text, source in r.historical_timeline:
        hist.setdefault(date, []).append(f"{text} [{source}]" if source else text)
    game: dict[str, list[str]] = {}
    for date, text in r.events:
        game.setdefault(date, []).append(text)
    return [
        [date, "; ".join(hist.get(date, [])), "; ".join(game.get(date, []))]
        for date in sorted(set(hist) | set(game))
    ]


# --------------------------------------------------------------------------- HTML

CSS = """
body { font: 15px/1.45 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; color: #222; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
.met { color: #176117; font-weight: bold; } .notmet { color: #a11; font-weight: bold; }
.followed { color: #555; margin: 0; padding-left: 1.2rem; }
svg { max-width: 100%; height: auto; } .note { color: #555; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } svg { break-inside: avoid; } }
"""


def svg_line_chart(
    title: str,
    dates: list[str],
    series: dict[str, list[float]],
    width: int = 640,
    height: int = 220,
) -> str:
    """A line chart as inline SVG: one polyline per series, on shared axes from zero."""
    left, right, top, bottom = 48, 12, 28, 40
    n = max((len(v) for v in series.values()), default=0)
    hi = max((max(v) for v in series.values() if v), default=0.0) or 1.0
    pw, ph = width - left - right, height - top - bottom

    def x(i: int) -> float:
        return left + (pw * i / (n - 1) if n > 1 else pw / 2)

    def y(v: float) -> float:
        return top + ph - ph * v / hi

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}">',
        f'<text x="{left}" y="16" font-size="13" font-weight="bold">{escape(title)}</text>',
        f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" stroke="#888"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + ph}" stroke="#888"/>',
        f'<text x="{left - 4}" y="{top + 4}" font-size="11" text-anchor="end">{hi:g}</text>',
        f'<text x="{left - 4}" y="{top + ph}" font-size="11" text-anchor="end">0</text>',
    ]
    if dates:
        parts.append(f'<text x="{left}" y="{height - 22}" font-size="11">{escape(dates[0])}</text>')
        parts.append(
            f'<text x="{left + pw}" y="{height - 22}" font-size="11" text-anchor="end">'
            f"{escape(dates[-1])}</text>"
        )
    lx = left
    for k, (name, values) in enumerate(series.items()):
        colour = PALETTE[k % len(PALETTE)]
        if values:
            points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
            parts.append(
                f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}">'
                f"<title>{escape(name)}: {values[-1]:g} at the end</title></polyline>"
            )
        parts.append(
            f'<rect x="{lx}" y="{height - 12}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{lx + 14}" y="{height - 3}" font-size="11">{escape(name)}</text>'
        )
        lx += 24 + 7 * len(name)
    parts.append("</svg>")
    return "".join(parts)


def svg_risk_chart(risks: list[dict], width: int = 640) -> str:
    """Estimated and true chance of an incident per convoy, as paired bars; incidents marked."""
    row, left, top = 26, 70, 28
    height = top + row * len(risks) + 24
    pw = width - left - 120
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        'aria-label="Risk estimated against what was true">',
        '<text x="0" y="16" font-size="13" font-weight="bold">'
        "Chance of an incident: estimated (blue) against true (red)</text>",
    ]
    for i, r in enumerate(risks):
        y0 = top + i * row
        parts.append(
            f'<text x="0" y="{y0 + 14}" font-size="11">{escape(str(r["convoy"]))}</text>'
            f'<rect x="{left}" y="{y0}" width="{pw * r["estimated"]:.1f}" height="9" fill="{PALETTE[0]}">'
            f"<title>estimated {r['estimated']:.0%}</title></rect>"
            f'<rect x="{left}" y="{y0 + 10}" width="{pw * r["true"]:.1f}" height="9" fill="{PALETTE[1]}">'
            f"<title>true {r['true']:.0%}</title></rect>"
            f'<text x="{left + pw + 8}" y="{y0 + 14}" font-size="11">'
            f"{r['estimated']:.0%} / {r['true']:.0%}; {int(r['incidents'])} incident(s)</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def html_table(head: list[str], rows: list[list[object]], raw_cols: tuple[int, ...] = ()) -> str:
    """A table; cells are escaped unless their column is in raw_cols (already-built HTML)."""
    out = ["<table><thead><tr>", *(f"<th>{escape(h)}</th>" for h in head), "</tr></thead><tbody>"]
    for r in rows:
        cells = [str(c) if i in raw_cols else escape(str(c)) for i, c in enumerate(r)]
        out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def verdict_html(met: bool) -> str:
    return f'<span class="{"met" if met else "notmet"}">{verdict_word(met)}</span>'


def page(title: str, body: list[str]) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def to_html(r: Review) -> str:
    s = r.summary
    e = escape
    body = [
        f"<h1>After-action review: {e(r.title)}</h1>",
        f"<p>Trainee: <strong>{e(r.trainee)}</strong><br>"
        f"Exercise: {e(r.exercise or '(none)')}; scenario {e(r.scenario)}; seed {r.seed}<br>"
        f"Ended {e(s['final_date'])} ({e(s.get('end_reason') or 'in progress')}); "
        f"score {s['score']:.1f}, grade <strong>{e(s['grade'])}</strong></p>",
        "<h2>Outcome</h2>",
        html_table(["", "Result"], outcome_rows(s)),
    ]
    if r.objectives:
        met = sum(v.met for v in r.objectives)
        body.append(f"<h2>Learning objectives ({met} of {len(r.objectives)} met)</h2>")
        body.append(
            html_table(
                ["Objective", "Verdict", "Expected", "Evidence"],
                [[v.title, verdict_html(v.met), v.expected, v.evidence] for v in r.objectives],
                raw_cols=(1,),
            )
        )
    body.append("<h2>Over time</h2>")
    people = {k: r.series[k] for k in ("people out", "people remaining", "killed")}
    body.append(svg_line_chart("People out over time", r.dates, people))
    body.append(
        svg_line_chart(
            "Containers out over time", r.dates, {"containers out": r.series["containers out"]}
        )
    )
    body.append(
        svg_line_chart("Host relations", r.dates, {"host relations": r.series["host relations"]})
    )
    body.append("<h2>Risk: estimated against what was true</h2>")
    if r.risks:
        body.append(svg_risk_chart(r.risks))
        body.append(
            html_table(
                ["Convoy", "Left", "Estimated", "True", "Incidents"],
                risk_rows(r.risks),
            )
        )
    else:
        body.append('<p class="note">No convoy left on the road.</p>')
    body.append("<h2>Decisions and what followed</h2>")
    if not r.timeline:
        body.append('<p class="note">No decisions were made.</p>')
    else:
        rows = []
        for d in r.timeline:
            followed = "".join(f"<li>{e(f)}</li>" for f in d.followed)
            cell = e(d.text) + (f'<ul class="followed">{followed}</ul>' if followed else "")
            rows.append([d.date, d.kind, cell])
        body.append(
            html_table(["Date", "Order", "Decision and what followed"], rows, raw_cols=(2,))
        )
    body.append("<h2>Beside the historical record</h2>")
    if r.historical_summary:
        body.append(f"<p>{e(r.historical_summary)}</p>")
    if r.figures:
        body.append(
            html_table(
                ["Figure", "Historically", "This game"],
                [[k, f"{h:g}", "—" if g is None else f"{g:g}"] for k, h, g in r.figures],
            )
        )
    if r.historical_timeline or r.events:
        body.append(
            html_table(
                ["Date", "What happened historically", "What happened in this game"],
                side_by_side(r),
            )
        )
    if not (r.historical_summary or r.figures or r.historical_timeline):
        body.append('<p class="note">This scenario has no historical record to compare with.</p>')
    body.append(f'<p class="note">Digest of the final state: {e(s["digest"])}</p>')
    return page(f"After-action review: {r.title} — {r.trainee}", body)
