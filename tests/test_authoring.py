"""The authoring toolkit: `drawdown validate` on a corpus of broken files, the locator, the JSON
Schema, the scaffold and the field reference."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tomllib
import typing
from pathlib import Path

import pytest
from conftest import drawdown_here

from game import cli
from game.authoring import locate, reference, scaffold, schema, validate
from game.content import CONTENT_DIR, bundled_files
from game.engine import Game
from game.model import content as content_model
from game.model.checked import model_of
from game.model.orders import OrdersFile
from game.worlds import load_world

ROOT = Path(__file__).resolve().parent.parent
BROKEN = ROOT / "tests" / "broken"
CORPUS = sorted(BROKEN.glob("*.toml"))


def shown(problems) -> list[str]:
    return [f"{Path(p.path).name}:{p.line}:{p.col}: {p.severity}: {p.message}" for p in problems]


# --------------------------------------------------------------------------- the broken corpus


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_corpus_gives_exactly_the_expected_problems(path: Path) -> None:
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert shown(validate.validate_paths([path])) == expected


def test_corpus_covers_every_kind_of_problem() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in BROKEN.glob("*.expected"))
    for needle in (
        "TOML syntax",
        "did you mean 'title'",
        "wrong type for",
        "missing required key",
        "out of range",
        "unknown site",
        "unknown route",
        "unknown contingent",
        "unknown aircraft type",
        "unknown event",
        "is outside the scenario",
        "is after the deadline",
        "joins unknown site",
        "warning: no route reaches site",
        "can never fire",
        "no bundled theatre",
        "a site that stays open has no target closure date",
        "only a site that stays open keeps a team",
        "site_looted on 'ber' can never happen",
        "theatre file",
        "binary file",
        "not valid UTF-8",
        "unknown kind",
    ):
        assert needle in text, needle


def test_huge_file_gives_one_clean_error(tmp_path: Path) -> None:
    big = tmp_path / "huge.toml"
    big.write_text('id = "huge"\n' + "# padding\n" * 300_000)
    assert big.stat().st_size > 2 * 1024 * 1024
    assert shown(validate.validate_paths([big])) == [
        f"huge.toml:1:1: error: file is {big.stat().st_size} bytes; the limit is 2097152"
    ]


def test_text_output_shows_the_line_with_a_caret(capsys) -> None:
    code = cli.main(["validate", str(BROKEN / "unknown_refs.toml")])
    out = capsys.readouterr().out
    assert code == 1
    block = out.split("unknown_refs.toml:36:51: error: ")[1].splitlines()
    assert (
        block[1]
        == '  36 |   { kind = "arrivals", site = "gao", contingent = "burkinaa", count = 10 },'
    )
    assert block[2].index("^") == block[1].index('"burkinaa"')


def test_json_output_for_editors(capsys) -> None:
    code = cli.main(["validate", "--format", "json", str(BROKEN / "dates.toml")])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    assert data[0] == {
        "path": data[0]["path"],
        "line": 17,
        "col": 15,
        "severity": "error",
        "message": "target date 2023-09-15 is after the deadline 2023-08-31",
    }
    assert data[0]["path"].endswith("dates.toml")
    assert {tuple(sorted(d)) for d in data} == {("col", "line", "message", "path", "severity")}


# --------------------------------------------------------------------------- exit codes


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "game.cli", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_validate_exit_codes() -> None:
    # The process's own exit code once, through the entry point; the rest in this process.
    clean = run_cli("validate", *map(str, bundled_files()))
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert clean.stdout == ""
    warnings_only = drawdown_here("validate", str(BROKEN / "warning_only.toml"))
    assert warnings_only.returncode == 0
    assert "warning: no route reaches site 'island'" in warnings_only.stdout
    errors = run_cli("validate", str(BROKEN / "syntax.toml"), str(BROKEN / "binary.toml"))
    assert errors.returncode == 1
    assert "Traceback" not in errors.stderr
    assert errors.stdout.count(": error: ") == 2
    assert drawdown_here("validate").returncode == 2
    missing = drawdown_here("validate", "no/such/file.toml")
    assert missing.returncode == 2
    assert "no such file" in missing.stderr
    assert drawdown_here("validate", "--format", "xml", str(BROKEN / "syntax.toml")).returncode == 2


def test_validate_a_folder(capsys) -> None:
    assert cli.main(["validate", str(CONTENT_DIR)]) == 0
    assert cli.main(["validate", str(BROKEN)]) == 1


def test_schema_comment_line_is_accepted() -> None:
    path = BROKEN / "schema_comment.toml"
    assert path.read_text().startswith("#:schema ./scenario.schema.json\n")
    assert validate.validate_paths([path]) == []


# --------------------------------------------------------------------------- the locator

LOCATOR_SAMPLE = '''\
id = "x"
text = """
[[events]]
fake = 1
"""
stocks.containers = 4
"quoted key" = 1

[[events]]
id = "a"
effects = [
  { kind = "message", text = "a, ] } still text" },

  { kind = "relations", delta = 1 },
]

[[events]]
id = "b"
trigger = { kind = "condition", all = [ { kind = "flag", flag = "f" },
  { kind = "after", date = 2023-01-01 } ] }

[[events.choices]]
id = "c0"

[[events.choices]]
id = 'c1'
effects = [ { kind = "qrf", delta = 1 } ]

[events.extra]
key = 1
'''


def test_locator_finds_every_kind_of_key() -> None:
    tomllib.loads(LOCATOR_SAMPLE)  # the sample is valid TOML
    where = locate.index_lines(LOCATOR_SAMPLE)
    assert where[("text",)] == (2, 1)
    assert ("events", 0, "fake") not in where  # inside a multi-line string
    assert where[("stocks", "containers")] == (6, 1)
    assert where[("quoted key",)] == (7, 1)
    assert where[("events", 0)] == (9, 1)
    assert where[("events", 0, "effects", 0, "text")] == (12, 23)
    assert where[("events", 0, "effects", 1)] == (14, 3)
    assert where[("events", 0, "effects", 1, "delta")] == (14, 25)
    assert where[("events", 1, "trigger", "all", 1, "date")] == (20, 21)
    assert where[("events", 1, "choices", 0, "id")] == (23, 1)
    assert where[("events", 1, "choices", 1, "effects", 0, "delta")] == (27, 29)
    assert where[("events", 1, "extra", "key")] == (30, 1)


def test_locator_points_at_values_and_strips_union_tags() -> None:
    loc = ("events", 1, "trigger", "condition", "all", 1, "after", "date")
    assert locate.locate(
        LOCATOR_SAMPLE, loc, {"type": "date_type"}, model=content_model.Scenario
    ) == (20, 28)
    assert locate.file_path(content_model.Scenario, loc) == (
        "events",
        1,
        "trigger",
        "all",
        1,
        "date",
    )


def test_locator_never_raises_on_garbage() -> None:
    for text in ("[[", "a = [ { b = ", '"""', "= = =", "[a.b\nc = 1", "x = '''\n"):
        assert locate.locate(text, ("a", 0, "b")) == (1, 1) or True
        locate.index_lines(text)


