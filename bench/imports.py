"""The import cost of the game's model modules: CPU time and resident memory of each, in turn.

    .venv/bin/python bench/imports.py [--reps 15] [--against DIR]

Each run is a fresh process (with bytecode cached, as an installed game has its .pyc files) that
first imports pydantic and builds one throwaway model class, so the figures leave out pydantic's
own machinery (paid by whichever model class is built first) and give what each module adds:
`game.model.rules`, then `game.model.content` on top of it, then the log, state, orders and quote
models. With `--against DIR` (another checkout, e.g. a `git archive` of an older commit) both
trees' runs are interleaved, so a before/after comes from the same moment of a shared machine.
Figures are medians (CPU: the minimum too, since contention only ever adds time).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
from pathlib import Path

# the start-up bench's runner: a fresh process with bytecode cached, PYTHONPATH the checkout
from tui import ROOT, env_for, run

MODULES = ["game.model.rules", "game.model.content", "game.model.state", "game.model.quote"]

PROBE = """
import importlib, json, sys, time
from pydantic import BaseModel, ConfigDict, Field

class _First(BaseModel):  # pays pydantic's own machinery before anything is measured
    model_config = ConfigDict(defer_build=True)
    x: int = Field(0, ge=0)

def rss_mib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return 0.0

out = {}
for name in sys.argv[1:]:
    r0, t0 = rss_mib(), time.process_time()
    importlib.import_module(name)
    out[name] = [(time.process_time() - t0) * 1000, rss_mib() - r0]
print(json.dumps(out))
"""


def measure(root: Path, env: dict[str, str]) -> dict[str, list[float]]:
    _, line = run(PROBE, *MODULES, root=root, env=env)
    result: dict[str, list[float]] = json.loads(line)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=15)
    parser.add_argument("--against", type=Path, help="another checkout, run interleaved")
    args = parser.parse_args()
    trees = [ROOT] + ([args.against.resolve()] if args.against else [])
    envs = {root: env_for(root) for root in trees}
    for root in trees:
        measure(root, envs[root])  # writes the bytecode caches
    runs: dict[Path, list[dict[str, list[float]]]] = {root: [] for root in trees}
    for _ in range(args.reps):
        for root in trees:
            runs[root].append(measure(root, envs[root]))
    print(f"load average {os.getloadavg()[0]:.2f}; medians of {args.reps} fresh processes")
    for root in trees:
        print(f"{root}:")
        for name in MODULES:
            cpu = [r[name][0] for r in runs[root]]
            rss = [r[name][1] for r in runs[root]]
            print(
                f"  {name:20} CPU {statistics.median(cpu):6.1f} ms (min {min(cpu):5.1f})"
                f"   RSS +{statistics.median(rss):4.1f} MiB"
            )


if __name__ == "__main__":
    main()
