"""The debrief: a class of finished games side by side — one row per trainee (outcome, grade of
the result and of the decisions), a class summary and a score chart, where decisions diverged at
each key moment (answers grouped, with who gave each), who met which objective, how each critical
task was rated, and the historical figures against the class. Built to read the same for 3
trainees or 30: nothing grows sideways with the class. Rendered as plain text, Markdown or one
self-contained HTML file (sortable by a link, no script; paginated in print)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from html import escape

from ..model.saved import ResultFile, TaskRow
from . import charts
from .report import CSS, html_table, md, md_table, page
from .review import figure_at, figure_label

RATING_KEYS = ("P", "S", "M", "U")
SORTS = (  # (anchor, label, column index, descending)
    ("by-name", "name", 0, False),
    ("by-score", "score", 1, True),
    ("by-decisions", "grade of the decisions", 3, False),
    ("by-people", "people out", 4, True),
    ("by-killed", "killed", 5, False),
)


@dataclass
class Debrief:
    title: str
    outcomes_head: list[str]
    outcomes: list[list[str]]
    moments: list[tuple[str, dict[str, str], bool]]  # label, trainee -> value, diverged
    objectives: list[tuple[str, dict[str, bool | None]]]  # title, trainee -> met
    trainees: list[str]
    figures: list[tuple[str, float, dict[str, float | None]]]
    notes: list[str]
    tasks: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # title, trainee -> P..U
    scores: list[tuple[str, float]] = field(default_factory=list)
    summary: list[tuple[str, str]] = field(default_factory=list)


def names(results: list[ResultFile]) -> list[str]:
    """Trainee names, made unique where two results share one (e.g. 'ana (2)')."""
    out: list[str] = []
    for r in results:
        name = r.trainee or "anonymous"
        base, n = name, 2
        while name in out:
            name = f"{base} ({n})"
            n += 1
        out.append(name)
    return out


def _tasks_cell(tasks: list[TaskRow]) -> str:
    if not tasks:
        return "—"
    return " ".join(f"{sum(t.rating == k for t in tasks)}{k}" for k in RATING_KEYS)


def outcome_row(name: str, r: ResultFile) -> list[str]:
    s = r.summary
    p, c, sites = s.personnel, s.containers, s.sites
    objs = r.objectives
    return [
        name,
        f"{s.score:.1f}",
        s.grade,
        r.decision_grade or "—",
        f"{p.withdrawn}/{p.total}",
        str(p.killed),
        f"{c.repatriated}/{c.handed_over}/{c.destroyed}/{c.lost}",
        f"{sites.closed_on_time}/{sites.total}",
        f"{s.host_relations:.0f}",
        f"{sum(1 for o in objs if o.met)}/{len(objs)}" if objs else "—",
        _tasks_cell(r.tasks),
    ]


OUTCOMES_HEAD = [
    "Trainee",
    "Score",
    "Grade",
    "Decisions",
    "People out",
    "Killed",
    "Containers home/handed/destroyed/lost",
    "Sites on time",
    "Relations",
    "Objectives met",
    "Tasks P S M U",
]


def class_summary(results: list[ResultFile], who: list[str]) -> list[tuple[str, str]]:
    scores = [r.summary.score for r in results]
    grades: dict[str, int] = {}
    for r in results:
        grades[r.summary.grade] = grades.get(r.summary.grade, 0) + 1
    decided: dict[str, int] = {}
    for r in results:
        g = r.decision_grade or "—"
        decided[g] = decided.get(g, 0) + 1
    best = max(range(len(scores)), key=lambda i: scores[i])
    out = [
        ("Trainees", str(len(results))),
        (
            "Score",
            f"mean {statistics.fmean(scores):.1f}, median {statistics.median(scores):.1f}, "
            f"lowest {min(scores):.1f}, highest {max(scores):.1f} ({who[best]})",
        ),
        ("Grades of the result", ", ".join(f"{g}: {n}" for g, n in sorted(grades.items()))),
        ("Grades of the decisions", ", ".join(f"{g}: {n}" for g, n in sorted(decided.items()))),
    ]
    killed = [r.summary.personnel.killed for r in results]
    out.append(("Killed", f"mean {statistics.fmean(killed):.1f}, most {max(killed)}"))
    return out


def build_debrief(results: list[ResultFile], historical: dict[str, float] | None = None) -> Debrief:
    who = names(results)
    notes = []
    games = sorted({(r.exercise or r.scenario, r.seed) for r in results})
    if len(games) > 1:
        listed = ", ".join(f"{g} seed {s}" for g, s in games)
        notes.append(f"These results come from different games ({listed}); compare with care.")
    title = results[0].exercise_title or results[0].scenario_title or "Debrief"
    rows = [outcome_row(name, r) for name, r in zip(who, results, strict=True)]
    order: list[str] = []
    labels: dict[str, str] = {}
    values: dict[str, dict[str, str]] = {}
    for name, r in zip(who, results, strict=True):
        for m in r.moments:
            if m.id not in labels:
                order.append(m.id)
                labels[m.id] = m.label
            values.setdefault(m.id, {})[name] = m.value
    moments = []
    for mid in order:
        by = {name: values[mid].get(name, "—") for name in who}
        moments.append((labels[mid], by, len(set(by.values())) > 1))
    objectives: list[tuple[str, dict[str, bool | None]]] = []
    seen: dict[str, int] = {}
    for name, r in zip(who, results, strict=True):
        for o in r.objectives:
            if o.id not in seen:
                seen[o.id] = len(objectives)
                objectives.append((o.title, {n: None for n in who}))
            objectives[seen[o.id]][1][name] = o.met
    tasks: list[tuple[str, dict[str, str]]] = []
    seen_t: dict[str, int] = {}
    for name, r in zip(who, results, strict=True):
        for t in r.tasks:
            if t.id not in seen_t:
                seen_t[t.id] = len(tasks)
                tasks.append((t.title, {}))
            tasks[seen_t[t.id]][1][name] = t.rating
    figures = [
        (
            figure_label(key),
            value,
            {n: figure_at(r.summary, key) for n, r in zip(who, results, strict=True)},
        )
        for key, value in sorted((historical or {}).items())
    ]
    scores = [(n, r.summary.score) for n, r in zip(who, results, strict=True)]
    return Debrief(
        title,
        OUTCOMES_HEAD,
        rows,
        moments,
        objectives,
        who,
        figures,
        notes,
        tasks,
        scores,
        class_summary(results, who),
    )


def grouped(by: dict[str, str]) -> list[tuple[str, list[str]]]:
    """A moment's answers, most common first, each with who gave it."""
    groups: dict[str, list[str]] = {}
    for name, value in by.items():
        groups.setdefault(value, []).append(name)
    return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))


