"""Loading content: TOML files → models, with every problem reported as PATH:LINE:COL, and the
bundled catalogue of theatres, scenarios and exercises."""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from . import files, world_cache
from .errors import ContentError, Problem
from .files import FileProblem
from .model.content import Scenario, Theatre, World
from .model.declare import Strict
from .model.rules import resolve as resolve_rules
from .model.rules import rules_table

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

MAX_BYTES = 2 * 1024 * 1024
M = TypeVar("M")

_HERE = Path(__file__).resolve().parent
# In a checkout (or an editable install) content/ sits beside the package; in a wheel it is
# installed inside the package as game/bundled (see pyproject.toml).
CONTENT_DIR = _HERE.parent / "content" if (_HERE.parent / "content").is_dir() else _HERE / "bundled"


def problem_of(err: FileProblem) -> ContentError:
    return ContentError([Problem(err.path, err.line, err.col, "error", err.message)])


def read_text(path: Path) -> str:
    """Read a content file through the safe reader: a regular file of at most MAX_BYTES, UTF-8,
    no NUL bytes; one clear problem otherwise."""
    try:
        text = files.read_text(path, MAX_BYTES, "TOML")
    except FileProblem as err:
        raise problem_of(err) from None
    world_cache.note_read(path, text)
    return text


# Parsed files by (path, mtime, size): a theatre is read once for all the scenarios that use it.
# Each caller gets its own deep copy (callers may change what they get); nothing too deep to copy
# gets in (files.parse_toml refuses it).
_PARSED: dict[tuple[str, int, int], tuple[dict[str, Any], str]] = {}


def parse_toml(path: Path) -> tuple[dict[str, Any], str]:
    try:
        st = os.stat(path)
        key: tuple[str, int, int] | None = (str(files.resolved(path)), st.st_mtime_ns, st.st_size)
    except (OSError, ValueError):
        key = None
    if key is not None and key in _PARSED:
        data, text = _PARSED[key]
        world_cache.note_read(path, text)
        return copy.deepcopy(data), text
    text = read_text(path)
    try:
        data = files.parse_toml(text, path)
    except FileProblem as err:
        raise problem_of(err) from None
    if key is not None:
        if len(_PARSED) >= 128:
            _PARSED.clear()
        _PARSED[key] = (copy.deepcopy(data), text)
    return data, text


def schema_problems(
    path: Path, text: str, err: ValidationError, model: type[BaseModel] | None = None
) -> list[Problem]:
    """Each schema error at its line; with the model, tags are placed exactly and unknown keys
    get a 'did you mean'."""
    # imported when a file has errors: a world read from the cache needs neither (start-up)
    from .authoring.locate import describe_error, locate

    out = []
    for e in err.errors():
        loc = tuple(e["loc"])
        details = dict(e)
        line, col = locate(text, loc, details, model=model)
        out.append(Problem(str(path), line, col, "error", describe_error(details, loc, model)))
    return sorted(set(out))


def build(model: type[M], path: Path, data: dict[str, Any], text: str) -> M:
    """The file's data checked as `model`: a plain content class (through its pydantic mirror,
    game/model/checked.py) or a pydantic model (the generated rules tables)."""
    # pydantic comes in here, when a file is checked: a world read from the cache never is
    from pydantic import BaseModel, ValidationError

    from .model.checked import check, model_of  # pydantic's side of the content classes

    try:
        if issubclass(model, Strict):
            checked: M = check(model, data, strict=True)
            return checked
        assert issubclass(model, BaseModel)
        return model.model_validate(data, strict=True)
    except ValidationError as err:
        raise ContentError(schema_problems(path, text, err, model_of(model))) from None


def content_hash(*texts: str) -> str:
    h = hashlib.sha256()
    for t in texts:
        h.update(t.encode())
        h.update(b"\0")
    return h.hexdigest()[:16]


# --------------------------------------------------------------------------- loading


def load_theatre(path: Path) -> tuple[Theatre, str]:
    data, text = parse_toml(path)
    return build(Theatre, path, data, text), text


def load_scenario_file(path: Path) -> tuple[Scenario, str]:
    data, text = parse_toml(path)
    return build(Scenario, path, data, text), text


def theatre_path(scenario: Scenario, scenario_path: Path) -> Path:
    return theatre_file(scenario.theatre, scenario_path)


