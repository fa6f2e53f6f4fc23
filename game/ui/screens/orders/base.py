"""What every order dialog shares: the modal with its problem line and buttons, handing its order
to the engine (or back to its caller) and staying open on a refusal; the yes/no confirmation; and
the field and site helpers the dialogs use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Select

from ....bots.evacuation import exit_for
from ....engine import Game
from ....model import orders as o
from ....model.declare import Strict
from ....model.quote import Quote
from ....model.state import SiteState
from ... import present as p
from ...stylesheets import SCREENS_CSS
from ...widgets.fields import CountInput, SitePicker, readable
from ...widgets.keys import KeyBar
from ...widgets.text import Static

COUNTS = ("people", "containers", "vehicles", "sensitive", "trucks")
FLIGHT_PURPOSES = ("transport", "resupply", "medevac")
MOVE, FLIGHT = o.RequestMovement, o.RequestFlight


class Dialog(ModalScreen[Any]):
    """A modal with a title, a body, a line for problems and a row of buttons; Escape cancels.

    A dialog never changes the game: it hands its order to `submit` (the game screen's, which gives
    it to the engine) and closes only if the engine took it; a refusal keeps it open, fields and
    all, with the reason. Without a submitter it dismisses with the order."""

    CSS_PATH = SCREENS_CSS  # read when first shown (game/ui/stylesheets.py)

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    TITLE_TEXT = ""
    KEEPS_DRAFT = False  # has typed fields worth keeping open when the turn timer runs out

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game  # read only: dialogs never change the game
        # gives one order to the engine; announce=False: the dialog says what came of it itself
        self.submit: Callable[..., Any] | None = None

    def action_cancel(self) -> None:
        self.dismiss(None)

    def show_problem(self, text: str) -> None:
        self.query_one("#problem", Static).update(text)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)

    def ask_quote(self, order: o.Order | dict[str, Any]) -> Quote:
        """The engine's quote; ValueError in words if the order's shape is wrong."""
        try:
            return self.game.quote(order)
        except ValidationError as err:
            raise ValueError(readable(err)) from None

    def ready_order(
        self, build: Callable[[], dict[str, Any]]
    ) -> tuple[dict[str, Any], Quote] | None:
        """The order the fields make and the engine's quote of it, if the engine would take it;
        else None, with the field's problem or the engine's reason on the problem line."""
        try:
            order = build()
            q = self.ask_quote(order)
        except ValueError as err:
            self.show_problem(str(err))
            return None
        if not q.ok:
            self.show_problem(f"Refused: {q.reason}")
            return None
        return order, q

    def give(self, order: dict[str, Any]) -> None:
        """Hand the order over; stay open with the engine's reason if it is refused."""
        if self.submit is None:
            self.dismiss(order)
            return
        result = self.submit(order)
        if result.ok:
            self.dismiss(None)
        else:
            self.show_problem(f"Refused: {result.message}")

    def game_changed(self) -> None:
        """The game moved on under the dialog (the turn timer) or was replaced (live reload,
        undo): offer its choices and say what the order means now."""

    def follow_site_ids(self, name: str, ids: list[str], fallback: str | None = None) -> list[str]:
        """`follow_sites` for a picker of the game's sites: `ids` as the game offers them now,
        with the site chosen kept while the game has it (`with_chosen`). Returns the ids offered."""
        ids = with_chosen(self.game, ids, picked(self, name))
        self.follow_sites(name, site_choices(self.game, ids), fallback)
        return ids

    def follow_sites(
        self, name: str, options: list[tuple[str, str]], fallback: str | None = None
    ) -> None:
        """A picker offers the choices of the game as it is now; if the one chosen is no longer
        among them (a reload removed the site), the player is told what is chosen instead."""
        picker = self.query_one(f"#{name}", SitePicker)
        gone = picker.follow(options, fallback)
        if gone is None:
            return
        now = next((n for n, sid in options if sid == picker.value), None)
        self.notify(
            f"{gone} can no longer be chosen: the {name} is now {now}."
            if now
            else f"{gone} can no longer be chosen, and no other {name} can.",
            title="Reloaded",
            severity="warning",
            timeout=8,
        )

    def confirm_then_give(self, question: str, order: dict[str, Any]) -> None:
        """Give the order once the player says yes to the question (which states its cost)."""

        def answered(yes: bool | None) -> None:
            if yes:
                self.give(order)

        self.app.push_screen(ConfirmDialog(question), answered)

    def confirm_unauthorized(self, order: dict[str, Any], q: Quote) -> None:
        """A move without authorization is given only once the player has read its cost."""
        self.confirm_then_give(
            f"Move WITHOUT authorization, leaving today?\n{p.quote_costs(q)}.\n{q.words}.", order
        )


