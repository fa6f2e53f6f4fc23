"""Engine speed: a full campaign of the largest bundled scenario played by a bot (target: the
cautious bot's `drawdown-2023` campaign in at most 15 ms, DESIGN section 5), where its time goes
(the engine's days, the bot's orders and quotes, the bot's own reading), the same campaign with no
orders (the engine alone), and `sim` with 1 and 2 jobs (target: 2 jobs at least 1.8x one).

    .venv/bin/python bench/engine.py [--scenario ID] [--games N] [--policy NAME] [--no-sim]

The machine is shared: the load average is printed first, and the per-game figures are given
both as wall time and as CPU time (`time.process_time`), which other processes disturb less.
`sim` speed-up needs idle cores: on a loaded machine its ratio says little.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

from game.bots.policies import POLICIES, drive, play
from game.bots.sim import run_games
from game.content import catalogue
from game.engine import Game
from game.worlds import load_world


def largest() -> str:
    def size(ref: str) -> tuple[int, str]:
        world = load_world(ref)
        days = (world.scenario.deadline - world.scenario.start).days
        return len(world.theatre.sites) * days, ref

    return max((i.id for i in catalogue()), key=size)


class Split:
    """CPU time spent inside a game's order, quote and advance calls while a bot plays."""

    CALLS = ("advance", "order", "quote", "check", "road_odds")

    def __init__(self, game: Game) -> None:
        self.spent = {}
        for name in self.CALLS:
            if hasattr(game, name):  # road_odds is new: the bench also runs on older trees
                self.spent[name] = 0.0
                setattr(game, name, self._timed(name, getattr(game, name)))

    def _timed(self, name: str, call: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            t = time.process_time()
            try:
                return call(*args, **kwargs)
            finally:
                self.spent[name] += time.process_time() - t

        return timed


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenario", default=None)
    ap.add_argument("--games", type=int, default=20)
    ap.add_argument("--policy", default="cautious")
    ap.add_argument("--no-sim", action="store_true", help="skip the sim jobs measurement")
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    ref = args.scenario or largest()
    world = load_world(ref)
    play(world, 0, args.policy)  # warm up
    walls, cpus, days = [], [], 0
    for seed in range(args.games):
        t, c = time.perf_counter(), time.process_time()
        game = play(world, seed, args.policy)
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
        days += game.state.day + 1
    print(
        f"scenario {ref} ({len(world.theatre.sites)} sites, {len(world.scenario.events)} events),"
        f" policy {args.policy}, {args.games} games"
    )
    print(
        f"  per game (wall): min {ms(min(walls))}, median {ms(statistics.median(walls))},"
        f" max {ms(max(walls))}"
    )
    print(f"  per game (CPU):  min {ms(min(cpus))}, median {ms(statistics.median(cpus))}")
    print(f"  games/s: {args.games / sum(walls):.1f}   days/s: {days / sum(walls):.0f}")
    # Where a game's time goes (CPU, median of a few games; the timing wrappers add a little).
    splits = []
    for seed in range(min(args.games, 5)):
        game = Game(world, seed)
        split = Split(game)
        c = time.process_time()
        drive(game, POLICIES[args.policy](game, seed))
        total = time.process_time() - c
        inside = sum(split.spent.values())
        splits.append({**split.spent, "bot's own reading": total - inside, "total": total})
    print("  where it goes (CPU, median of 5 games):")
    labels = {"advance": "engine days (advance)", "order": "orders", "quote": "quotes"}
    for part in (*Split.CALLS, "bot's own reading", "total"):
        if part in splits[0]:
            median = statistics.median(s[part] for s in splits)
            print(f"    {labels.get(part, part):24} {ms(median)}")
    quiet = []
    for _ in range(5):
        game = Game(world, 0)
        c = time.process_time()
        game.play_to_end()
        quiet.append(time.process_time() - c)
    print(f"  the same campaign with no orders at all (CPU): min {ms(min(quiet))}")
    if args.no_sim:
        return
    rates = {}
    for jobs in (1, 2):
        t = time.perf_counter()
        run_games(ref, args.policy, args.games * 2, 100, jobs)
        rates[jobs] = args.games * 2 / (time.perf_counter() - t)
        print(f"  sim --jobs {jobs}: {rates[jobs]:.1f} games/s")
    print(f"  sim 2 jobs / 1 job: {rates[2] / rates[1]:.2f}x")


if __name__ == "__main__":
    main()