def theatre_file(ref: str, scenario_path: Path) -> Path:
    """The theatre a scenario's `theatre = REF` names: a bundled id, or a path beside it."""
    if ref.endswith(".toml"):
        return files.resolved(scenario_path.parent / ref)
    return CONTENT_DIR / "theatres" / f"{ref}.toml"


RULES_PATH = CONTENT_DIR / "rules" / "standard.toml"


def standard_rules() -> tuple[Any, str]:
    """The standard rules table (every rule with its value and source) and its text."""
    data, text = parse_toml(RULES_PATH)
    return build(rules_table(), RULES_PATH, data, text), text


def scenario_map(scenario: Scenario, theatre: Theatre) -> Theatre:
    """The theatre as this scenario plays it: only its `use_sites` (and the routes between them),
    with its `add_sites` and `add_routes`."""
    sites, routes = list(theatre.sites), list(theatre.routes)
    if scenario.use_sites is not None:
        kept = set(scenario.use_sites)
        sites = [s for s in sites if s.id in kept]
        routes = [r for r in routes if r.a in kept and r.b in kept]
    if scenario.use_sites is None and not scenario.add_sites and not scenario.add_routes:
        return theatre
    return dataclasses.replace(
        theatre, sites=sites + list(scenario.add_sites), routes=routes + list(scenario.add_routes)
    )


def make_world(scenario: Scenario, theatre: Theatre, *texts: str) -> World:
    """Join a scenario with its theatre and the rules in force (standard, theatre, scenario)."""
    table, rtext = standard_rules()
    rules, sources = resolve_rules(table, ("theatre", theatre.rules), ("scenario", scenario.rules))
    return World(
        scenario=scenario,
        theatre=scenario_map(scenario, theatre),
        rules=rules,
        rule_sources=sources,
        content_hash=content_hash(*texts, rtext) if texts else "",
    )


def load_scenario_world(path: Path) -> World:
    """A scenario file joined with its theatre, checked for meaning (exercises: game/worlds.py)."""
    # imported when a world is checked from its files: one read from the cache is not (start-up)
    from .authoring.locate import locate
    from .authoring.meaning import check_world

    scenario, text = load_scenario_file(path)
    tpath = theatre_path(scenario, path)
    if not files.is_file(tpath):
        line, col = locate(text, ("theatre",), None)
        raise ContentError(
            [
                Problem(
                    str(path),
                    line,
                    col,
                    "error",
                    f"theatre {scenario.theatre!r} not found ({tpath})",
                )
            ]
        )
    theatre, ttext = load_theatre(tpath)
    world = make_world(scenario, theatre, text, ttext)
    problems = [
        p for p in check_world(world, path, text, tpath, ttext, theatre) if p.severity == "error"
    ]
    if problems:
        raise ContentError(problems)
    return world


def resolve_scenario(ref: str | Path) -> Path:
    """A scenario or exercise id from the catalogue, or a path to a TOML file."""
    ref_s = str(ref)
    if ref_s.endswith(".toml") or "/" in ref_s or files.is_file(ref_s):
        return Path(ref_s)
    bundled = CONTENT_DIR / "scenarios" / f"{ref_s}.toml"
    if files.is_file(bundled):
        return bundled
    exercise = CONTENT_DIR / "exercises" / f"{ref_s}.toml"
    if files.is_file(exercise):
        return exercise
    known = ", ".join(i.id for i in catalogue()) or "none"
    raise ContentError(
        [
            Problem(
                ref_s, 1, 1, "error", f"no bundled scenario or exercise {ref_s!r} (known: {known})"
            )
        ]
    )


@dataclass(frozen=True)
class ScenarioInfo:
    id: str
    title: str
    start: str
    deadline: str
    summary: str
    path: Path
    difficulty: str = "normal"


def catalogue() -> list[ScenarioInfo]:
    """The bundled scenarios, sorted by id (files that fail to load are skipped here)."""
    out = []
    for path in sorted((CONTENT_DIR / "scenarios").glob("*.toml")):
        try:
            sc, _ = load_scenario_file(path)
        except ContentError:
            continue
        out.append(
            ScenarioInfo(
                sc.id,
                sc.title,
                sc.start.isoformat(),
                sc.deadline.isoformat(),
                sc.summary,
                path,
                sc.difficulty,
            )
        )
    return sorted(out, key=lambda i: i.id)


def bundled_files() -> list[Path]:
    return sorted(CONTENT_DIR.glob("**/*.toml"))
