"""The after-action review as a document: Markdown (text sparklines and tables) or one
self-contained HTML file (inline SVG charts, inline CSS, no script, no external assets, printable
on A4 or Letter with a one-page summary first).

Every piece of text that comes from content, the log or the command line is escaped: in HTML as
HTML, in Markdown as Markdown (so a `<script>` in a trainee's name or a title never comes out raw).

Over 500 lines on purpose: the same review rendered twice, as Markdown and as HTML, section
by section, so the two stay in step.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from ..model.saved import GameSummary
from . import charts
from .luck import Outcome
from .msel import MselRow
from .review import Review
from .tasks import RATINGS, TaskRating

SPARKS = "▁▂▃▄▅▆▇█"
MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]|#"})
SUMMARY_ITEMS = 3
BRIEF_ROWS = 15  # rows of each long list on the review screen


def luck_rank(o: Outcome) -> float:
    """Moves where luck weighed most first (the largest gap between expected and actual)."""
    return -abs(o.killed + o.wounded - o.expected_killed - o.expected_wounded)


def sparkline(values: list[float]) -> str:
    if not values:
        return ""
    lo, hi = min(values), max(values)
    if hi == lo:
        return SPARKS[0] * len(values)
    return "".join(SPARKS[round((v - lo) / (hi - lo) * (len(SPARKS) - 1))] for v in values)


def md(text: object) -> str:
    """Text copied into Markdown: HTML and Markdown markup made literal, kept on one line."""
    s = escape(str(text), quote=False).replace("\n", " ")
    return s.translate(MD_SPECIAL)


def md_table(
    head: Sequence[str], rows: Sequence[Sequence[object]], raw_cols: tuple[int, ...] = ()
) -> str:
    """A Markdown table; cells are escaped unless their column is in raw_cols (built Markdown)."""
    lines = ["| " + " | ".join(md(h) for h in head) + " |", "|" + "---|" * len(head)]
    lines += [
        "| "
        + " | ".join(
            str(c).replace("\n", " ") if i in raw_cols else md(c) for i, c in enumerate(row)
        )
        + " |"
        for row in rows
    ]
    return "\n".join(lines)


def risk_rows(risks: list[dict[str, Any]]) -> list[list[object]]:
    """Convoy, route, date left, estimated and true chance of an incident, incidents met."""
    return [
        [
            x["convoy"],
            x.get("route", ""),
            x["date"],
            f"{x['estimated']:.0%}",
            f"{x['true']:.0%}",
            x["incidents"],
        ]
        for x in risks
    ]


def outcome_rows(s: GameSummary) -> list[list[object]]:
    p, c, sites = s.personnel, s.containers, s.sites
    return [
        ["People out", f"{p.withdrawn} of {p.total}"],
        ["People remaining", p.remaining],
        ["Killed / wounded", f"{p.killed} / {p.wounded}"],
        [
            "Containers",
            f"{c.repatriated} home, {c.handed_over} handed over, {c.destroyed} destroyed, "
            f"{c.lost} lost, {c.remaining} remain (of {c.total})"
            + (
                f"; {c.lost_after_handover} of those handed over were lost by the host afterwards"
                if c.lost_after_handover
                else ""
            ),
        ],
        [
            "Sites",
            f"{sites.closed} of {sites.total} closed, {sites.closed_on_time} on time, "
            f"{sites.seized} seized" + (f"; {sites.staying} stay open" if sites.staying else ""),
        ],
        ["Host relations", f"{s.host_relations:.0f}"],
        ["Score", f"{s.score:.1f} (grade {s.grade})"],
    ]


def verdict_word(met: bool) -> str:
    return "MET" if met else "NOT MET"


def luck_sentence(r: Review) -> str:
    """What the dice decided on the roads, in one sentence."""
    lk = r.luck
    if not r.outcomes:
        return "No convoy or flight moved: the dice decided nothing on the roads."
    expected = lk["expected_killed"] + lk["expected_wounded"]
    actual = lk["killed"] + lk["wounded"]
    if actual - expected >= 1:
        verdict = "worse luck than the odds"
    elif expected - actual >= 1:
        verdict = "better luck than the odds"
    else:
        verdict = "about what the odds gave"
    return (
        f"On the roads and in the air: {expected:.1f} killed or wounded expected from the true odds "
        f"when each move was ordered, {actual:.0f} happened ({verdict}); "
        f"{lk['expected_lost']:.1f} loads expected lost, {lk['lost']:.0f} lost."
    )


def headline(r: Review) -> list[tuple[str, str]]:
    """The summary's key figures: (label, value)."""
    s = r.summary
    met = sum(v.met for v in r.objectives)
    rated = ", ".join(
        f"{sum(t.rating == k for t in r.tasks)} {k}"
        for k in RATINGS
        if any(t.rating == k for t in r.tasks)
    )
    out = [
        ("Grade of the result", f"{s.grade} (score {s.score:.1f})"),
        (
            "Grade of the decisions",
            f"{r.decision_grade} ({len(r.tasks)} critical tasks: {rated or 'none'})",
        ),
        ("Luck", luck_sentence(r)),
    ]
    if r.objectives:
        out.append(("Learning objectives", f"{met} of {len(r.objectives)} met"))
    p = s.personnel
    out.append(("People out", f"{p.withdrawn:,} of {p.total:,}; {p.killed} killed"))
    return out


