"""Orders at a site: hand over, destroy (with the contributors' consent) or reinforce."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Button, Input, Select

from ....engine import Game
from ....model import orders as o
from ....model.quote import Quote
from ... import present as p
from ...widgets.fields import SitePicker
from ...widgets.keys import KeyBar
from ...widgets.text import Label, Static
from .base import (
    Dialog,
    count_input,
    picked,
    read_count,
    site_choices,
)

SITE_ORDERS = {
    "handover": ("Hand over a site", "Hand over"),
    "destroy": ("Destroy equipment", "Destroy"),
    "reinforce": ("Reinforce a site", "Reinforce"),
}


class SiteOrderDialog(Dialog):
    """Handover, destroy or reinforce at a site, with what it will cost said before it is sent."""

    KEEPS_DRAFT = True
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "send", "Send order", priority=True),
        Binding("ctrl+k", "ask_consent", "Ask consent", priority=True),
    ]

    def __init__(self, game: Game, kind: str, site: str | None = None) -> None:
        super().__init__(game)
        self.kind = kind
        self.quoted: Quote | None = None  # the engine's quote of the order as it stands
        self.sites = self.offered(game)
        self.site = site if site in self.sites else next(iter(self.sites), None)

    def offered(self, game: Game) -> list[str]:
        return [
            sid
            for sid in p.mission_sites(game)
            if game.state.sites[sid].closable or self.kind == "destroy"
        ]

    def compose(self) -> ComposeResult:
        title, verb = SITE_ORDERS[self.kind]
        with Vertical(classes="dialog"):
            yield Label(title, classes="dialog-title")
            with Grid(classes="form"):
                yield Label("Site")
                yield SitePicker(site_choices(self.game, self.sites), self.site, "site")
                if self.kind == "destroy":
                    for name in ("containers", "vehicles", "sensitive"):
                        yield Label(name.capitalize())
                        yield count_input(name, o.Destroy, placeholder="all")
            yield Static(id="detail", classes="note")
            yield Static(id="problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button(
                    f"{verb} ^s",
                    id="send",
                    variant="error" if self.kind == "destroy" else "primary",
                    compact=True,
                )
                if self.kind == "destroy":
                    yield Button("Ask consent ^k", id="consent", compact=True)
                yield Button("Cancel esc", id="cancel", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#site", Select).focus()
        self.describe()

    def game_changed(self) -> None:
        """The site picker offers the sites of the game as it is now (a reload may add or remove
        one), keeping the player's choice and typed counts."""
        self.sites = self.follow_site_ids("site", self.offered(self.game))
        self.describe()

    @on(Select.Changed)
    @on(Input.Changed)
    def describe(self) -> None:
        """What is at the site, and the engine's quote of the order: what it hands over, destroys
        or guards, and its cost; the send button only when the engine would take it."""
        site_id = picked(self, "site")
        send = self.query_one("#send", Button)
        self.quoted = None
        if site_id is None:
            self.query_one("#detail", Static).update("No site can take this order.")
            send.disabled = True
            return
        game = self.game
        s = game.state.sites[site_id]
        lines = [
            f"At {p.site_name(game, site_id)}: {s.headcount} people, {s.containers} containers, "
            f"{s.vehicles} vehicles, {s.sensitive} sensitive."
            + (" Blank means all." if self.kind == "destroy" else "")
        ]
        try:
            self.quoted = self.ask_quote(self.build())
        except ValueError as err:  # a field, in words
            self.show_problem(str(err))
        else:
            q = self.quoted
            if q.ok:
                lines.append(f"{SITE_ORDERS[self.kind][1]}: {q.words}")
            self.show_problem("" if q.ok else f"The engine would refuse it: {q.reason}")
        if self.kind == "destroy":
            lines.append(self.consent_line(site_id))
        self.query_one("#detail", Static).update("\n".join(lines))
        send.disabled = self.quoted is None or not self.quoted.ok

    def consent_line(self, site_id: str) -> str:
        """Asking the contributing countries first: the engine's quote of it (and whether their
        consent is held, from the destroy quote); the button only when the engine would take it."""
        ask = self.game.quote({"kind": "ask_consent", "site": site_id})
        self.query_one("#consent", Button).disabled = not ask.ok
        held = self.quoted.consent if self.quoted is not None else None
        head = "Consent held. " if held else ""
        if not ask.ok:
            return f"{head}Ask the contributing countries first: not now: {ask.reason}"
        return f"{head}Ask the contributing countries first (^k)" + (
            f": {ask.words}" if ask.words else ""
        )

    def action_ask_consent(self) -> None:
        if self.kind != "destroy":
            return
        site_id = self.query_one("#site", Select).value
        if site_id is Select.NULL:
            return
        order = {"kind": "ask_consent", "site": site_id}
        verdict = self.game.check(order)
        if not verdict.ok:
            self.show_problem(f"Refused: {verdict.reason}")
            return
        self.give(order)

    @on(Button.Pressed, "#consent")
    def _consent(self) -> None:
        self.action_ask_consent()

    def build(self) -> dict[str, Any]:
        site_id = self.query_one("#site", Select).value
        if site_id is Select.NULL:
            raise ValueError("choose a site")
        order: dict[str, Any] = {"kind": self.kind, "site": site_id}
        if self.kind == "destroy":
            for name in ("containers", "vehicles", "sensitive"):
                value = read_count(self, name, blank=None)
                if value is not None:
                    order[name] = value
        return order

    def action_send(self) -> None:
        ready = self.ready_order(self.build)
        if ready is None:
            return
        order, q = ready
        if self.kind != "destroy":
            self.give(order)
            return

        self.confirm_then_give(
            f"At {p.site_name(self.game, order['site'])}: {q.words}.\n{p.quote_costs(q)}.\n"
            "Destroy? This cannot be undone after the day ends.",
            order,
        )

    @on(Button.Pressed, "#send")
    def _send(self) -> None:
        self.action_send()
