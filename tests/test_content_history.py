"""Content v2 against the research dossier: the historical record (closures, seized camps, dated
milestones, casualties), the documented events each scenario plays, the corrected facts, and the
choices — each option a real trade, the historical one marked, and none about a camp already closed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from test_content_scenarios import DOCUMENTED, DOSSIER, dossier_sources, world

from game.bots.policies import play
from game.content import CONTENT_DIR
from game.engine import Game
from game.engine.paths import fastest_path
from game.model import adapters
from game.model.content import World
from game.training.exercises import load_exercise, load_exercise_world

D = dt.date
RECORDED_CLOSURES = {  # dossier §1 and §2
    "ogossagou": D(2023, 8, 4),  # last troops left 4 Aug [A1]
    "ber": D(2023, 8, 13),  # [A3]
    "goundam": D(2023, 8, 16),  # [A4]
    "menaka": D(2023, 8, 25),  # [A5]
    "douentza": D(2023, 10, 21),  # [A7]
    "tessalit": D(2023, 10, 21),  # [A9]
    "aguelhok": D(2023, 10, 23),  # [A11]
    "kidal": D(2023, 10, 31),  # [A13]
    "ansongo": D(2023, 11, 18),  # [A65]
    "mopti": D(2023, 12, 9),  # closed 9 Dec [A21]
    "timbuktu": D(2023, 12, 28),  # [A22]
}
MILESTONES = {  # dossier §5 "Departures"
    D(2023, 8, 4): (675, "675 (4 Aug)"),
    D(2023, 10, 24): (5802, "5,802 (24 Oct)"),
    D(2023, 11, 18): (8817, "8,817 (18 Nov)"),
    D(2023, 12, 8): (10500, ">10,500 (8 Dec)"),
}


def dossier_text() -> str:
    if not DOSSIER.is_file():
        pytest.skip(f"research dossier not found at {DOSSIER}")
    return DOSSIER.read_text(encoding="utf-8")


def addresses() -> set[str]:
    return set(dossier_sources().values())


# --------------------------------------------------------------------------- the record


def test_drawdown_record_has_two_camps_seized_like_the_north():
    for name in ("drawdown-2023", "north-2023"):
        hist = world(name).scenario.historical
        assert sorted(hist.seized) == ["aguelhok", "kidal"], name  # [A14][W1]
        assert hist.figures["sites.seized"] == 2, name
    assert world("ber-2023").scenario.historical.seized == []


def test_drawdown_record_compares_withdrawals_at_the_dossier_milestones():
    text = dossier_text()
    hist = world("drawdown-2023").scenario.historical
    assert "personnel.withdrawn" not in hist.figures  # an 8 Dec count is not a 31 Dec result
    got = {m.date: m.withdrawn for m in hist.milestones}
    assert got == {d: n for d, (n, _) in MILESTONES.items()}
    for _, quoted in MILESTONES.values():
        assert quoted in text, quoted
    for m in hist.milestones:
        assert any(a in m.source for a in addresses()), m.source


def test_drawdown_record_closures_are_the_recorded_dates():
    sc = world("drawdown-2023").scenario
    assert sc.historical.closures == RECORDED_CLOSURES
    # Gao and Bamako stayed open into 2024 as liquidation sites [A26]
    assert "gao" not in sc.historical.closures and "bamako" not in sc.historical.closures
    for name in ("north-2023", "ber-2023"):
        for sid, when in world(name).scenario.historical.closures.items():
            assert RECORDED_CLOSURES[sid] == when, (name, sid)
    assert set(world("north-2023").scenario.historical.closures) == {
        "tessalit",
        "aguelhok",
        "kidal",
    }
    assert set(world("ber-2023").scenario.historical.closures) == {"ber", "goundam"}


def test_drawdown_record_counts_the_withdrawal_casualties():
    figures = world("drawdown-2023").scenario.historical.figures
    # Ber 4 [A3] + the Kidal driver 1 [A86] + the Chadian convoy 4 [A38] + the Kidal convoy 37 [A15]
    assert figures["casualties.peacekeepers_wounded"] == 46
    assert figures["casualties.contractors_killed"] == 4  # M'Beba, 6 Nov [A49]
    assert figures["casualties.contractors_wounded"] == 4  # 26 Oct [A37]
    assert figures["casualties.civilians_killed"] == 3  # 6 Jul [A48]
    assert figures["personnel.killed"] == 0  # none found (dossier §6)
    g = Game(world("drawdown-2023"), 1)
    assert figures["personnel.total"] == g.summary().personnel.total


def test_the_6_july_convoy_costs_three_civilian_lives_in_every_game():
    g = Game(world("drawdown-2023"), 3)
    while "labbezanga-convoy" not in g.state.fired:
        g.advance()
    assert g.summary().casualties.civilians_killed == 3
    assert g.summary().casualties.civilians_wounded == 11


def test_the_documented_contractor_casualties_are_the_records():
    """Four drivers wounded south of Ansongo on 26 Oct [A37], four transporters killed at M'Beba
    on 6 Nov [A49]: in every game, as contractors (not civilians, not peacekeepers)."""
    g = Game(world("drawdown-2023"), 3)
    before = g.summary().casualties
    while "mbeba-ambush" not in g.state.fired:
        g.advance()
    after = g.summary().casualties
    figures = world("drawdown-2023").scenario.historical.figures
    from_events = {
        k: getattr(after, k) - getattr(before, k)
        for k in ("contractors_killed", "contractors_wounded")
    }
    assert from_events["contractors_killed"] >= figures["casualties.contractors_killed"]
    assert from_events["contractors_wounded"] >= figures["casualties.contractors_wounded"]


# --------------------------------------------------------------------------- documented events

DOCUMENTED_EVENTS = {
    "drawdown-2023": {
        "auction-rumour": (D(2023, 7, 5), "A81"),
        "menaka-convoy-attacked": (D(2023, 8, 22), "A85"),
        "bourem-attack": (D(2023, 9, 12), "A52"),
        "lere-attack": (D(2023, 9, 17), "A52"),
        "dioura-attack": (D(2023, 9, 28), "A52"),
        "poc-ends": (D(2023, 9, 30), "A61"),
        "bamba-attack": (D(2023, 10, 1), "A52"),
        "kidal-outposts": (D(2023, 10, 10), "A57"),
        "kidal-ied": (D(2023, 10, 23), "A86"),
        "kidal-airlift-short": (D(2023, 10, 28), "A45"),
        "last-kidal-flight": (D(2023, 10, 30), "A13"),
        "kidal-convoy-ied-1": (D(2023, 11, 1), "A88"),
        "kidal-convoy-ied-2": (D(2023, 11, 3), "A89"),
        "kidal-air-resupply": (D(2023, 11, 5), "A15"),
        "chad-home": (D(2023, 11, 30), "A46"),
        "castor-handover": (D(2023, 12, 12), "A24"),
        "timbuktu-by-river": (D(2023, 12, 20), "A80"),
    },
    "north-2023": {
        "kidal-posts": (D(2023, 10, 10), "A57"),
        "kidal-ied": (D(2023, 10, 23), "A86"),
        "kidal-airlift-short": (D(2023, 10, 28), "A45"),
        "last-kidal-flight": (D(2023, 10, 30), "A13"),
        "overwatch-refused": (D(2023, 11, 1), "A42"),
        "kidal-convoy-ied-2": (D(2023, 11, 3), "A89"),
        "kidal-air-resupply": (D(2023, 11, 5), "A15"),
    },
}


@pytest.mark.parametrize("name", sorted(DOCUMENTED_EVENTS))
def test_documented_events_are_played_on_their_dates_with_their_source(name):
    table = dossier_sources()
    events = {e.id: e for e in world(name).scenario.events}
    for eid, (date, key) in DOCUMENTED_EVENTS[name].items():
        e = events[eid]
        assert e.historical and e.trigger.kind == "date" and e.trigger.date == date, eid
        assert table[key] in e.source and f"[{key}]" in e.source, eid


@pytest.mark.parametrize("name", DOCUMENTED)
def test_every_historical_event_source_is_in_the_dossier(name):
    text = dossier_text()
    for e in world(name).scenario.events:
        if e.historical:
            keys = re.findall(r"\[([ABGW]\d+)\]", e.source)
            assert keys, f"{e.id}: no dossier key in {e.source!r}"
            for key in keys:
                assert f"[{key}]" in text, f"{e.id} cites [{key}], which the dossier never uses"


def test_kidal_flights_and_overwatch_are_refused_after_the_last_flight():
    for name in ("drawdown-2023", "north-2023"):
        ops = {o.id: o for o in world(name).scenario.host.operations}
        op = ops["kidal-air-refused"]
        assert (op.start, op.end) == (D(2023, 10, 31), D(2023, 11, 7)), name  # [A13][A15]
        assert op.flights == "refused" and op.regions == ["Kidal"]
        assert set(op.flights_except) == {"resupply", "medevac"}  # air resupply ~5 Nov [A15]


def test_wagner_at_tessalit_is_a_decision_that_moves_the_army():
    for name in ("drawdown-2023", "north-2023"):
        event = next(e for e in world(name).scenario.events if e.id == "tessalit-fama")
        assert "Wagner" in event.text and event.site == "tessalit"
        coordinate = next(c for c in event.choices if c.id == "coordinate")
        moves = [e for e in coordinate.effects if e.kind == "force_arrival"]
        assert moves and moves[0].force == "fama" and moves[0].site == "tessalit"


def test_wagner_coordination_lets_tessalit_be_handed_over_sooner():
    def army_at_tessalit(choice: str) -> dt.date:
        g = Game(world("north-2023"), 2)
        while "tessalit-fama" not in g.state.fired:
            g.advance()
        assert g.order({"kind": "choose", "event": "tessalit-fama", "choice": choice}).ok
        return g.date_of(g.state.arrivals["army"]["tessalit"])

    assert army_at_tessalit("coordinate") == D(2023, 10, 16)
    assert army_at_tessalit("keep-apart") == D(2023, 10, 21)  # [A10]


# --------------------------------------------------------------------------- corrected facts


def test_bamako_cites_its_own_closure_not_timbuktus():
    setup = next(s for s in world("drawdown-2023").scenario.sites if s.id == "bamako")
    assert "[A21]" in setup.source and "promptnewsonline.com" in setup.source
    assert "tombouctou" not in setup.source.lower()


def test_no_text_rules_out_the_river_that_timbuktus_equipment_used():
    for name in DOCUMENTED:
        for e in world(name).scenario.events:
            assert "out of the question" not in e.text.lower(), (name, e.id)
    river = next(e for e in world("drawdown-2023").scenario.events if e.id == "timbuktu-by-river")
    assert "river" in river.text and "2024" in river.text  # [A80]


def test_anefis_aguelhok_is_the_115_miles_of_the_dossier():
    w = world("drawdown-2023")
    route = next(r for r in w.theatre.routes if r.id == "aguelhok-anefis")
    km = sum(s.km for s in route.stretches)
    assert abs(km - 115 * 1.609) <= 5  # "Aguelhok 115 mi" from the Anefis fork [A53]
    assert "[A53]" in route.source and "115 miles" in route.source
    anefis_gao = sum(s.km for r in fastest_path(w.theatre, "anefis", "gao") for s in r.stretches)
    assert anefis_gao == 352 - 110  # Kidal–Gao [A16] less Kidal–Anefis [G27]


def test_chadians_in_the_north_match_the_documented_counts():
    g = Game(world("drawdown-2023"), 1)
    sites = g.state.sites
    chad = {sid: s.people.get("chad", 0) for sid, s in sites.items() if s.people.get("chad")}
    assert sum(chad.values()) == 1400  # ~1,400 home [A47]
    assert chad["tessalit"] + chad["aguelhok"] > 500  # >500 reached Gao on 29 Oct [A39]
    assert chad["tessalit"] + chad["aguelhok"] < 600
    kidal = sites["kidal"]
    troops = sum(n for c, n in kidal.people.items() if c != "civilians")
    assert troops == 848  # [A15]


def test_ber_has_no_airstrip_only_as_an_assumption():
    text = Path(CONTENT_DIR / "theatres" / "mali-2023.toml").read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith('airfield = "none"') and "Ber" in x)
    assert "game assumption" in line
    sc = world("ber-2023").scenario
    for part in [sc.briefing.constraints] + [e.hint for e in sc.events]:
        if "airstrip" in part or "airfield" in part:
            assert "assumption" in part, part


def test_dates_the_dossier_does_not_give_are_marked():
    medevac = next(
        e for e in world("rotations-2022").scenario.events if e.id == "medevac-clearances"
    )
    assert "game assumption" in medevac.text  # the dossier says only "Sep 2022" [B26]
    auction = next(e for e in world("drawdown-2023").scenario.events if e.id == "auction-rumour")
    assert "game assumption" in auction.text.lower()


def test_sandbox_blockade_on_the_documented_day():
    blockade = next(e for e in world("sandbox").scenario.events if e.id == "blockade")
    assert blockade.trigger.date == D(2023, 8, 8)  # [A51]


def test_no_objective_asks_for_a_handover_the_host_cannot_receive():
    """Kidal and Aguelhok had no Malian forces near them (host_can_take_over = false)."""
    for path in sorted((CONTENT_DIR / "exercises").glob("*.toml")):
        ex, _ = load_exercise(path)
        setups = {s.id: s for s in load_exercise_world(path).scenario.sites}
        for obj in ex.objectives:
            if obj.measure.kind == "handover_not_seized":
                assert setups[obj.measure.site].host_can_take_over, (path.name, obj.id)


# --------------------------------------------------------------------------- choices


def choice_events(w: World):
    return [e for e in w.scenario.events if e.choices]


@pytest.mark.parametrize("name", DOCUMENTED + ["sandbox"])
def test_historical_choices_belong_to_sourced_events(name):
    for e in choice_events(world(name)):
        if any(c.historical for c in e.choices):
            assert e.historical and e.source, e.id


def test_the_documented_options_are_marked():
    taken = {
        ("drawdown-2023", "ber-fighting"): "leave-early",  # left 13 Aug, three days early [A3]
        ("drawdown-2023", "tessalit-under-fire"): "go-now",  # withdrawal began 16 Oct [A34]
        ("drawdown-2023", "auction-rumour"): "deny",  # MINUSMA denied it [A81]
        ("north-2023", "tessalit-under-fire"): "go-now",
        ("ber-2023", "ber-fighting"): "leave-early",
        ("ber-2023", "ber-claimed"): "army",  # the army took the camp [A2]
    }
    for (name, eid), cid in taken.items():
        e = next(e for e in world(name).scenario.events if e.id == eid)
        assert [c.id for c in e.choices if c.historical] == [cid], (name, eid)


def _state_after(w: World, event_id: str, choice: str, seed: int = 4) -> dict:
    g = Game(w, seed)
    while event_id not in g.state.fired:
        assert not g.finished, f"{event_id} never fired"
        g.advance()
    result = g.order({"kind": "choose", "event": event_id, "choice": choice})
    assert result.ok, result
    return adapters.dump(
        g.state, mode="json", exclude={"log", "fired", "pending_choices", "history", "next_id"}
    )


def _dated_choice_events(name: str) -> list[tuple[str, str]]:
    return [(name, e.id) for e in choice_events(world(name)) if e.trigger.kind == "date"]


CHOICE_CASES = [case for n in DOCUMENTED + ["sandbox"] for case in _dated_choice_events(n)]


@pytest.mark.parametrize(
    ("name", "event_id"), CHOICE_CASES, ids=[f"{n}:{e}" for n, e in CHOICE_CASES]
)
def test_each_option_changes_the_game_differently(name, event_id):
    w = world(name)
    event = next(e for e in w.scenario.events if e.id == event_id)
    states = {c.id: _state_after(w, event_id, c.id) for c in event.choices}
    for c in event.choices:
        assert c.effects, f"{event_id}: option {c.id!r} changes nothing"
    ids = list(states)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            assert states[a] != states[b], f"{event_id}: {a!r} and {b!r} leave the same game"


def test_protest_buys_what_it_promises_and_accept_costs_fuel():
    w = world("drawdown-2023")

    def answer(choice: str) -> Game:
        g = Game(w, 6)
        while "flights-refused" not in g.state.fired:
            g.advance()
        assert g.order({"kind": "choose", "event": "flights-refused", "choice": choice}).ok
        return g

    protest, accept = answer("protest"), answer("accept")
    assert protest.state.relations < accept.state.relations
    trucks_before = accept.state.sites["gao"].trucks
    for g in (protest, accept):
        while g.state.date < D(2023, 11, 1):
            g.advance()
    ids = {c.id for c in protest.state.conditions}
    assert "air-ops-blocked" not in ids and "flights-scrutinized" not in ids
    ids = {c.id for c in accept.state.conditions}
    assert "air-ops-blocked" in ids and "flights-scrutinized" in ids
    assert "sofa-invoked" in protest.state.fired and "sofa-invoked" not in accept.state.fired
    while accept.state.date < D(2023, 11, 11):
        accept.advance()
    assert "fuel-released" in accept.state.fired
    assert accept.state.sites["gao"].trucks >= trucks_before


def test_tessalit_go_now_does_something_and_wait_buys_time():
    for name in ("drawdown-2023", "north-2023"):
        w = world(name)
        go = _state_after(w, "tessalit-under-fire", "go-now")
        wait = _state_after(w, "tessalit-under-fire", "wait")
        assert go["sites"]["tessalit"]["threat"] < wait["sites"]["tessalit"]["threat"]
        assert go["relations"] < wait["relations"]
        assert go["sites"]["tessalit"]["target_date"] == "2023-10-21"
        assert wait["sites"]["tessalit"]["target_date"] == "2023-10-31"


def test_events_about_a_camp_say_so():
    """A choice that changes one camp's date, threat or army is about that camp: the event names it,
    so it cannot fire (or wait for an answer) once the camp is closed."""
    per_site = ("target_date", "site_threat", "force_arrival")
    for name in DOCUMENTED + ["sandbox"]:
        for e in choice_events(world(name)):
            sites = {eff.site for c in e.choices for eff in c.effects if eff.kind in per_site} | {
                eff.site for eff in e.effects if eff.kind in per_site
            }
            if len(sites) == 1:
                assert e.site == next(iter(sites)), (name, e.id)


@pytest.mark.parametrize("name", ["drawdown-2023", "ber-2023", "sandbox"])
def test_bers_choice_cannot_fire_after_ber_closes(name):
    w = world(name)
    event = next(e for e in w.scenario.events if e.site == "ber" and e.choices)
    g = Game(w, 1)
    g.state.sites["ber"].status = "handed_over"  # Ber closed before the fighting
    while g.state.date <= event.trigger.date:
        g.advance()
    assert event.id not in g.state.fired
    assert all(p.event != event.id for p in g.state.pending_choices)


# --------------------------------------------------------------------------- the tutorial


def test_tutorial_explains_each_step_before_it_is_needed():
    w = world("tutorial")
    sc = w.scenario
    first_departure = sc.start + dt.timedelta(days=sc.host.lead_days)  # the first approval
    steps = {  # what the player must know, and the last day it can be told
        "authorization": sc.start,
        "escort": sc.start,
        "clearance": sc.start,
        "dispatch": first_departure - dt.timedelta(days=1),
        "flight": first_departure - dt.timedelta(days=1),
        "destroy": first_departure,
        "hand": first_departure,
    }
    told: dict[str, dt.date] = {}
    for e in sc.events:
        if e.trigger.kind != "date":
            continue
        text = f"{e.title} {e.text} {e.hint}".lower()
        for word in steps:
            if word in text:
                told[word] = min(told.get(word, e.trigger.date), e.trigger.date)
    for word, by in steps.items():
        assert word in told and told[word] <= by, (word, told.get(word), by)
    choosing = [e for e in sc.events if e.choices and e.trigger.kind == "date"]
    assert choosing and choosing[0].trigger.date < first_departure
    assert all(len(c.effects) >= 1 for c in choosing[0].choices)


def test_tutorial_handover_is_possible_from_the_first_day_the_camp_can_empty():
    w = world("tutorial")
    sc = w.scenario
    ansongo = next(s for s in sc.sites if s.id == "ansongo")
    first_departure = sc.start + dt.timedelta(days=sc.host.lead_days)
    assert ansongo.agreed_handover is not None
    reachable = ansongo.agreed_handover - dt.timedelta(days=w.rules.camps.handover_army_days)
    assert reachable <= first_departure


@pytest.mark.parametrize("policy", ["cautious", "historical", "bold"])
def test_tutorial_bots_hand_the_camp_over_before_the_game_ends(policy):
    for seed in (1, 2, 3):
        g = play(world("tutorial"), seed, policy)
        site = g.state.sites["ansongo"]
        assert site.status == "handed_over", (policy, seed)
        assert site.closed_on is not None and site.closed_on <= g.state.date
        assert g.summary().grade in ("A", "B"), (policy, seed)
