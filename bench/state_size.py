"""The memory a finished game's state and log hold: every object reachable from `game.state`.

    .venv/bin/python bench/state_size.py [--scenario drawdown-2023] [--seed 3] [--against DIR]

Plays one whole game with the `cautious` bot in a fresh process per checkout, then walks the state
with `gc.get_referents` (classes, modules and functions left out; an object met twice counted
once) and sums `sys.getsizeof` of what it finds: the objects and bytes of the state, of its log
alone (entries and their data) and of the rest. With `--against DIR` (another checkout, e.g. a
`git archive` of an older commit) the same game is measured there too: the figures are
deterministic, so one run of each is enough.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

# the start-up bench's runner: a fresh process, PYTHONPATH the checkout
from tui import ROOT, env_for, run

PROBE = """
import gc, json, sys, types
from game.bots.policies import play
from game.worlds import load_world

SKIP = (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType)

def size(roots, seen):
    todo, count, total = list(roots), 0, 0
    while todo:
        obj = todo.pop()
        if id(obj) in seen or isinstance(obj, SKIP):
            continue
        seen.add(id(obj))
        count += 1
        total += sys.getsizeof(obj)
        todo.extend(gc.get_referents(obj))
    return count, total

game = play(load_world(sys.argv[1]), int(sys.argv[2]), "cautious")
state = game.state
seen = set()
log = size([state.log], seen)
rest = size([state], seen)
print(json.dumps({"entries": len(state.log), "log": log, "rest": rest}))
"""


def measure(root: Path, scenario: str, seed: int) -> dict[str, object]:
    env = env_for(root)
    _, out = run(PROBE, scenario, str(seed), root=root, env=env)
    return json.loads(out)


def show(name: str, m: dict[str, object]) -> None:
    log, rest = m["log"], m["rest"]
    assert isinstance(log, list) and isinstance(rest, list)
    kib = (log[1] + rest[1]) / 1024
    print(
        f"{name}: state+log {kib:8.1f} KiB in {log[0] + rest[0]:7d} objects; "
        f"log ({m['entries']} entries) {log[1] / 1024:8.1f} KiB in {log[0]:7d}; "
        f"the rest {rest[1] / 1024:7.1f} KiB in {rest[0]:6d}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default="drawdown-2023")
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--against", type=Path, help="another checkout to measure the same game in")
    args = ap.parse_args()
    show("this tree", measure(ROOT, args.scenario, args.seed))
    if args.against:
        show(str(args.against), measure(args.against.resolve(), args.scenario, args.seed))


if __name__ == "__main__":
    main()
