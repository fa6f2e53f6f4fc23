"""Order dialogs: each one builds an order as plain data, checks it as the player types, and hands it
back to the game screen (dismiss with the order dict, or None when cancelled). None of them changes
the game: the game screen sends what they return."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from ...model import orders as o
from ...model.quote import Check, Quote
from .. import present as p
from ..widgets.fields import CountInput, readable
from ..widgets.keys import KeyBar

COUNTS = ("people", "containers", "vehicles", "sensitive", "trucks")
FLIGHT_PURPOSES = ("transport", "resupply", "medevac")
MOVE, FLIGHT = o.RequestMovement, o.RequestFlight


class Dialog(ModalScreen):
    """A modal with a title, a body, a line for problems and a row of buttons; Escape cancels.

    A dialog never changes the game: it hands its order to `submit` (the game screen's, which gives
    it to the engine) and closes only if the engine took it; a refusal keeps it open, fields and
    all, with the reason. Without a submitter it dismisses with the order."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    TITLE_TEXT = ""
    KEEPS_DRAFT = False  # has typed fields worth keeping open when the turn timer runs out

    def __init__(self, game) -> None:
        super().__init__()
        self.game = game  # read only: dialogs never change the game
        self.submit: Callable[[dict[str, Any]], Any] | None = None

    def action_cancel(self) -> None:
        self.dismiss(None)

    def show_problem(self, text: str) -> None:
        self.query_one("#problem", Static).update(text)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)

    def ask_quote(self, order: dict[str, Any]) -> Quote:
        """The engine's quote; ValueError in words if the order's shape is wrong."""
        try:
            return self.game.quote(order)
        except ValidationError as err:
            raise ValueError(readable(err)) from None

    def ask_check(self, order: dict[str, Any]) -> Check:
        """The engine's check; ValueError in words if the order's shape is wrong."""
        try:
            return self.game.check(order)
        except ValidationError as err:
            raise ValueError(readable(err)) from None

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
        """The game moved on under the dialog (the turn timer): say what it means now."""

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


def count_input(
    name: str, model: type[BaseModel], value: int | None = None, placeholder: str = "0"
) -> CountInput:
    return CountInput(name, model, value, placeholder)


def read_count(screen: ModalScreen, name: str, blank: int | None = 0) -> int | None:
    return screen.query_one(f"#{name}", CountInput).count(blank)


def read_date(text: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"departure {text!r} is not a date like 2023-08-20") from None


def stock_line(game, site_id: str) -> str:
    s = game.state.sites.get(site_id)
    if s is None:
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


def has_something(site) -> bool:
    return bool(site.people or site.containers or site.vehicles or site.sensitive or site.trucks)


def default_destination(game, origin: str | None) -> str | None:
    """Where a convoy from `origin` most likely goes: the nearest way out of the country by road
    (an air exit, else a border crossing), else nothing."""
    if origin is None:
        return None
    theatre = game.world.theatre
    for exits in (
        [s.id for s in theatre.sites if s.air_exit],
        [s.id for s in theatre.sites if s.road_exit],
    ):
        reachable = []
        for sid in exits:
            path = game.path(origin, sid) if sid != origin else None
            if path:
                reachable.append((sum(game.routes[r].days for r in path), sid))
        if reachable:
            return min(reachable)[1]
    return None