EVIDENCE_ROWS = 10  # instances that fell short, shown per task
EVIDENCE_MET = 2  # and instances that met the standard


def task_evidence(t: TaskRating, limit: int = EVIDENCE_ROWS) -> list[str]:
    """A task's dated evidence: the instances that fell short first (up to `limit`), then a few
    that met the standard."""
    short = [e for e in t.evidence if not e.ok][:limit]
    met = [e for e in t.evidence if e.ok][: EVIDENCE_MET if short else EVIDENCE_MET + 1]
    shown = sorted(short + met, key=lambda e: e.date)
    lines = [f"{e.date}: {'✓' if e.ok else '✗'} {e.text}" for e in shown]
    if len(t.evidence) > len(shown):
        lines.append(f"… and {len(t.evidence) - len(shown)} more")
    return lines


def capability_title(r: Review, cid: str) -> str:
    return next((c.title for c in r.capabilities if c.id == cid), cid)


def selected_moves(r: Review, cap: int | None) -> tuple[list[list[object]], str]:
    """The moves to list (the `cap` where luck weighed most, in date order) and a note saying so."""
    rows = moves_rows(r)
    if cap is None or len(rows) <= cap:
        return rows, ""
    worst = sorted(range(len(rows)), key=lambda i: luck_rank(r.outcomes[i]))[:cap]
    return [rows[i] for i in sorted(worst)], (
        f"The {cap} moves where luck weighed most, of {len(rows)}:"
    )


def moves_rows(r: Review) -> list[list[object]]:
    def exp(e: float | None, a: int | None) -> str:
        if e is None:
            return "—"
        return f"{e:.2f} → {'—' if a is None else a}"

    return [
        [
            o.date,
            f"{o.what} {o.route}".strip(),
            f"{o.told:.0%} / {o.true:.0%}",
            exp(o.expected_killed, o.killed),
            exp(o.expected_wounded, o.wounded),
            exp(o.expected_lost, o.lost),
            exp(o.expected_days, o.days),
            o.luck,
        ]
        for o in r.outcomes
    ]


MOVES_HEAD = [
    "Left",
    "Move",
    "Chance of an incident: told / true",
    "Killed: expected → actual",
    "Wounded",
    "Loads lost",
    "Days",
    "Luck",
]
MSEL_HEAD = ["When", "From → to", "Inject", "Expected action", "Task", "Fired", "Actual", "Result"]
PLAN_HEAD = ["Issue", "Corrective action", "Owner (role)", "Date"]


