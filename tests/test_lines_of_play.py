"""Lines of play and bots v2: `sim --orders`, `sim --choices`, site outcomes, the historical bot
keeping to the recorded dates, and the calibration report's tables and targets."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path

import pytest
from conftest import Ran, drawdown_here

from game.bots.choices import option_for
from game.bots.lines import BY_NAME, opening_orders, play_line
from game.bots.policies import play
from game.bots.sim import branches
from game.model.content import World
from game.worlds import load_world

HERE = Path(__file__).parent
GOLDEN = HERE / "golden"


def run_cli(*args: str) -> Ran:
    return drawdown_here(*args)


def with_history(world: World, **fields) -> World:
    sc = world.scenario
    record = sc.historical.model_copy(update=fields)
    return world.model_copy(update={"scenario": sc.model_copy(update={"historical": record})})


def with_historical_choice(world: World, event_id: str, option: str) -> World:
    """The world with one event marked historical and one of its options as history's."""
    sc = world.scenario
    events = []
    for e in sc.events:
        if e.id == event_id:
            choices = [c.model_copy(update={"historical": c.id == option}) for c in e.choices]
            e = e.model_copy(update={"historical": True, "source": "test", "choices": choices})
        events.append(e)
    return world.model_copy(update={"scenario": sc.model_copy(update={"events": events})})


# --------------------------------------------------------------------------- site outcomes


def test_run_json_gives_each_sites_outcome():
    out = run_cli(
        "run", "sandbox", "--orders", str(GOLDEN / "sandbox-evacuation.orders.toml"), "--json"
    )
    assert out.returncode == 0, out.stderr
    s = json.loads(out.stdout)
    outcomes = {o["id"]: o for o in s["site_outcomes"]}
    assert list(outcomes) == ["ber", "timbuktu", "gao"]
    for o in outcomes.values():
        assert set(o) >= {"id", "status", "closed_on", "target", "handed_over_to"}
    assert outcomes["gao"] == {
        "id": "gao",
        "status": "handed_over",
        "closed_on": "2023-08-23",
        "target": None,
        "handed_over_to": "host",
        "destroyed": 0,
        "stays_open": False,
    }
    assert outcomes["timbuktu"]["closed_on"] is None  # never closed: null
    assert outcomes["timbuktu"]["handed_over_to"] is None
    assert outcomes["ber"]["target"] == "2023-08-13"  # the choice moved it; the outcome says so
    assert outcomes["ber"]["destroyed"] == s["containers"]["destroyed"] + (
        s["equipment"]["vehicles"]["destroyed"] + s["equipment"]["sensitive"]["destroyed"]
    )
    # the old keys are all still there (DESIGN section 3)
    assert {"personnel", "containers", "sites", "score", "grade", "digest"} <= set(s)
    assert s["sites"]["closed"] == sum(1 for o in outcomes.values() if o["closed_on"])


def test_a_seized_camp_names_who_took_it(sandbox):
    """Idle: everyone stays; but the site record is the engine's: open sites have no holder."""
    game = play(sandbox, 3, "idle")
    for o in game.summary().site_outcomes:
        assert (o.handed_over_to is None) == (o.status not in ("handed_over", "seized"))


# --------------------------------------------------------------------------- choices


def test_choice_modes(sandbox):
    event = next(e for e in sandbox.scenario.events if e.id == "fighting-near-ber")
    assert option_for(event, "default", 1) == "hold"
    # No option marked historical: the historical mode falls back to the default.
    assert option_for(event, "historical", 1) == "hold"
    marked = with_historical_choice(sandbox, "fighting-near-ber", "leave-early")
    event = next(e for e in marked.scenario.events if e.id == "fighting-near-ber")
    assert option_for(event, "historical", 1) == "leave-early"
    # all: the same seed always takes the same branch, and the seeds cover every branch
    taken = [option_for(event, "all", seed) for seed in range(1, 13)]
    assert taken == [option_for(event, "all", seed) for seed in range(1, 13)]
    assert set(taken) == {"hold", "leave-early"}


def test_the_historical_bot_takes_historys_option(sandbox):
    marked = with_historical_choice(sandbox, "fighting-near-ber", "leave-early")
    game = play(marked, 2, "historical")
    ber = next(o for o in game.summary().site_outcomes if o.id == "ber")
    assert ber.target == "2023-08-13"  # leave-early moved the target
    # and `--choices default` makes the same bot hold
    held = play(marked, 2, "historical", choices="default")
    ber = next(o for o in held.summary().site_outcomes if o.id == "ber")
    assert ber.target == "2023-08-16"


