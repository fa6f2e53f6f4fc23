"""Time to load and validate all bundled content (DESIGN bar: a cold process in at most 0.25 s).

    .venv/bin/python bench/validate.py

Prints: `drawdown validate content/` as a user runs it, in a fresh process (interpreter start-up
and imports included), with the content cache warm (the same files were found clean before: the
usual case for an author re-checking, and for the bundled content after its first check) and with
no cache (DRAWDOWN_CACHE=off: the first check of new or changed files); then the old in-process
cold figure, and warm in-process runs of the full validation (parse, schema, meaning checks for
every bundled file) and of loading every bundled scenario as a playable world.

The processes run with bytecode caching on (PYTHONDONTWRITEBYTECODE removed), as an installed game
has its .pyc files; the cache is a throwaway folder (XDG_CACHE_HOME).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET = 0.5  # warm in-process load + validate
COLD_TARGET = 0.25  # DESIGN.md: validating all bundled content from a cold process

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

    cache = tempfile.mkdtemp(prefix="drawdown-bench-cache-")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env |= {"XDG_CACHE_HOME": cache, "PYTHONPATH": str(ROOT)}

    def cli(extra_env: dict[str, str]) -> float:
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "game.cli", "validate", str(CONTENT_DIR)],
            cwd=ROOT,
            capture_output=True,
            check=True,
            env=env | extra_env,
        )
        return time.perf_counter() - t

    cli({})  # bytecode written, content found clean once: the cache is warm
    warm_cache = statistics.median(cli({}) for _ in range(7))
    no_cache = statistics.median(cli({"DRAWDOWN_CACHE": "off"}) for _ in range(5))

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
    print(
        f"`drawdown validate content/`, cold process, cache warm (median of 7): {warm_cache * 1000:7.1f} ms"
    )
    print(
        f"`drawdown validate content/`, cold process, no cache (median of 5):  {no_cache * 1000:7.1f} ms"
    )
    print(
        f"DESIGN bar: cold validate <= {COLD_TARGET * 1000:.0f} ms: "
        f"{'met' if warm_cache <= COLD_TARGET else 'NOT met'} with the cache warm, "
        f"{'met' if no_cache <= COLD_TARGET else 'NOT met'} without it"
    )
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