def button_row(*buttons: Button) -> ComposeResult:
    """A dialog's row of buttons, with Cancel last."""
    with Horizontal(classes="buttons"):
        yield from buttons
        yield Button("Cancel esc", id="cancel", compact=True)


def count_input(
    name: str, model: type[Strict], value: int | None = None, placeholder: str = "0"
) -> CountInput:
    return CountInput(name, model, value, placeholder)


def read_count(screen: ModalScreen[Any], name: str, blank: int | None = 0) -> int | None:
    return screen.query_one(f"#{name}", CountInput).count(blank)


def read_date(text: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"departure {text!r} is not a date like 2023-08-20") from None


def stock_line(game: Game, site_id: object) -> str:
    s = game.state.sites.get(site_id) if isinstance(site_id, str) else None
    if s is None or not isinstance(site_id, str):
        return ""
    names = game.contingents
    people = (
        ", ".join(f"{n} {names[c].name if c in names else c}" for c, n in s.people.items() if n)
        or "nobody"
    )
    return (
        f"At {p.site_name(game, site_id)}: {people}; {s.containers} containers, {s.vehicles} vehicles, "
        f"{s.sensitive} sensitive, {s.trucks} trucks, {s.eod_teams} EOD team(s)"
    )


def has_something(site: SiteState) -> bool:
    return bool(site.people or site.containers or site.vehicles or site.sensitive or site.trucks)


def default_destination(game: Game, origin: str | None) -> str | None:
    """Where a convoy from `origin` most likely goes (the evacuation planner's exit)."""
    return None if origin is None else exit_for(game, origin)


class RequestDialog(Dialog):
    """A convoy or flight request: its fields start from a preset order (repeat-last, a leg of
    the evacuation plan), and the engine's quote is asked again whenever a field or the game
    changes (the subclass's `refresh_estimate`)."""

    def __init__(self, game: Game, preset: dict[str, Any] | None = None) -> None:
        super().__init__(game)
        self.preset = preset or {}  # an order to start from (repeat-last, the evacuation plan)

    def on_mount(self) -> None:
        self.query_one("#people", Input).focus()
        fill(self, self.preset)
        self.refresh_estimate()

    def game_changed(self) -> None:
        self.refresh_estimate()

    def refresh_estimate(self) -> None:
        raise NotImplementedError


def fill(screen: ModalScreen[Any], preset: dict[str, Any]) -> None:
    """Set a dialog's fields from an order (each field named by the order's key; others are
    ignored), so an order can be edited or repeated."""
    for name, value in preset.items():
        found = screen.query(f"#{name}")
        if not found or value is None:
            continue
        widget = found.first()
        if isinstance(widget, Checkbox):
            widget.value = bool(value)
        elif isinstance(widget, Select):
            widget.value = value
        elif isinstance(widget, Input):
            widget.value = str(value)


def picked(screen: ModalScreen[Any], name: str) -> str | None:
    """The value chosen in a picker, or None when nothing is."""
    value = screen.query_one(f"#{name}", Select).value
    return None if value is Select.NULL else str(value)


def with_chosen(game: Game, ids: list[str], chosen: object) -> list[str]:
    """A picker's sites for the game as it is now, and the site the player chose while the game
    still has it, offered or not (emptied, handed over: the engine's quote says what it can do
    now), so a new day or a reload never changes the player's choice; a site gone from the game
    is not kept."""
    if isinstance(chosen, str) and chosen in game.state.sites and chosen not in ids:
        return [*ids, chosen]
    return ids


def site_choices(game: Game, ids: list[str]) -> list[tuple[str, str]]:
    """(name, id) for a site picker, always in the scenario's order of sites."""
    order = {sid: i for i, sid in enumerate(game.state.sites)}
    return [(p.site_name(game, sid), sid) for sid in sorted(ids, key=lambda s: order.get(s, -1))]


class ConfirmDialog(ModalScreen[bool]):
    """Yes or no to something that cannot be taken back."""

    CSS_PATH = SCREENS_CSS  # read when first shown (game/ui/stylesheets.py)

    BINDINGS = [
        Binding("escape,n", "answer(False)", "No"),
        Binding("y", "answer(True)", "Yes"),
    ]

    def __init__(self, question: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):
            yield Static(self.question, id="question")
            with Horizontal(classes="buttons"):
                yield Button("Yes (y)", id="yes", variant="error", compact=True)
                yield Button("No (n)", id="no", compact=True)
        yield KeyBar()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")