def test_sim_choices_all_reports_every_branch():
    out = run_cli(
        "sim", "sandbox", "--policy", "cautious", "--runs", "6", "--choices", "all", "--json"
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["choices"] == "all"
    taken = [g["choices"]["fighting-near-ber"] for g in result["games"]]
    assert set(taken) == {"hold", "leave-early"}
    per_branch = result["summary"]["branches"]["fighting-near-ber"]
    for option, b in per_branch.items():
        games = [g for g in result["games"] if g["choices"]["fighting-near-ber"] == option]
        assert b["games"] == len(games)
        assert b["mean_score"] == round(sum(g["score"] for g in games) / len(games), 3)
    text = run_cli("sim", "sandbox", "--runs", "2", "--choices", "all", "--no-progress").stdout
    assert "Branches (option taken" in text and "fighting-near-ber" in text


def test_branches_count_games_and_wins(sim_game):
    games = [
        sim_game(score=60.0, grade="C", choices={"e": "a"}),
        sim_game(score=40.0, grade="F", choices={"e": "a"}),
        sim_game(score=10.0, grade="F", choices={"e": "b"}),
    ]
    assert branches(games) == {
        "e": {
            "a": {"games": 2, "mean_score": 50.0, "win_rate": 0.5},
            "b": {"games": 1, "mean_score": 10.0, "win_rate": 0.0},
        }
    }


def test_sim_rejects_an_unknown_choice_mode():
    out = run_cli("sim", "sandbox", "--choices", "sometimes")
    assert out.returncode == 2 and "Traceback" not in out.stderr


# --------------------------------------------------------------------------- lines of play


def test_sim_orders_plays_the_file_then_the_bot(tmp_path):
    orders = tmp_path / "destroy-ber.toml"
    orders.write_text(
        '[[orders]]\ndate = 2023-08-01\nkind = "destroy"\nsite = "ber"\ncontainers = 5\nvehicles = 0\nsensitive = 0\n'
        '[[orders]]\ndate = 2024-06-01\nkind = "engage"\n'
    )
    out = run_cli(
        "sim", "sandbox", "--policy", "idle", "--runs", "2", "--orders", str(orders), "--json"
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["orders"] == str(orders)
    for g in result["games"]:
        ber = next(o for o in g["site_outcomes"] if o["id"] == "ber")
        assert ber["destroyed"] == 5  # the file's order, given on its date
        assert g["orders_refused"] == [
            f"{orders}: order engage dated 2024-06-01 is after the game ended; skipped"
        ]
    assert any("refused or skipped in 2 game(s)" in w for w in result["warnings"])
    # without the file the idle bot destroys nothing
    plain = json.loads(
        run_cli("sim", "sandbox", "--policy", "idle", "--runs", "1", "--json").stdout
    )
    assert all(o["destroyed"] == 0 for o in plain["games"][0]["site_outcomes"])


def test_sim_orders_bad_file_is_a_file_problem(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[orders]]\nkind = "teleport"\n')
    out = run_cli("sim", "sandbox", "--orders", str(bad), "--runs", "1")
    assert out.returncode == 1
    assert str(bad) in out.stderr and "Traceback" not in out.stderr


def test_a_line_opening_is_an_orders_file_on_the_first_day(sandbox):
    orders = opening_orders(sandbox, 1, BY_NAME["destroy-all"])
    assert orders.orders and all(o.kind == "destroy" for o in orders.orders)
    assert {o.date for o in orders.orders} == {sandbox.scenario.start}
    game = play_line(sandbox, 1, BY_NAME["destroy-all"])
    assert game.summary().containers.destroyed > 0
    unauthorized = opening_orders(sandbox, 1, BY_NAME["unauthorized"])
    assert unauthorized.orders and all(o.kind == "move_unauthorized" for o in unauthorized.orders)


# --------------------------------------------------------------------------- historical bot


def test_the_historical_bot_closes_by_the_recorded_date():
    """Given a recorded closure seven weeks before Ansongo's target, the historical bot keeps to
    the record (within a week), where without one it keeps to the target."""
    world = load_world("drawdown-2023")
    recorded = dt.date(2023, 10, 1)
    early = with_history(world, closures={"ansongo": recorded})
    for seed in (1, 2):
        plain = play(world, seed, "historical").summary().site_outcomes
        kept = play(early, seed, "historical").summary().site_outcomes
        before = dt.date.fromisoformat(next(o.closed_on for o in plain if o.id == "ansongo"))
        after = dt.date.fromisoformat(next(o.closed_on for o in kept if o.id == "ansongo"))
        assert abs((after - recorded).days) <= 7
        assert abs((before - dt.date(2023, 11, 18)).days) <= 7


# --------------------------------------------------------------------------- calibration


def _calibration():
    spec = importlib.util.spec_from_file_location(
        "calibration", HERE.parent / "bench" / "calibration.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def cal():
    return _calibration()


def test_calibration_tables_on_a_tiny_configuration(cal):
    rows = cal.gather(["tutorial"], ["cautious", "idle"], runs=2, jobs=1)
    assert len(rows) == 4
    text, targets = cal.render(rows, 2, ["tutorial"], ["cautious", "idle"])
    assert "## 2. No dominant line" in text and "## 3. Decisions over dice" in text
    assert "| line | mean score | median | sd | win rate |" in text
    assert all(t[2] in ("PASS", "MISS") for t in targets)
    # PASS/MISS follow the numbers: the idle line's gap to cautious decides the decisions target.
    stats = cal.line_stats([r for r in rows if r["line"] == "cautious"])
    idle = cal.line_stats([r for r in rows if r["line"] == "idle"])
    gap = stats["mean"] - idle["mean"]
    decisions = next(t for t in targets if t[0] == "tutorial: decisions ≥ 15")
    assert decisions[1] == f"{gap:.1f}"
    assert decisions[2] == ("PASS" if gap >= 15 else "MISS")
    # make the dice loud: the same numbers with one wild seed flip the dice target to MISS
    wild = [dict(r) for r in rows]
    wild[0]["score"] += 40.0
    _, again = cal.render(wild, 2, ["tutorial"], ["cautious", "idle"])
    dice = next(t for t in again if t[0] == "tutorial: dice ≤ 3")
    assert dice[2] == "MISS"


def test_calibration_history_targets_follow_the_record(cal):
    world = load_world("drawdown-2023")
    record = HERE / "data" / "history-drawdown-2023.toml"
    rows = cal.gather(["drawdown-2023"], ["historical"], runs=1, jobs=1, history=str(record))
    hist = cal.with_history(world, str(record))
    assert len(hist.scenario.historical.closures) == 11
    body, targets = cal.history_section(rows, hist)
    # the closure target counts the table's "on the record" column
    cells = [line.split("|")[1:-1] for line in body if line.startswith("| ") and "2023-" in line]
    site_rows = [c for c in cells if len(c) == 8]
    on_record = sum(1 for c in site_rows if c[4].strip() == "yes")
    closures = targets[0]
    assert closures[0].startswith("at least 9 of the 11 recorded closures")
    assert closures[1] == f"{on_record} of 11"
    assert closures[2] == ("PASS" if on_record >= 9 else "MISS")
    game = rows[0]
    seized = next(t for t in targets if t[0].startswith("camps seized"))
    assert seized[2] == ("PASS" if game["seized"] == ["aguelhok", "kidal"] else "MISS")
    wounded = next(t for t in targets if t[0].startswith("wounded"))
    assert wounded[1] == f"median {game['wounded']:g}"
    assert wounded[2] == ("PASS" if 23 <= game["wounded"] <= 92 else "MISS")
    # with no record, the targets are MISS (never a pass by default)
    bare = with_history(world, closures={}, seized=[], milestones=[], figures={})
    _, missing = cal.history_section(rows, bare)
    assert missing[0][2] == "MISS" and "records no closures" in missing[0][1]
    assert all(t[2] == "MISS" for t in missing if not t[0].startswith("camps seized"))


def test_a_camp_emptied_weeks_ahead_of_its_date_is_not_closed_on_time(sandbox):
    """rules.score.on_time_early_days: a camp the all-at-once line empties `early` days before
    its target counts as on time with a window of `early` days, and not with one day less."""
    from conftest import with_rules

    line = BY_NAME["all-at-once"]
    assert sandbox.rules.score.on_time_early_days == 21
    found = None
    for seed in range(1, 12):
        summary = play_line(
            with_rules(sandbox, "score", on_time_early_days=60), seed, line
        ).summary()
        for o in summary.site_outcomes:
            if o.closed_on and o.target and o.status != "seized":
                early = (dt.date.fromisoformat(o.target) - dt.date.fromisoformat(o.closed_on)).days
                if early > 1 and found is None:
                    found = (seed, early, summary.sites.closed_on_time)
    assert found is not None, "the all-at-once line never closed a camp ahead of its date"
    seed, early, on_time = found
    wide = play_line(with_rules(sandbox, "score", on_time_early_days=early), seed, line).summary()
    tight = play_line(
        with_rules(sandbox, "score", on_time_early_days=early - 1), seed, line
    ).summary()
    assert wide.sites.closed_on_time == on_time
    assert tight.sites.closed_on_time < on_time
    assert tight.score_parts["sites_on_time"] < wide.score_parts["sites_on_time"]


def test_refused_flights_home_send_people_out_by_road():
    """north-2023: after the host refuses a flight home from Gao within the last fortnight, the
    historical bot drives people from Gao to the border at Labbezanga (as the Chadians went home
    through Niger) — and only then. Some seed must see such a convoy leave."""
    world = load_world("north-2023")
    driven = 0
    for seed in range(1, 7):
        game = play(world, seed, "historical")
        last = game.day_of(world.scenario.deadline)
        requests = list(game.state.requests.values())
        refused = sorted(
            r.decide
            for r in requests
            if r.kind == "flight" and r.status == "denied" and r.order.destination == "home"
        )
        road = [
            r
            for r in requests
            if r.kind == "movement"
            and (r.order.origin, r.order.destination) == ("gao", "labbezanga")
        ]
        driven += any(r.status == "used" and r.order.people > 0 for r in road)
        for r in road:
            assert r.requested >= last - 14
            assert any(r.requested - 7 <= d <= r.requested for d in refused)
    assert driven
