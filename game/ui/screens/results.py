"""The end of a game: the score part by part, the grade, and what really happened beside it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Group
from rich.markdown import Markdown as RichMarkdown
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from .. import present as p
from ..roles import game_app
from ..stylesheets import SCREENS_CSS
from ..widgets.keys import KeyBar

if TYPE_CHECKING:
    from ...engine import Game
    from ...model.exercise import Exercise

PART_WORDS = {
    "people_out": "People out safely",
    "safety": "Safety (killed and wounded)",
    "equipment": "Equipment repatriated",
    "sites_on_time": "Sites closed on time",
    "handover": "Camps handed to the state",
    "relations": "Host relations",
    "rotation": "Overdue units relieved",
    "garrison": "Garrisons kept strong",
}


class ResultsScreen(Screen[None]):
    """Score breakdown (left) and the historical record (right)."""

    CSS_PATH = SCREENS_CSS  # read when first shown (game/ui/stylesheets.py)

    BINDINGS = [
        Binding("r", "review", "After-action review"),
        Binding("s", "save", "Save"),
        Binding("q,escape", "menu", "Main menu"),
    ]

    def __init__(
        self,
        game: Game,
        exercise: Exercise | None = None,
        trainee: str = "",
        results_path: Path | None = None,
    ) -> None:
        super().__init__()
        self.game = game
        self.exercise = exercise
        self.trainee = trainee
        self.results_path = results_path

    def compose(self) -> ComposeResult:
        yield Header()
        note = "Press r for the after-action review (and from it, the replay)."
        if self.results_path is not None:
            note = f"Results written to {self.results_path}. " + note
        yield Static(note, id="results-note", classes="note")
        with Horizontal(id="results"):
            with VerticalScroll(id="score-pane"):
                yield Static(self.score_table(), id="score")
            with VerticalScroll(id="history-pane"):
                # Rich's Markdown in one widget, as the review draws it: Textual's Markdown widget
                # builds a widget per block (the timeline is dozens), ~5 MiB at a campaign's end
                # (bench/tui.py, peak memory)
                yield Static(RichMarkdown(self.history()), id="history")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "Results"
        self.sub_title = self.game.scenario.title

    def score_table(self) -> Group:
        game = self.game
        total, parts = game.score()
        summary = game.summary()
        weights = game.scenario.weights.model_dump()
        head = Text()
        head.append(f"Grade {summary.grade}", "bold reverse")
        head.append(
            f"   score {total:.1f} / 100   ended {p.long_date(game.state.date)} ({game.state.end_reason})\n"
        )
        table = Table(title="Score, part by part", expand=True, title_justify="left")
        table.add_column("Part")
        table.add_column("Result", justify="right")
        table.add_column("Weight", justify="right")
        for key, value in parts.items():
            if weights.get(key, 0):
                style = "green" if value >= 0.7 else "yellow" if value >= 0.4 else "red"
                table.add_row(
                    PART_WORDS.get(key, key), Text(f"{value:.0%}", style), f"{weights[key]:g}"
                )
        figures = Table(title="Figures", expand=True, title_justify="left")
        figures.add_column("")
        figures.add_column("", justify="right")
        pe, co, si = summary.personnel, summary.containers, summary.sites
        rows = [
            ("People withdrawn", f"{pe.withdrawn} / {pe.total}"),
            ("People still in theatre", pe.remaining),
            ("Peacekeepers killed / wounded", f"{pe.killed} / {pe.wounded}"),
            ("Containers repatriated", f"{co.repatriated} / {co.total}"),
            (
                "Containers handed over / destroyed / lost",
                f"{co.handed_over} / {co.destroyed} / {co.lost}",
            ),
            ("Sites closed (on time)", f"{si.closed} ({si.closed_on_time}) of {si.total}"),
            ("Sites seized", si.seized),
            ("Host relations", f"{summary.host_relations:.0f}"),
            ("Unauthorized moves", summary.unauthorized_moves),
        ]
        for label, shown in rows:
            figures.add_row(label, str(shown))
        return Group(head, table, Text(""), figures)

    def history(self) -> str:
        hist = self.game.scenario.historical
        summary = self.game.summary()
        lines = ["# What really happened", ""]
        if not (hist.summary or hist.timeline or hist.figures):
            lines.append("_This scenario has no historical record to compare with._")
            return "\n".join(lines)
        if hist.summary:
            lines += [hist.summary, ""]
        if hist.figures:
            lines += ["| Figure | Then | You |", "|---|---:|---:|"]
            for key, value in hist.figures.items():
                yours = summary.figure(key)
                shown = "—" if yours is None else yours
                lines.append(f"| {p.figure_words(key)} | {value:g} | {shown} |")
            lines.append("")
        if hist.timeline:
            lines += ["## Timeline", ""]
            for entry in hist.timeline:
                lines.append(
                    f"- **{p.short_date(entry.date)} {entry.date.year}** {entry.text} _({entry.source})_"
                )
        return "\n".join(lines)

    def action_review(self) -> None:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from .review import ReviewScreen

        self.app.push_screen(ReviewScreen(self.game, self.exercise, self.trainee))

    def action_save(self) -> None:
        game_app(self.app).action_save_game(self.game)

    def action_menu(self) -> None:
        game_app(self.app).action_main_menu()
