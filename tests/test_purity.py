"""The rules core never imports the UI: importing game.engine and game.model loads no textual or rich."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

CHECK = (
    "import sys, game.engine, game.model.content, game.model.state, game.model.orders, "
    "game.engine.game, game.bots.policies; "
    "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')); "
    "print(','.join(bad))"
)


def test_engine_and_model_do_not_import_textual_or_rich():
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


FORBIDDEN_MODULES = {
    "os",
    "io",
    "sys",
    "socket",
    "pathlib",
    "subprocess",
    "shutil",
    "tempfile",
    "time",
    "urllib",
    "http",
    "random",
    "secrets",
    "threading",
    "multiprocessing",
    "asyncio",
    "pickle",
}
FORBIDDEN_CALLS = {"open", "print", "input", "exec", "eval", "compile", "__import__"}
FORBIDDEN_ATTRIBUTES = {"now", "today", "utcnow", "environ", "getenv"}


def io_in(source: str) -> list[str]:
    """What in a module's source could touch the world outside the game: imports of I/O, clock or
    randomness modules, calls of I/O builtins, reads of the clock or the environment."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [
                f"import {a.name}" for a in node.names if a.name.split(".")[0] in FORBIDDEN_MODULES
            ]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] in FORBIDDEN_MODULES:
                found.append(f"from {node.module} import ...")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in FORBIDDEN_CALLS:
                found.append(f"{node.func.id}()")
        elif isinstance(node, ast.Attribute) and node.attr in FORBIDDEN_ATTRIBUTES:
            found.append(f".{node.attr}")
    return found


def test_the_io_finder_finds_io():
    sample = (
        "import os\nfrom pathlib import Path\nimport datetime as dt\n"
        "def f():\n    print(open('x').read())\n    return dt.date.today()\n"
    )
    assert sorted(io_in(sample)) == sorted(
        ["import os", "from pathlib import ...", "print()", "open()", ".today"]
    )
    assert io_in("import datetime as dt\nimport hashlib\nx = dt.date(2023, 1, 1)\n") == []


def test_engine_does_no_io():
    """No module of the engine or model opens files or sockets, reads the clock or the
    environment, or draws from an unseeded random source."""
    import game

    root = Path(game.__file__).parent
    found = {
        f"{folder}/{path.name}": io_in(path.read_text(encoding="utf-8"))
        for folder in ("engine", "model")
        for path in sorted((root / folder).glob("*.py"))
    }
    assert {k: v for k, v in found.items() if v} == {}
