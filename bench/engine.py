"""Engine speed: full games per second and days per second with the `cautious` policy on the largest
bundled scenario (target: a full six-month campaign in well under 50 ms), and sim with 1 and 2 jobs.

    .venv/bin/python bench/engine.py [--scenario ID] [--games N]
"""

from __future__ import annotations

import argparse
import statistics
import time

from game.bots.policies import play
from game.bots.sim import run_games
from game.content import catalogue
from game.engine import Game
from game.worlds import load_world


def largest() -> str:
    best = max(
        catalogue(),
        key=lambda i: (
            len(load_world(i.id).theatre.sites)
            * (load_world(i.id).scenario.deadline - load_world(i.id).scenario.start).days,
            i.id,
        ),
    )
    return best.id


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenario", default=None)
    ap.add_argument("--games", type=int, default=20)
    ap.add_argument("--policy", default="cautious")
    args = ap.parse_args()
    ref = args.scenario or largest()
    world = load_world(ref)
    play(world, 0, args.policy)  # warm up
    times, days = [], 0
    for seed in range(args.games):
        t = time.perf_counter()
        game = play(world, seed, args.policy)
        times.append(time.perf_counter() - t)
        days += game.state.day + 1
    total = sum(times)
    print(
        f"scenario {ref} ({len(world.theatre.sites)} sites, {len(world.scenario.events)} events), policy {args.policy}, {args.games} games"
    )
    print(
        f"  per game: min {min(times) * 1000:.1f} ms, median {statistics.median(times) * 1000:.1f} ms,"
        f" max {max(times) * 1000:.1f} ms"
    )
    print(f"  games/s: {args.games / total:.1f}   days/s: {days / total:.0f}")
    quiet = Game(world, 0)
    t = time.perf_counter()
    quiet.play_to_end()
    print(f"  the same campaign with no orders at all: {(time.perf_counter() - t) * 1000:.1f} ms")
    for jobs in (1, 2):
        t = time.perf_counter()
        run_games(ref, args.policy, args.games * 2, 100, jobs)
        dt = time.perf_counter() - t
        print(f"  sim --jobs {jobs}: {args.games * 2 / dt:.1f} games/s")


if __name__ == "__main__":
    main()
