"""Run the fuzzers of tests/fuzzing.py for a set time and print, per target, the inputs tried,
crashes and hangs (and where the crashing inputs were kept).

    .venv/bin/python bench/fuzz.py --seconds 300            # 5 minutes over all targets
    .venv/bin/python bench/fuzz.py --seconds 60 --target saves --keep /tmp/crashes

Every input runs `drawdown` in this process (as tests/test_fuzz.py does): a crash is an exit code
other than 0/1/2, an internal error or a traceback; a hang is an input over --limit seconds.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import fuzzing  # noqa: E402

TARGETS = ("content", "orders", "saves", "results", "arguments")


def one_input(target: str, rng: random.Random, folder: Path, samples: dict[str, Path]):
    """(argv list to run, the input's bytes or None) for one random input of a target."""
    ops = fuzzing.random_ops(rng)
    if target == "content":
        original = rng.choice(fuzzing.bundled_files())
        path = folder / "content" / original.parent.name / original.name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = fuzzing.mutate(original.read_bytes(), ops)
        path.write_bytes(data)
        return fuzzing.content_commands(path), path, data
    if target == "orders":
        path = folder / "orders.toml"
        data = fuzzing.mutate(fuzzing.ORDERS.read_bytes(), ops)
        path.write_bytes(data)
        return fuzzing.orders_commands(path), path, data
    if target == "saves":
        path = folder / "saves" / "save.toml"
        path.parent.mkdir(exist_ok=True)
        data = fuzzing.mutate(samples["save"].read_bytes(), ops)
        path.write_bytes(data)
        return fuzzing.save_commands(path), path, data
    if target == "results":
        path = folder / "r.result.json"
        data = fuzzing.mutate(samples["result"].read_bytes(), ops)
        path.write_bytes(data)
        return fuzzing.result_commands(path), path, data
    words = fuzzing.argv_words(folder) + [str(samples["save"]), str(samples["result"])]
    command = rng.choice(fuzzing.COMMANDS)
    rest = [rng.choice(words) for _ in range(rng.randint(0, 6))]
    if command == "new":
        rest = [w for w in rest if not w.startswith("/dev/")]
    return [[command, *rest]], None, None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60, help="total time, shared by the targets")
    ap.add_argument("--target", choices=[*TARGETS, "all"], default="all")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--limit", type=float, default=20, help="seconds before an input is a hang")
    ap.add_argument("--keep", metavar="DIR", help="copy each crashing or hanging input here")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    rng = random.Random(seed)
    targets = TARGETS if args.target == "all" else (args.target,)
    keep = Path(args.keep) if args.keep else None
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="drawdown-fuzz-"))
    home = os.getcwd()
    tried: Counter[str] = Counter()
    crashes: Counter[str] = Counter()
    hangs: Counter[str] = Counter()
    distinct: dict[str, set[str]] = {t: set() for t in targets}
    started = time.monotonic()
    print(f"fuzzing {', '.join(targets)} for {args.seconds:g} s (seed {seed})", flush=True)
    print(f"{'target':<10} {'inputs':>7} {'crashes':>8} {'hangs':>6}", flush=True)
    try:
        samples = fuzzing.make_samples(folder)
        share = args.seconds / len(targets)
        with fuzzing.harmless_front_ends(folder / "default-saves"):
            for target in targets:
                until = time.monotonic() + share
                while time.monotonic() < until:
                    commands, path, data = one_input(target, rng, folder, samples)
                    cwd = folder / "cwd"
                    shutil.rmtree(cwd, ignore_errors=True)
                    cwd.mkdir()
                    os.chdir(cwd)
                    tried[target] += 1
                    for argv in commands:
                        outcome = fuzzing.run(argv, seconds=args.limit)
                        if outcome.ok:
                            continue
                        (hangs if outcome.hung else crashes)[target] += 1
                        first = outcome.output.strip().splitlines()[:1] or ["(no output)"]
                        first = [first[0].split("; details were written")[0]]
                        distinct[target].add(f"{argv[0]}: {first[0][:160]}")
                        if keep and data is not None:
                            name = f"{target}-{tried[target]}{Path(str(path)).suffix}"
                            (keep / name).write_bytes(data)
                        break
                    os.chdir(home)
                print(f"{target:<10} {tried[target]:>7} {crashes[target]:>8} {hangs[target]:>6}")
                sys.stdout.flush()
    finally:
        os.chdir(home)
        shutil.rmtree(folder, ignore_errors=True)
    took = time.monotonic() - started
    total = (sum(tried.values()), sum(crashes.values()), sum(hangs.values()))
    print(f"{'total':<10} {total[0]:>7} {total[1]:>8} {total[2]:>6}  in {took:.0f} s")
    for t in targets:
        for line in sorted(distinct[t])[:10]:
            print(f"  {t}: {line}")
    return 1 if total[1] or total[2] else 0


if __name__ == "__main__":
    sys.exit(main())
