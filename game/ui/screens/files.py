"""Save and load dialogs (all through game.saves)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList
from textual.widgets.option_list import Option

from ..roles import host
from ..stylesheets import SCREENS_CSS
from ..widgets.keys import KeyBar
from ..widgets.text import Label, Static, as_written

if TYPE_CHECKING:
    from ...engine import Game


class SaveDialog(ModalScreen[str | None]):
    """Name a save; dismisses with the path written."""

    CSS_PATH = SCREENS_CSS  # read when first shown (game/ui/stylesheets.py)

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, game: Game, ref: str | None) -> None:
        super().__init__()
        self.game = game
        self.ref = ref

    def compose(self) -> ComposeResult:
        default = f"{self.game.scenario.id}-{self.game.state.date.isoformat()}"
        with Vertical(classes="dialog"):
            yield Label("Save the game", classes="dialog-title")
            yield Input(default, placeholder="name", id="name", compact=True)
            yield Static("Enter saves; an existing save of that name is replaced.", classes="note")
            yield Static(id="problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button("Save ⏎", id="save", variant="primary", compact=True)
                yield Button("Cancel esc", id="cancel", compact=True)
        yield KeyBar()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from ...saves import save_game, saves_dir
        from ..store import save_name

        try:
            name = save_name(self.query_one("#name", Input).value)
            path = save_game(self.game, saves_dir(host(self).saves) / f"{name}.toml", self.ref)
        except (ValueError, OSError) as err:
            self.query_one("#problem", Static).update(str(err))
            return
        self.dismiss(str(path))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class LoadDialog(ModalScreen["tuple[Game, str, str] | None"]):
    """Pick a save; it is replayed and checked. Dismisses with (game, scenario ref, "play" or
    "replay")."""

    CSS_PATH = SCREENS_CSS  # read when first shown (game/ui/stylesheets.py)

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+r", "load('replay')", "Replay", priority=True),
    ]

    def compose(self) -> ComposeResult:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from ..store import list_saves

        self.entries = list_saves(host(self).saves)
        with Vertical(classes="dialog"):
            yield Label("Load a save", classes="dialog-title")
            yield OptionList(
                *(
                    Option(as_written(e.text), id=str(i), disabled=not e.ok)
                    for i, e in enumerate(self.entries)
                ),
                id="saves",
            )
            yield Static(id="problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button("Load ⏎", id="load", variant="primary", compact=True)
                yield Button("Replay ^r", id="replay", compact=True)
                yield Button("Cancel esc", id="cancel", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        if not self.entries:
            self.query_one("#problem", Static).update("No saves yet.")
        self.query_one(OptionList).focus()

    @on(Button.Pressed, "#replay")
    def replay(self) -> None:
        self.action_load("replay")

    @on(OptionList.OptionSelected)
    @on(Button.Pressed, "#load")
    def load(self) -> None:
        self.action_load("play")

    def action_load(self, how: str = "play") -> None:
        """Load the highlighted save, to play on or to replay day by day."""
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from ...saves import SaveError, load_game

        ol = self.query_one(OptionList)
        if ol.highlighted is None:
            return
        picked = ol.get_option_at_index(ol.highlighted).id
        if picked is None:
            return
        entry = self.entries[int(picked)]
        try:
            game, info = load_game(entry.path)
        except SaveError as err:
            self.query_one("#problem", Static).update(str(err))
            return
        self.dismiss((game, info.scenario, how))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
