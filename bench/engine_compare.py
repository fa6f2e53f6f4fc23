"""Compare the engine's speed in two (or more) checkouts on a shared machine: interleaved rounds, each a fresh
process per checkout playing the same cautious campaigns of `drawdown-2023`; per seed the best CPU
time over the rounds (contention only ever adds time), then the median over the seeds.

    .venv/bin/python bench/engine_compare.py BEFORE_DIR AFTER_DIR [MORE_DIRS] [--rounds 10] [--seeds 8]

(e.g. a `git archive` of the older commit unpacked in /tmp, and this checkout).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

ROUND = r"""
import json, sys, time
from game.bots.policies import play
from game.engine import Game
from game.worlds import load_world
world = load_world("drawdown-2023")
play(world, 0, "cautious")  # warm up
out = {}
for seed in range(int(sys.argv[1])):
    t = time.process_time()
    play(world, seed, "cautious")
    out[str(seed)] = time.process_time() - t
quiet = []
for _ in range(3):
    game = Game(world, 0)
    t = time.process_time()
    game.play_to_end()
    quiet.append(time.process_time() - t)
out["quiet"] = min(quiet)
print(json.dumps(out))
"""


def one_round(tree: str, seeds: int) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", ROUND, str(seeds)],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": tree},
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("trees", nargs="+", metavar="DIR")
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--seeds", type=int, default=8)
    args = ap.parse_args()
    if len(args.trees) < 2:
        ap.error("give at least two checkouts to compare")
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    best: dict[str, dict[str, float]] = {tree: {} for tree in args.trees}
    for _ in range(args.rounds):
        for tree in args.trees:
            for key, value in one_round(tree, args.seeds).items():
                best[tree][key] = min(best[tree].get(key, float("inf")), value)
    for tree in args.trees:
        seeds = [v for k, v in best[tree].items() if k != "quiet"]
        print(
            f"{tree}: cautious campaign, CPU, median over {args.seeds} seeds of the best of"
            f" {args.rounds}: {statistics.median(seeds) * 1000:.1f} ms"
            f" (fastest seed {min(seeds) * 1000:.1f}); no orders: {best[tree]['quiet'] * 1000:.1f} ms"
        )


if __name__ == "__main__":
    main()
