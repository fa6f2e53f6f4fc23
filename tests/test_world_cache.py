"""The content cache: a world read back from it is the world a fresh load gives, a changed file
makes it stale, and a broken or foreign cache file is ignored and rewritten, never an error."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game import files, world_cache, worlds
from game.content import CONTENT_DIR, resolve_scenario
from game.engine import Game
from game.worlds import check_world_file, load_world

ROOT = Path(__file__).resolve().parent.parent
SANDBOX_AGREED = "game assumption: a practice map with the army in place"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("DRAWDOWN_CACHE", raising=False)
    return tmp_path / "cache" / "drawdown"


def entry_of(path: Path) -> Path:
    found = world_cache._entry_path("world", str(files.resolved(path)))
    assert found is not None
    return found


def no_fresh_load(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: Path):
        raise AssertionError(f"{path} was loaded from its text, not from the cache")

    monkeypatch.setattr(worlds, "check_world_file", refuse)


@pytest.mark.parametrize("ref", ["sandbox", "drawdown-2023", "sandbox-basics"])
def test_a_cache_hit_gives_the_world_a_fresh_load_gives(
    ref: str, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = resolve_scenario(ref)
    first = load_world(ref)
    assert entry_of(path).is_file()
    fresh = check_world_file(path)
    no_fresh_load(monkeypatch)
    cached = load_world(ref)
    assert cached is not first
    assert cached == fresh
    assert cached.content_hash == fresh.content_hash != ""
    assert cached.model_dump() == fresh.model_dump()
    assert cached.scenario.model_fields_set == fresh.scenario.model_fields_set
    # and it plays the same game
    a, b = Game(cached, 3), Game(fresh, 3)
    for _ in range(12):
        a.advance()
        b.advance()
    assert a.digest() == b.digest()


def copy_sandbox(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    theatre = folder / "my-theatre.toml"
    shutil.copy(CONTENT_DIR / "theatres" / "sandbox.toml", theatre)
    text = (CONTENT_DIR / "scenarios" / "sandbox.toml").read_text()
    assert 'theatre = "sandbox"' in text
    scenario = folder / "mine.toml"
    scenario.write_text(text.replace('theatre = "sandbox"', 'theatre = "my-theatre.toml"'))
    return scenario


def test_a_changed_file_makes_the_entry_stale(cache: Path, tmp_path: Path) -> None:
    scenario = copy_sandbox(tmp_path)
    theatre = scenario.parent / "my-theatre.toml"
    before = load_world(scenario)
    assert load_world(scenario) == before
    # the scenario itself
    scenario.write_text(scenario.read_text().replace(before.scenario.title, "Changed title", 1))
    assert load_world(scenario).scenario.title == "Changed title"
    # a file it uses (its theatre)
    site = before.theatre.sites[0]
    text = theatre.read_text()
    assert f'name = "{site.name}"' in text
    theatre.write_text(text.replace(f'name = "{site.name}"', 'name = "Renamed camp"', 1))
    after = load_world(scenario)
    assert after.theatre.sites[0].name == "Renamed camp"
    assert after == check_world_file(scenario)


def test_a_new_code_version_makes_the_entry_stale(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_world("sandbox")
    monkeypatch.setattr(world_cache, "code_version", lambda: "another version")
    called = []
    real = worlds.check_world_file
    monkeypatch.setattr(worlds, "check_world_file", lambda p: called.append(p) or real(p))
    assert load_world("sandbox") == real(resolve_scenario("sandbox"))
    assert called == [resolve_scenario("sandbox")]


def test_the_code_version_follows_every_module_of_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "game"
    (package / "engine" / "__pycache__").mkdir(parents=True)
    (package / "cli.py").write_text("x = 1\n")
    (package / "engine" / "day.py").write_text("y = 2\n")
    monkeypatch.setattr(world_cache, "PACKAGE", package)

    def version() -> str:
        world_cache.code_version.cache_clear()
        return world_cache.code_version()

    first = version()
    assert version() == first
    # files that are not modules change nothing
    (package / "engine" / "__pycache__" / "day.cpython-311.pyc").write_bytes(b"\0")
    (package / "drawdown.tcss").write_text("Screen {}\n")
    assert version() == first
    # a module edited deep in the package, a new one, one removed: each a new version
    (package / "engine" / "day.py").write_text("y = 22\n")
    edited = version()
    assert edited != first
    (package / "engine" / "night.py").write_text("")
    added = version()
    assert added not in (first, edited)
    (package / "engine" / "night.py").unlink()
    assert version() == edited
    world_cache.code_version.cache_clear()


CORRUPT = [
    b"",
    b"\x00\x01 not json at all",
    b'{"format": "drawdown-cache"',  # truncated header
    b'{"format": "something else", "kind": "world"}\n{}\n',
    b"[1, 2, 3]\n[]\n",
]


@pytest.mark.parametrize("content", CORRUPT)
def test_a_corrupt_or_foreign_cache_file_is_ignored_and_rewritten(
    content: bytes, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = resolve_scenario("sandbox")
    fresh = check_world_file(path)
    load_world("sandbox")
    entry = entry_of(path)
    entry.write_bytes(content)
    assert load_world("sandbox") == fresh
    assert entry.read_bytes() != content  # rewritten
    no_fresh_load(monkeypatch)
    assert load_world("sandbox") == fresh


def test_a_cache_naming_code_or_a_class_outside_the_models_is_ignored(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = resolve_scenario("sandbox")
    load_world("sandbox")
    entry = entry_of(path)
    header, body, _ = entry.read_text().split("\n")
    for forged in (
        {"__model": "os:system", "__set": [], "__fields": {}},
        {"__model": "game.model.content:World", "__set": [], "__fields": {"x": 1}},
        {"__tuple": 5},
        "a string, not a world",
    ):
        entry.write_text(header + "\n" + json.dumps(forged) + "\n")
        assert load_world("sandbox") == check_world_file(path)
    # a body cut short
    entry.write_text(header + "\n" + body[: len(body) // 2])
    assert load_world("sandbox") == check_world_file(path)


def test_no_cache_when_its_folder_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert load_world("sandbox") == check_world_file(resolve_scenario("sandbox"))
    assert load_world("sandbox") == check_world_file(resolve_scenario("sandbox"))


def test_the_cache_can_be_turned_off(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRAWDOWN_CACHE", "off")
    load_world("sandbox")
    assert not cache.exists()


def test_content_errors_are_never_cached(cache: Path, tmp_path: Path) -> None:
    from game.errors import ContentError

    scenario = copy_sandbox(tmp_path)
    scenario.write_text(scenario.read_text() + "\nnot_a_key = 1\n")
    for _ in range(2):
        with pytest.raises(ContentError):
            load_world(scenario)
    assert not entry_of(scenario).exists()


def test_a_clean_validate_run_is_remembered_until_a_file_changes(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from game.authoring import commands, validate

    scenario = copy_sandbox(tmp_path)
    theatre = scenario.parent / "my-theatre.toml"
    assert commands.problems_of_run([scenario]) == []
    real = validate.validate_paths
    checked: list[list[Path]] = []

    def counting(paths: list[Path]):
        checked.append(paths)
        return real(paths)

    monkeypatch.setattr(validate, "validate_paths", counting)
    assert commands.problems_of_run([scenario]) == []
    assert checked == []  # remembered
    assert commands.problems_of_run([scenario, theatre]) == []
    assert len(checked) == 1  # another set of files: checked
    # the theatre it uses changes: checked again, and the problem is reported
    theatre.write_text(theatre.read_text() + "\nnot_a_key = 1\n")
    problems = commands.problems_of_run([scenario])
    assert len(checked) == 2
    assert any("not_a_key" in p.message for p in problems)
    assert commands.problems_of_run([scenario]) == problems  # runs with problems are not kept
    assert len(checked) == 3


# Starts a game in a fresh process and says whether the generated rules-table models were built.
START_A_GAME = """
import sys
from game import worlds
from game.engine import Game
from game.model import rules

