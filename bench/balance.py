"""The balance table of docs/balance.md: every bundled documented scenario under every bot policy.

    .venv/bin/python bench/balance.py [--runs 20] [--jobs 2]     # prints the Markdown table

Same figures as `drawdown sim SCENARIO --policy all --runs N --seed 1 --json` (medians; a win is
grade C or better), gathered into one table, followed by the warnings of the balance report.
"""

from __future__ import annotations

import argparse

from game.bots.policies import POLICIES
from game.bots.sim import run_games, summarize, warnings_for
from game.worlds import load_world

SCENARIOS = ("tutorial", "ber-2023", "north-2023", "rotations-2022", "drawdown-2023")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    print(
        "| scenario | policy | win rate (C or better) | median score | median killed | "
        "median wounded | median containers destroyed | median containers lost |"
    )
    print("|---|---|---|---|---|---|---|---|")
    notes = []
    for scenario in SCENARIOS:
        summaries = {}
        for policy in ("cautious", "historical", "bold", "random"):
            assert policy in POLICIES
            s = summarize(run_games(scenario, policy, args.runs, 1, args.jobs))
            summaries[policy] = s
            print(
                f"| {scenario} | {policy} | {s['win_rate']:.0%} | {s['score']['median']:.1f} | "
                f"{s['killed']['median']:g} | {s['wounded']['median']:g} | "
                f"{s['containers_destroyed']['median']:g} | {s['containers_lost']['median']:g} |"
            )
        for w in warnings_for(load_world(scenario), summaries):
            notes.append(f"- {scenario}: {w}")
    print()
    print(
        "Warnings from the balance report:" if notes else "Warnings from the balance report: none"
    )
    for n in notes:
        print(n)


if __name__ == "__main__":
    main()
