"""The import rules of docs/architecture.md, checked on the source: which package may import which,
no import cycles between modules, and function-local imports only where a comment says why.

The graph is read from the source with `ast` (what each module imports, at any depth), so a rule
is broken the moment an import is written, whether or not a test happens to execute it.
"""

from __future__ import annotations

import ast
import sys
from functools import cache
from pathlib import Path

import game

ROOT = Path(game.__file__).parent

# The layers, lowest first: each group of modules (named by the longest module prefix that
# matches) and the groups it may import from, besides itself. docs/architecture.md draws the same
# table. The locator and the meaning checks of `authoring` sit low (content files are checked as
# they load); the rest of `authoring` is tools. Exercise files are content too: `worlds` loads a
# scenario or an exercise above both.
LOW = {"game.model", "game.errors"}
MAY_IMPORT: dict[str, set[str]] = {
    "game.model": set(),
    "game.errors": set(),
    "game.engine": {"game.model"},
    "game.authoring.locate": LOW,
    "game.authoring.meaning": LOW | {"game.authoring.locate"},
    "game.files": LOW | {"game.authoring.locate"},
    "game.world_cache": LOW | {"game.files"},
    "game.content": LOW
    | {"game.files", "game.world_cache", "game.authoring.locate", "game.authoring.meaning"},
    "game.training.exercises": LOW
    | {"game.files", "game.content", "game.authoring.locate", "game.training.feasible"},
    "game.training.feasible": LOW
    | {"game.files", "game.content", "game.authoring.locate", "game.engine"},
    "game.worlds": LOW
    | {"game.files", "game.world_cache", "game.content", "game.training.exercises"},
}
CONTENT = set(MAY_IMPORT) - {"game.engine"}  # everything above: the content layer, whole
MAY_IMPORT |= {
    "game.orders_file": CONTENT | {"game.engine"},
    "game.saves": CONTENT | {"game.engine"},
    "game.bots": CONTENT | {"game.engine", "game.orders_file", "game.saves"},
    "game.authoring": CONTENT | {"game.engine", "game.orders_file", "game.saves"},
    "game.training": CONTENT | {"game.engine", "game.orders_file", "game.saves", "game.bots"},
    "game.headless": CONTENT
    | {"game.engine", "game.orders_file", "game.saves", "game.bots", "game.training"},
}
BELOW_UI = set(MAY_IMPORT)
MAY_IMPORT |= {
    "game.ui": BELOW_UI - {"game.authoring"},
    "game.serve": BELOW_UI | {"game.ui"},
    "game.cli": BELOW_UI | {"game.ui", "game.serve"},
}
# Third-party packages each layer may use (the standard library is always allowed).
PYDANTIC = {"pydantic", "pydantic_core", "annotated_types"}
THIRD_PARTY: dict[str, set[str]] = {
    "game.engine": set(),
    "game.ui": PYDANTIC | {"textual", "rich"},
    "game.serve": PYDANTIC
    | {"textual", "rich", "textual_serve", "aiohttp", "aiohttp_jinja2", "jinja2", "yarl"},
}
THIRD_PARTY_DEFAULT = PYDANTIC | {"tomli_w"}


def modules() -> dict[str, Path]:
    out = {}
    for path in ROOT.rglob("*.py"):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = modules()


def group_of(module: str) -> str:
    """The layer a module belongs to: the longest prefix of its name that has a rule."""
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        name = ".".join(parts[:n])
        if name in MAY_IMPORT:
            return name
    return module


@cache
def tree_of(module: str) -> ast.Module:
    """A module's syntax tree, parsed once for all the checks below."""
    return ast.parse(MODULES[module].read_text(encoding="utf-8"))


def imports_of(module: str) -> list[tuple[str, ast.stmt]]:
    """(imported `game` module, the statement) for every import in the module, at any depth."""
    path = MODULES[module]
    here = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    out: list[tuple[str, ast.stmt]] = []
    for node in ast.walk(tree_of(module)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(here[: len(here) - node.level + 1] + ([node.module or ""]))
                base = base.rstrip(".")
            else:
                base = node.module or ""
            subs = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES]
            out += [(t, node) for t in (subs or [base]) if t in MODULES]
        elif isinstance(node, ast.Import):
            out += [(a.name, node) for a in node.names if a.name in MODULES]
    return [(t, n) for t, n in out if t != module]


def third_party_of(module: str) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree_of(module)):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
    return {n for n in names if n != "game" and n not in sys.stdlib_module_names}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(edges[w]))))
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on.discard(w)
                        comp.append(w)
                        if w == v:
                            break
                    if len(comp) > 1:
                        found.append(sorted(comp))
    return found


def test_every_module_has_a_layer():
    assert [m for m in MODULES if m != "game" and group_of(m) not in MAY_IMPORT] == []


def test_packages_import_only_what_their_layer_allows():
    broken = []
    for module in sorted(MODULES):
        if module == "game":
            continue
        group = group_of(module)
        for target, node in imports_of(module):
            other = group_of(target)
            if other not in (group, "game") and other not in MAY_IMPORT[group]:
                broken.append(f"{module}:{node.lineno} imports {target}")
    assert broken == []


def test_third_party_packages_stay_in_their_layer():
    broken = []
    for module in sorted(MODULES):
        group = group_of(module)
        allowed = THIRD_PARTY.get(group, THIRD_PARTY_DEFAULT)
        extra = third_party_of(module) - allowed
        if extra:
            broken.append(f"{module} uses {sorted(extra)}")
    assert broken == []


def test_no_import_cycles_between_modules():
    edges = {m: {t for t, _ in imports_of(m)} for m in MODULES}
    assert cycles(edges) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def local_imports_without_a_reason(source: str) -> list[int]:
    """Lines of imports inside functions with no comment on them or just above their group."""
    lines = source.splitlines()
    silent = []
    for fn in ast.walk(ast.parse(source)):
        if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(fn):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            first = node.lineno - 1
            while first > 0 and lines[first - 1].strip().startswith(("from ", "import ")):
                first -= 1
            above = lines[first - 1].strip() if first > 0 else ""
            if "#" not in lines[node.lineno - 1] and not above.startswith("#"):
                silent.append(node.lineno)
    return sorted(set(silent))


def test_the_local_import_finder_finds_silent_ones():
    source = (
        "def f():\n    import json\n    from os import path\n\n"
        "def g():\n    # imported when used: start-up\n    import json\n    from os import path\n"
        "def h():\n    import json  # start-up\n"
    )
    assert local_imports_without_a_reason(source) == [2, 3]


def test_local_imports_say_why():
    """An import inside a function is there to keep start-up light; a comment on it (or just
    above its group of imports) says so. Everything else imports at the top."""
    silent = {
        module: lines
        for module in sorted(MODULES)
        if (lines := local_imports_without_a_reason(MODULES[module].read_text(encoding="utf-8")))
    }
    assert silent == {}
