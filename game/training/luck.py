"""Decision and luck, separated: per convoy and flight, what was expected when it was sent
(the engine's `State.estimates` / `State.flight_estimates`, taken from the true odds at that moment)
against what happened (the typed log's incidents and arrivals)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ..engine import Game
from ..model import log

# A difference of at least one person killed or wounded is luck worth naming.
LUCK_MARGIN = 1.0


@dataclass(frozen=True)
class Outcome:
    date: str
    what: str  # "convoy c3" / "flight f2"
    request: str  # the request it moved under ('' when unauthorized)
    route: str
    told: float  # chance of an incident the trainee was told
    true: float  # the true chance
    expected_wounded: float
    wounded: int
    expected_killed: float = 0.0
    killed: int = 0
    expected_lost: float = 0.0
    lost: int = 0
    expected_days: float | None = None
    days: int | None = None

    @property
    def luck(self) -> str:
        """'worse than expected', 'better than expected' or 'as expected' (killed and wounded)."""
        return luck_word(self.expected_killed + self.expected_wounded, self.killed + self.wounded)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "luck": self.luck}


def luck_word(expected: float, actual: float) -> str:
    if actual - expected >= LUCK_MARGIN:
        return "worse than expected"
    if expected - actual >= LUCK_MARGIN:
        return "better than expected"
    return "as expected"


def _by(game: Game, what: type, key: str) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for e in game.state.log:
        if isinstance(e.data, what):
            out.setdefault(getattr(e.data, key), []).append(e.data)
    return out


def outcomes(game: Game) -> list[Outcome]:
    """Every convoy and flight sent, expected against actual, in the order they left."""
    st = game.state
    incidents = _by(game, log.ConvoyIncident, "convoy")
    arrived = _by(game, log.ConvoyArrived, "convoy")
    requests: dict[str, str] = {c.id: c.request or "" for c in st.convoys}
    for cid, items in {**incidents, **arrived}.items():
        requests.setdefault(cid, items[0].request or "")
    routes = {c.id: (c.origin, c.destination) for c in st.convoys}
    for cid, items in arrived.items():
        routes[cid] = (items[0].origin, items[0].destination)
    out: list[tuple[int, Outcome]] = []
    for est in st.estimates:
        hits = incidents.get(est.convoy, [])
        killed = sum(i.killed for i in hits)
        wounded = sum(i.wounded for i in hits)
        lost = sum(i.containers_lost + i.sensitive_lost for i in hits)
        a = arrived.get(est.convoy)
        origin, dest = routes.get(est.convoy, ("", ""))
        route = f"{game.name(origin)} → {game.name(dest)}" if origin else "(lost on the road)"
        out.append(
            (
                est.day,
                Outcome(
                    game.date_of(est.day).isoformat(),
                    f"convoy {est.convoy}",
                    requests.get(est.convoy, ""),
                    route,
                    round(1 - (1 - est.ied) * (1 - est.ambush), 4),
                    round(1 - (1 - est.true_ied) * (1 - est.true_ambush), 4),
                    round(est.expected_wounded, 2),
                    wounded,
                    expected_killed=round(est.expected_killed, 2),
                    killed=killed,
                    expected_lost=round(est.expected_loads_lost, 2),
                    lost=lost,
                    expected_days=round(est.expected_days, 1),
                    days=a[0].days if a else None,
                ),
            )
        )
    f_incidents = _by(game, log.FlightIncident, "flight")
    landed = _by(game, log.FlightLanded, "flight")
    for fe in st.flight_estimates:
        hits = f_incidents.get(fe.flight, [])
        wounded = sum(i.wounded for i in hits)
        land = landed.get(fe.flight)
        req = (hits[0].request if hits else land[0].request if land else None) or ""
        route = f"{game.name(land[0].origin)} → {game.name(land[0].destination)}" if land else ""
        told, true = round(fe.fired_on, 4), round(fe.true_fired_on, 4)
        when = game.date_of(fe.day).isoformat()
        expected = round(fe.expected_wounded, 2)
        out.append(
            (
                fe.day,
                Outcome(when, f"flight {fe.flight}", req, route, told, true, expected, wounded),
            )
        )
    return [o for _, o in sorted(out, key=lambda pair: pair[0])]


def luck_totals(items: list[Outcome]) -> dict[str, float]:
    """Expected and actual casualties and losses over every move: the part the dice decided."""
    return {
        "expected_killed": round(sum(o.expected_killed for o in items), 2),
        "killed": sum(o.killed for o in items),
        "expected_wounded": round(sum(o.expected_wounded for o in items), 2),
        "wounded": sum(o.wounded for o in items),
        "expected_lost": round(sum(o.expected_lost for o in items), 2),
        "lost": sum(o.lost for o in items),
    }