def objective_line(by: dict[str, bool | None]) -> tuple[str, list[str]]:
    judged = [n for n, met in by.items() if met is not None]
    met = [n for n in judged if by[n]]
    return f"{len(met)} of {len(judged)} met", [n for n in judged if not by[n]]


def task_counts(by: dict[str, str]) -> list[int]:
    return [sum(v == k for v in by.values()) for k in RATING_KEYS]


def figure_stats(by: dict[str, float | None]) -> list[str]:
    vals = [v for v in by.values() if v is not None]
    if not vals:
        return ["—", "—", "—"]
    return [f"{statistics.fmean(vals):,.0f}", f"{min(vals):,g}", f"{max(vals):,g}"]


OBJECTIVES_HEAD = ["Objective", "Met", "Not met by"]
TASKS_HEAD = ["Task", *RATING_KEYS, "Rated M or U"]


def objective_rows(d: Debrief) -> list[list[object]]:
    rows: list[list[object]] = []
    for title, by in d.objectives:
        line, missed = objective_line(by)
        rows.append([title, line, ", ".join(missed) or "—"])
    return rows


def task_rows(d: Debrief) -> list[list[object]]:
    return [
        [t, *task_counts(by), ", ".join(n for n, v in by.items() if v in ("M", "U")) or "—"]
        for t, by in d.tasks
    ]


# --------------------------------------------------------------------------- renderers


def _text_table(head: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows, strict=True)]
    line = "  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(x.rstrip() for x in out)


def to_text(d: Debrief) -> str:
    out = [f"Debrief: {d.title} ({len(d.trainees)} games)", ""]
    out += d.notes + ([""] if d.notes else [])
    out += ["Class summary"] + [f"  {k}: {v}" for k, v in d.summary] + [""]
    out += ["Outcomes", _text_table(d.outcomes_head, d.outcomes), ""]
    out.append("Key moments (* where the class diverged)")
    for label, by, diverged in d.moments:
        if diverged:
            out.append(f"* {label}")
            out += [f"    {value}: {', '.join(who)}" for value, who in grouped(by)]
        else:
            out.append(f"  {label}: all {next(iter(by.values()))}")
    out.append("")
    if d.objectives:
        out.append("Objectives")
        for title, met_by in d.objectives:
            line, missed = objective_line(met_by)
            out.append(f"  {title}: {line}" + (f"; not met: {', '.join(missed)}" if missed else ""))
        out.append("")
    if d.tasks:
        out.append("Critical tasks (P S M U)")
        for title, by in d.tasks:
            counts = " ".join(f"{k}{n}" for k, n in zip(RATING_KEYS, task_counts(by), strict=True))
            weak = [n for n, v in by.items() if v in ("M", "U")]
            out.append(f"  {title}: {counts}" + (f"; M or U: {', '.join(weak)}" if weak else ""))
        out.append("")
    if d.figures:
        out.append("Against the historical record")
        head = ["Figure", "Historically", "Class mean", "Lowest", "Highest"]
        rows = [[k, f"{h:,g}", *figure_stats(by)] for k, h, by in d.figures]
        out += [_text_table(head, rows), ""]
    return "\n".join(out).rstrip() + "\n"


