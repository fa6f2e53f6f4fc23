"""The headless commands as users call them: exit codes, JSON shape, messages, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Ran, drawdown_here

from game.cli import main

GOLDEN = Path(__file__).parent / "golden"


def run_cli(*args: str) -> Ran:
    return drawdown_here(*args)


def test_run_json_has_the_documented_shape():
    out = run_cli(
        "run",
        "sandbox",
        "--orders",
        str(GOLDEN / "sandbox-evacuation.orders.toml"),
        "--seed",
        "1",
        "--json",
    )
    assert out.returncode == 0, out.stderr
    s = json.loads(out.stdout)
    for key in (
        "scenario",
        "seed",
        "final_date",
        "finished",
        "personnel",
        "containers",
        "sites",
        "host_relations",
        "score",
        "grade",
        "digest",
    ):
        assert key in s
    p, c = s["personnel"], s["containers"]
    assert p["total"] == p["withdrawn"] + p["remaining"] + p["killed"]
    assert (
        c["total"]
        == c["repatriated"] + c["handed_over"] + c["destroyed"] + c["lost"] + c["remaining"]
    )
    assert set(s["sites"]) >= {"total", "closed", "closed_on_time", "seized"}
    assert s["scenario"] == "sandbox" and s["seed"] == 1 and s["finished"] is True
    assert "Traceback" not in out.stderr


def test_empty_orders_file_is_valid(capsys):
    assert main(["run", "sandbox", "--orders", str(GOLDEN / "empty.orders.toml"), "--json"]) == 0
    s = json.loads(capsys.readouterr().out)
    assert s["personnel"]["withdrawn"] == 0 and s["seed"] == 1


def test_bad_orders_file_gives_path_and_line(tmp_path, capsys):
    bad = tmp_path / "orders.toml"
    bad.write_text('[[orders]]\ndate = 2023-08-02\nkind = "dispatch"\nrequets = "x"\n')
    assert main(["run", "sandbox", "--orders", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:4:" in err and "requets" in err


@pytest.mark.parametrize(
    "args",
    [
        ["sim", "sandbox", "--runs", "0"],
        ["run", "sandbox"],
        ["run", "sandbox", "--orders", "x", "--seed", "minus"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2(args):
    out = run_cli(*args)
    assert out.returncode == 2
    assert out.stderr.startswith("drawdown: ")
    assert "Traceback" not in out.stderr


def test_unknown_scenario_exits_1(capsys):
    assert main(["run", "no-such-scenario", "--orders", str(GOLDEN / "empty.orders.toml")]) == 1
    assert "'no-such-scenario'" in capsys.readouterr().err


def test_scenarios_lists_ids_first(capsys):
    assert main(["scenarios"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(line.split()[0] == "sandbox" for line in lines)


def test_sim_json_and_jobs_give_identical_games():
    one = json.loads(
        run_cli(
            "sim", "sandbox", "--policy", "cautious", "--runs", "4", "--seed", "3", "--json"
        ).stdout
    )
    # --jobs 2 in a process of its own: the workers are forked from the command, not from pytest
    two = json.loads(
        subprocess.run(
            [
                sys.executable,
                "-m",
                "game.cli",
                "sim",
                "sandbox",
                "--policy",
                "cautious",
                "--runs",
                "4",
                "--seed",
                "3",
                "--jobs",
                "2",
                "--json",
            ],
            capture_output=True,
            text=True,
        ).stdout
    )
    assert one == two
    assert one["runs"] == 4 and one["policy"] == "cautious" and len(one["games"]) == 4
    assert [g["seed"] for g in one["games"]] == [3, 4, 5, 6]
    assert 0 <= one["summary"]["win_rate"] <= 1


def test_cautious_beats_random_on_sandbox():
    from game.bots.sim import run_games, summarize

    cautious = summarize(run_games("sandbox", "cautious", 12, 1))
    rnd = summarize(run_games("sandbox", "random", 12, 1))
    assert cautious["score"]["median"] > rnd["score"]["median"] + 10


def test_balance_report_warns_about_what_authors_should_fix(sandbox, sim_game):
    from game.bots.sim import summarize, warnings_for

    def game(seed, grade, closed):
        return sim_game(
            seed=seed,
            grade=grade,
            score=60.0 if grade == "C" else 10.0,
            events_fired=["blockade"],
            closures={"ber": closed, "timbuktu": None},
            targets={"ber": "2023-08-16", "timbuktu": "2023-08-31"},
        )

    summaries = {
        "random": summarize([game(1, "C", "2023-08-20"), game(2, "C", None)]),
        "cautious": summarize([game(1, "F", "2023-08-10"), game(2, "F", "2023-08-30")]),
    }
    assert summaries["cautious"]["closures"]["ber"] == {
        "target": "2023-08-16",
        "earliest": "2023-08-10",
        "median": "2023-08-30",
        "latest": "2023-08-30",
        "never": 0,
        "on_time_rate": 0.5,
    }
    warnings = warnings_for(sandbox, summaries)
    assert "random wins 100% of games: the scenario may be too easy" in warnings
    assert "cautious never wins (grade C or better)" in warnings
    assert "cautious play does no better than random orders" in warnings
    assert "no policy closes Timbuktu by its target date (2023-08-31)" in warnings
    assert "no policy closes Ber by its target date (2023-08-16)" not in warnings
    assert "event 'fighting-near-ber' never fires" in warnings
    assert "event 'blockade' never fires" not in warnings


def test_sim_all_policies_json():
    out = run_cli("sim", "sandbox", "--policy", "all", "--runs", "2", "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert set(result["summary"]) == {"bold", "cautious", "historical", "random"}
    assert len(result["games"]) == 8 and {g["policy"] for g in result["games"]} == set(
        result["summary"]
    )
    assert isinstance(result["warnings"], list)


def test_an_order_dated_inside_a_turn_is_refused_at_its_line(tmp_path, capsys):
    """With turns of two days, an order dated on a turn's second day used to be skipped with a
    log line; now the run stops before playing and says which dates would do."""
    bundled = Path(__file__).resolve().parent.parent / "content" / "scenarios" / "sandbox.toml"
    text = bundled.read_text(encoding="utf-8").replace(
        'difficulty = "easy"', 'difficulty = "easy"\nturn_days = 2'
    )
    scenario = tmp_path / "two-day.toml"
    scenario.write_text(text)
    orders = tmp_path / "orders.toml"
    orders.write_text(
        '[[orders]]\ndate = 2023-08-03\nkind = "engage"\n\n'
        '[[orders]]\ndate = 2023-08-04\nkind = "engage"\n'
    )
    assert main(["run", str(scenario), "--orders", str(orders)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"{orders}:6:8: error: sandbox plays in turns of 2 days from 2023-08-01: an order can be "
        "given on a turn's first day, not on 2023-08-04; date it 2023-08-03 or 2023-08-05"
    ]
