"""The debrief: a class of finished games side by side — outcomes, where decisions diverged at each
key moment, who met which objective, and the historical figures where the scenario has them.
Rendered as plain text, Markdown or one self-contained HTML file."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from .report import html_table, md_table, page
from .review import figure_at


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


def names(results: list[dict[str, Any]]) -> list[str]:
    """Trainee names, made unique where two results share one (e.g. 'ana (2)')."""
    out: list[str] = []
    for r in results:
        name = str(r.get("trainee") or "anonymous")
        base, n = name, 2
        while name in out:
            name = f"{base} ({n})"
            n += 1
        out.append(name)
    return out


def build_debrief(
    results: list[dict[str, Any]], historical: dict[str, float] | None = None
) -> Debrief:
    who = names(results)
    notes = []
    games = sorted({(r.get("exercise") or r["scenario"], r["seed"]) for r in results})
    if len(games) > 1:
        listed = ", ".join(f"{g} seed {s}" for g, s in games)
        notes.append(f"These results come from different games ({listed}); compare with care.")
    title = results[0].get("exercise_title") or results[0].get("scenario_title") or "Debrief"
    head = [
        "Trainee",
        "Score",
        "Grade",
        "People out",
        "Killed",
        "Containers home",
        "Sites on time",
        "Relations",
        "Objectives met",
    ]
    rows = []
    for name, r in zip(who, results, strict=True):
        s = r["summary"]
        p, c, sites = s["personnel"], s["containers"], s["sites"]
        objs = r.get("objectives") or []
        rows.append(
            [
                name,
                f"{s['score']:.1f}",
                s["grade"],
                f"{p['withdrawn']}/{p['total']}",
                str(p["killed"]),
                f"{c['repatriated']}/{c['total']}",
                f"{sites['closed_on_time']}/{sites['total']}",
                f"{s['host_relations']:.0f}",
                f"{sum(1 for o in objs if o['met'])}/{len(objs)}" if objs else "—",
            ]
        )
    order: list[str] = []
    labels: dict[str, str] = {}
    values: dict[str, dict[str, str]] = {}
    for name, r in zip(who, results, strict=True):
        for m in r.get("moments") or []:
            if m["id"] not in labels:
                order.append(m["id"])
                labels[m["id"]] = m["label"]
            values.setdefault(m["id"], {})[name] = m["value"]
    moments = []
    for mid in order:
        by = {name: values[mid].get(name, "—") for name in who}
        moments.append((labels[mid], by, len(set(by.values())) > 1))
    objectives: list[tuple[str, dict[str, bool | None]]] = []
    seen: dict[str, int] = {}
    for name, r in zip(who, results, strict=True):
        for o in r.get("objectives") or []:
            if o["id"] not in seen:
                seen[o["id"]] = len(objectives)
                objectives.append((o["title"], {n: None for n in who}))
            objectives[seen[o["id"]]][1][name] = bool(o["met"])
    figures = [
        (key, value, {n: figure_at(r["summary"], key) for n, r in zip(who, results, strict=True)})
        for key, value in sorted((historical or {}).items())
    ]
    return Debrief(title, head, rows, moments, objectives, who, figures, notes)


def _mark(met: bool | None) -> str:
    return "—" if met is None else ("met" if met else "NOT met")


def _fig(v: float | None) -> str:
    return "—" if v is None else f"{v:g}"


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
    out += ["Outcomes", _text_table(d.outcomes_head, d.outcomes), ""]
    out.append("Key moments (* where the class diverged)")
    for label, by, diverged in d.moments:
        if diverged:
            out.append(f"* {label}")
            out += [f"    {name}: {value}" for name, value in by.items()]
        else:
            out.append(f"  {label}: all {next(iter(by.values()))}")
    out.append("")
    if d.objectives:
        out.append("Objectives")
        head = ["Objective", *d.trainees]
        rows = [[title, *(_mark(by[n]) for n in d.trainees)] for title, by in d.objectives]
        out += [_text_table(head, rows), ""]
    if d.figures:
        out.append("Against the historical record")
        head = ["Figure", "Historically", *d.trainees]
        rows = [[k, _fig(h), *(_fig(by[n]) for n in d.trainees)] for k, h, by in d.figures]
        out += [_text_table(head, rows), ""]
    return "\n".join(out).rstrip() + "\n"


def to_markdown(d: Debrief) -> str:
    out = [f"# Debrief: {d.title}", "", f"{len(d.trainees)} games.", ""]
    out += [f"> {n}" for n in d.notes] + ([""] if d.notes else [])
    out += ["## Outcomes", "", md_table(d.outcomes_head, d.outcomes), ""]
    out += [
        "## Key moments",
        "",
        "Rows marked **diverged** are where the class chose differently.",
        "",
    ]
    rows = [
        [label, "**diverged**" if div else "same", *(by[n] for n in d.trainees)]
        for label, by, div in d.moments
    ]
    out += [md_table(["Moment", "", *d.trainees], rows), ""]
    if d.objectives:
        rows = [[t, *(_mark(by[n]) for n in d.trainees)] for t, by in d.objectives]
        out += ["## Objectives", "", md_table(["Objective", *d.trainees], rows), ""]
    if d.figures:
        rows = [[k, _fig(h), *(_fig(by[n]) for n in d.trainees)] for k, h, by in d.figures]
        out += [
            "## Against the historical record",
            "",
            md_table(["Figure", "Historically", *d.trainees], rows),
            "",
        ]
    return "\n".join(out)


def to_html(d: Debrief) -> str:
    e = escape
    body = [f"<h1>Debrief: {e(d.title)}</h1>", f"<p>{len(d.trainees)} games.</p>"]
    body += [f'<p class="note">{e(n)}</p>' for n in d.notes]
    body += ["<h2>Outcomes</h2>", html_table(d.outcomes_head, d.outcomes)]
    body.append(
        '<h2>Key moments</h2><p class="note">Rows marked diverged are where the class '
        "chose differently.</p>"
    )
    rows = [
        [
            e(label),
            '<span class="notmet">diverged</span>' if div else "same",
            *(e(by[n]) for n in d.trainees),
        ]
        for label, by, div in d.moments
    ]
    body.append(
        html_table(["Moment", "", *d.trainees], rows, raw_cols=tuple(range(len(d.trainees) + 2)))
    )
    if d.objectives:
        rows = [
            [
                e(t),
                *(
                    "—"
                    if by[n] is None
                    else f'<span class="{"met" if by[n] else "notmet"}">{_mark(by[n])}</span>'
                    for n in d.trainees
                ),
            ]
            for t, by in d.objectives
        ]
        body += [
            "<h2>Objectives</h2>",
            html_table(
                ["Objective", *d.trainees], rows, raw_cols=tuple(range(len(d.trainees) + 1))
            ),
        ]
    if d.figures:
        rows = [[k, _fig(h), *(_fig(by[n]) for n in d.trainees)] for k, h, by in d.figures]
        body += [
            "<h2>Against the historical record</h2>",
            html_table(["Figure", "Historically", *d.trainees], rows),
        ]
    return page(f"Debrief: {d.title}", body)