class ConvoyDialog(Dialog):
    """Plan a convoy: cargo, trucks, escort, route clearance and date, with the odds as you type."""

    KEEPS_DRAFT = True
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+r", "send('request_movement')", "Request authorization", priority=True),
        Binding("ctrl+u", "send('move_unauthorized')", "Move without authorization", priority=True),
        Binding("ctrl+a", "everything", "Everything here", priority=True),
    ]

    def __init__(self, game, origin: str | None = None) -> None:
        super().__init__(game)
        self.quotes: dict[str, Quote] = {}  # the engine's quote of each way to send it
        sites = p.mission_sites(game)
        # the selected site, unless it has nothing to move: then the first site that has
        stocked = [sid for sid in sites if has_something(game.state.sites[sid])]
        if origin in sites and (origin in stocked or not stocked):
            self.origin = origin
        else:
            self.origin = stocked[0] if stocked else (sites[0] if sites else None)

    def compose(self) -> ComposeResult:
        game = self.game
        sites = [(p.site_name(game, sid), sid) for sid in game.state.sites]
        self.all_sites = sites
        dest = default_destination(game, self.origin) or next(
            (sid for _, sid in sites if sid != self.origin), Select.NULL
        )
        destinations = [(name, sid) for name, sid in sites if sid != self.origin]
        with Vertical(classes="dialog"):
            yield Label("Plan a convoy", classes="dialog-title")
            with VerticalScroll():
                with Grid(classes="form"):
                    yield Label("From")
                    yield Select(
                        sites,
                        value=self.origin or Select.NULL,
                        allow_blank=False,
                        id="origin",
                        compact=True,
                    )
                    yield Label("To")
                    yield Select(
                        destinations, value=dest, allow_blank=False, id="destination", compact=True
                    )
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
            with Horizontal(classes="buttons"):
                yield Button("Request ^r", id="request", variant="primary", compact=True)
                yield Button("Unauthorized ^u", id="unauthorized", variant="warning", compact=True)
                yield Button("Cancel esc", id="cancel", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#people", Input).focus()
        self.refresh_estimate()

    def game_changed(self) -> None:
        self.refresh_estimate()

    @on(Select.Changed, "#origin")
    def _origin_changed(self) -> None:
        """A convoy never goes where it starts: the origin is not offered as the destination."""
        origin = self.query_one("#origin", Select).value
        dest = self.query_one("#destination", Select)
        keep = dest.value
        options = [(name, sid) for name, sid in self.all_sites if sid != origin]
        dest.set_options(options)
        if keep != origin and any(sid == keep for _, sid in options):
            dest.value = keep
        else:
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
        try:
            order = self.build(kind)
            q = self.ask_quote(order)
        except ValueError as err:
            self.show_problem(str(err))
            return
        if not q.ok:
            self.show_problem(f"Refused: {q.reason}")
            return
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


class FlightDialog(Dialog):
    """Ask for a flight clearance: aircraft, sorties, people and cargo, with the odds."""

    KEEPS_DRAFT = True
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+r", "send", "Request clearance", priority=True),
    ]

    def __init__(self, game, origin: str | None = None) -> None:
        super().__init__(game)
        self.origin = origin
        self.quoted: Quote | None = None  # the engine's quote of the order as it stands

    def compose(self) -> ComposeResult:
        game = self.game
        fields = [
            (p.site_name(game, sid), sid)
            for sid, site in game.sites.items()
            if site.airfield != "none"
        ] + [("home (out of the country)", "home")]
        origin = self.origin if any(v == self.origin for _, v in fields) else fields[0][1]
        dest = next((sid for sid, s in game.sites.items() if s.air_exit and sid != origin), "home")
        self.fields = fields
        aircraft = [
            (f"{a.name} ({a.pax} pax, {a.cargo} cargo)", a.id)
            for a in game.scenario.assets.aircraft
        ]
        with Vertical(classes="dialog"):
            yield Label("Request a flight", classes="dialog-title")
            with VerticalScroll():
                with Grid(classes="form"):
                    yield Label("From")
                    yield Select(fields, value=origin, allow_blank=False, id="origin", compact=True)
                    yield Label("To")
                    yield Select(
                        fields, value=dest, allow_blank=False, id="destination", compact=True
                    )
                    yield Label("Aircraft")
                    yield Select(aircraft, allow_blank=not aircraft, id="aircraft", compact=True)
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
                    yield Label("Depart")
                    yield Input(
                        placeholder="YYYY-MM-DD or blank: when cleared", id="depart", compact=True
                    )
                yield Static(id="available", classes="note")
                yield Static(id="estimate", classes="estimate")
                yield Static(id="cost", classes="note")
                yield Static(id="problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button("Request ^r", id="request", variant="primary", compact=True)
                yield Button("Cancel esc", id="cancel", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#people", Input).focus()
        self.refresh_estimate()

    def game_changed(self) -> None:
        self.refresh_estimate()

    def build(self) -> dict[str, Any]:
        order: dict[str, Any] = {"kind": "request_flight"}
        for name in ("origin", "destination", "aircraft"):
            value = self.query_one(f"#{name}", Select).value
            if value is Select.NULL:
                raise ValueError(f"choose the {name}")
            order[name] = value
        for name in ("people", "containers", "sensitive", "sorties"):
            order[name] = read_count(self, name, blank=1 if name == "sorties" else 0)
        purpose = self.query_one("#purpose", Select).value
        if purpose not in (Select.NULL, "transport"):  # unset is a transport flight
            order["purpose"] = purpose
        depart = read_date(self.query_one("#depart", Input).value)
        if depart is not None:
            order["depart"] = depart.isoformat()
        return order

    @on(Select.Changed, "#purpose")
    def _purpose_changed(self) -> None:
        """A resupply flight may also fly to a convoy on the road: offer those as destinations."""
        purpose = self.query_one("#purpose", Select).value
        dest = self.query_one("#destination", Select)
        keep = dest.value
        options = list(self.fields)
        if purpose == "resupply":
            options += [
                (
                    f"convoy {c.id} ({p.site_name(self.game, c.origin)} → "
                    f"{p.site_name(self.game, c.destination)})",
                    c.id,
                )
                for c in self.game.state.convoys
            ]
        dest.set_options(options)
        if any(v == keep for _, v in options):
            dest.value = keep
        self.refresh_estimate()

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
        try:
            order = self.build()
            q = self.ask_quote(order)
        except ValueError as err:
            self.show_problem(str(err))
            return
        if not q.ok:
            self.show_problem(f"Refused: {q.reason}")
            return
        self.give(order)

    @on(Button.Pressed, "#request")
    def _request(self) -> None:
        self.action_send()


class DispatchDialog(Dialog):
    """Pick a request; send it (authorized, or without authorization at a stated cost), press the
    host on it, or withdraw it."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+d", "go(False)", "Dispatch", priority=True),
        Binding("ctrl+u", "go(True)", "Without authorization", priority=True),
        Binding("ctrl+e", "press", "Press the host", priority=True),
        # ^w alone would close a browser tab under drawdown serve
        Binding("ctrl+x,ctrl+w", "withdraw", "Withdraw request", priority=True),
    ]

    def __init__(self, game, request: str | None = None) -> None:
        super().__init__(game)
        self.requests = p.open_requests(game)
        ids = [r.id for r in self.requests]
        ready = [r.id for r in self.requests if p.request_dispatchable(game, r)]
        self.selected = (
            request if request in ids else (ready[0] if ready else (ids[0] if ids else None))
        )

    def compose(self) -> ComposeResult:
        options = [
            Option(
                f"{r.id}  {r.kind:8} {p.request_route(self.game, r)} — {p.request_detail(self.game, r)}",
                id=r.id,
            )
            for r in self.requests
        ]
        with Vertical(classes="dialog"):
            yield Label("Dispatch a convoy or flight", classes="dialog-title")
            yield OptionList(*options, id="requests")
            yield Static(id="detail", classes="note")
            yield Static(id="problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button("Dispatch ^d", id="dispatch", variant="primary", compact=True)
                yield Button("Unauthorized ^u", id="unauthorized", variant="warning", compact=True)
                yield Button("Press host ^e", id="press", compact=True)
                yield Button("Withdraw ^x", id="withdraw", compact=True)
                yield Button("Cancel esc", id="cancel", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        ol = self.query_one(OptionList)
        if not self.requests:
            self.show_problem("No open requests: plan a convoy (c) or a flight (f) first.")
        elif self.selected:
            ol.highlighted = ol.get_option_index(self.selected)
        ol.focus()
        self.describe()

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.selected = event.option.id
        self.describe()

    def current(self):
        return self.game.state.requests.get(self.selected) if self.selected else None

    def describe(self) -> None:
        """The request, and the engine's quote of sending it now: with its authorization if it
        has one, else without (and what that costs); buttons the engine would refuse are off."""
        req = self.current()
        if req is None:
            return
        game = self.game
        ready = game.check({"kind": "dispatch", "request": req.id})
        lines = [
            f"{req.id}: {p.request_route(game, req)}, {p.order_cargo_words(req.order)}",
            f"Status: {p.request_detail(game, req)}",
        ]
        unauth_ok = False
        if ready.ok:
            go = game.quote({"kind": "dispatch", "request": req.id})
            lines.append(f"Ready to go now: {go.words}")
            lines.append(p.quote_costs(go))
        else:
            usable = game.usable_from(req.id)
            when = (
                f" (usable from {p.short_date(usable)})"
                if usable is not None and usable > game.state.date
                else ""
            )
            lines.append(f"Not now: {ready.reason}{when}")
            bold = game.quote({"kind": "dispatch", "request": req.id, "unauthorized": True})
            unauth_ok = bold.ok
            lines.append(
                f"Without authorization: {p.quote_costs(bold)}; {bold.words}"
                if bold.ok
                else f"Not without authorization either: {bold.reason}"
            )
        self.query_one("#detail", Static).update("\n".join(lines))
        self.query_one("#dispatch", Button).disabled = not ready.ok
        self.query_one("#unauthorized", Button).disabled = not unauth_ok
        self.query_one("#press", Button).disabled = not game.check(
            {"kind": "engage", "request": req.id}
        ).ok
        self.query_one("#withdraw", Button).disabled = not game.check(
            {"kind": "cancel", "request": req.id}
        ).ok

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_go(False)

    def action_go(self, unauthorized: bool) -> None:
        req = self.current()
        if req is None:
            return
        order: dict[str, Any] = {"kind": "dispatch", "request": req.id}
        if unauthorized:
            order["unauthorized"] = True
        verdict = self.game.check(order)
        if not verdict.ok:
            hint = "" if unauthorized else " — or dispatch without authorization (^u)"
            self.show_problem(verdict.reason + hint)
            return
        if unauthorized and self.game.check({"kind": "dispatch", "request": req.id}).ok:
            order.pop("unauthorized")  # it has its authorization: no need to go without
        if order.get("unauthorized"):
            self.confirm_unauthorized(order, self.game.quote(order))
            return
        self.give(order)

    def action_press(self) -> None:
        req = self.current()
        if req is not None:
            self.give({"kind": "engage", "request": req.id})

    def action_withdraw(self) -> None:
        req = self.current()
        if req is not None:
            self.give({"kind": "cancel", "request": req.id})

    @on(Button.Pressed, "#dispatch")
    def _b1(self) -> None:
        self.action_go(False)

    @on(Button.Pressed, "#unauthorized")
    def _b2(self) -> None:
        self.action_go(True)

    @on(Button.Pressed, "#press")
    def _b3(self) -> None:
        self.action_press()

    @on(Button.Pressed, "#withdraw")
    def _b4(self) -> None:
        self.action_withdraw()


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

    def __init__(self, game, kind: str, site: str | None = None) -> None:
        super().__init__(game)
        self.kind = kind
        self.quoted: Quote | None = None  # the engine's quote of the order as it stands
        sites = [
            sid
            for sid in p.mission_sites(game)
            if game.state.sites[sid].closable or kind == "destroy"
        ]
        self.sites = sites
        self.site = site if site in sites else (sites[0] if sites else None)

    def compose(self) -> ComposeResult:
        title, verb = SITE_ORDERS[self.kind]
        with Vertical(classes="dialog"):
            yield Label(title, classes="dialog-title")
            with Grid(classes="form"):
                yield Label("Site")
                yield Select(
                    [(p.site_name(self.game, s), s) for s in self.sites],
                    value=self.site or Select.NULL,
                    allow_blank=not self.sites,
                    id="site",
                    compact=True,
                )
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
        self.describe()

    @on(Select.Changed)
    @on(Input.Changed)
    def describe(self) -> None:
        """What is at the site, and the engine's quote of the order: what it hands over, destroys
        or guards, and its cost; the send button only when the engine would take it."""
        site_id = self.query_one("#site", Select).value
        send = self.query_one("#send", Button)
        self.quoted = None
        if site_id is Select.NULL:
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
        try:
            order = self.build()
            q = self.ask_quote(order)
        except ValueError as err:
            self.show_problem(str(err))
            return
        if not q.ok:
            self.show_problem(f"Refused: {q.reason}")
            return
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

    def __init__(self, game, site: str | None = None) -> None:
        super().__init__(game)
        self.quoted: Quote | None = None  # the engine's quote of the order as it stands
        self.sites = [sid for sid in p.mission_sites(game) if game.state.sites[sid].closable]
        self.site = site if site in self.sites else (self.sites[0] if self.sites else None)

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
                yield Select(
                    [(p.site_name(self.game, s), s) for s in self.sites],
                    value=self.site or Select.NULL,
                    allow_blank=not self.sites,
                    id="site",
                    compact=True,
                )
                yield Label("Containers")
                yield count_input("containers", o.Concede, placeholder="the minimum")
                yield Label("Until")
                yield Input(placeholder="YYYY-MM-DD or blank", id="until", compact=True)
            yield Static(id="detail", classes="estimate")
            yield Static(id="cost", classes="note")
            yield Static(id="problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button("Offer ^s", id="send", variant="primary", compact=True)
                yield Button("Cancel esc", id="cancel", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#offer", Select).focus()
        self.describe()

    def game_changed(self) -> None:
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
        try:
            order = self.build()
            verdict = self.ask_check(order)
        except ValueError as err:
            self.show_problem(str(err))
            return
        if not verdict.ok:
            self.show_problem(f"Refused: {verdict.reason}")
            return
        self.give(order)

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
                "Meet the ministry: " + (meet.words if meet.ok else f"not now: {meet.reason}"),
                id="",
            )
        ]
        for r in p.open_requests(game):
            press = game.quote({"kind": "engage", "request": r.id})
            if press.ok:
                options.append(
                    Option(
                        f"Press {r.id} ({p.request_route(game, r)}, {p.request_detail(game, r)}): "
                        f"{press.words}",
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
            with Horizontal(classes="buttons"):
                yield Button(
                    "Engage ⏎", id="send", variant="primary", compact=True, disabled=not meet.ok
                )
                yield Button("Cancel esc", id="cancel", compact=True)
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


class ConfirmDialog(ModalScreen[bool]):
    """Yes or no to something that cannot be taken back."""

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
