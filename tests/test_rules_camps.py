"""The race for the camps (rules, second edition): the host's army and the armed groups as moving
actors, handovers that need the army present or close, seizure and attack odds that follow the
armed groups' arrival, agreed handover dates, the mandate to protect civilians, hubs' minimum
garrisons, and events that stop once their site is closed. Each trade-off is tested both ways,
and the outlook/check/quote are held to what the engine then does."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import with_host, with_site, without_events
from invariants import check_invariants, check_typed_log

from game.authoring import validate
from game.engine import Game
from game.engine.rng import rng
from game.model import log
from game.model.checked import check
from game.model.content import Event, Force, World

START = dt.date(2023, 8, 1)
EASY = dict(approve=1.0, per_relation=0.0, conditions_share=0.0, lead_days=2)


def day(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


def with_forces(world: World, *forces: Force) -> World:
    sc = world.scenario
    return world.model_copy(update={"scenario": sc.model_copy(update={"forces": list(forces)})})


def with_camp_rules(world: World, **changes) -> World:
    rules = world.rules.model_copy(update={"camps": world.rules.camps.model_copy(update=changes)})
    return world.model_copy(update={"rules": rules})


def with_events(world: World, *events: Event) -> World:
    sc = world.scenario
    return world.model_copy(update={"scenario": sc.model_copy(update={"events": list(events)})})


def army(**arrivals) -> Force:
    return Force(id="fama", name="the army", side="army", arrivals=arrivals)


def armed(**arrivals) -> Force:
    return Force(id="csp", name="the coalition", side="armed", arrivals=arrivals)


@pytest.fixture
def quiet(sandbox) -> World:
    return without_events(with_host(sandbox, **EASY))


def strip_sensitive(g: Game, site: str = "ber") -> None:
    """The camp's sensitive items as if destroyed before the test starts (destruction takes days
    of work, tests/test_rules_equipment.py; the race for the camp is what is tested here)."""
    camp = g.state.sites[site]
    g.state.ledger.sensitive.destroyed += camp.sensitive
    camp.sensitive = 0


def empty_ber(world: World) -> World:
    """Ber already empty at the start (left by the mission), its stocks still there."""
    return with_site(world, "ber", garrison={}, status="abandoned")


# --------------------------------------------------------------------------- the actors


def test_standard_estimates_without_forces(quiet):
    g = Game(quiet, 1)
    arrivals = g.state.arrivals
    # army: at once wherever the host can take over (all sandbox camps)
    assert arrivals["army"]["ber"] == 0 and arrivals["army"]["gao"] == 0
    # armed: from pressure (Timbuktu 0.5, Gao 0.3) and armed_default_days
    days = quiet.rules.camps.armed_default_days
    assert arrivals["armed"]["ber"] == round(0.5 * days)
    assert arrivals["armed"]["gao"] == round(0.7 * days)
    view = g.camp_outlook("ber")
    assert view.army_close and view.army_days == 0
    assert view.armed_arrives == day(round(0.5 * days))


def test_host_cannot_take_over_means_army_never_comes(quiet):
    g = Game(with_site(quiet, "ber", host_can_take_over=False), 1)
    assert "ber" not in g.state.arrivals["army"]
    assert g.camp_outlook("ber").army_arrives is None


def test_documented_forces_override_the_standard_estimates(quiet):
    w = with_forces(quiet, army(ber=day(10), timbuktu="never"), armed(ber=day(3)))
    g = Game(w, 1)
    assert g.state.arrivals["army"]["ber"] == 10
    assert "timbuktu" not in g.state.arrivals["army"]
    assert g.state.arrivals["army"]["gao"] == 0  # not listed: standard
    assert g.state.arrivals["armed"]["ber"] == 3


def test_force_arrival_effect_moves_the_estimate(quiet):
    moves = check(
        Event,
        {
            "id": "column",
            "title": "A column sets off",
            "text": "The army heads for Ber.",
            "trigger": {"kind": "date", "date": day(1)},
            "effects": [
                {"kind": "force_arrival", "site": "ber", "force": "fama", "date": day(4)},
                {"kind": "force_arrival", "site": "timbuktu", "force": "armed", "days": -5},
                {"kind": "force_arrival", "site": "gao", "force": "armed", "never": True},
            ],
        },
    )
    w = with_events(with_forces(quiet, army(ber=day(20))), moves)
    g = Game(w, 1)
    tim = g.state.arrivals["armed"]["timbuktu"]
    g.advance()
    g.advance()
    assert g.state.arrivals["army"]["ber"] == 4
    # drift may have brought it a day sooner before the effect; the effect moves 5 more
    assert g.state.arrivals["armed"]["timbuktu"] <= tim - 5
    assert "gao" not in g.state.arrivals["armed"]


def test_armed_groups_drift_sooner_with_pressure_never_later(quiet):
    w = with_camp_rules(quiet, armed_drift=1.0)
    g = Game(w, 3)
    before = dict(g.state.arrivals["armed"])
    for _ in range(5):
        g.advance()
    after = g.state.arrivals["armed"]
    assert all(after[s] <= before[s] for s in before)
    assert after["ber"] < before["ber"]  # pressure 0.5 for five days at full drift
    calm = Game(with_camp_rules(quiet, armed_drift=0.0), 3)
    for _ in range(5):
        calm.advance()
    assert calm.state.arrivals["armed"] == before


# --------------------------------------------------------------------------- handover


def test_handover_refused_until_the_army_is_close_and_check_and_quote_say_why(quiet):
    w = with_forces(quiet, army(ber=day(7)))
    g = Game(w, 1)
    strip_sensitive(g)
    order = {"kind": "handover", "site": "ber"}
    close = w.rules.camps.handover_army_days
    why = (
        "the host's army is 7 days away from Ber (expected 2023-08-08); "
        f"a handover needs it there or within {close} days"
    )
    assert g.check(order).reason == why
    q = g.quote(order)
    assert not q.ok and q.reason == why
    assert q.army_arrives == day(7)
    assert q.seizure_if_left == g.camp_outlook("ber").seizure_if_left
    result = g.order(order)
    assert not result.ok and result.message == why
    while g.state.day < 7 - close:
        g.advance()
    assert g.check(order).ok and g.camp_outlook("ber").army_close
    assert g.order(order).ok
    assert g.state.sites["ber"].status == "handed_over"


def test_leave_early_or_wait_for_the_army_both_cost(quiet):
    """Leave at once: no days exposed, but the empty camp can be seized and no handover is
    possible. Wait: the handover succeeds, but the garrison is exposed longer, and more so as
    the armed groups close in."""
    w = with_forces(quiet, army(ber=day(6)), armed(ber=day(8)))
    w = with_camp_rules(w, armed_drift=0.0)
    g = Game(w, 1)
    strip_sensitive(g)
    now = g.camp_outlook("ber")
    assert not now.army_close and now.seizure_if_left > w.rules.site.seize_base
    assert not g.check({"kind": "handover", "site": "ber"}).ok
    exposure = []
    while not g.camp_outlook("ber").army_close:
        exposure.append(g.camp_outlook("ber").attack_if_held)
        g.advance()
    later = g.camp_outlook("ber")
    assert len(exposure) == 6 - w.rules.camps.handover_army_days  # days held waiting for the army
    assert later.attack_if_held > exposure[0]  # the armed groups are nearer
    assert later.seizure_if_left > now.seizure_if_left  # and leaving is riskier than at first
    assert g.order({"kind": "handover", "site": "ber"}).ok


def test_seizure_odds_grow_as_the_armed_groups_near(quiet):
    w = with_camp_rules(quiet, armed_drift=0.0)

    def view(when, army_when="never"):
        return Game(with_forces(w, armed(ber=when), army(ber=army_when)), 1).camp_outlook("ber")

    never, far, near, alone = view("never"), view(day(20)), view(day(3)), view(START)
    assert never.seizure_if_left == w.rules.site.seize_base
    assert never.seizure_if_left <= far.seizure_if_left < near.seizure_if_left
    assert (
        near.seizure_if_left < alone.seizure_if_left == pytest.approx(w.rules.camps.seize_present)
    )
    # with the army there too, it contests the camp (and may take it itself)
    there = view(START, START)
    assert there.seizure_if_left == pytest.approx(
        w.rules.camps.seize_present * w.rules.camps.contested_factor
    )
    assert alone.takeover_if_left == 0.0 and there.takeover_if_left > 0.0


@pytest.mark.parametrize("seed", range(12))
def test_empty_camp_fate_matches_the_outlook(quiet, seed):
    w = empty_ber(with_forces(quiet, armed(ber=START)))
    g = Game(w, seed)
    view = g.camp_outlook("ber")
    u = rng(seed, 0, "seize", "ber").random()
    g.advance()
    status = g.state.sites["ber"].status
    if u < view.seizure_if_left:
        assert status == "seized"
    elif u < view.seizure_if_left + view.takeover_if_left:
        assert status == "handed_over"  # the army, already there, takes it informally
    else:
        assert status == "abandoned"
    check_invariants(g)


def test_army_arriving_first_takes_the_empty_camp_informally(quiet):
    w = empty_ber(with_forces(quiet, armed(ber="never")))
    w = with_camp_rules(w, armed_drift=0.0)
    fates = []
    for seed in range(30):
        g = Game(w, seed)
        for _ in range(4):
            g.advance()
        fates.append(g.state.sites["ber"].status)
    assert fates.count("handed_over") > fates.count("seized")
    never = empty_ber(with_forces(w, army(ber="never")))
    g = Game(never, 0)
    assert g.camp_outlook("ber").takeover_if_left == 0.0


def test_attack_odds_rise_as_the_armed_groups_near(quiet):
    w = with_camp_rules(quiet, armed_drift=0.0)
    far = Game(with_forces(w, armed(ber="never")), 1).camp_outlook("ber")
    near = Game(with_forces(w, armed(ber=START)), 1).camp_outlook("ber")
    assert near.attack_if_held == pytest.approx(
        far.attack_if_held * (1 + w.rules.camps.attack_near)
    )


def test_people_inside_a_handed_over_camp_can_be_hit(quiet):
    w = with_site(quiet, "ber", threat=1.0)
    g = Game(w, 2)
    strip_sensitive(g)
    assert g.order({"kind": "handover", "site": "ber"}).ok
    assert g.state.sites["ber"].status == "handed_over" and g.state.sites["ber"].headcount
    index = list(g.state.sites).index("ber")
    hits = 0
    for _ in range(6):
        p = g.camp_outlook("ber").attack_if_held
        assert p > 0.5
        u = rng(2, g.state.day, "attack-screen").randoms(len(g.state.sites))[index]
        start = len(g.state.log)
        g.advance()
        check_invariants(g)
        hit = any(
            isinstance(e.data, log.SiteAttack) and e.data.site == "ber" for e in g.state.log[start:]
        )
        assert hit == (u < p)
        hits += hit
    assert hits >= 2


# --------------------------------------------------------------------------- phasing


def test_handover_before_the_agreed_date_costs_relations_and_quote_says_so(quiet):
    # The army comes for the agreed date, so it is close enough three days before it.
    w = with_site(quiet, "ber", agreed_handover=day(3))
    g = Game(w, 1)
    strip_sensitive(g)
    order = {"kind": "handover", "site": "ber"}
    view = g.camp_outlook("ber")
    assert view.army_close
    assert view.early_cost == 3 * w.rules.camps.early_relations_per_day
    q = g.quote(order)
    before = g.state.relations
    assert g.order(order).ok
    change = round(g.state.relations - before, 3)
    assert change == q.relations == w.rules.host.handover_relations - view.early_cost
    assert g.state.sites["ber"].handed_on == START  # the benefit: closed three days sooner


def test_handover_on_the_agreed_date_costs_nothing(quiet):
    w = with_site(quiet, "ber", agreed_handover=day(2))
    g = Game(w, 1)
    strip_sensitive(g)
    g.advance()
    g.advance()
    assert g.camp_outlook("ber").early_cost == 0
    before = g.state.relations
    assert g.order({"kind": "handover", "site": "ber"}).ok
    assert g.state.relations - before == pytest.approx(w.rules.host.handover_relations)


def test_early_cost_is_capped(quiet):
    w = with_site(quiet, "ber", agreed_handover=day(25))
    assert Game(w, 1).camp_outlook("ber").early_cost == w.rules.camps.early_relations_max


@pytest.mark.parametrize("seed", range(8))
def test_closing_before_the_end_of_the_mandate_risks_civilians(quiet, seed):
    w = with_camp_rules(quiet, poc_harm_chance=1.0)
    g = Game(w, seed)
    strip_sensitive(g)
    p = g.camp_outlook("ber").civilian_harm
    assert p == pytest.approx(0.5)  # Timbuktu pressure 0.5
    assert g.quote({"kind": "handover", "site": "ber"}).civilian_harm == p
    harmed = rng(seed, 0, "poc", "ber").random() < p
    assert g.order({"kind": "handover", "site": "ber"}).ok
    assert (g.state.ledger.civilians_wounded > 0) == harmed


def test_no_civilian_risk_after_the_mandate(quiet):
    w = with_camp_rules(quiet, poc_harm_chance=1.0, poc_end=START - dt.timedelta(days=1))
    g = Game(w, 0)
    strip_sensitive(g)
    assert g.camp_outlook("ber").civilian_harm == 0.0
    assert g.order({"kind": "handover", "site": "ber"}).ok
    assert g.state.ledger.civilians_wounded == 0


def test_hub_keeps_its_minimum_garrison_until_near_the_deadline(quiet):
    w = with_site(quiet, "gao", garrison={"civilians": 20}, min_garrison=15)
    w = with_camp_rules(w, hub_hold_days=10)
    g = Game(w, 1)
    flight = {
        "kind": "request_flight",
        "origin": "gao",
        "destination": "home",
        "aircraft": "c130",
        "people": 10,
        "ref": "out",
    }
    assert g.order(flight).ok
    while g.state.requests["out"].status != "approved":
        g.advance()
    assert g.camp_outlook("gao").must_keep == 15
    why = g.check({"kind": "dispatch", "request": "out"}).reason
    assert why == (
        "Gao is a hub and keeps at least 15 people until 2023-08-21: "
        "10 would be left; take at most 5"
    )
    result = g.order({"kind": "dispatch", "request": "out"})
    assert not result.ok and result.message == why
    assert g.state.sites["gao"].headcount == 20
    # near the deadline, all may go
    late = Game(w, 1)
    while late.state.day < late.ctx.last_day - 10:
        late.advance()
    assert late.camp_outlook("gao").must_keep == 0


# --------------------------------------------------------------------------- events


def ber_event(**extra) -> Event:
    data = {
        "id": "ber-raid",
        "title": "Raid near Ber",
        "text": "Armed men test the camp's wire.",
        "site": "ber",
        "trigger": {"kind": "date", "date": day(2)},
        "effects": [{"kind": "casualties", "site": "ber", "wounded": 1}],
    }
    data.update(extra)
    return check(Event, data)


def test_an_event_about_a_site_fires_while_it_is_held(quiet):
    g = Game(with_events(quiet, ber_event()), 1)
    for _ in range(3):
        g.advance()
    assert "ber-raid" in g.state.fired


def test_an_event_about_a_closed_site_does_not_fire(quiet):
    g = Game(with_events(quiet, ber_event()), 1)
    strip_sensitive(g)
    assert g.order({"kind": "handover", "site": "ber"}).ok
    for _ in range(3):
        g.advance()
    assert "ber-raid" not in g.state.fired


def test_a_decision_about_a_closed_site_lapses(quiet):
    event = ber_event(
        trigger={"kind": "date", "date": START},
        effects=[],
        choices=[
            {"id": "dig-in", "label": "Dig in", "effects": [{"kind": "relations", "delta": -1}]},
            {"id": "go", "label": "Go", "effects": [{"kind": "relations", "delta": 1}]},
        ],
    )
    g = Game(with_events(quiet, event), 1)
    g.advance()  # the event fires on day 0; the decision waits
    assert [p.event for p in g.state.pending_choices] == ["ber-raid"]
    strip_sensitive(g)
    assert g.order({"kind": "handover", "site": "ber"}).ok
    choose = {"kind": "choose", "event": "ber-raid", "choice": "go"}
    assert "lapsed" in g.check(choose).reason
    relations = g.state.relations
    g.advance()
    assert g.state.pending_choices == []
    assert any(
        isinstance(e.data, log.ChoiceLapsed) and e.data.event == "ber-raid" for e in g.state.log
    )
    check_typed_log(g)
    assert g.state.relations == relations  # no default applied


def test_validator_warns_on_a_choice_without_effects(tmp_path: Path):
    text = Path("content/scenarios/sandbox.toml").read_text(encoding="utf-8")
    text = text.replace(
        'effects = [ { kind = "site_threat", site = "ber", delta = 0.05 } ]', "effects = []", 1
    )
    path = tmp_path / "sandbox-x.toml"
    path.write_text(text, encoding="utf-8")
    problems = validate.validate_paths([path])
    assert [p.severity for p in problems] == ["warning"]
    assert "choice 'hold' of event 'fighting-near-ber' has no effects" in problems[0].message


def test_validator_checks_forces_and_event_sites(tmp_path: Path):
    text = Path("content/scenarios/sandbox.toml").read_text(encoding="utf-8")
    text = text.replace(
        '[[events]]\nid = "blockade"',
        '[[events]]\nid = "blockade"\nsite = "bre"',
    )
    text += '\n[[forces]]\nid = "fama"\nname = "army"\nside = "army"\narrivals = { berr = 2023-08-05 }\n'
    path = tmp_path / "sandbox-y.toml"
    path.write_text(text, encoding="utf-8")
    messages = [p.message for p in validate.validate_paths([path]) if p.severity == "error"]
    assert any("unknown site 'bre'" in m for m in messages)
    assert any("unknown site 'berr'" in m for m in messages)


# --------------------------------------------------------------------------- bundled content


def test_bundled_arrivals_follow_the_dossier():
    from game.worlds import load_world

    g = Game(load_world("drawdown-2023"), 1)
    ctx = g.ctx
    army_days = g.state.arrivals["army"]
    assert ctx.date_of(army_days["kidal"]) == dt.date(2023, 11, 14)  # [A54]
    assert ctx.date_of(army_days["anefis"]) == dt.date(2023, 10, 7)  # [A53]
    assert ctx.date_of(army_days["tessalit"]) == dt.date(2023, 10, 21)  # [A10]
    assert ctx.date_of(army_days["aguelhok"]) == dt.date(2023, 12, 20)  # [A55]
    assert g.state.arrivals["armed"]["kidal"] == 0  # [A14]
    assert g.state.arrivals["armed"]["aguelhok"] == 0  # [W1]
    view = g.camp_outlook("kidal")
    assert view.seizure_if_left == pytest.approx(ctx.rules.camps.seize_present)
    assert not view.army_close
    ber = Game(load_world("ber-2023"), 1)
    assert ber.camp_outlook("ber").army_arrives == dt.date(2023, 8, 16)


def test_the_army_comes_for_the_target_date_where_the_plan_was_agreed(quiet):
    """With agreed_is_target (the standard rule; the sandbox turns it off for practice), a camp's
    target closure date is the date agreed with the host: the army comes to receive it then.
    Both sides: leaving at once is refused a handover; waiting for the date is not."""
    w = with_site(with_camp_rules(quiet, agreed_is_target=True), "ber", target_date=day(10))
    g = Game(w, 1)
    strip_sensitive(g)
    view = g.camp_outlook("ber")
    assert view.agreed_handover == day(10) and view.army_arrives == day(10)
    assert not view.army_close
    assert "army" in g.check({"kind": "handover", "site": "ber"}).reason
    while g.state.day < 10 - w.rules.camps.handover_army_days:
        g.advance()
    q = g.quote({"kind": "handover", "site": "ber"})
    assert q.ok and q.relations < w.rules.host.handover_relations  # a little early: a price
    off = with_site(quiet, "ber", target_date=day(10))  # sandbox: army there from the start
    assert Game(off, 1).camp_outlook("ber").army_close


def test_a_seized_camp_is_not_closed_on_time(quiet):
    """A camp the armed groups take counts as seized, never as a closure on time (the summary and
    the score's sites part used to credit it)."""
    w = empty_ber(with_forces(quiet, armed(ber=START)))
    for seed in range(40):
        g = Game(w, seed)
        g.advance()
        if g.state.sites["ber"].status == "seized":
            break
    else:
        pytest.fail("Ber was never seized in 40 seeds")
    sites = g.summary().sites
    assert sites.seized == 1
    assert sites.closed_on_time == 0
    ber_share = 1 / sites.total
    others_on_time = sum(
        1 for sid, s in g.state.sites.items() if sid != "ber" and s.closable and s.closed
    )
    assert g.score()[1]["sites_on_time"] == pytest.approx(others_on_time * ber_share, abs=1e-4)
