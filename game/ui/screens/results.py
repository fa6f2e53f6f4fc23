"""The end of a game: the score part by part, the grade, and what really happened beside it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, NewLine, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header

from .. import present as p
from ..roles import game_app
from ..stylesheets import SCREENS_CSS
from ..widgets.keys import KeyBar
from ..widgets.text import Static

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
        # The two panes side by side on the screen itself (ResultsScreen's layout, screens.tcss):
        # a Horizontal around them drew and cached every line of the screen once more, ~0.5 MiB
        # at a campaign's end (bench/tui.py, peak memory)
        with VerticalScroll(id="score-pane"):
            yield Static(self.score_table(), id="score")
        with VerticalScroll(id="history-pane"):
            yield Static(self.history(), id="history")
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
        figures = Table(title="Figures", expand=True, title_justify="left", show_header=False)
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

    def history(self) -> Group:
        """What really happened beside the player's game: the record's summary, its figures
        against the player's and its timeline, drawn with Rich's tables and text from the typed
        record. (Not through Markdown: Rich's Markdown brought markdown-it and pygments, ~2.5 MiB,
        into every game's end, and read the content's plain text as Markdown: bench/tui.py,
        peak memory.) The looks are Rich Markdown's: centred heading, simple table, bullets."""
        hist = self.game.scenario.historical
        parts: list[RenderableType] = [
            Text.assemble(("What really happened", "bold underline"), justify="center"),
            NewLine(),
        ]
        if not (hist.summary or hist.timeline or hist.figures):
            parts.append(
                Text.assemble(
                    ("This scenario has no historical record to compare with.", "italic"),
                    justify="left",
                )
            )
            return Group(*parts)
        if hist.summary:
            parts += [Text(hist.summary, justify="left"), NewLine()]
        if hist.figures:
            summary = self.game.summary()
            table = Table(
                box=box.SIMPLE, pad_edge=False, border_style="cyan", collapse_padding=True
            )
            table.add_column(Text.assemble(("Figure", "not bold cyan")))
            table.add_column(Text.assemble(("Then", "not bold cyan")), justify="right")
            table.add_column(Text.assemble(("You", "not bold cyan")), justify="right")
            for key, value in hist.figures.items():
                yours = summary.figure(key)
                shown = "—" if yours is None else str(yours)
                table.add_row(Text(p.figure_words(key)), f"{value:g}", shown)
            parts += [table, NewLine()]
        if hist.timeline:
            parts += [Text.assemble(("Timeline", "magenta underline"), justify="left"), NewLine()]
            entries = Table.grid()
            entries.add_column(width=3)  # the bullet, and the hanging indent under it
            entries.add_column(overflow="fold")  # a long source (a URL) goes on, not cut
            for entry in hist.timeline:
                line = Text.assemble(
                    (f"{p.short_date(entry.date)} {entry.date.year}", "bold"),
                    f" {entry.text} ",
                    (f"({entry.source})", "italic"),
                    justify="left",
                )
                entries.add_row(Text(" • ", "bold"), line)
            parts.append(entries)
        return Group(*parts)

    def action_review(self) -> None:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from .review import ReviewScreen

        self.app.push_screen(ReviewScreen(self.game, self.exercise, self.trainee))

    def action_save(self) -> None:
        game_app(self.app).action_save_game(self.game)

    def action_menu(self) -> None:
        game_app(self.app).action_main_menu()