world = worlds.load_world(sys.argv[1])
Game(world, 1).advance()
print(rules.tables_built())
"""


@pytest.mark.parametrize("ref", ["sandbox", "sandbox-basics"])
def test_a_game_started_from_the_cache_builds_no_rules_table_models(ref: str, cache: Path) -> None:
    """The ~190 generated rule-entry models only check a rules file or a [rules] table: a game
    whose world comes from the cache plays without building them (start-up time and memory)."""

    def start() -> str:
        run = subprocess.run(
            [sys.executable, "-c", START_A_GAME, ref],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        return run.stdout.strip()

    assert start() == "True"  # the first start checks the files: it needs them
    assert entry_of(resolve_scenario(ref)).is_file()
    assert start() == "False"  # read back from the cache: it does not


def test_a_rules_override_is_kept_as_plain_data(cache: Path) -> None:
    """The sandbox's [rules] table, checked, is a plain layer in the world and in its cache entry
    (which names no generated model), and dumps as the file writes it."""
    layer = {"camps": {"agreed_is_target": (False, SANDBOX_AGREED)}}
    fresh = load_world("sandbox")
    assert fresh.scenario.rules == layer
    assert fresh.scenario.model_dump()["rules"] == {
        "camps": {"agreed_is_target": {"value": False, "source": SANDBOX_AGREED}}
    }
    text = entry_of(resolve_scenario("sandbox")).read_text()
    assert "RulesOverride" not in text and "Rule_" not in text
    assert load_world("sandbox").scenario.rules == layer
