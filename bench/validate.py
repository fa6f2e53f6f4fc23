"""Time to load and validate all bundled content (quality bar: under 0.5 s).

    .venv/bin/python bench/validate.py

Prints three figures: a cold run in a fresh process (imports included, as `drawdown validate
content/` pays them), and warm in-process runs of the full validation (parse, schema, meaning
checks for every bundled file) and of loading every bundled scenario as a playable world.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET = 0.5

COLD = """
import time
t = time.perf_counter()
from game.authoring.validate import validate_paths
from game.content import bundled_files
t1 = time.perf_counter()
problems = validate_paths(bundled_files())
assert not [p for p in problems if p.severity == "error"], problems
print(time.perf_counter() - t, t1 - t)
"""


def best_of(fn, runs: int = 10) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> int:
    from game import content
    from game.authoring import locate, validate
    from game.authoring.validate import validate_paths
    from game.content import CONTENT_DIR, bundled_files
    from game.worlds import load_world

    files = bundled_files()
    scenarios = sorted((CONTENT_DIR / "scenarios").glob("*.toml"))
    size = sum(f.stat().st_size for f in files)

    colds = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", COLD], cwd=ROOT, capture_output=True, text=True, check=True
        )
        colds.append(tuple(float(x) for x in out.stdout.split()))
    cold, imports = min(colds)

    def validate_all() -> None:
        locate._index.cache_clear()
        locate._parsed.cache_clear()
        validate._PARSED.clear()
        content._PARSED.clear()
        validate_paths(files)

    def load_all() -> None:
        locate._index.cache_clear()
        content._PARSED.clear()
        for s in scenarios:
            load_world(s)

    warm = best_of(validate_all)
    worlds = best_of(load_all)
    print(f"bundled content: {len(files)} files, {size / 1024:.0f} KiB, {len(scenarios)} scenarios")
    print(f"validate all, cold process (imports included): {cold * 1000:7.1f} ms")
    print(f"  of which importing pydantic and the models:   {imports * 1000:7.1f} ms")
    print(f"validate all, warm (best of 10):                {warm * 1000:7.1f} ms")
    print(f"load every scenario as a world (best of 10):    {worlds * 1000:7.1f} ms")
    ok = warm + worlds < TARGET
    print(
        f"target < {TARGET * 1000:.0f} ms for loading and validating (warm, both together): "
        f"{'met' if ok else 'NOT met'}; a cold process adds the imports above"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
