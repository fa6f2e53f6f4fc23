"""Why each bad outcome happened: the chain from the order, through the host's conditions or a
refusal, to the roll — assembled from typed log entries (never from their English text)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ..engine import Game
from ..model import log
from ..model import orders as o
from ..model.state import LogEntry

MAX_CHAINS = 12


@dataclass(frozen=True)
class Step:
    date: str
    role: str  # order, host, refusal, condition, roll, outcome
    text: str


@dataclass(frozen=True)
class Chain:
    date: str
    outcome: str
    steps: list[Step] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Chains:
    def __init__(self, game: Game) -> None:
        self.game = game
        self.log = game.state.log
        self.estimates = {e.convoy: e for e in game.state.estimates}
        self.flight_estimates = {e.flight: e for e in game.state.flight_estimates}

    def step(self, entry: LogEntry, role: str, text: str | None = None) -> Step:
        return Step(self.game.date_of(entry.day).isoformat(), role, text or entry.text)

    def request_steps(self, request: str | None, before: int) -> list[Step]:
        """The order that made a request, the host's answers to it, and its dispatch."""
        if not request:
            return []
        steps = []
        for e in self.log[:before]:
            d = e.data
            if isinstance(d, log.OrderApplied) and d.ref == request:
                steps.append(self.step(e, "order"))
            elif isinstance(d, log.RequestDecision) and d.request == request:
                extra = ""
                if d.conditions:
                    extra = f" — conditions: {'; '.join(d.conditions)}"
                steps.append(self.step(e, "host", e.text + extra))
            elif isinstance(d, log.OverwatchDecision) and d.request == request and not d.cleared:
                steps.append(self.step(e, "refusal"))
            elif isinstance(d, log.OrderRefused) and o.names(d.given).request == request:
                steps.append(self.step(e, "refusal", f"{e.text}: {d.reason}"))
        return steps

    def unauthorized_start(self, convoy: str, before: int) -> list[Step]:
        return [
            self.step(e, "order")
            for e in self.log[:before]
            if isinstance(e.data, log.OrderApplied)
            and e.data.order_kind == "move_unauthorized"
            and e.data.ref == convoy
        ]

    def convoy(self, i: int, e: LogEntry, d: log.ConvoyIncident) -> Chain:
        steps = self.request_steps(d.request, i) or self.unauthorized_start(d.convoy, i)
        est = self.estimates.get(d.convoy)
        if est is not None:
            told = 1 - (1 - est.ied) * (1 - est.ambush)
            true = 1 - (1 - est.true_ied) * (1 - est.true_ambush)
            steps.append(
                Step(
                    self.game.date_of(est.day).isoformat(),
                    "condition",
                    f"when it left: told {told:.0%} chance of an IED or ambush on the way, "
                    f"truly {true:.0%}; expected {est.expected_killed:.2f} killed, "
                    f"{est.expected_wounded:.2f} wounded",
                )
            )
        road = self.game.routes.get(d.route)
        ends = f"{self.game.name(road.a)}–{self.game.name(road.b)}" if road else d.route
        where = f"stretch {d.stretch + 1} of the {ends} road"
        steps.append(self.step(e, "roll", f"the roll on {where}: {d.incident}"))
        return Chain(self.game.date_of(e.day).isoformat(), e.text, steps)

    def flight(self, i: int, e: LogEntry, d: log.FlightIncident) -> Chain:
        steps = self.request_steps(d.request, i)
        est = self.flight_estimates.get(d.flight)
        if est is not None:
            steps.append(
                Step(
                    self.game.date_of(est.day).isoformat(),
                    "condition",
                    f"when it left: told {est.fired_on:.0%} chance of ground fire, truly "
                    f"{est.true_fired_on:.0%}",
                )
            )
        steps.append(self.step(e, "roll", f"the roll: {d.incident.replace('_', ' ')}"))
        return Chain(self.game.date_of(e.day).isoformat(), e.text, steps)

    def site_steps(self, site: str, before: int) -> list[Step]:
        """Orders about a site, refusals of them, and requests out of it that failed."""
        steps = []
        failed = {
            d.request
            for d in (e.data for e in self.log[:before])
            if isinstance(d, log.RequestDecision) and d.outcome == "denied"
        }
        for e in self.log[:before]:
            d = e.data
            if isinstance(d, log.OrderApplied):
                named = o.names(d.given)
                if site in (named.site, named.origin) and d.order_kind != "release":
                    steps.append(self.step(e, "order"))
            elif isinstance(d, log.OrderRefused):
                named = o.names(d.given)
                if site in (named.site, named.origin):
                    steps.append(self.step(e, "refusal", f"{e.text}: {d.reason}"))
            elif isinstance(d, log.RequestDecision) and d.request in failed:
                steps.append(self.step(e, "host"))
            elif isinstance(d, log.AuthorizationExpired):
                steps.append(self.step(e, "condition"))
            elif isinstance(d, log.ArrivalMoved) and d.site == site:
                steps.append(self.step(e, "condition"))
        return steps[-6:]

    def expired(self, i: int, e: LogEntry, d: log.AuthorizationExpired) -> Chain:
        steps = self.request_steps(d.request, i)
        steps.append(
            self.step(
                e,
                "outcome",
                "the authorization lapsed: the request was not dispatched in its window",
            )
        )
        return Chain(self.game.date_of(e.day).isoformat(), e.text, steps)

    def all(self) -> list[Chain]:
        out: list[Chain] = []
        for i, e in enumerate(self.log):
            d = e.data
            if isinstance(d, log.ConvoyIncident) and (
                d.killed or d.wounded or d.containers_lost or d.sensitive_lost or d.vehicles_lost
            ):
                out.append(self.convoy(i, e, d))
            elif isinstance(d, log.FlightIncident) and (d.wounded or d.turned_back):
                out.append(self.flight(i, e, d))
            elif isinstance(d, log.SiteSeized | log.SiteOccupiedInformally | log.TargetMissed):
                steps = self.site_steps(d.site, i)
                steps.append(self.step(e, "outcome"))
                out.append(Chain(self.game.date_of(e.day).isoformat(), e.text, steps))
            elif isinstance(d, log.AuthorizationExpired):
                out.append(self.expired(i, e, d))
            elif isinstance(d, log.SiteAttack) and d.killed:
                steps = [
                    self.step(x, "order")
                    for x in self.log[:i]
                    if isinstance(x.data, log.OrderApplied)
                    and x.data.order_kind == "reinforce"
                    and o.names(x.data.given).site == d.site
                ][-2:]
                steps.append(self.step(e, "roll", f"the roll for indirect fire: {e.text}"))
                out.append(Chain(self.game.date_of(e.day).isoformat(), e.text, steps))
            if len(out) >= MAX_CHAINS:
                break
        return out


def chains(game: Game) -> list[Chain]:
    """The first bad outcomes of the game, each with the chain that led to it."""
    return Chains(game).all()
