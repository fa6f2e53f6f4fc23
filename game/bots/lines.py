"""Lines of play: simple rules a player might hope dominate, played to the end, for calibration.

Each line is a bot (a Planner style or a scripted opening followed by a bot). The calibration
report (`bench/calibration.py`) plays every line over many seeds; the rules are right when no simple
line wins everywhere and the degenerate ones lose.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ..engine import Game
from ..model.content import World
from .policies import STYLES, Planner, RandomPlayer


class Idle:
    """Gives no orders at all (choices take their defaults)."""

    def __init__(self, game: Game, seed: int) -> None:
        self.g = game

    def play_day(self) -> None:
        return None


def _destroy_everything(game: Game) -> None:
    for sid, site in game.state.sites.items():
        if site.containers or site.vehicles or site.sensitive:
            game.order({"kind": "destroy", "site": sid})


def _all_unauthorized(game: Game) -> None:
    """Every occupied camp sends everything it can carry at once, without asking."""
    exits = [s.id for s in game.world.theatre.sites if s.air_exit or s.road_exit]
    for sid, site in list(game.state.sites.items()):
        if not site.closable or sid in exits or not site.headcount:
            continue
        trucks = site.trucks
        containers = min(site.containers, game.truck_load(trucks))
        move = {
            "kind": "move_unauthorized",
            "origin": sid,
            "people": min(site.headcount, game.seats(site.vehicles, trucks)),
            "vehicles": site.vehicles,
            "trucks": trucks,
            "containers": containers,
        }
        quotes = [(game.quote({**move, "destination": e}), e) for e in exits if e != sid]
        fastest = min(((q.travel_days, e) for q, e in quotes if q.ok), default=None)
        if fastest is not None:
            game.order({**move, "destination": fastest[1]})


@dataclass(frozen=True)
class Line:
    name: str
    what: str
    make: Callable[[Game, int], object]
    opening: Callable[[Game], None] | None = None


def _planner(style_name: str, **changes: object) -> Callable[[Game, int], object]:
    style = replace(STYLES[style_name], **changes)  # type: ignore[arg-type]
    return lambda g, seed: Planner(g, style, seed)


LINES: list[Line] = [
    Line(
        "cautious", "the cautious bot: heavy escorts, clearance, always asks", _planner("cautious")
    ),
    Line(
        "historical", "the historical bot: the documented order and dates", _planner("historical")
    ),
    Line("bold", "the bold bot: light escorts, goes without authorization", _planner("bold")),
    Line(
        "all-at-once",
        "always ask, heavy escort and clearance, everything at once, start at once",
        _planner("cautious", lead_days=10_000, max_trucks=10_000),
    ),
    Line("idle", "do nothing", lambda g, seed: Idle(g, seed)),
    Line(
        "destroy-all",
        "destroy every item on day one, then play cautious",
        _planner("cautious"),
        _destroy_everything,
    ),
    Line(
        "unauthorized",
        "move every camp on day one without authorization, then play bold",
        _planner("bold"),
        _all_unauthorized,
    ),
    Line("random", "random legal and illegal orders", lambda g, seed: RandomPlayer(g, seed)),
]
BY_NAME = {line.name: line for line in LINES}


def play_line(world: World, seed: int, line: Line) -> Game:
    game = Game(world, seed)
    player = line.make(game, seed)
    if line.opening is not None:
        line.opening(game)
    while not game.finished:
        player.play_day()  # type: ignore[attr-defined]
        game.advance()
    return game
