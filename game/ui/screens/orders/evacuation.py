"""Plan the evacuation of a site: the convoys and flights that would empty it (from
`bots.evacuation`, which asks the engine's quote of each), their combined stakes, and for each leg
accept, drop or edit it (in the convoy or flight dialog) before filing the accepted requests."""

from __future__ import annotations

from collections import Counter
from typing import Any

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Checkbox, OptionList
from textual.widgets.option_list import Option

from ....bots.evacuation import Leg, plan_evacuation, totals
from ....engine import Game
from ....model.orders import Order, RequestMovement, RequestOrder, parse_order
from ... import present as p
from ...widgets.keys import KeyBar
from ...widgets.text import Label, Static
from .base import Dialog, button_row
from .convoy import ConvoyDialog
from .flight import FlightDialog

LEGS_ROWS, LEGS_MIN = 8, 4  # the list of legs, borders included: at most, and at least
DIALOG_ROWS = 11  # the dialog's other rows: borders, title, totals, option and buttons


def leg_words(game: Game, leg: Leg) -> str:
    """One leg in a line: what goes where, and the engine's verdict on it."""
    o = leg.order
    escort = ""
    if isinstance(o, RequestMovement):
        escort = ", no escort" if o.escort == "none" else f", {o.escort} escort"
    dest = "home" if o.destination == "home" else p.site_name(game, o.destination)
    verdict = "" if leg.quote.ok else f" — refused: {leg.quote.reason}"
    what = "Convoy" if isinstance(o, RequestMovement) else "Flight"
    named = game.contingent(o.contingent) if o.contingent else None
    who = f", only {named.name}" if named else ""
    return f"{what} → {dest}: {p.order_cargo_words(o)}{who}{escort}{verdict}"


def as_leg_order(data: dict[str, Any]) -> RequestOrder | None:
    """The request order a leg's dialog gave back (None if it is not a convoy or flight request)."""
    try:
        order: Order = parse_order(data)
    except ValidationError:
        return None
    return order if isinstance(order, RequestOrder) else None


