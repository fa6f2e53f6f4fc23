"""Every game the same: the digest of bot games (every scenario x policy x seed), to compare two
checkouts or one checkout before and after a speed change.

    .venv/bin/python bench/engine_digests.py [--seeds 3] > /tmp/before.json
    .venv/bin/python bench/engine_digests.py [--seeds 3] --against /tmp/before.json

With `--against`, prints the games whose digest differs and exits 1 if any does.
"""

from __future__ import annotations

import argparse
import json
import sys

from game.bots.policies import POLICIES, play
from game.content import catalogue
from game.worlds import load_world


def digests(seeds: int) -> dict[str, str]:
    out: dict[str, str] = {}
    for info in catalogue():
        world = load_world(info.id)
        for policy in sorted(POLICIES):
            for seed in range(seeds):
                game = play(world, seed, policy)
                out[f"{info.id} {policy} {seed}"] = game.digest()
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--against", default=None, help="a JSON file this script wrote before")
    args = ap.parse_args()
    now = digests(args.seeds)
    if args.against is None:
        print(json.dumps(now, indent=1, sort_keys=True))
        return 0
    with open(args.against, encoding="utf-8") as f:
        before: dict[str, str] = json.load(f)
    differ = sorted(k for k in before.keys() | now.keys() if before.get(k) != now.get(k))
    for key in differ:
        print(f"differs: {key}: {before.get(key)} -> {now.get(key)}")
    print(f"{len(now)} games, {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
