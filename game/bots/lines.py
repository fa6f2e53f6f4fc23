"""Lines of play: simple rules a player might hope dominate, played to the end, for calibration.

A line is an opening (orders given on the first day, exactly as an orders file would give them:
`drawdown sim --orders FILE`) followed by a bot that plays the rest. The calibration report
(`bench/calibration.py`) plays every line over many seeds; the rules are right when no simple line
wins everywhere and the degenerate ones lose.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ..engine import Game
from ..model.content import World
from ..model.orders import OrdersFile
from .policies import POLICIES, STYLES, Planner, Player, drive

Opening = Callable[[Game], list[dict[str, Any]]]


def destroy_everything(game: Game) -> list[dict[str, Any]]:
    """Destroy every item at every site on the first day."""
    return [
        {"kind": "destroy", "site": sid}
        for sid, site in game.state.sites.items()
        if site.closable and (site.containers or site.vehicles or site.sensitive)
    ]


def all_unauthorized(game: Game) -> list[dict[str, Any]]:
    """Every occupied camp sends everything it can carry at once to its nearest exit, without
    asking (the engine quotes which exit is nearest)."""
    exits = [sid for sid, s in game.sites.items() if s.air_exit or s.road_exit]
    orders = []
    for sid, site in game.state.sites.items():
        if not site.closable or sid in exits or not site.headcount:
            continue
        trucks = site.trucks
        move = {
            "kind": "move_unauthorized",
            "origin": sid,
            "people": min(site.headcount, game.seats(site.vehicles, trucks)),
            "vehicles": site.vehicles,
            "trucks": trucks,
            "containers": min(site.containers, game.truck_load(trucks)),
        }
        quotes = [(game.quote({**move, "destination": e}, trial=False), e) for e in exits]
        fastest = min(((q.travel_days, e) for q, e in quotes if q.ok), default=None)
        if fastest is not None:
            orders.append({**move, "destination": fastest[1]})
    return orders


Maker = Callable[[Game, int, "str | None"], Player]


@dataclass(frozen=True)
class Line:
    name: str
    what: str
    make: Maker
    opening: Opening | None = None
    simple: bool = False  # a simple rule (not a bot that weighs each move)
    degenerate: bool = False  # a line that must lose (grade below C) in the full drawdown


def _policy(name: str) -> Maker:
    return lambda g, seed, choices: POLICIES[name](g, seed, choices)


def _planner(style_name: str, **changes: Any) -> Maker:
    style = replace(STYLES[style_name], **changes)
    return lambda g, seed, choices: Planner(g, style, seed, choices)


LINES: list[Line] = [
    Line(
        "cautious",
        "the cautious bot: weighs escorts by the threat, always asks",
        _policy("cautious"),
    ),
    Line(
        "historical",
        "the historical bot: the recorded dates and choices, camps split over convoys and flights",
        _policy("historical"),
    ),
    Line("bold", "the bold bot: light escorts, goes without authorization", _policy("bold")),
    Line(
        "heavy-escort",
        "only ever moves with heavy escort and route clearance, always asks",
        _planner("cautious", risk_ok=-1.0),
        simple=True,
    ),
    Line(
        "all-at-once",
        "closes every camp as early as possible: everything moves from day one, no wait for the army",
        _planner("cautious", lead_days=10_000, max_trucks=10_000, wait_for_army=False),
        simple=True,
        degenerate=True,
    ),
    Line("idle", "does nothing", _policy("idle"), simple=True, degenerate=True),
    Line(
        "destroy-all",
        "destroys every item on day one, then plays cautious",
        _policy("cautious"),
        destroy_everything,
        simple=True,
        degenerate=True,
    ),
    Line(
        "unauthorized",
        "moves every camp on day one without authorization, then plays bold",
        _policy("bold"),
        all_unauthorized,
        simple=True,
        degenerate=True,
    ),
    Line("random", "random legal and illegal orders", _policy("random")),
]
BY_NAME = {line.name: line for line in LINES}


def opening_orders(world: World, seed: int, line: Line) -> OrdersFile:
    """A line's opening as an orders file dated the first day (what `sim --orders` would read)."""
    if line.opening is None:
        return OrdersFile()
    game = Game(world, seed)
    start = world.scenario.start
    from ..model.checked import check  # pydantic: a line's opening is checked as a file's

    return check(OrdersFile, {"orders": [{**o, "date": start} for o in line.opening(game)]})


def play_line(world: World, seed: int, line: Line, choices: str | None = None) -> Game:
    """One game of a line: its opening on the first day, then its bot."""
    game = Game(world, seed)
    player = line.make(game, seed, choices)
    orders = opening_orders(world, seed, line) if line.opening is not None else None
    drive(game, player, orders)
    return game