class EvacuationDialog(Dialog):
    """The plan that would empty a site, leg by leg; space accepts or drops the highlighted leg,
    enter edits it, a sends them on approval, ctrl+r files every accepted leg as a request."""

    KEEPS_DRAFT = True
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("space", "accept", "Accept/drop"),
        Binding("ctrl+r", "file", "File accepted", priority=True),
        Binding("a", "auto", "Auto-dispatch"),
    ]

    def __init__(self, game: Game, site: str | None = None) -> None:
        super().__init__(game)
        sites = [sid for sid in p.mission_sites(game) if game.state.sites[sid].headcount]
        sites = sites or p.mission_sites(game)
        self.site = site if site in game.state.sites else (sites[0] if sites else None)
        plan = plan_evacuation(game, self.site) if self.site else None
        self.legs: list[Leg] = plan.legs if plan else []
        self.advice = plan.advice if plan else ""
        self.notes = plan.notes if plan else []
        self.accepted = [leg.quote.ok for leg in self.legs]
        self.problem = ""  # the engine's reasons for the legs it refused, under the plan

    def compose(self) -> ComposeResult:
        name = p.site_name(self.game, self.site) if self.site else "no site"
        with Vertical(classes="dialog"):
            yield Label(f"Plan the evacuation of {name}", classes="dialog-title")
            yield OptionList(id="legs")
            yield Static(id="totals", classes="estimate")
            yield Static(id="left", classes="note")
            yield Checkbox("Dispatch automatically on approval (a)", id="auto", compact=True)
            yield Static(id="problem", classes="problem")
            yield from button_row(
                Button("File accepted ^r", id="file", variant="primary", compact=True),
            )
        yield KeyBar()

    def on_mount(self) -> None:
        legs = self.query_one(OptionList)
        legs.focus()
        self.show_legs()

    def game_changed(self) -> None:
        self.requote()

    def requote(self) -> None:
        self.legs = [Leg(leg.order, self.ask_quote(leg.order)) for leg in self.legs]
        self.show_legs()

    def show_legs(self) -> None:
        ol = self.query_one(OptionList)
        keep = ol.highlighted
        ol.clear_options()
        ol.add_options(
            Option(Text(f"{'✔' if yes else '✘'} {i + 1}. {leg_words(self.game, leg)}"), id=str(i))
            for i, (leg, yes) in enumerate(zip(self.legs, self.accepted, strict=True))
        )
        if self.legs:
            ol.highlighted = min(keep or 0, len(self.legs) - 1)
        chosen = [leg.quote for leg, yes in zip(self.legs, self.accepted, strict=True) if yes]
        t = totals(chosen)
        self.query_one("#totals", Static).update(
            f"{t.legs} of {len(self.legs)} accepted: expected {t.killed:.1f} killed, "
            f"{t.wounded:.1f} wounded, {t.loads_at_risk:.1f} containers/items at risk; "
            f"about {t.days:.1f} days; relations {t.relations:+.1f}"
            if self.legs
            else "Nothing to move from here."
        )
        lines = [self.advice] if self.advice else []
        self.query_one("#left", Static).update("\n".join(lines + self.notes))
        ol.styles.max_height = self.legs_height([*lines, *self.notes, self.problem])
        self.query_one("#file", Button).disabled = not any(self.accepted)

    def show_problem(self, text: str) -> None:
        self.problem = text
        super().show_problem(text)
        self.show_legs()  # the list of legs makes room for it

    def legs_height(self, notes: list[str]) -> int:
        """Rows for the list of legs: at most LEGS_ROWS, fewer when the notes or the refusals
        are long, so the totals, the notes, the option and the buttons stay in view at 80×24."""
        width = max(20, min(self.app.size.width * 9 // 10, 100) - 6)  # the dialog's text width
        rows = sum(-(-len(line) // width) for line in notes)
        room = self.app.size.height * 95 // 100 - DIALOG_ROWS - rows
        return max(LEGS_MIN, min(LEGS_ROWS, room))

    def highlighted(self) -> int | None:
        index = self.query_one(OptionList).highlighted
        return index if index is not None and index < len(self.legs) else None

    def action_accept(self) -> None:
        i = self.highlighted()
        if i is not None:
            self.accepted[i] = not self.accepted[i]
            self.show_legs()

    def action_auto(self) -> None:
        box = self.query_one("#auto", Checkbox)
        box.value = not box.value

    @on(OptionList.OptionSelected)
    def _edit(self) -> None:
        """Edit the highlighted leg in its own dialog; its order comes back here, not to the game."""
        i = self.highlighted()
        if i is None:
            return
        order = self.legs[i].order
        preset = order.model_dump(mode="json", exclude_none=True)  # the dialog's fields
        dialog = (
            ConvoyDialog(self.game, preset=preset)
            if isinstance(order, RequestMovement)
            else FlightDialog(self.game, preset=preset)
        )

        def edited(new: dict[str, Any] | None) -> None:
            if new and order.contingent and not new.get("contingent"):
                # the dialog has no contingent field: the leg keeps the one the plan named
                new = {**new, "contingent": order.contingent}
            leg = as_leg_order(new) if new else None
            if leg is not None:
                self.legs[i] = Leg(leg, self.ask_quote(leg))
                self.accepted[i] = True
                self.show_legs()

        self.app.push_screen(dialog, edited)

    def action_file(self) -> None:
        """File each accepted leg; the dialog closes when all are taken, else it keeps the ones
        refused (with the engine's reasons) and drops those filed."""
        auto = self.query_one("#auto", Checkbox).value
        orders = [
            leg.order.model_copy(update={"auto": True}) if auto else leg.order
            for leg, yes in zip(self.legs, self.accepted, strict=True)
            if yes
        ]
        if self.submit is None:
            self.dismiss(orders)
            return
        problems, kept, refs = [], [], []
        filed = iter(orders)
        for leg, yes in zip(self.legs, self.accepted, strict=True):
            result = self.submit(next(filed), announce=False) if yes else None
            if result is None or not result.ok:
                kept.append((leg, yes))
            if result is not None and not result.ok:
                problems.append(result.message)
            elif result is not None and result.ref:
                refs.append(result.ref)
        if refs:  # one message for the plan: a toast per leg covers the screen at 80×24
            self.app.notify(self.filed_words(refs), title="Done", timeout=6)
        if not problems:
            self.dismiss(None)
            return
        self.legs = [leg for leg, _ in kept]
        self.accepted = [yes for _, yes in kept]
        self.notes = []  # they number the plan's legs, which are not all here now
        self.requote()
        # one line per reason, not per leg: at 80×24 a reason a leg is a wall of text
        said = Counter(problems)
        self.show_problem(
            "Refused: " + "; ".join(f"{r} ({n} legs)" if n > 1 else r for r, n in said.items())
        )

    def filed_words(self, refs: list[str]) -> str:
        """What filing the plan did: the requests, and from when their answers are expected."""
        due = [d for ref in refs if (d := self.game.answer_date(ref)) is not None]
        when = f"; answers expected from {p.short_date(min(due))}" if due else ""
        return f"{len(refs)} requests filed ({', '.join(refs)}){when}"

    @on(Button.Pressed, "#file")
    def _file(self) -> None:
        self.action_file()
