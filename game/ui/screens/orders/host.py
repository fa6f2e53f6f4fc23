"""Orders to the host government: offer a concession, or engage the ministry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.widgets import Button, Input, OptionList, Select
from textual.widgets.option_list import Option

from ....engine import Game
from ....model import orders as o
from ....model.quote import Quote
from ... import present as p
from ...widgets.fields import SitePicker
from ...widgets.keys import KeyBar
from ...widgets.text import Label, Static, as_written
from .base import (
    Dialog,
    button_row,
    count_input,
    read_count,
    site_choices,
)

CONCESSIONS = {
    "leave_equipment": "Leave equipment to the host",
    "hold_camp": "Hold the camp until a date",
    "share_schedule": "Share the convoy schedule",
}


class ConcedeDialog(Dialog):
    """Offer the host a concession for its goodwill: what it buys and what it costs, from the
    engine's quote, before it is sent."""

    KEEPS_DRAFT = True
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "send", "Offer", priority=True),
    ]

    def __init__(self, game: Game, site: str | None = None) -> None:
        super().__init__(game)
        self.quoted: Quote | None = None  # the engine's quote of the order as it stands
        self.sites = self.offered(game)
        self.site = site if site in self.sites else next(iter(self.sites), None)

    @staticmethod
    def offered(game: Game) -> list[str]:
        return [sid for sid in p.mission_sites(game) if game.state.sites[sid].closable]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(
                f"Offer the {self.game.scenario.host.name} a concession", classes="dialog-title"
            )
            with Grid(classes="form"):
                yield Label("Offer")
                yield Select(
                    [(words, kind) for kind, words in CONCESSIONS.items()],
                    value="leave_equipment",
                    allow_blank=False,
                    id="offer",
                    compact=True,
                )
                yield Label("Site")
                yield SitePicker(site_choices(self.game, self.sites), self.site, "site")
                yield Label("Containers")
                yield count_input("containers", o.Concede, placeholder="the minimum")
                yield Label("Until")
                yield Input(placeholder="YYYY-MM-DD or blank", id="until", compact=True)
            yield Static(id="detail", classes="estimate")
            yield Static(id="cost", classes="note")
            yield Static(id="problem", classes="problem")
            yield from button_row(
                Button("Offer ^s", id="send", variant="primary", compact=True),
            )
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#offer", Select).focus()
        self.describe()

    def game_changed(self) -> None:
        """The site picker offers the sites of the game as it is now (as SiteOrderDialog)."""
        self.sites = self.follow_site_ids("site", self.offered(self.game))
        self.describe()

    def build(self) -> dict[str, Any]:
        offer = self.query_one("#offer", Select).value
        site_id = self.query_one("#site", Select).value
        if offer is Select.NULL:
            raise ValueError("choose an offer")
        if site_id is Select.NULL:
            raise ValueError("choose a site")
        order: dict[str, Any] = {"kind": "concede", "offer": offer, "site": site_id}
        if offer == "leave_equipment":
            containers = read_count(self, "containers", blank=None)
            if containers is not None:
                order["containers"] = containers
        if offer == "hold_camp":
            text = self.query_one("#until", Input).value.strip()
            if text:
                try:
                    order["until"] = dt.date.fromisoformat(text).isoformat()
                except ValueError:
                    raise ValueError(f"until {text!r} is not a date like 2023-08-20") from None
        return order

    @on(Select.Changed)
    @on(Input.Changed)
    def describe(self) -> None:
        """The engine's quote of the offer: what it buys (approvals) and what it costs; the send
        button only when the engine would take it, else its reason."""
        offer = self.query_one("#offer", Select).value
        self.query_one("#containers", Input).disabled = offer != "leave_equipment"
        self.query_one("#until", Input).disabled = offer != "hold_camp"
        detail = self.query_one("#detail", Static)
        cost = self.query_one("#cost", Static)
        self.quoted = None
        try:
            self.quoted = self.ask_quote(self.build())
        except ValueError as err:  # a field, in words
            detail.update("")
            cost.update("")
            self.show_problem(str(err).splitlines()[0])
        else:
            q = self.quoted
            detail.update(f"Offer: {q.words}" if q.words else "")
            if q.ok:
                until = f"; in force until {q.until}" if q.until else ""
                cost.update(p.quote_costs(q) + until)
                self.show_problem("")
            else:
                cost.update("")
                self.show_problem(f"The engine would refuse it: {q.reason}")
        self.query_one("#send", Button).disabled = self.quoted is None or not self.quoted.ok

    def action_send(self) -> None:
        ready = self.ready_order(self.build)
        if ready is not None:
            self.give(ready[0])

    @on(Button.Pressed, "#send")
    def _send(self) -> None:
        self.action_send()


class EngageDialog(Dialog):
    """Engage the host: improve relations, or press one pending request (at a cost)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        game = self.game
        host = game.scenario.host
        meet = game.quote({"kind": "engage"})
        options = [
            Option(
                as_written(
                    "Meet the ministry: " + (meet.words if meet.ok else f"not now: {meet.reason}")
                ),
                id="",
            )
        ]
        for r in p.open_requests(game):
            press = game.quote({"kind": "engage", "request": r.id})
            if press.ok:
                options.append(
                    Option(
                        as_written(
                            f"Press {r.id} ({p.request_route(game, r)}, "
                            f"{p.request_detail(game, r)}): {press.words}"
                        ),
                        id=r.id,
                    )
                )
        with Vertical(classes="dialog"):
            yield Label(f"Engage the {host.name}", classes="dialog-title")
            yield OptionList(*options, id="choices")
            yield Static(
                f"Relations now {game.state.relations:.0f}. The ministry sees you at most every {host.engage_cooldown} days.",
                classes="note",
            )
            yield Static(
                "" if meet.ok else f"The engine would refuse it: {meet.reason}",
                id="problem",
                classes="problem",
            )
            yield from button_row(
                Button(
                    "Engage ⏎", id="send", variant="primary", compact=True, disabled=not meet.ok
                ),
            )
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    @on(Button.Pressed, "#send")
    def _send(self) -> None:
        ol = self.query_one(OptionList)
        index = ol.highlighted if ol.highlighted is not None else 0
        request = ol.get_option_at_index(index).id
        order = {"kind": "engage", "request": request} if request else {"kind": "engage"}
        verdict = self.game.check(order)
        if not verdict.ok:
            self.show_problem(f"Refused: {verdict.reason}")
            return
        self.give(order)
