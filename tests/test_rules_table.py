"""The rules table: every rule in content with a source, overrides checked like any content, the
engine holding no rule numbers of its own, and docs/rules.md generated from the table."""

from __future__ import annotations

import ast
import datetime as dt
import json
from pathlib import Path

from game import cli, world_cache
from game.authoring import rules_doc
from game.content import make_world, standard_rules
from game.engine import Game
from game.model.checked import check, fields_of
from game.model.content import Scenario
from game.model.rules import SECTIONS, Harm, resolve
from game.worlds import load_world

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "game" / "engine"
# Numbers that are arithmetic, not rules: identities and offsets.
# 100 is the scale of relations and of the score.
PLAIN = {0, 1, -1, 100}


def test_every_rule_has_a_source_and_a_meaning():
    table, _ = standard_rules()
    rules, sources = resolve(table)
    for section, model in SECTIONS.items():
        for name, info in fields_of(model).items():
            assert info.description, f"{section}.{name} has no description"
            source, origin = sources[f"{section}.{name}"]
            assert source.strip() and origin == "standard"


def test_a_scenario_override_wins_and_says_where_it_came_from(sandbox):
    table, _ = standard_rules()
    override = {"convoy": {"clearance_ied": {"value": 0.9, "source": "game assumption: test"}}}
    sc = check(Scenario, {**sandbox.scenario.model_dump(), "rules": override})
    world = make_world(sc, sandbox.theatre)
    assert world.rules.convoy.clearance_ied == 0.9
    assert world.rule_sources["convoy.clearance_ied"] == ("game assumption: test", "scenario")
    assert world.rules.convoy.clearance_ied != sandbox.rules.convoy.clearance_ied
    # and the engine uses it: clearance is worth less in this world
    order = {
        "kind": "request_movement",
        "origin": "timbuktu",
        "destination": "gao",
        "people": 60,
        "vehicles": 10,
        "clearance": True,
    }
    assert Game(world, 1).quote(order).ied > Game(sandbox, 1).quote(order).ied


def test_a_bad_override_is_reported_at_its_line(tmp_path, capsys):
    src = (ROOT / "content" / "scenarios" / "sandbox.toml").read_text(encoding="utf-8")
    src = src.replace('theatre = "sandbox"', 'theatre = "sandbox"', 1)
    path = tmp_path / "bad.toml"
    path.write_text(
        src + '\n[rules.convoy]\nclearance_ied = { value = -2, source = "x" }\n'
        'clearance_idd = { value = 0.3, source = "x" }\n',
        encoding="utf-8",
    )
    assert cli.main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    lines = src.count("\n") + 1
    assert f"bad.toml:{lines + 2}:" in out and "clearance_ied" in out
    assert f"bad.toml:{lines + 3}:" in out and "clearance_idd" in out


def _bare_numbers(path: Path) -> list[str]:
    """Numeric literals in a module, except round()'s digits and lines marked '# not a rule'."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    tree = ast.parse(text)
    digits = {
        id(call.args[1])
        for call in ast.walk(tree)
        if isinstance(call, ast.Call)
        and isinstance(call.func, ast.Name)
        and call.func.id == "round"
        and len(call.args) == 2
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            if node.value in PLAIN or id(node) in digits:
                continue
            if "# not a rule" in lines[node.lineno - 1]:
                continue
            found.append(f"{path.name}:{node.lineno}: {node.value}")
    return found


def test_the_engine_holds_no_rule_numbers():
    """Every odds, multiplier, threshold and weight comes from the rules table."""
    allowed = {"rng.py"}  # the generator's own constants
    found = []
    for path in sorted(ENGINE.glob("*.py")):
        if path.name not in allowed:
            found += _bare_numbers(path)
    assert found == [], "numbers of the rules belong in content/rules/standard.toml"


def test_rules_doc_is_up_to_date():
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_doc.render(), (
        "docs/rules.md is out of date: run `python -m game.authoring.rules_doc > docs/rules.md`"
    )


def test_rules_command_shows_a_scenarios_rules_with_their_origin(capsys):
    assert cli.main(["rules", "ber-2023"]) == 0
    out = capsys.readouterr().out
    assert "clearance_ied" in out and "| standard |" in out
    world = load_world("ber-2023")
    assert f"{world.rules.convoy.clearance_ied:g}" in out


def test_an_override_layer_of_every_kind_of_value_survives_dump_and_cache(sandbox):
    """A [rules] table is kept as plain data: a table (Harm), a date and a list come back the same
    through model_dump and strict validation (as exercises re-check a scenario) and through the
    content cache's encoding, and make the same world."""
    harm = {
        "killed_chance": 0.1,
        "killed_max": 2,
        "wounded_min": 0,
        "wounded_max": 3,
        "trucks_max": 1,
        "vehicles": 0,
        "delay_min": 0,
        "delay_max": 1,
    }
    why = "game assumption: test"
    override = {
        "convoy": {"ied": {"value": harm, "source": why}},
        "camps": {"poc_end": {"value": dt.date(2023, 10, 1), "source": why}},
        "season": {"rainy_months": {"value": [8, 9], "source": why}},
    }
    sc = check(Scenario, {**sandbox.scenario.model_dump(), "rules": override}, strict=True)
    assert sc.rules is not None
    assert sc.rules["camps"] == {"poc_end": (dt.date(2023, 10, 1), why)}
    assert sc.rules["convoy"]["ied"][0] == Harm(**harm)
    assert sc.model_dump()["rules"] == {
        "convoy": {"ied": {"value": harm, "source": why}},
        "camps": {"poc_end": {"value": dt.date(2023, 10, 1), "source": why}},
        "season": {"rainy_months": {"value": [8, 9], "source": why}},
    }
    assert check(Scenario, sc.model_dump(), strict=True) == sc
    world = make_world(sc, sandbox.theatre)
    assert world.rules.convoy.ied == Harm(**harm)
    assert world.rules.camps.poc_end == dt.date(2023, 10, 1)
    assert world.rules.season.rainy_months == [8, 9]
    assert world.rule_sources["season.rainy_months"] == (why, "scenario")
    assert world_cache.decode(json.dumps(world_cache.encode(world))) == world
