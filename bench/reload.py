"""What a live reload (`play FILE --watch`) costs when an edit cuts the game short and is reverted.

    .venv/bin/python bench/reload.py [--scenario drawdown-2023] [--reps 5]

A cautious bot plays the whole scenario; the deadline is then brought forward to mid-game (the
reload that cuts the game) and put back (the revert). The revert replays the whole record the
reload kept, as the first reload would have; before the kept record (b42b6b2) it replayed only
the cut game's record, and the orders after the cut were lost. CPU time (process_time) per
reload, best and median of the reps, and the memory the kept record holds (tracemalloc of a
copy; the controller keeps the record list itself, which the old game held until then).
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import statistics
import time
import tracemalloc

from game.bots.policies import play
from game.training.replay import replay_onto
from game.worlds import load_world


def cpu_ms(fn, reps: int) -> list[float]:
    out = []
    for _ in range(reps):
        start = time.process_time()
        fn()
        out.append((time.process_time() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenario", default="drawdown-2023")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    world = load_world(args.scenario)
    game = play(world, args.seed, "cautious")
    record = game.record
    sc = world.scenario
    mid = sc.start + dt.timedelta(days=(sc.deadline - sc.start).days // 2)
    cut_world = world.model_copy(update={"scenario": sc.model_copy(update={"deadline": mid})})
    cut = replay_onto(cut_world, args.seed, record, world)
    assert cut.cut, "the earlier deadline should cut the game"
    kept_to = len(cut.game.record)
    runs = {
        "the edit that cuts (the record played to the cut)": lambda: replay_onto(
            cut_world, args.seed, record, world
        ),
        "the revert, with the kept record (the whole game back)": lambda: replay_onto(
            world, args.seed, record, cut_world
        ),
        "the revert as before: the cut game's record only": lambda: replay_onto(
            world, args.seed, cut.game.record, cut_world
        ),
    }
    print(
        f"{args.scenario}, seed {args.seed}: {len(record)} record entries, "
        f"{kept_to} left by the cut (deadline {mid})"
    )
    for name, fn in runs.items():
        ms = cpu_ms(fn, args.reps)
        print(f"  {name}: CPU best {min(ms):.1f} ms, median {statistics.median(ms):.1f} ms")
    back = replay_onto(world, args.seed, record, cut_world).game
    assert back.digest() == game.digest(), "the revert should give the same game back"
    tracemalloc.start()
    kept = copy.deepcopy(record)
    size, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  the kept record: {len(kept)} entries, {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
