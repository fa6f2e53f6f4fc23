"""Ask for a flight clearance: aircraft, sorties, people and cargo, with the engine's quote."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Select

from ....engine import Game
from ....model.quote import Quote
from ... import present as p
from ...widgets.fields import SitePicker
from ...widgets.keys import KeyBar
from ...widgets.text import Label, Static
from .base import (
    FLIGHT,
    FLIGHT_PURPOSES,
    RequestDialog,
    button_row,
    count_input,
    read_count,
    read_date,
    site_choices,
    stock_line,
)


class FlightDialog(RequestDialog):
    """Ask for a flight clearance: aircraft, sorties, people and cargo, with the odds."""

    KEEPS_DRAFT = True
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+r", "send", "Request clearance", priority=True),
    ]

    def __init__(
        self, game: Game, origin: str | None = None, preset: dict[str, Any] | None = None
    ) -> None:
        super().__init__(game, preset)
        self.quoted: Quote | None = None  # the engine's quote of the order as it stands
        # Flights leave from the scenario's airfields (a rotation in from home is not planned
        # here); they land at an airfield or fly home, never where they left.
        self.fields = site_choices(game, self.airfields(game))
        origin = self.preset.get("origin", origin)
        ids = [sid for _, sid in self.fields]
        self.origin = origin if origin in ids else (ids[0] if ids else None)

    @staticmethod
    def airfields(game: Game) -> list[str]:
        return [sid for sid in game.state.sites if game.sites[sid].airfield != "none"]

    @staticmethod
    def aircraft(game: Game) -> list[tuple[str, str]]:
        return [
            (f"{a.name} ({a.pax} pax, {a.cargo} cargo)", a.id)
            for a in game.scenario.assets.aircraft
        ]

    def game_changed(self) -> None:
        """The pickers offer the airfields, aircraft and convoys of the game as it is now (what
        a reload added or removed comes or goes), keeping the player's choices and fields."""
        game = self.game
        self.fields = site_choices(game, self.follow_site_ids("origin", self.airfields(game)))
        self.follow_sites("aircraft", self.aircraft(game))
        self.follow_sites("destination", self.destination_options())
        super().game_changed()

    def destinations(self, origin: object) -> list[tuple[str, str]]:
        """Every other airfield; home only from an air exit (the site's own data: the engine
        refuses a flight home from anywhere else)."""
        home = (
            isinstance(origin, str)
            and origin in self.game.sites
            and self.game.sites[origin].air_exit
        )
        return [(n, sid) for n, sid in self.fields if sid != origin] + (
            [("home (out of the country)", "home")] if home else []
        )

    def compose(self) -> ComposeResult:
        game = self.game
        origin = self.origin
        fields = self.destinations(origin)
        ids = [sid for _, sid in fields]
        dest = self.preset.get("destination")
        if dest not in ids:  # an air exit to fly on from, else home, else the first airfield
            dest = next(
                (sid for sid in ids if sid != "home" and game.sites[sid].air_exit),
                "home" if "home" in ids else (ids[0] if ids else None),
            )
        aircraft = self.aircraft(game)
        with Vertical(classes="dialog"):
            yield Label("Request a flight", classes="dialog-title")
            with VerticalScroll():
                with Grid(classes="form"):
                    yield Label("From")
                    yield SitePicker(self.fields, origin, "origin")
                    yield Label("To")
                    yield SitePicker(fields, dest, "destination")
                    yield Label("Aircraft")
                    yield SitePicker(aircraft, aircraft[0][1] if aircraft else None, "aircraft")
                    yield Label("Purpose")
                    yield Select(
                        [(name, name) for name in FLIGHT_PURPOSES],
                        value="transport",
                        allow_blank=False,
                        id="purpose",
                        compact=True,
                    )
                    yield Label("Sorties")
                    yield count_input("sorties", FLIGHT, 1, "1")
                    yield Label("People")
                    yield count_input("people", FLIGHT)
                    yield Label("Containers")
                    yield count_input("containers", FLIGHT)
                    yield Label("Sensitive")
                    yield count_input("sensitive", FLIGHT)
                    yield Label("Repeat every")
                    yield count_input("every", FLIGHT, placeholder="days (blank: once)")
                    yield Label("On approval")
                    yield Checkbox("dispatch automatically", id="auto", compact=True)
                    yield Label("Depart")
                    yield Input(
                        placeholder="YYYY-MM-DD or blank: when cleared", id="depart", compact=True
                    )
                yield Static(id="available", classes="note")
                yield Static(id="estimate", classes="estimate")
                yield Static(id="cost", classes="note")
                yield Static(id="problem", classes="problem")
            yield from button_row(
                Button("Request ^r", id="request", variant="primary", compact=True),
            )
        yield KeyBar()

    def build(self) -> dict[str, Any]:
        order: dict[str, Any] = {"kind": "request_flight"}
        for name in ("origin", "destination", "aircraft"):
            value = self.query_one(f"#{name}", Select).value
            if value is Select.NULL:
                raise ValueError(f"choose the {name}")
            order[name] = value
        for name in ("people", "containers", "sensitive", "sorties"):
            order[name] = read_count(self, name, blank=1 if name == "sorties" else 0)
        every = read_count(self, "every", blank=None)
        if every is not None:
            order["every"] = every
        if self.query_one("#auto", Checkbox).value:
            order["auto"] = True
        purpose = self.query_one("#purpose", Select).value
        if purpose not in (Select.NULL, "transport"):  # unset is a transport flight
            order["purpose"] = purpose
        depart = read_date(self.query_one("#depart", Input).value)
        if depart is not None:
            order["depart"] = depart.isoformat()
        return order

    @on(Select.Changed, "#purpose")
    @on(Select.Changed, "#origin")
    def _purpose_changed(self) -> None:
        """Never to where it leaves from; a resupply flight may also fly to a convoy on the road:
        offer those as destinations."""
        self.query_one("#destination", SitePicker).follow(self.destination_options())
        self.refresh_estimate()

    def destination_options(self) -> list[tuple[str, str]]:
        """Where a flight from the chosen origin may go, with its purpose: a resupply flight to
        a convoy on the road too."""
        options = self.destinations(self.query_one("#origin", Select).value)
        if self.query_one("#purpose", Select).value == "resupply":
            options += [
                (
                    f"convoy {c.id} ({p.site_name(self.game, c.origin)} → "
                    f"{p.site_name(self.game, c.destination)})",
                    c.id,
                )
                for c in self.game.state.convoys
            ]
        return options

    @on(Input.Changed)
    @on(Select.Changed)
    def refresh_estimate(self) -> None:
        """The engine's quote, live; the request button only when the engine would take it."""
        origin = self.query_one("#origin", Select).value
        self.query_one("#available", Static).update(
            stock_line(self.game, origin) if origin not in (Select.NULL, "home") else ""
        )
        estimate = self.query_one("#estimate", Static)
        cost = self.query_one("#cost", Static)
        self.quoted = None
        try:
            self.quoted = self.ask_quote(self.build())
        except ValueError as err:  # a field, in words
            estimate.update("")
            cost.update("")
            self.show_problem(str(err).splitlines()[0])
        else:
            q = self.quoted
            estimate.update(f"Estimate: {q.words}" if q.ok else f"Cannot go: {q.reason}")
            costs = p.quote_costs(q) if q.ok else ""
            if q.ok and q.supply_days_added is not None:
                costs += f"; adds {q.supply_days_added:.1f} days of supply"
            cost.update(costs)
            self.show_problem("")
        self.query_one("#request", Button).disabled = self.quoted is None or not self.quoted.ok

    def action_send(self) -> None:
        ready = self.ready_order(self.build)
        if ready is not None:
            self.give(ready[0])

    @on(Button.Pressed, "#request")
    def _request(self) -> None:
        self.action_send()
