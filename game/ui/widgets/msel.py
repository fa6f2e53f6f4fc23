"""The master scenario events list for the instructor: each inject, when it comes, the action
expected and what the trainee actually did so far (read from the typed log by training/msel.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from ...training.msel import msel_rows
from .text import Static

if TYPE_CHECKING:
    from ...engine import Game
    from ...model.exercise import Exercise

STATUS_STYLE = {
    "as expected": "green",
    "differs": "bold red",
    "pending": "yellow",
    "not fired": "dim",
    "no expectation": "dim",
}


def msel_table(game: Game, exercise: Exercise) -> Table:
    table = Table(title="Injects: expected against actual", expand=True, show_lines=True)
    for head in ("When", "Inject", "Expected", "Actual"):
        table.add_column(head, overflow="fold")
    for row in msel_rows(game, exercise):
        when = row.fired or row.when
        actual = Text(f"{row.status}: {row.actual}" if row.actual else row.status)
        actual.stylize(STATUS_STYLE.get(row.status, ""), 0, len(row.status))
        table.add_row(  # the exercise's words as written, never read as markup
            Text(str(when)),
            Text(f"{row.title} ({row.sender or '?'} → {row.receiver or '?'})"),
            Text(row.expected_action or "—"),
            actual,
        )
    return table


class MselView(Static):
    """Expected against actual for every inject of the exercise, as the game stands now."""

    def __init__(self, game: Game, exercise: Exercise, **kwargs: Any) -> None:
        self.table = msel_table(game, exercise)
        super().__init__(self.table, **kwargs)
