"""Send an approved request (all of it or part, within its conditions), press the host on it, or
withdraw it."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, OptionList
from textual.widgets.option_list import Option

from ....engine import Game
from ....model import orders as o
from ....model.plain import names
from ....model.state import Request
from ... import present as p
from ...widgets.fields import CountInput
from ...widgets.keys import KeyBar
from ...widgets.text import Label, Static, as_written
from .base import (
    Dialog,
    button_row,
    read_count,
)

# The counts a dispatch may lower, as the fields show them (the order model's own names).
COUNT_LABELS = {
    "people": "People",
    "containers": "Cont.",
    "vehicles": "Veh.",
    "sensitive": "Sens.",
    "trucks": "Trucks",
    "sorties": "Sorties",
}


class DispatchDialog(Dialog):
    """Pick a request; send it (authorized, or without authorization at a stated cost), press the
    host on it, or withdraw it. Its counts are fields, filled with what was approved: lowering one
    partly uses the approval, and the engine's check and quote of what the fields say are shown
    live (more than was approved is the engine's to refuse, with its reason)."""

    KEEPS_DRAFT = True

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+d", "go(False)", "Dispatch", priority=True),
        Binding("ctrl+u", "go(True)", "Without authorization", priority=True),
        Binding("ctrl+l", "within", "Within its conditions", priority=True),
        Binding("ctrl+e", "press", "Press the host", priority=True),
        # ^w alone would close a browser tab under drawdown serve
        Binding("ctrl+x,ctrl+w", "withdraw", "Withdraw request", priority=True),
    ]

    def __init__(self, game: Game, request: str | None = None) -> None:
        super().__init__(game)
        self.requests = p.open_requests(game)
        ids = [r.id for r in self.requests]
        ready = [r.id for r in self.requests if p.request_dispatchable(game, r)]
        self.selected = (
            request if request in ids else (ready[0] if ready else (ids[0] if ids else None))
        )

    def options(self) -> list[Option]:
        return [
            Option(
                as_written(
                    f"{r.id}  {r.kind:8} {p.request_route(self.game, r)} — "
                    f"{p.request_detail(self.game, r)}"
                ),
                id=r.id,
            )
            for r in self.requests
        ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Dispatch a convoy or flight", classes="dialog-title")
            yield OptionList(*self.options(), id="requests")
            with Horizontal(classes="counts"):
                for name, label in COUNT_LABELS.items():
                    yield Label(label, id=f"{name}-label")
                    yield CountInput(name, o.Dispatch)
            yield Static(id="detail", classes="note")
            yield Static(id="problem", classes="problem")
            yield from button_row(
                Button("Dispatch ^d", id="dispatch", variant="primary", compact=True),
                Button("Within ^l", id="within", compact=True),
                Button("Press host ^e", id="press", compact=True),
                Button("Unauthorized ^u", id="unauthorized", variant="warning", compact=True),
                Button("Withdraw ^x", id="withdraw", compact=True),
            )
        yield KeyBar()

    def on_mount(self) -> None:
        ol = self.query_one(OptionList)
        if not self.requests:
            self.show_problem("No open requests: plan a convoy (c) or a flight (f) first.")
        elif self.selected:
            ol.highlighted = ol.get_option_index(self.selected)
        ol.focus()
        self.fill_counts()
        self.describe()

    def game_changed(self) -> None:
        """A new day or a reload under the open dialog: the requests are listed as they are now
        (answered, expired; one the reloaded content refused is gone). The request chosen stays
        chosen, with its typed counts, while the game still has it: the same request order (a
        reload may number it differently, when one before it was refused)."""
        chosen = self.current_in(self.requests)
        self.requests = p.open_requests(self.game)
        same = [r.id for r in self.requests if chosen is not None and r.order == chosen.order]
        ids = [r.id for r in self.requests]
        ol = self.query_one(OptionList)
        ol.clear_options()
        ol.add_options(self.options())
        if same:
            self.selected = self.selected if self.selected in same else same[0]
        elif chosen is not None:
            self.selected = next(iter(ids), None)
            self.fill_counts()
            now = self.current()
            self.notify(
                f"The request chosen ({p.request_route(self.game, chosen)}) is no longer open"
                + (f": now {now.id} ({p.request_route(self.game, now)})." if now else "."),
                title="Dispatch",
                severity="warning",
                timeout=8,
            )
        if self.selected in ids:
            ol.highlighted = ids.index(self.selected)
        if not self.requests:
            self.show_problem("No open requests: plan a convoy (c) or a flight (f) first.")
        self.describe()

    def current_in(self, requests: list[Request]) -> Request | None:
        return next((r for r in requests if r.id == self.selected), None)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id != self.selected:
            self.selected = event.option.id
            self.fill_counts()
        self.describe()

    @on(Input.Changed)
    def _count_changed(self) -> None:
        if self.current() is not None:
            self.show_problem("")  # what was refused has been changed
        self.describe()

    def fill_counts(self) -> None:
        """The selected request's counts in the fields, as approved; only the fields its kind
        carries are shown."""
        req = self.current()
        for name in COUNT_LABELS:
            field = self.query_one(f"#{name}", CountInput)
            carried = req is not None and name in names(type(req.order))
            field.display = self.query_one(f"#{name}-label", Label).display = carried
            approved = str(getattr(req.order, name)) if req is not None and carried else ""
            field.value = field.placeholder = approved  # blank is as approved, and says so

    def dispatch_order(self, req: Request) -> dict[str, Any]:
        """The dispatch the fields make: the counts that differ from the approval (a blank field
        is as approved); ValueError naming a field out of its range."""
        order: dict[str, Any] = {"kind": "dispatch", "request": req.id}
        for name in COUNT_LABELS:
            if name not in names(type(req.order)):
                continue
            have = getattr(req.order, name)
            value = read_count(self, name, blank=have)
            if value != have:
                order[name] = value
        return order

    def current(self) -> Request | None:
        return self.game.state.requests.get(self.selected) if self.selected else None

    def describe(self) -> None:
        """The request, and the engine's quote of sending it now: with its authorization if it
        has one, else without (and what that costs); buttons the engine would refuse are off."""
        req = self.current()
        if req is None:
            self.query_one("#detail", Static).update("")
            for button in ("dispatch", "within", "press", "unauthorized", "withdraw"):
                self.query_one(f"#{button}", Button).disabled = True
            return
        game = self.game
        lines = [
            f"{req.id}: {p.request_route(game, req)}, {p.order_cargo_words(req.order)}",
            f"Status: {p.request_detail(game, req)}",
        ]
        try:
            order = self.dispatch_order(req)
        except ValueError as err:  # a field out of its range, in words
            self.query_one("#detail", Static).update("\n".join([*lines, f"Not now: {err}"]))
            for button in ("dispatch", "within", "unauthorized"):
                self.query_one(f"#{button}", Button).disabled = True
            return
        ready = game.check(order)
        unauth_ok = within_ok = False
        fit = self.within_order(req)
        amended = len(order) > 2
        if not ready.ok and fit is not None and not amended:
            within = game.quote(fit)
            within_ok = within.ok
            cut = ", ".join(f"{n} {k}" for k, n in fit.items() if k not in ("kind", "request"))
            lines.append(
                f"Within its conditions ({cut}), ^l: {within.words}; {p.quote_costs(within)}"
                if within.ok
                else f"Within its conditions ({cut}): not now: {within.reason}"
            )
        if ready.ok:
            go = game.quote(order)
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
            bold = game.quote(order | {"unauthorized": True})
            unauth_ok = bold.ok
            lines.append(
                f"Without authorization: {p.quote_costs(bold)}; {bold.words}"
                if bold.ok
                else f"Not without authorization either: {bold.reason}"
            )
        self.query_one("#detail", Static).update("\n".join(lines))
        self.query_one("#dispatch", Button).disabled = not ready.ok
        # one of three in the first place of the row (so it fits 80 columns): the partial send
        # when it is the way, pressing the host while it cannot go, else the dispatch
        partial = fit is not None and not ready.ok and not amended
        press = (
            not ready.ok and not partial and game.check({"kind": "engage", "request": req.id}).ok
        )
        self.query_one("#dispatch", Button).display = not partial and not press
        self.query_one("#within", Button).display = partial
        self.query_one("#within", Button).disabled = not within_ok
        self.query_one("#press", Button).display = press
        self.query_one("#unauthorized", Button).disabled = not unauth_ok
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
        try:
            order = self.dispatch_order(req)
        except ValueError as err:
            self.show_problem(str(err))
            return
        authorized = self.game.check(order).ok
        if unauthorized:
            order["unauthorized"] = True
        verdict = self.game.check(order)
        if not verdict.ok:
            hint = "" if unauthorized else " — or dispatch without authorization (^u)"
            self.show_problem(verdict.reason + hint)
            return
        if unauthorized and authorized:
            order.pop("unauthorized")  # it has its authorization: no need to go without
        if order.get("unauthorized"):
            self.confirm_unauthorized(order, self.game.quote(order))
            return
        self.give(order)

    def within_order(self, req: Request) -> dict[str, Any] | None:
        """The dispatch that leaves behind what the approval's conditions exclude (the engine
        says what), or None if the request meets its conditions as it is."""
        cut = self.game.within_conditions(req.id)
        return {"kind": "dispatch", "request": req.id, **cut} if cut else None

    def action_within(self) -> None:
        """Partly use the approval: send it without what its conditions exclude."""
        req = self.current()
        order = self.within_order(req) if req is not None else None
        if order is None:
            self.show_problem("It meets its conditions as requested: dispatch it (^d)")
            return
        verdict = self.game.check(order)
        if not verdict.ok:
            self.show_problem(f"Refused: {verdict.reason}")
            return
        self.give(order)

    @on(Button.Pressed, "#within")
    def _b0(self) -> None:
        self.action_within()

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
