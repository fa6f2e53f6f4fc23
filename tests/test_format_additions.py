"""What the scenario format can now say (issue 14): contractor casualties, "any of" conditions,
dated arrivals that keep the game open, and a date a contingent must leave by."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import without_events
from invariants import check_invariants
from pydantic import ValidationError

from game.authoring import validate
from game.bots.policies import play
from game.bots.sim import one_game, summarize, warnings_for
from game.engine import Game
from game.model import log
from game.model.checked import check
from game.model.content import Event, OnCondition, SiteSetup, World
from game.worlds import load_world


def with_events(world: World, *events: dict) -> World:
    sc = world.scenario
    parsed = [check(Event, e) for e in events]
    return world.model_copy(update={"scenario": sc.model_copy(update={"events": parsed})})


def day(world: World, n: int) -> dt.date:
    return world.scenario.start + dt.timedelta(days=n)


def logged(g: Game, what: type[log.LogData]) -> list:
    return [e.data for e in g.state.log if isinstance(e.data, what)]


def test_contractor_casualties_count_as_contractors_not_civilians(sandbox):
    w = with_events(
        without_events(sandbox),
        {
            "id": "drivers",
            "title": "Drivers hit",
            "text": "Four contracted drivers are wounded.",
            "trigger": {"kind": "date", "date": day(sandbox, 1)},
            "effects": [{"kind": "contractor_casualties", "killed": 1, "wounded": 4}],
        },
    )
    g = Game(w, 1)
    g.advance()
    g.advance()
    casualties = g.summary().casualties
    assert (casualties.contractors_killed, casualties.contractors_wounded) == (1, 4)
    assert (casualties.civilians_killed, casualties.civilians_wounded) == (0, 0)
    assert (casualties.peacekeepers_killed, casualties.peacekeepers_wounded) == (0, 0)
    check_invariants(g)


def any_of_event(world: World, flags: list[str]) -> World:
    return with_events(
        without_events(world),
        {
            "id": "either",
            "title": "Either flag",
            "text": "One of two things happened.",
            "trigger": {
                "kind": "condition",
                "any": [{"kind": "flag", "flag": f} for f in flags],
            },
        },
        {
            "id": "set-b",
            "title": "B",
            "text": "B happens.",
            "trigger": {"kind": "date", "date": day(world, 2)},
            "effects": [{"kind": "set_flag", "flag": "b"}],
        },
    )


def test_an_any_of_trigger_fires_when_one_condition_holds(sandbox):
    g = Game(any_of_event(sandbox, ["a", "b"]), 1)
    for _ in range(4):
        g.advance()
    fired = [e.event for e in logged(g, log.EventFired)]
    assert fired == ["set-b", "either"]


def test_an_any_of_trigger_waits_while_none_holds(sandbox):
    g = Game(any_of_event(sandbox, ["a", "c"]), 1)
    for _ in range(4):
        g.advance()
    assert [e.event for e in logged(g, log.EventFired)] == ["set-b"]


def test_a_condition_trigger_needs_some_condition():
    with pytest.raises(ValidationError, match="at least one condition"):
        check(OnCondition, {"kind": "condition"})


def emptied(world: World) -> World:
    """Every site starts with nobody in it: the game would end on its first day."""
    sc = world.scenario
    setups = [SiteSetup(id=s.id, garrison={}) for s in world.theatre.sites]
    return world.model_copy(update={"scenario": sc.model_copy(update={"sites": setups})})


def test_a_dated_arrival_keeps_the_game_open_until_it_comes(sandbox):
    bare = without_events(emptied(sandbox))
    g = Game(bare, 1)
    g.advance()
    assert g.finished and g.state.day == 0  # nobody there, nobody coming: over at once
    w = with_events(
        bare,
        {
            "id": "reinforcements",
            "title": "Late arrivals",
            "text": "A company arrives at Timbuktu.",
            "trigger": {"kind": "date", "date": day(sandbox, 5)},
            "effects": [
                {"kind": "arrivals", "site": "timbuktu", "contingent": "burkina", "count": 50}
            ],
        },
    )
    g = Game(w, 1)
    while not g.finished and g.state.day <= 5:
        g.advance()
    assert not g.finished and g.state.day == 6
    assert g.state.sites["timbuktu"].people == {"burkina": 50}
    check_invariants(g)


def with_leaves_by(world: World, contingent: str, when: dt.date) -> World:
    sc = world.scenario
    contingents = [
        c.model_copy(update={"leaves_by": when}) if c.id == contingent else c
        for c in sc.contingents
    ]
    return world.model_copy(update={"scenario": sc.model_copy(update={"contingents": contingents})})


def test_a_contingent_still_here_after_its_date_costs_goodwill(sandbox):
    w = with_leaves_by(without_events(sandbox), "burkina", day(sandbox, 2))
    g = Game(w, 1)
    before = g.state.contributors
    here = sum(s.people.get("burkina", 0) for s in g.state.sites.values())
    for _ in range(4):
        g.advance()
    late = logged(g, log.ContingentLate)
    assert [(e.contingent, e.people) for e in late] == [("burkina", here)]
    cost = w.rules.equipment.late_contingent_goodwill
    assert late[0].goodwill == cost
    assert g.state.contributors == pytest.approx(before - cost)


def test_a_contingent_gone_by_its_date_costs_nothing(sandbox):
    """The civilians go home on day 1 (a contingent_leaves event); their date is day 3: no cost.
    The same date without the event: they are late, and it costs."""
    dated = with_leaves_by(without_events(sandbox), "civilians", day(sandbox, 3))
    g = Game(dated, 1)
    here = sum(s.people.get("civilians", 0) for s in g.state.sites.values())
    assert here > 0
    leaving = with_events(
        dated,
        {
            "id": "home",
            "title": "Civilians go home",
            "text": "The mission's civilians leave.",
            "trigger": {"kind": "date", "date": day(sandbox, 1)},
            "effects": [{"kind": "contingent_leaves", "contingent": "civilians", "count": here}],
        },
    )
    for world, late in ((leaving, []), (dated, ["civilians"])):
        g = Game(world, 1)
        before = g.state.contributors
        for _ in range(5):
            g.advance()
        assert [e.contingent for e in logged(g, log.ContingentLate)] == late
        assert (g.state.contributors < before) == bool(late)


# --------------------------------------------------------------------------- part of a map

DATA = Path(__file__).resolve().parent / "data"


def test_a_scenario_plays_part_of_a_theatre_with_a_site_of_its_own():
    """`use_sites` keeps three sites of the Mali map (and the routes between them); `add_sites`
    and `add_routes` put Camp Castor beside Gao. Only those are on the map, in the game and in
    its summary, and the bots can play it."""
    world = load_world(str(DATA / "gao-corner.toml"))
    assert [s.id for s in world.theatre.sites] == ["ansongo", "gao", "labbezanga", "castor"]
    assert sorted(r.id for r in world.theatre.routes) == [
        "ansongo-labbezanga",
        "castor-gao",
        "gao-ansongo",
    ]
    g = Game(world, 1)
    assert sorted(g.state.sites) == ["ansongo", "castor", "gao", "labbezanga"]
    assert g.state.sites["castor"].people == {"germany": 300}
    assert g.path("castor", "labbezanga") is not None
    summary = play(world, 1, "cautious").summary()
    # Ansongo, Castor and Gao are camps, Labbezanga an exit; Gao stays open (liquidation site).
    assert (summary.sites.total, summary.sites.staying) == (2, 1)


def test_the_validator_checks_a_scenarios_own_map(tmp_path):
    text = (DATA / "gao-corner.toml").read_text(encoding="utf-8")
    bad = (
        text.replace(
            'use_sites = ["gao", "ansongo", "labbezanga"]',
            'use_sites = ["gao", "ansongo", "labezanga"]',
        )
        .replace('id = "castor"\nname = "Camp Castor"', 'id = "gao"\nname = "Camp Castor"')
        .replace('a = "castor"', 'a = "kastor"')
    )
    path = tmp_path / "bad.toml"
    path.write_text(bad, encoding="utf-8")
    messages = [p.message for p in validate.validate_paths([path]) if p.severity == "error"]
    assert (
        "unknown site 'labezanga' (not in theatre 'mali-2023'); did you mean 'labbezanga'?"
        in messages
    )
    assert (
        "'gao' is already a site of the theatre: change how it starts in [[sites]] instead"
        in messages
    )
    assert any(m.startswith("unknown site 'kastor'") for m in messages)


def test_the_balance_warning_says_never_for_one_policy():
    """`sim --policy cautious` used to warn "policy cautious closes Camp Castor by its target
    date" when it never did."""
    world = load_world(str(DATA / "gao-corner.toml"))
    games = [one_game(world, seed, "cautious") for seed in (1, 2)]
    warnings = warnings_for(world, {"cautious": summarize(games)}, {"cautious": games})
    castor = [w for w in warnings if "Camp Castor" in w]
    assert castor == [
        "policy cautious never closes Camp Castor by its target date (2023-12-15)"
        " — e.g. cautious seed 1, cautious seed 2"
    ]