# --------------------------------------------------------------------------- schema


def jsonable(value):
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return value


@pytest.mark.parametrize("path", bundled_files(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_schema_accepts_every_bundled_file(path: Path) -> None:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    kind = validate.detect_kind(path, data)
    as_json = json.loads(json.dumps(jsonable(data)))
    model = model_of(schema.model_for(kind))  # a plain class is checked as its mirror
    try:
        import jsonschema
    except ImportError:
        jsonschema = None
    if jsonschema is not None:
        jsonschema.validate(as_json, schema.schema(kind))
    # the JSON form (dates as ISO strings) is what an editor checks; it must be the same content
    assert model.model_validate_json(json.dumps(as_json)) == model.model_validate(data)


def test_schema_of_every_kind_prints(capsys) -> None:
    for kind in ("scenario", "theatre", "orders", "exercise"):
        assert cli.main(["schema", kind]) == 0
        assert json.loads(capsys.readouterr().out)["type"] == "object"
    assert cli.main(["schema", "nonsense"]) == 2


# The exercise model (game/model/exercise.py) belongs to the training package and is checked there.
@pytest.mark.parametrize("kind", ["scenario", "theatre", "orders"])
def test_schema_documents_every_field(kind: str, capsys) -> None:
    assert cli.main(["schema", kind]) == 0
    doc = json.loads(capsys.readouterr().out)
    undocumented = []
    for name, definition in [("(root)", doc), *doc.get("$defs", {}).items()]:
        for field, prop in definition.get("properties", {}).items():
            if not prop.get("description"):
                undocumented.append(f"{name}.{field}")
    assert undocumented == []


# --------------------------------------------------------------------------- scaffold


def test_new_scenario_validates_and_plays(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["new", "scenario", "my-first"]) == 0
    path = tmp_path / "my-first.toml"
    assert path.is_file()
    assert validate.validate_paths([path]) == []  # no errors and no warnings
    game = Game(load_world(path), 1)
    game.play_to_end()
    assert game.finished
    assert cli.main(["new", "scenario", "my-first"]) == 1  # refuses to overwrite
    assert "already exists" in capsys.readouterr().err
    assert cli.main(["new", "scenario", "my-first", "--force"]) == 0
    (tmp_path / "sub").mkdir()
    assert cli.main(["new", "scenario", "sub/other"]) == 0
    assert tomllib.loads((tmp_path / "sub" / "other.toml").read_text())["id"] == "other"


def _tags(union) -> set[str]:
    out: set[str] = set()
    for member in typing.get_args(typing.get_args(union)[0]):
        out.update(typing.get_args(model_of(member).model_fields["kind"].annotation))
    return out


def test_scaffold_shows_every_trigger_condition_and_effect() -> None:
    data = tomllib.loads(scaffold.scaffold_text("x"))
    triggers, conditions, effects = set(), set(), set()
    host = {c["kind"] for c in data["host"]["conditions"]}
    assert any(event["trigger"].get("any") for event in data["events"])  # "any of" is shown
    for event in data["events"]:
        triggers.add(event["trigger"]["kind"])
        conditions |= {c["kind"] for c in event["trigger"].get("all", [])}
        conditions |= {c["kind"] for c in event["trigger"].get("any", [])}
        for eff in event.get("effects", []) + [
            e for ch in event.get("choices", []) for e in ch.get("effects", [])
        ]:
            effects.add(eff["kind"])
            if eff["kind"] == "add_condition":
                host.add(eff["condition"]["kind"])
    assert triggers == _tags(content_model.Trigger)
    assert conditions == _tags(content_model.Condition)
    assert effects == _tags(content_model.Effect)
    assert host == _tags(content_model.HostCondition)


# --------------------------------------------------------------------------- reference


def test_reference_is_up_to_date() -> None:
    committed = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    assert committed == reference.render(), (
        "docs/reference.md is out of date: run `python -m game.authoring.reference > docs/reference.md`"
    )


def test_reference_names_every_field() -> None:
    text = reference.render()
    for model in (content_model.Scenario, content_model.Theatre, OrdersFile):
        for name in model_of(model).model_fields:
            assert f"`{name}`" in text


def test_an_empty_orders_file_in_a_folder_is_recognised_as_orders(tmp_path: Path) -> None:
    """`validate` on a folder used to read an empty orders file as a scenario with six missing
    keys; an empty file whose name says orders is a valid orders file (no orders)."""
    (tmp_path / "day-one.orders.toml").write_text("")
    (tmp_path / "orders.toml").write_text("")
    files, missing = validate.expand([str(tmp_path)])
    assert len(files) == 2 and missing == []
    assert validate.validate_paths(files) == []
    (tmp_path / "scenario.toml").write_text("")
    assert [p.message for p in validate.validate_paths([tmp_path / "scenario.toml"])][:1] == [
        "missing required key 'contingents'"
    ]