def msel_cells(row: MselRow) -> list[object]:
    return [
        row.when,
        f"{row.sender or '—'} → {row.receiver or '—'}",
        f"{row.title}: {row.text}",
        row.expected_action or "—",
        row.task or "—",
        row.fired or "—",
        row.actual or "—",
        row.status,
    ]


def figure_rows(r: Review) -> list[list[object]]:
    return [[k, f"{h:,g}", "—" if g is None else f"{g:,g}"] for k, h, g in r.figures]


# --------------------------------------------------------------------------- Markdown


def to_markdown(r: Review, brief: bool = False) -> str:
    """The review in Markdown; `brief` (the review screen) keeps the long lists short: the worst
    moves, the first decisions; the full lists are in the report and the replay."""
    s = r.summary
    cap = BRIEF_ROWS if brief else None
    out = [
        f"# After-action review: {md(r.title)}",
        "",
        f"Trainee: **{md(r.trainee)}**  ",
        f"Exercise: {md(r.exercise or '(none)')}; scenario {md(r.scenario)}; seed {r.seed}  ",
        f"Ended {s.final_date} ({md(s.end_reason or 'in progress')})",
        "",
        "## Summary",
        "",
        md_table(["", ""], [list(x) for x in headline(r)]),
        "",
    ]
    if r.strengths:
        out += ["Strengths:", ""] + [f"- {md(x)}" for x in r.strengths[:SUMMARY_ITEMS]] + [""]
    if r.areas:
        out += ["Areas for improvement:", ""] + [f"- {md(x)}" for x in r.areas[:SUMMARY_ITEMS]]
        out.append("")
    out += ["## Critical tasks (P/S/M/U)", ""]
    out.append(
        "P: "
        + RATINGS["P"]
        + "; S: "
        + RATINGS["S"]
        + "; M: "
        + RATINGS["M"]
        + "; U: "
        + RATINGS["U"]
        + "."
    )
    out.append("")
    for t in r.tasks:
        out.append(
            f"- **{t.rating}** {md(t.title)} ({md(capability_title(r, t.capability))}): {md(t.reason)}"
        )
        if t.standard:
            out.append(f"  - standard: {md(t.standard)}")
        out += [f"  - {md(x)}" for x in task_evidence(t)]
    out.append("")
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
    out += ["## Outcome", "", md_table(["", "Result"], outcome_rows(s)), ""]
    out += ["## Decision and luck", "", md(luck_sentence(r)), ""]
    if r.outcomes:
        rows, note = selected_moves(r, cap)
        out += [note, ""] if note else []
        out += [md_table(MOVES_HEAD, rows), ""]
    out += ["## Why: the chain behind each bad outcome", ""]
    if not r.chains:
        out.append("No bad outcome to explain.")
    for c in r.chains:
        out.append(f"- **{c.date}** {md(c.outcome)}")
        out += [f"  - {st.date} ({st.role}) {md(st.text)}" for st in c.steps]
    out.append("")
    if r.msel:
        out += ["## Master scenario events list: expected against actual", ""]
        out += [md_table(MSEL_HEAD, [msel_cells(m) for m in r.msel]), ""]
    out += ["## Over time", ""]
    if r.dates:
        out.append(f"From {r.dates[0]} to {r.dates[-1]}, one mark per day.")
        out.append("")
        rows = [
            [name, f"`{sparkline(vals)}`", f"{vals[0]:.0f}", f"{vals[-1]:.0f}"]
            for name, vals in r.series.items()
            if vals
        ]
        out += [md_table(["Series", "Day by day", "Start", "End"], rows, raw_cols=(1,)), ""]
    if r.fates:
        fates = list(next(iter(r.fates.values())))
        out += [
            md_table(["", *fates], [[k, *v.values()] for k, v in r.fates.items()]),
            "",
        ]
    out += ["## Risk: estimated against what was true", ""]
    if r.risks:
        out.append(
            md_table(
                [
                    "Convoy",
                    "Route",
                    "Left",
                    "Estimated chance of an incident",
                    "True chance",
                    "Incidents",
                ],
                risk_rows(r.risks),
            )
        )
    else:
        out.append("No convoy left on the road.")
    out += ["", "## Decisions and what followed", ""]
    if not r.timeline:
        out.append("No decisions were made.")
    for d in r.timeline[:cap]:
        out.append(f"- **{d.date}** ({md(d.kind)}) {md(d.text)}")
        out += [f"  - then {md(f)}" for f in d.followed]
    if cap is not None and len(r.timeline) > cap:
        out.append(f"- … {len(r.timeline) - cap} more decisions: see the replay (r) or the report")
    out += ["", "## Debrief", "", "### Strengths", ""]
    out += [f"- {md(x)}" for x in r.strengths] or ["- (none rated P or S)"]
    out += ["", "### Areas for improvement", ""]
    out += [f"- {md(x)}" for x in r.areas] or ["- (none rated M or U)"]
    out += ["", "### Discussion questions", ""]
    out += [f"{i}. {md(q)}" for i, q in enumerate(r.questions, 1)]
    out += ["", "### Improvement plan (to fill in)", ""]
    rows = [[p.issue, p.action, p.owner, p.date or "____"] for p in r.plan]
    out += [md_table(PLAN_HEAD, rows or [["", "", "", "____"]]), ""]
    out += ["## Beside the historical record", ""]
    if r.historical_summary:
        out += [md(r.historical_summary), ""]
    if r.figures:
        out += [md_table(["Figure", "Historically", "This game"], figure_rows(r)), ""]
    if r.historical_timeline and not brief:
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
    out.append(f"Digest of the final state: `{s.digest}`")
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
body { font: 14px/1.45 system-ui, sans-serif; max-width: 62rem; margin: 1.5rem auto; color: #222;
  padding: 0 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 .3rem; }