def test_sim_saves_every_game_where_an_author_can_open_it(tmp_path, capsys):
    """`sim --save-dir DIR` writes each bot game as a normal save: it replays exactly and its
    review opens, and the warnings name the saves behind them."""
    from game.cli import main

    out = tmp_path / "games"
    args = ["sim", "sandbox", "--policy", "cautious", "--runs", "2", "--json"]
    assert main([*args, "--save-dir", str(out)]) == 0
    result = json.loads(capsys.readouterr().out)
    saves = sorted(p.name for p in out.iterdir())
    assert saves == ["sandbox-cautious-1.toml", "sandbox-cautious-2.toml"]
    assert [g["save"] for g in result["games"]] == [str(out / s) for s in saves]
    named = [w for w in result["warnings"] if "never closes" in w]
    assert named and all(str(out / "sandbox-cautious-1.toml") in w for w in named)
    assert main(["replay", str(out / saves[1]), "--verify"]) == 0
    assert "reproduces exactly" in capsys.readouterr().out
    assert main(["report", str(out / saves[0])]) == 0
    assert "After-action review" in capsys.readouterr().out
    (tmp_path / "file").write_text("")
    assert main([*args, "--save-dir", str(tmp_path / "file")]) == 1  # not a folder: said, exit 1
    assert "file" in capsys.readouterr().err


# --------------------------------------------------------------------------- a new theatre

DARFUR = DATA / "darfur"


def test_the_example_darfur_theatre_validates_plays_under_every_bot_and_reports(tmp_path, capsys):
    """The worked example of docs/authoring.md: a second theatre with its own rainy season, a
    contingent's leave-by date, contractor casualties and an "any of" trigger."""
    from game.bots.policies import POLICIES
    from game.cli import main

    assert validate.validate_paths(sorted(DARFUR.glob("*.toml"))) == []
    world = load_world(str(DARFUR / "scenario.toml"))
    assert world.rules.season.rainy_months == [6, 7, 8, 9]
    assert world.rule_sources["season.rainy_months"][1] == "theatre"
    for policy in POLICIES:
        game = play(world, 1, policy)
        assert game.finished, policy
        check_invariants(game)
    save = tmp_path / "darfur.toml"
    orders = tmp_path / "orders.toml"
    orders.write_text("")
    assert (
        main(["run", str(DARFUR / "scenario.toml"), "--orders", str(orders), "--save", str(save)])
        == 0
    )
    out = tmp_path / "review.html"
    assert main(["report", str(save), "--format", "html", "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "Darfur (example): close the western camps" in html
    assert "Zalingei" in html
