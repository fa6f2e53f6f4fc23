"""The mypyc experiment (issue 15): a scratch copy of this checkout's HEAD with the rules core (and,
with --bots, the bots) compiled by mypyc, to measure against the pure-Python tree:

    .venv/bin/python bench/engine_mypyc.py /tmp/compiled [--bots]
    .venv/bin/python bench/engine_compare.py . /tmp/compiled --rounds 5
    PYTHONPATH=/tmp/compiled .venv/bin/python bench/engine_digests.py --against BEFORE.json

It needs a C compiler and the Python headers; mypyc comes with mypy (a test dependency). The copy is
built in place (`.so` files beside the sources), so it is for measuring only, never installing; the
project's packaging files are moved aside while mypyc's own build step runs (setuptools would
otherwise refuse the checkout's several top-level folders) and put back afterwards.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

# The project's [tool.mypy] settings, as mypy.ini (pyproject.toml is moved aside during the build).
MYPY_INI = """\
[mypy]
python_version = 3.11
plugins = pydantic.mypy
check_untyped_defs = True

[mypy-game.engine.*]
strict = True

[mypy-game.model.*]
strict = True

[pydantic-mypy]
init_forbid_extra = True
init_typed = True
warn_required_dynamic_aliases = True
"""
BOTS = ("game/bots/policies.py", "game/bots/choices.py", "game/bots/evacuation.py")
ASIDE = ("pyproject.toml", "setup.py")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dest", help="an empty or missing folder for the compiled copy")
    ap.add_argument("--bots", action="store_true", help="compile the bots' modules too")
    args = ap.parse_args()
    dest = Path(args.dest)
    if dest.exists() and any(dest.iterdir()):
        ap.error(f"{dest} is not empty")
    dest.mkdir(parents=True, exist_ok=True)
    here = Path(__file__).resolve().parent.parent
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=here, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    (dest / "mypy.ini").write_text(MYPY_INI, encoding="utf-8")
    modules = sorted(str(p.relative_to(dest)) for p in (dest / "game/engine").glob("*.py"))
    modules = [m for m in modules if not m.endswith("__init__.py")]
    if args.bots:
        modules += BOTS
    for name in ASIDE:
        (dest / name).rename(dest / f"{name}.aside")
    mypyc = shutil.which("mypyc", path=str(Path(sys.executable).parent)) or "mypyc"
    started = time.perf_counter()
    try:
        done = subprocess.run([mypyc, *modules], cwd=dest, capture_output=True, text=True)
    finally:
        for name in ASIDE:
            (dest / f"{name}.aside").rename(dest / name)
    if done.returncode != 0:
        print(done.stdout[-3000:], done.stderr[-3000:], sep="\n", file=sys.stderr)
        return 1
    print(f"compiled {len(modules)} modules in {time.perf_counter() - started:.0f} s into {dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