h2 { font-size: 1.15rem; margin-top: 1.6rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; table-layout: auto; }
th, td { border: 1px solid #ccc; padding: .2rem .4rem; text-align: left; vertical-align: top;
  overflow-wrap: break-word; }
th { background: #f2f2f2; }
thead { display: table-header-group; }
.met, .P { color: #176117; font-weight: bold; } .notmet, .U { color: #a11; font-weight: bold; }
.S { color: #5a6b00; font-weight: bold; } .M { color: #b35a00; font-weight: bold; }
.followed, .evidence { color: #555; margin: 0; padding-left: 1.2rem; }
svg { max-width: 100%; height: auto; display: block; margin: .4rem 0; } .note { color: #555; }
.summary { border: 1px solid #bbb; padding: .6rem 1rem; }
.summary table td:first-child { width: 12rem; font-weight: bold; }
.fill { min-width: 6rem; }
table.compact td:first-child { width: 4.2rem; text-align: center; }
table.compact td:nth-child(2) { width: 40%; }
table.tasks td:first-child { width: 2.5rem; text-align: center; }
table.tasks td:nth-child(2), table.tasks td:nth-child(3) { width: 24%; }
details > summary { cursor: pointer; font-weight: bold; margin: .6rem 0; }
@page { margin: 14mm 12mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10.5pt; }
  .summary { break-after: page; border: none; padding: 0; }
  h2, h3, h2 + p.note { break-after: avoid; } svg, tr, li { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""
# The print margins fit both A4 (210 x 297 mm) and Letter (216 x 279 mm): the width is set by A4,
# the height by Letter, and the browser takes the paper size from the printer's settings.


def html_table(
    head: Sequence[str],
    rows: Sequence[Sequence[object]],
    raw_cols: tuple[int, ...] = (),
    cls: str = "",
) -> str:
    """A table; cells are escaped unless their column is in raw_cols (already-built HTML)."""
    opening = f'<table class="{cls}">' if cls else "<table>"
    out = [
        opening + "<thead><tr>",
        *(f"<th>{escape(h)}</th>" for h in head),
        "</tr></thead><tbody>",
    ]
    for r in rows:
        cells = [str(c) if i in raw_cols else escape(str(c)) for i, c in enumerate(r)]
        out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def rating_html(rating: str) -> str:
    return f'<span class="{rating}" title="{escape(RATINGS[rating])}">{rating}</span>'


def verdict_html(met: bool) -> str:
    return f'<span class="{"met" if met else "notmet"}">{verdict_word(met)}</span>'


def page(title: str, body: list[str], css: str = CSS) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{css}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def _list(items: list[str], ordered: bool = False) -> str:
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{escape(x)}</li>" for x in items) + f"</{tag}>"


def to_html(r: Review) -> str:
    s = r.summary
    e = escape
    summary = [
        '<section class="summary">',
        f"<h1>After-action review: {e(r.title)}</h1>",
        f"<p>Trainee: <strong>{e(r.trainee)}</strong> · "
        f"exercise {e(r.exercise or '(none)')} · scenario {e(r.scenario)} · seed {r.seed} · "
        f"ended {e(s.final_date)} ({e(s.end_reason or 'in progress')})</p>",
        html_table(["Summary", ""], [list(x) for x in headline(r)]),
    ]
    summary.append(
        html_table(
            ["", "Critical task", "Evidence"],
            [[rating_html(t.rating), t.title, t.reason] for t in r.tasks],
            raw_cols=(0,),
            cls="compact",
        )
    )
    if r.objectives:
        summary.append(
            html_table(
                ["", "Learning objective", "Evidence"],
                [[verdict_html(v.met), v.title, v.evidence] for v in r.objectives],
                raw_cols=(0,),
                cls="compact",
            )
        )
    # Strengths and areas for improvement are the tasks above, P/S and M/U: the debrief lists them.
    summary.append("</section>")
    body = list(summary)
    body.append("<h2>Critical tasks (P/S/M/U)</h2>")
    body.append('<p class="note">' + "; ".join(f"{k}: {e(v)}" for k, v in RATINGS.items()) + "</p>")
    rows = []
    for t in r.tasks:
        ev = "".join(f"<li>{e(x)}</li>" for x in task_evidence(t))
        rows.append(
            [
                rating_html(t.rating),
                f"<strong>{e(t.title)}</strong><br>{e(capability_title(r, t.capability))}",
                e(t.standard),
                e(t.reason) + (f'<ul class="evidence">{ev}</ul>' if ev else ""),
            ]
        )
    body.append(
        html_table(["", "Task", "Standard", "Evidence"], rows, raw_cols=(0, 1, 2, 3), cls="tasks")
    )
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
    body += ["<h2>Outcome</h2>", html_table(["", "Result"], outcome_rows(s))]
    body += ["<h2>Decision and luck</h2>", f"<p>{e(luck_sentence(r))}</p>"]
    if r.outcomes:
        moves, note = selected_moves(r, BRIEF_ROWS)
        if note:
            body.append(f'<p class="note">{e(note)} every move is in the appendix.</p>')
        body.append(html_table(MOVES_HEAD, moves))
    body.append("<h2>Why: the chain behind each bad outcome</h2>")
    if not r.chains:
        body.append('<p class="note">No bad outcome to explain.</p>')
    for c in r.chains:
        steps = "".join(
            f"<li>{e(st.date)} <em>{e(st.role)}</em>: {e(st.text)}</li>" for st in c.steps
        )
        body.append(
            f'<p><strong>{e(c.date)}</strong> {e(c.outcome)}</p><ol class="followed">{steps}</ol>'
        )
    if r.msel:
        body.append("<h2>Master scenario events list: expected against actual</h2>")
        body.append(html_table(MSEL_HEAD, [msel_cells(m) for m in r.msel]))
    body.append("<h2>Over time</h2>")
    people = {k: r.series[k] for k in ("people out", "people remaining")}
    body.append(charts.line_chart("People out and remaining", r.dates, people, "people", r.markers))
    body.append(
        charts.line_chart(
            "Peacekeepers killed",
            r.dates,
            {"killed": r.series["killed"]},
            "people, cumulative",
            r.markers,
        )
    )
    if r.fates:
        body.append(
            charts.stacked_bars("What became of every container and vehicle", r.fates, "items")
        )
    body.append(
        charts.line_chart(
            "Host relations",
            r.dates,
            {"host relations": r.series["host relations"]},
            "points (0 to 100)",
            r.markers,
            integer=False,
        )
    )
    body.append("<h2>Risk: estimated against what was true</h2>")
    if r.risks:
        shown = sorted(
            r.risks, key=lambda x: (-int(x["incidents"]), -abs(x["true"] - x["estimated"]))
        )
        shown = sorted(shown[:BRIEF_ROWS], key=lambda x: x["date"])
        if len(shown) < len(r.risks):
            body.append(
                f'<p class="note">The {len(shown)} convoys that met an incident or whose estimate '
                f"was furthest from the truth, of {len(r.risks)}; every convoy is in the appendix.</p>"
            )
        body.append(charts.risk_chart(shown))
    else:
        body.append('<p class="note">No convoy left on the road.</p>')
    body.append("<h2>Debrief</h2>")
    body += ["<h3>Strengths</h3>", _list(r.strengths or ["(none rated P or S)"])]
    body += ["<h3>Areas for improvement</h3>", _list(r.areas or ["(none rated M or U)"])]
    body += ["<h3>Discussion questions</h3>", _list(r.questions, ordered=True)]
    body.append("<h3>Improvement plan (to fill in)</h3>")
    rows = [
        [e(p.issue), e(p.action), e(p.owner), '<span class="fill">&nbsp;</span>'] for p in r.plan
    ]
    body.append(html_table(PLAN_HEAD, rows or [["", "", "", ""]], raw_cols=(0, 1, 2, 3)))
    body.append("<h2>Beside the historical record</h2>")
    if r.historical_summary:
        body.append(f"<p>{e(r.historical_summary)}</p>")
    if r.figures:
        body.append(html_table(["Figure", "Historically", "This game"], figure_rows(r)))
    if r.historical_timeline:
        body.append(
            html_table(
                ["Date", "What happened historically", "What happened in this game"],
                side_by_side(r),
            )
        )
    if not (r.historical_summary or r.figures or r.historical_timeline):
        body.append('<p class="note">This scenario has no historical record to compare with.</p>')
    body.append("<h2>Appendix</h2>")
    if r.outcomes:
        body.append(
            appendix(
                f"Every move, expected against actual ({len(r.outcomes)})",
                html_table(MOVES_HEAD, moves_rows(r)),
                len(r.outcomes),
            )
        )
    if r.risks:
        table = html_table(
            ["Convoy", "Route", "Left", "Estimated", "True", "Incidents"], risk_rows(r.risks)
        )
        body.append(appendix(f"Every convoy's risk ({len(r.risks)})", table, len(r.risks)))
    rows = []
    for d in r.timeline:
        followed = "".join(f"<li>{e(f)}</li>" for f in d.followed)
        cell = e(d.text) + (f'<ul class="followed">{followed}</ul>' if followed else "")
        rows.append([d.date, d.kind, cell])
    table = html_table(["Date", "Order", "Decision and what followed"], rows, raw_cols=(2,))
    body.append(
        appendix(
            f"Every decision and what followed ({len(rows)})", table if rows else "None.", len(rows)
        )
    )
    body.append(f'<p class="note">Digest of the final state: {e(s.digest)}</p>')
    return page(f"After-action review: {r.title} — {r.trainee}", body)


APPENDIX_OPEN = 30  # rows up to which an appendix list is open (and so printed) by default


def appendix(title: str, content: str, rows: int) -> str:
    """A long list, folded away on screen and in print when it is long (open it to print it)."""
    opened = " open" if rows <= APPENDIX_OPEN else ""
    return f"<details{opened}><summary>{escape(title)}</summary>{content}</details>"
