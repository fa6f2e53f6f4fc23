"""Learning objectives judged from a finished (or running) game: met or not, with the evidence.

Each measure reads the game's log (orders given, choices made, what happened) and, where the log
alone cannot say, the final state of the site or the ledger. The evidence is a sentence an
instructor can read out, with dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any, TypeVar, assert_never

from ..model import log
from ..model import orders as o
from ..model.content import World
from ..model.exercise import (
    ChoseOption,
    Decided,
    DestroyedSensitiveBeforeLeaving,
    EngagedHostBefore,
    HandoverNotSeized,
    MaxKilled,
    MinWithdrawn,
    NoUnauthorizedMoves,
    Objective,
    RequestBefore,
    SiteClosedBy,
)
from ..model.state import LogEntry, State

D = TypeVar("D", bound=log.LogData)


@dataclass(frozen=True)
class Verdict:
    id: str
    title: str
    expected: str
    met: bool
    evidence: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Judge:
    """Reads one game's log and state for the measures."""

    def __init__(self, world: World, state: State) -> None:
        self.world = world
        self.state = state
        self.start = world.scenario.start
        self._entries: dict[type, list[tuple[LogEntry, Any]]] = {}

    def date(self, day: int) -> dt.date:
        return self.start + dt.timedelta(days=day)

    def name(self, site_id: str) -> str:
        try:
            return self.world.site(site_id).name
        except KeyError:
            return site_id

    def entries(self, what: type[D]) -> list[tuple[LogEntry, D]]:
        """The log entries of one kind of happening, with their typed data (one pass per kind)."""
        if what not in self._entries:
            self._entries[what] = [(e, e.data) for e in self.state.log if isinstance(e.data, what)]
        return list(self._entries[what])

    def orders(self, *kinds: str) -> list[tuple[LogEntry, o.Order]]:
        """Orders that applied (not refused), typed, of the given kinds (none that a log edited
        by hand holds in a form no order has)."""
        out = []
        for e, d in self.entries(log.OrderApplied):
            if d.order_kind in kinds and (order := d.given) is not None:
                out.append((e, order))
        return out

    # ------------------------------------------------------------------ measures

    def site_closed_by(self, m: SiteClosedBy) -> tuple[bool, str]:
        site = self.state.sites.get(m.site)
        name = self.name(m.site)
        if site is None:
            return False, f"{name} is not in this game"
        if site.closed_on is None:
            return False, (
                f"{name} was not closed: {site.headcount} people still there on "
                f"{self.state.date} (status {site.status.replace('_', ' ')})"
            )
        how = site.status.replace("_", " ")
        if site.closed_on <= m.date:
            return True, f"{name} closed on {site.closed_on} ({how}), target {m.date}"
        late = (site.closed_on - m.date).days
        return False, f"{name} closed on {site.closed_on} ({how}), {late} days after {m.date}"

    def no_unauthorized_moves(self, m: NoUnauthorizedMoves) -> tuple[bool, str]:
        moves = [
            e
            for e, order in self.orders("move_unauthorized", "dispatch")
            if isinstance(order, o.MoveUnauthorized)
            or (isinstance(order, o.Dispatch) and order.unauthorized)
        ]
        if not moves:
            return True, "every convoy and flight moved with the host's authorization"
        when = "; ".join(f"{self.date(e.day)}: {e.text}" for e in moves[:5])
        return False, f"{len(moves)} move(s) without authorization — {when}"

    def handover_not_seized(self, m: HandoverNotSeized) -> tuple[bool, str]:
        site = self.state.sites.get(m.site)
        name = self.name(m.site)
        if site is None:
            return False, f"{name} is not in this game"
        formal = [e for e, order in self.orders("handover") if o.names(order).site == m.site]
        if site.status == "seized":
            return False, f"{name} was seized by armed groups"
        if formal:
            return True, f"{name} handed over to the host on {self.date(formal[0].day)}"
        if site.status == "handed_over":
            return False, f"host forces took {name} over without a formal handover"
        return False, f"{name} was not handed over (status {site.status.replace('_', ' ')})"

    def max_killed(self, m: MaxKilled) -> tuple[bool, str]:
        killed = self.state.ledger.killed
        fatal = [
            e
            for e in self.state.log
            if (
                isinstance(e.data, log.ConvoyIncident)
                and e.data.killed
                and e.data.casualties == "peacekeepers"
            )
            or (isinstance(e.data, log.SiteAttack) and e.data.killed)
        ]
        when = "; ".join(f"{self.date(e.day)}: {e.text}" for e in fatal[:5])
        verdict = f"{killed} peacekeeper(s) killed (limit {m.n})" + (f" — {when}" if when else "")
        return killed <= m.n, verdict

    def engaged_host_before(self, m: EngagedHostBefore) -> tuple[bool, str]:
        engaged = [e for e, _ in self.orders("engage")]
        before = [e for e in engaged if self.date(e.day) < m.date]
        if before:
            return True, f"engaged the host on {self.date(before[0].day)} (before {m.date})"
        if engaged:
            return (
                False,
                f"first engaged the host on {self.date(engaged[0].day)}, not before {m.date}",
            )
        return False, "never engaged the host government"

    def request_before(self, m: RequestBefore) -> tuple[bool, str]:
        name = self.name(m.site)
        asked = [
            (e, order)
            for e, order in self.orders("request_movement", "request_flight", "move_unauthorized")
            if o.names(order).origin == m.site
        ]
        before = [e for e, _ in asked if self.date(e.day) < m.date]
        if before:
            return True, f"requested a move out of {name} on {self.date(before[0].day)}"
        if asked:
            return False, (
                f"first request out of {name} on {self.date(asked[0][0].day)}, not before {m.date}"
            )
        return False, f"no request to move out of {name}"

    def destroyed_sensitive_before_leaving(
        self, m: DestroyedSensitiveBeforeLeaving
    ) -> tuple[bool, str]:
        site = self.state.sites.get(m.site)
        name = self.name(m.site)
        if site is None:
            return False, f"{name} is not in this game"
        seized = [e for e, d in self.entries(log.SiteSeized) if d.site == m.site and d.sensitive]
        if seized:
            return False, f"sensitive items fell to armed groups: {seized[0].text}"
        informal = [e for e, d in self.entries(log.SiteOccupiedInformally) if d.site == m.site]
        if informal and self.state.ledger.sensitive.lost:
            return False, (
                f"{name} was taken over informally on {self.date(informal[0].day)}; "
                f"{self.state.ledger.sensitive.lost} sensitive item(s) lost"
            )
        if site.sensitive:
            return False, f"{site.sensitive} sensitive item(s) still at {name} at the end"
        destroyed = [e for e, order in self.orders("destroy") if o.names(order).site == m.site]
        how = f"; destroyed on {self.date(destroyed[0].day)}" if destroyed else ""
        return True, f"no sensitive item left at {name}{how}"

    def min_withdrawn(self, m: MinWithdrawn) -> tuple[bool, str]:
        led = self.state.ledger
        total = led.initial_people + led.arrived
        share = led.withdrawn / total if total else 1.0
        text = f"{led.withdrawn} of {total} people out ({share:.0%}; aim {m.share:.0%})"
        return share >= m.share, text

    def chose(self, m: ChoseOption) -> tuple[bool, str]:
        answer = next(((e, d) for e, d in self.entries(log.ChoiceMade) if d.event == m.event), None)
        if answer is None:
            return False, f"event {m.event!r} never came to a decision"
        made, defaulted = answer[1].choice, answer[1].default
        how = " (by default, no decision in time)" if defaulted else ""
        when = self.date(answer[0].day)
        if made == m.choice and not defaulted:
            return True, f"chose {made!r} on {when}"
        return False, f"chose {made!r}{how} on {when}; expected {m.choice!r}"

    def decided(self, m: Decided) -> tuple[bool, str]:
        answer = next(((e, d) for e, d in self.entries(log.ChoiceMade) if d.event == m.event), None)
        if answer is None:
            return False, f"event {m.event!r} never came to a decision"
        when = self.date(answer[0].day)
        if answer[1].default:
            return False, f"no decision in time: the default {answer[1].choice!r} applied on {when}"
        return True, f"decided {answer[1].choice!r} on {when}"


def judge(objective: Objective, world: World, state: State) -> Verdict:
    j, m = Judge(world, state), objective.measure
    match m:
        case SiteClosedBy():
            met, evidence = j.site_closed_by(m)
        case NoUnauthorizedMoves():
            met, evidence = j.no_unauthorized_moves(m)
        case HandoverNotSeized():
            met, evidence = j.handover_not_seized(m)
        case MaxKilled():
            met, evidence = j.max_killed(m)
        case EngagedHostBefore():
            met, evidence = j.engaged_host_before(m)
        case RequestBefore():
            met, evidence = j.request_before(m)
        case DestroyedSensitiveBeforeLeaving():
            met, evidence = j.destroyed_sensitive_before_leaving(m)
        case MinWithdrawn():
            met, evidence = j.min_withdrawn(m)
        case ChoseOption():
            met, evidence = j.chose(m)
        case Decided():
            met, evidence = j.decided(m)
        case _:
            assert_never(m)
    return Verdict(objective.id, objective.title, objective.expected, met, evidence)


def judge_all(objectives: list[Objective], world: World, state: State) -> list[Verdict]:
    return [judge(o, world, state) for o in objectives]
