"""Plan a convoy: cargo, trucks, escort, clearance and date, with the engine's quote as you type."""

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
    COUNTS,
    MOVE,
    RequestDialog,
    button_row,
    count_input,
    default_destination,
    has_something,
    picked,
    read_count,
    read_date,
    site_choices,
    stock_line,
    with_chosen,
)


class ConvoyDialog(RequestDialog):
    """Plan a convoy: cargo, trucks, escort, route clearance and date, with the odds as you type."""

    KEEPS_DRAFT = True
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+r", "send('request_movement')", "Request authorization", priority=True),
        Binding("ctrl+u", "send('move_unauthorized')", "Move without authorization", priority=True),
        Binding("ctrl+a", "everything", "Everything here", priority=True),
    ]

    def __init__(
        self, game: Game, origin: str | None = None, preset: dict[str, Any] | None = None
    ) -> None:
        super().__init__(game, preset)
        self.quotes: dict[str, Quote] = {}  # the engine's quote of each way to send it
        self.origins, self.all_sites = self.site_lists(game)
        origin = self.preset.get("origin", origin)
        self.origin = origin if origin in self.origins else next(iter(self.origins), None)

    @staticmethod
    def site_lists(game: Game) -> tuple[list[str], list[str]]:
        """The origins (the sites with something to move, all the mission's if none has) and
        the destinations (anywhere but a seized camp; the origin is taken out when chosen)."""
        sites = p.mission_sites(game)
        stocked = [sid for sid in sites if has_something(game.state.sites[sid])]
        return stocked or sites, [
            sid for sid, s in game.state.sites.items() if s.status != "seized"
        ]

    def game_changed(self) -> None:
        """Both pickers offer the sites of the game as it is now (a site a reload added or
        removed comes or goes), keeping the player's choices and typed fields."""
        game = self.game
        origins, destinations = self.site_lists(game)
        self.all_sites = with_chosen(game, destinations, picked(self, "destination"))
        self.origins = self.follow_site_ids("origin", origins)
        origin = picked(self, "origin")
        fallback = default_destination(game, origin)
        self.follow_sites("destination", self.destinations(origin), fallback)
        super().game_changed()

    def destinations(self, origin: object) -> list[tuple[str, str]]:
        return [(n, sid) for n, sid in site_choices(self.game, self.all_sites) if sid != origin]

    def compose(self) -> ComposeResult:
        game = self.game
        destinations = self.destinations(self.origin)
        dest = self.preset.get("destination") or default_destination(game, self.origin)
        if not any(sid == dest for _, sid in destinations):
            dest = destinations[0][1] if destinations else None
        with Vertical(classes="dialog"):
            yield Label("Plan a convoy", classes="dialog-title")
            with VerticalScroll():
                with Grid(classes="form"):
                    yield Label("From")
                    yield SitePicker(site_choices(game, self.origins), self.origin, "origin")
                    yield Label("To")
                    yield SitePicker(destinations, dest, "destination")
                    yield Label("People")
                    yield count_input("people", MOVE)
                    yield Label("Containers")
                    yield count_input("containers", MOVE)
                    yield Label("Vehicles")
                    yield count_input("vehicles", MOVE)
                    yield Label("Sensitive")
                    yield count_input("sensitive", MOVE)
                    yield Label("Trucks")
                    yield count_input("trucks", MOVE)
                    yield Label("Escort")
                    yield Select(
                        [("none", "none"), ("light", "light"), ("heavy", "heavy")],
                        value="light",
                        allow_blank=False,
                        id="escort",
                        compact=True,
                    )
                    yield Label("Clearance")
                    yield Checkbox("EOD team ahead", id="clearance", compact=True)
                    yield Label("Overwatch")
                    yield Checkbox("helicopters", id="overwatch", compact=True)
                    yield Label("On approval")
                    yield Checkbox("dispatch automatically", id="auto", compact=True)
                    yield Label("Depart")
                    yield Input(
                        placeholder="YYYY-MM-DD or blank: when authorized",
                        id="depart",
                        compact=True,
                    )
                yield Static(id="available", classes="note")
                yield Static(id="estimate", classes="estimate")
                yield Static(id="cost", classes="note")
                yield Static(id="unauth", classes="note")
                yield Static(id="problem", classes="problem")
            yield from button_row(
                Button("Request ^r", id="request", variant="primary", compact=True),
                Button("Unauthorized ^u", id="unauthorized", variant="warning", compact=True),
            )
        yield KeyBar()

    @on(Select.Changed, "#origin")
    def _origin_changed(self) -> None:
        """A convoy never goes where it starts: the origin is not offered as the destination."""
        origin = self.query_one("#origin", Select).value
        dest = self.query_one("#destination", SitePicker)
        keep = dest.value
        options = self.destinations(origin)
        if [sid for _, sid in options] == [sid for _, sid in dest.choices]:
            return
        dest.set_choices(options)
        if keep != origin and any(sid == keep for _, sid in options):
            dest.value = keep
        elif options:
            dest.value = default_destination(self.game, str(origin)) or options[0][1]

    def action_everything(self) -> None:
        """Fill the cargo with everything at the origin (the quote then says what can go)."""
        origin = self.query_one("#origin", Select).value
        site = self.game.state.sites.get(str(origin))
        if site is None:
            return
        counts = {
            "people": site.headcount,
            "containers": site.containers,
            "vehicles": site.vehicles,
            "sensitive": site.sensitive,
            "trucks": site.trucks,
        }
        for name, n in counts.items():
            self.query_one(f"#{name}", Input).value = str(n)

    def build(self, kind: str = "request_movement") -> dict[str, Any]:
        """The order as data; raises ValueError saying what is wrong with a field."""
        order: dict[str, Any] = {"kind": kind}
        for name in ("origin", "destination", "escort"):
            value = self.query_one(f"#{name}", Select).value
            if value is Select.NULL:
                raise ValueError(f"choose the {name}")
            order[name] = value
        for name in COUNTS:
            order[name] = read_count(self, name)
        order["clearance"] = self.query_one("#clearance", Checkbox).value
        if self.query_one("#overwatch", Checkbox).value:
            order["overwatch"] = True
        if self.query_one("#auto", Checkbox).value and kind == "request_movement":
            order["auto"] = True
        depart = read_date(self.query_one("#depart", Input).value)
        if depart is not None and kind != "move_unauthorized":  # an unauthorized move leaves now
            if depart < self.game.state.date:
                raise ValueError(f"departure {depart} is already past")
            order["depart"] = depart.isoformat()
        return order

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def refresh_estimate(self) -> None:
        """The engine's quote of both ways to send it, live: the request (odds, losses, days, the
        host's answer, capacity) and the move without authorization (its cost in relations);
        a button the engine would refuse is disabled, with the engine's reason."""
        origin = self.query_one("#origin", Select).value
        if origin is not Select.NULL:
            self.query_one("#available", Static).update(stock_line(self.game, origin))
        estimate = self.query_one("#estimate", Static)
        cost = self.query_one("#cost", Static)
        unauth = self.query_one("#unauth", Static)
        self.quotes = {}
        try:
            for kind in ("request_movement", "move_unauthorized"):
                self.quotes[kind] = self.ask_quote(self.build(kind))
        except ValueError as err:  # a field, in words
            self.quotes = {}
            for widget in (estimate, cost, unauth):
                widget.update("")
            self.show_problem(str(err).splitlines()[0])
            self.enable()
            return
        request, move = self.quotes["request_movement"], self.quotes["move_unauthorized"]
        if request.ok:
            estimate.update(f"Request: {request.words}")
            cost.update(p.quote_costs(request))
        else:
            estimate.update(f"Request: cannot go: {request.reason}")
            cost.update("")
        if move.ok:
            unauth.update(f"Unauthorized, leaving today: {p.quote_costs(move)}")
        elif move.reason == request.reason:
            unauth.update("Unauthorized: cannot go either")
        else:
            unauth.update(f"Unauthorized: cannot go: {move.reason}")
        self.show_problem("")
        self.enable()

    def enable(self) -> None:
        """Each send button only when the engine would take that order."""
        for kind, button in (
            ("request_movement", "#request"),
            ("move_unauthorized", "#unauthorized"),
        ):
            q = self.quotes.get(kind)
            self.query_one(button, Button).disabled = q is None or not q.ok

    def action_send(self, kind: str) -> None:
        ready = self.ready_order(lambda: self.build(kind))
        if ready is None:
            return
        order, q = ready
        if kind == "move_unauthorized":
            self.confirm_unauthorized(order, q)
            return
        self.give(order)

    @on(Button.Pressed, "#request")
    def _request(self) -> None:
        self.action_send("request_movement")

    @on(Button.Pressed, "#unauthorized")
    def _unauthorized(self) -> None:
        self.action_send("move_unauthorized")
