"""A game in progress: the one object the CLI, the bots and the UI drive.

Like a chess board: ``order()`` applies an order to the current day (or refuses it with a reason),
``advance()`` resolves the day, and the record of orders replays the game exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ..model import log
from ..model.content import Contingent, Event, Route, Scenario, Site, World
from ..model.orders import Order, RequestMovement, parse_order
from ..model.quote import CampOutlook, Check, Quote, SupplyOutlook
from ..model.rules import Rules
from ..model.state import LogEntry, Request, State
from . import camps as camp_rules
from . import effects, equipment, reading, supplies
from . import host as host_rules
from . import orders as order_rules
from .context import Ctx
from .setup import initial_state

# The day's resolution, the quotes and the scores load when first used (each method below says
# so): a new game's first screen needs none of them (bench/tui.py start-up); the game screen
# loads them once that screen is painted (`load_later_rules`, from its warm-up).
if TYPE_CHECKING:
    from ..model.saved import GameSummary, Tallies
    from . import quote as quoting

NOTABLE = ("host", "incident", "security", "event", "deadline", "move")


class Game:
    def __init__(self, world: World, seed: int = 0) -> None:
        self.world = world
        self.seed = int(seed)
        self.ctx = Ctx(world, self.seed, initial_state(world))
        # (day, order as JSON-ready dict) for every order given, applied or refused, and
        # ("advance", day) markers: enough to replay the game exactly.
        self.record: list[dict[str, Any]] = []

    @staticmethod
    def load_later_rules() -> None:
        """Import the rules a new game's first screen leaves for later (the day's resolution,
        the quotes, the scores: the methods below import them when first used), ahead of
        that use."""
        # imported here ahead of need: the first screen paints before this code loads (start-up, bench/tui.py)
        from . import day, quote, score  # noqa: F401

    # ------------------------------------------------------------------ reading

    @property
    def state(self) -> State:
        return self.ctx.state

    @property
    def scenario(self) -> Scenario:
        return self.world.scenario

    @property
    def finished(self) -> bool:
        return self.ctx.state.finished

    def summary(self) -> GameSummary:
        """The game summary (DESIGN section 3); `.model_dump(mode="json")` is what `run --json`
        prints."""
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from . import score as scoring

        return scoring.summary(self.ctx)

    def tallies(self) -> Tallies:
        """Where every person and item is now: the summary's ledgers without the digest of the
        whole state (cheap enough to check after every day)."""
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from . import score as scoring

        return scoring.tallies(self.ctx)

    def digest(self) -> str:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from . import score as scoring

        return scoring.digest(self.ctx)

    def score(self) -> tuple[float, dict[str, float]]:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from . import score as scoring

        return scoring.score(self.ctx)

    def check(self, order: Order | dict[str, Any]) -> Check:
        """Would this order apply now? If not, why not (the reason the engine would give)."""
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from . import quote as quoting

        order = self._as_order(order)
        if self.finished:
            return Check(ok=False, reason="the game is over")
        return quoting.check(self.ctx, order)

    def quote(self, order: Order | dict[str, Any], *, trial: bool = True) -> Quote:
        """The stakes of an order before giving it: legal or not, odds, expected losses, days,
        capacity used and costs, as the player's intelligence sees them.

        With ``trial=False`` the order is not tried on a copy of the game: the odds and expected
        losses are the same, but ``ok`` then only covers the order's shape (not whether it can go
        today) and relations and grievance costs are not worked out. Bots use it to weigh many
        options cheaply; a player's screen uses the full quote."""
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from . import quote as quoting

        order = self._as_order(order)
        if self.finished:
            return Quote(kind=order.kind, ok=False, reason="the game is over")
        return quoting.quote(self.ctx, order, trial=trial)

    def road_odds(self, order: Order | dict[str, Any]) -> quoting.RoadOdds:
        """A planned convoy's IED and ambush odds, exactly the `ied` and `ambush` of
        `quote(order, trial=False)` (and its `ok` and `reason`), without the rest of the quote."""
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from . import quote as quoting

        order = self._as_order(order)
        if self.finished:
            return quoting.RoadOdds(ok=False, reason="the game is over")
        if not isinstance(order, RequestMovement):
            raise TypeError(f"road_odds is for convoys, not {order.kind}")
        return quoting.road_odds(self.ctx, order)

    def supply_outlook(self, ref: str) -> SupplyOutlook:
        """Fuel, water and food at a site or on a convoy: days left, and whether road resupply is
        cut and why (KeyError for an unknown id)."""
        return SupplyOutlook(**supplies.outlook(self.ctx, ref))

    def camp_outlook(self, site: str) -> CampOutlook:
        """The race for a camp today: each side's estimated arrival, the odds of seizure if it
        is left empty now, of an attack if it is held, and the costs of closing it now."""
        if site not in self.state.sites:
            raise KeyError(site)
        return camp_rules.outlook(self.ctx, site)

    def staying(self) -> Mapping[str, int]:
        """The sites that stay open after the others close (`stays_open`), each with the people
        it keeps: they are not to be emptied or closed in this game."""
        return MappingProxyType(self.ctx.staying)

    def army_close(self, site: str) -> bool:
        """The host's army is at the camp or close enough to receive a handover (camp_outlook's
        army_close, without the rest)."""
        return camp_rules.army_close(self.ctx, site)

    def days_away(self, side: str, site: str) -> int | None:
        """Days until a side ("army" or "armed") is at the site (0: there now; None: not coming),
        as camp_outlook has it, without the rest."""
        return camp_rules.days_away(self.ctx, side, site)

    def must_keep(self, site: str) -> int:
        """People who must stay at the site today (camp_outlook's must_keep, without the rest)."""
        return camp_rules.must_keep(self.ctx, site)

    def export_per_day(self, site: str) -> int:
        """Containers and sensitive items the site sends out of the country each day from its own
        stock (an air exit, a border crossing or a logistics hub); 0 where nothing leaves."""
        if not equipment.is_exit(self.ctx, site):
            return 0
        return equipment.export_capacity(self.ctx, site)

    @staticmethod
    def _as_order(order: Order | dict[str, Any]) -> Order:
        if isinstance(order, dict):
            order = parse_order(order)
        if order.date is not None:
            order = order.model_copy(update={"date": None})
        return order

    def estimate(self, order: Order) -> str:
        """Plain-words odds of a planned convoy or flight (the quote's words, as the player's
        intelligence sees them), or why it cannot go."""
        if order.kind not in ("request_flight", "request_movement", "move_unauthorized"):
            return ""
        q = self.quote(order, trial=False)
        return q.words if q.ok else f"cannot go: {q.reason}"

    # ---------------------------------------------------------- reading: queries
    # Read-only answers for everything outside the engine (UI, bots, orders runner, training):
    # content models (frozen) or copies, never the engine's working context.

    def date_of(self, day: int) -> dt.date:
        """The calendar date of a game day."""
        return self.ctx.date_of(day)

    def day_of(self, date: dt.date) -> int:
        """The game day of a calendar date."""
        return self.ctx.day_of(date)

    def name(self, site_id: str) -> str:
        """A site's name ("home" for out of the country; the id if there is no such site)."""
        return self.ctx.name(site_id)

    def site_info(self, site_id: str) -> Site | None:
        """A site as the theatre describes it (airfield, exits, position), or None."""
        return self.ctx.sites.get(site_id)

    @property
    def sites(self) -> Mapping[str, Site]:
        """Every site of the theatre by id (read-only)."""
        return MappingProxyType(self.ctx.sites)

    @property
    def routes(self) -> Mapping[str, Route]:
        """Every road of the theatre by id (read-only)."""
        return MappingProxyType(self.ctx.routes)

    def contingent(self, contingent_id: str) -> Contingent | None:
        return self.ctx.contingents.get(contingent_id)

    @property
    def contingents(self) -> Mapping[str, Contingent]:
        return MappingProxyType(self.ctx.contingents)

    def event(self, event_id: str) -> Event | None:
        return self.ctx.events.get(event_id)

    def path(self, origin: str, destination: str) -> list[str] | None:
        """The road ids a convoy from origin to destination takes (fastest path), or None."""
        routes = self.ctx.path(origin, destination)
        return None if routes is None else [r.id for r in routes]

    def requests_usable_today(self) -> list[Request]:
        """Requests the player can dispatch now with authorization (the engine's own answer:
        `check` of the dispatch; ask `check` for why another one cannot go)."""
        return [
            r
            for r in self.ctx.open_requests()
            if r.status == "approved" and self.check({"kind": "dispatch", "request": r.id}).ok
        ]

    @property
    def rules(self) -> Rules:
        """The world's rule values (a frozen model: read them, never change them)."""
        return self.world.rules

    def escort_troops(self, escort: str) -> int:
        """Troops a convoy must carry for an escort of this size ("none", "light", "heavy")."""
        return order_rules.escort_needed(self.ctx, escort)

    def troops(self, people: Mapping[str, int]) -> int:
        """How many of these people (contingent -> count) are troops, who can escort."""
        return order_rules.troops(self.ctx, people)

    def seats(self, vehicles: int, trucks: int = 0) -> int:
        """People a column of own vehicles and trucks can carry."""
        return order_rules.seats(self.ctx, vehicles, trucks)

    def vehicles_to_seat(self, people: int) -> int:
        """Own vehicles needed to seat this many people (without trucks)."""
        return order_rules.vehicles_to_seat(self.ctx, people)

    def truck_load(self, trucks: int) -> int:
        """Containers and sensitive items this many trucks carry."""
        return order_rules.truck_load(self.ctx, trucks)

    def answer_date(self, request_id: str) -> dt.date | None:
        """The morning the host's answer to a waiting request is known (None if it is not
        waiting): the same date the order's own message and the quote give."""
        req = self.ctx.state.requests.get(request_id)
        if req is None or req.status not in ("pending", "delayed"):
            return None
        return order_rules.answer_date(self.ctx, req)

    def usable_from(self, request_id: str) -> dt.date | None:
        """The first day the request can go with its authorization: the start of an approval's
        window, or for a waiting request the morning its answer is due (if the host says yes and
        no later start); None once it cannot (denied, lapsed, used, cancelled)."""
        req = self.ctx.state.requests.get(request_id)
        if req is None:
            return None
        if req.status == "approved" and self.ctx.state.day <= req.valid_until:
            return self.ctx.date_of(max(req.valid_from, self.ctx.state.day))
        if req.status in ("pending", "delayed"):
            depart = req.order.depart
            due = order_rules.answer_date(self.ctx, req)
            return max(due, depart) if depart else due
        return None

    def open_requests(self) -> Sequence[Request]:
        """Requests not used or cancelled (those an order or a day can still change), in filing
        order: the state's requests without rescanning the settled ones."""
        return self.ctx.open_requests()

    def within_conditions(self, request_id: str) -> dict[str, int]:
        """What a dispatch of this request must send fewer of to meet its approval's conditions
        (give them as the dispatch's counts); empty if it meets them as requested."""
        req = self.state.requests.get(request_id)
        return {} if req is None else order_rules.within_conditions(self.ctx, req)

    def authorizations_expiring(self) -> list[Request]:
        """Approved requests whose last valid day is today (usable today, gone tomorrow)."""
        day = self.ctx.state.day
        return [
            r
            for r in self.ctx.open_requests()
            if r.status == "approved" and r.valid_from <= day == r.valid_until
        ]

    def authorized_today(self, request_id: str) -> bool:
        """The host approved this request and its validity window covers today (what dispatch
        needs to go with authorization; `check` says whether the convoy can go at all)."""
        req = self.ctx.state.requests.get(request_id)
        return req is not None and order_rules.authorized_today(self.ctx, req)

    def engage_ready(self) -> bool:
        """The host's ministry will see the mission today (the cooldown since the last meeting
        has passed)."""
        return order_rules.engage_ready(self.ctx)

    def recent_meetings(self) -> int:
        """Meetings the host still remembers (each makes the next one gain less)."""
        return host_rules.recent_meetings(self.ctx)

    def blocked_until(self, route_id: str) -> dt.date | None:
        """The last day a road is blocked, if it is blocked today (else None)."""
        until = self.ctx.state.blocked.get(route_id)
        return None if until is None or until < self.ctx.state.day else self.ctx.date_of(until)

    def road_threat(self, route_id: str, estimate: bool = False) -> list[tuple[float, float]]:
        """Per stretch of a road, the (IED, ambush) odds today for an authorized, unescorted
        convoy without clearance: the true odds, or with estimate=True as the player's
        intelligence sees them (it may be wrong)."""
        return reading.road_threat(self.ctx, route_id, estimate)

    # ------------------------------------------------------------------ playing

    def order(self, order: Order | dict[str, Any]) -> order_rules.Result:
        if isinstance(order, dict):
            order = parse_order(order)
        if self.finished:
            return order_rules.Result(False, "the game is over")
        if order.date is not None:
            # An order's date says when to give it (orders files); once given it is today's.
            order = order.model_copy(update={"date": None})
        data = order.model_dump(mode="json", exclude_none=True)
        self.record.append({"day": self.state.day, "order": data})
        return order_rules.apply(self.ctx, order, dict(data))

    def advance(self) -> list[LogEntry]:
        """Resolve one turn (the scenario's turn length in days); returns what was logged."""
        if self.finished:
            return []
        start = len(self.state.log)
        self.record.append({"day": self.state.day, "advance": True})
        for _ in range(self.scenario.turn_days):
            self._resolve_one_day()
            if self.finished:
                break
        return self.state.log[start:]

    def advance_until_news(
        self,
        max_days: int = 60,  # not a rule: UI pacing
        *,
        authorizations: bool = False,
    ) -> list[LogEntry]:
        """Advance until something happens that the player should see (or max_days pass).
        With `authorizations`, also stop on the morning an approved request becomes usable and
        on the last day of one's window."""
        out: list[LogEntry] = []
        usable = {r.id for r in self.requests_usable_today()} if authorizations else set()
        for _ in range(max_days):
            entries = self.advance()
            out.extend(entries)
            if self.finished or self.state.pending_choices:
                break
            if any(e.kind in NOTABLE for e in entries):
                break
            if authorizations:
                now = {r.id for r in self.requests_usable_today()}
                if now - usable or self.authorizations_expiring():
                    break
                usable = now
        return out

    def play_to_end(self) -> None:
        while not self.finished:
            self.advance()

    def _resolve_one_day(self) -> None:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from .day import resolve_day

        ctx = self.ctx
        st = ctx.state
        resolve_day(ctx)
        remaining = st.history[-1].remaining
        everyone_out = (
            self.scenario.goal == "withdraw"
            and (remaining == 0 or camp_rules.only_the_staying_left(ctx, remaining))
            and not st.convoys
            and not st.flights
            and not effects.arrivals_ahead(ctx)
        )
        if st.day >= ctx.last_day or everyone_out:
            st.finished = True
            st.end_reason = (
                "everyone has left" if everyone_out and st.day < ctx.last_day else "deadline"
            )
            ctx.log(
                log.GameEnd,
                "The game ends: "
                + (
                    "every person has left"
                    if st.end_reason == "everyone has left"
                    else f"the deadline {self.scenario.deadline} has come"
                ),
                reason=st.end_reason,
            )
            return
        st.day += 1
        st.date = ctx.date_of(st.day)

    # ------------------------------------------------------------------ replay

    @classmethod
    def replay(
        cls, world: World, seed: int, record: list[dict[str, Any]], upto: int | None = None
    ) -> Game:
        """Rebuild a game from its record (optionally only the first `upto` entries)."""
        game = cls(world, seed)
        for entry in record[:upto]:
            if entry.get("advance"):
                if entry["day"] != game.state.day:
                    raise ValueError(
                        f"record out of step: advance on day {entry['day']}, game is on day {game.state.day}"
                    )
                game.advance()
            else:
                if entry["day"] != game.state.day:
                    raise ValueError(
                        f"record out of step: order on day {entry['day']}, game is on day {game.state.day}"
                    )
                game.order(entry["order"])
        return game

    def undo(self) -> Game:
        """The game as it was before the last order of this turn (orders only, never an advance)."""
        if not self.record or self.record[-1].get("advance"):
            raise ValueError("nothing to undo this turn")
        return Game.replay(self.world, self.seed, self.record, upto=len(self.record) - 1)