def _moment_cells(by: dict[str, str]) -> str:
    return "; ".join(f"{value} ({len(who)}): {', '.join(who)}" for value, who in grouped(by))


def to_markdown(d: Debrief) -> str:
    out = [f"# Debrief: {md(d.title)}", "", f"{len(d.trainees)} games.", ""]
    out += [f"> {md(n)}" for n in d.notes] + ([""] if d.notes else [])
    out += ["## Class summary", "", md_table(["", ""], [list(x) for x in d.summary]), ""]
    out += ["## Outcomes", "", md_table(d.outcomes_head, d.outcomes), ""]
    out += [
        "## Key moments",
        "",
        "Rows marked **diverged** are where the class chose differently.",
        "",
    ]
    rows = [
        [label, "**diverged**" if div else "same", _moment_cells(by)]
        for label, by, div in d.moments
    ]
    out += [md_table(["Moment", "", "Answers (how many): who"], rows, raw_cols=(1,)), ""]
    if d.objectives:
        out += ["## Objectives", "", md_table(OBJECTIVES_HEAD, objective_rows(d)), ""]
    if d.tasks:
        out += ["## Critical tasks", "", md_table(TASKS_HEAD, task_rows(d)), ""]
    if d.figures:
        rows = [[k, f"{h:,g}", *figure_stats(by)] for k, h, by in d.figures]
        out += [
            "## Against the historical record",
            "",
            md_table(["Figure", "Historically", "Class mean", "Lowest", "Highest"], rows),
            "",
        ]
    return "\n".join(out)


DEBRIEF_CSS = (
    CSS
    + """
body { max-width: 80rem; }
.view { display: none; }
.view:target, .views:not(:has(.view:target)) #by-name { display: block; }
.sorts a { margin-right: .8rem; }
.outcomes td:nth-child(n+2) { white-space: nowrap; }
@media print { .sorts { display: none; } .class-summary { break-after: page; } }
"""
)


def _sort_key(row: list[str], col: int) -> tuple[float, str]:
    cell = row[col]
    try:
        return float(cell.split("/")[0]), row[0]
    except ValueError:
        return 0.0, cell + row[0]  # letters: A before B; names alphabetical


def to_html(d: Debrief) -> str:
    e = escape
    body = [
        '<section class="class-summary">',
        f"<h1>Debrief: {e(d.title)}</h1>",
        f"<p>{len(d.trainees)} games.</p>",
    ]
    body += [f'<p class="note">{e(n)}</p>' for n in d.notes]
    body.append(html_table(["Class summary", ""], [list(x) for x in d.summary]))
    body.append(charts.score_chart(sorted(d.scores, key=lambda x: -x[1])))
    body.append("</section>")
    body.append("<h2>Outcomes, one row per trainee</h2>")
    links = " ".join(f'<a href="#{a}">{e(label)}</a>' for a, label, _, _ in SORTS)
    body.append(f'<p class="sorts">Sort by: {links}</p><div class="views">')
    for anchor, label, col, desc in SORTS:
        rows = sorted(d.outcomes, key=lambda r: _sort_key(r, col), reverse=desc)
        body.append(
            f'<div class="view outcomes" id="{anchor}"><p class="note">Sorted by {e(label)}.</p>'
            + html_table(d.outcomes_head, rows)
            + "</div>"
        )
    body.append("</div>")
    body.append(
        '<h2>Key moments</h2><p class="note">Rows marked diverged are where the class '
        "chose differently.</p>"
    )
    rows = [
        [
            e(label),
            '<span class="notmet">diverged</span>' if div else "same",
            "<br>".join(
                f"<strong>{e(value)}</strong> ({len(who)}): {e(', '.join(who))}"
                for value, who in grouped(by)
            ),
        ]
        for label, by, div in d.moments
    ]
    body.append(html_table(["Moment", "", "Answers (how many): who"], rows, raw_cols=(0, 1, 2)))
    if d.objectives:
        body += ["<h2>Objectives</h2>", html_table(OBJECTIVES_HEAD, objective_rows(d))]
    if d.tasks:
        body += ["<h2>Critical tasks</h2>", html_table(TASKS_HEAD, task_rows(d))]
    if d.figures:
        rows = [[k, f"{h:,g}", *figure_stats(by)] for k, h, by in d.figures]
        body += [
            "<h2>Against the historical record</h2>",
            html_table(["Figure", "Historically", "Class mean", "Lowest", "Highest"], rows),
        ]
    return page(f"Debrief: {d.title}", body, css=DEBRIEF_CSS)
