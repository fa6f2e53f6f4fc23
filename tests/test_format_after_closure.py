"""What happens to a site after the others close (issue 14): a site that stays open (a liquidation
or rear site, `stays_open` with the team it `keeps`) and equipment lost after a handover (the
`site_looted` effect). Each is tested on both sides, with the ledgers balanced."""

from __future__ import annotations

import pytest
from conftest import with_host, with_site, without_events
from invariants import check_invariants, check_typed_log
from pydantic import ValidationError
from test_rules_camps import EASY, START, day, with_forces

from game.bots.policies import play
from game.bots.sim import one_game, summarize, warnings_for
from game.engine import Game
from game.model import log
from game.model.checked import check
from game.model.content import Event, Force, SiteSetup, World
from game.worlds import load_world


def with_events(world: World, *events: dict) -> World:
    sc = world.scenario
    parsed = [check(Event, e) for e in events]
    return world.model_copy(update={"scenario": sc.model_copy(update={"events": parsed})})


def logged(g: Game, what: type[log.LogData]) -> list:
    return [e.data for e in g.state.log if isinstance(e.data, what)]


@pytest.fixture
def calm(sandbox) -> World:
    """The sandbox with an easy host and no events (as the race-for-the-camps tests use it)."""
    return without_events(with_host(sandbox, **EASY))


# --------------------------------------------------------------------------- a site that stays


def gao_stays(world: World, keeps: int) -> World:
    """The sandbox's Gao hub (20 civilians, the air exit) stays open with a team of `keeps`."""
    return with_site(world, "gao", stays_open=True, keeps=keeps)


def camps_left(world: World) -> World:
    """Ber and Timbuktu already left at the start: only Gao's 20 are in the country."""
    return with_site(with_site(world, "ber", garrison={}), "timbuktu", garrison={})


def test_the_game_ends_when_only_the_staying_team_is_left(calm):
    g = Game(gao_stays(camps_left(calm), keeps=20), 1)
    g.advance()
    assert g.finished and g.state.end_reason == "everyone has left" and g.state.day == 0
    s = g.summary()
    assert s.personnel.remaining == 20  # the team is still there, and counted
    assert s.score_parts["people_out"] == 1.0  # nobody was expected to leave
    check_invariants(g)


def test_a_team_in_a_camp_handed_over_is_not_staying_any_more(calm):
    g = Game(gao_stays(camps_left(calm), keeps=20), 1)
    assert g.order({"kind": "handover", "site": "gao"}).ok
    g.advance()
    assert not g.finished  # the camp is the host's now: its people still have to leave


def test_the_game_goes_on_while_more_than_the_team_is_left(calm):
    for world in (gao_stays(camps_left(calm), keeps=10), camps_left(calm)):
        g = Game(world, 1)
        g.advance()
        assert not g.finished and g.state.day == 1
    g = Game(gao_stays(camps_left(calm), keeps=10), 1)
    g.play_to_end()
    assert g.state.end_reason == "deadline"
    assert g.summary().score_parts["people_out"] == 0.0  # 10 of the 20 should have left


def test_a_staying_site_is_not_one_of_the_sites_to_close(calm):
    g = Game(gao_stays(calm, keeps=20), 1)
    g.advance()
    s = g.summary()
    assert s.sites.total == 2 and s.sites.staying == 1
    outcomes = {o.id: o for o in s.site_outcomes}
    assert outcomes["gao"].stays_open is True and outcomes["gao"].target is None
    assert outcomes["ber"].stays_open is False
    before = Game(calm, 1)
    before.advance()
    assert before.summary().sites.total == 3 and before.summary().sites.staying == 0


def timbuktu_stays(world: World, keeps: int) -> World:
    """The sandbox's Timbuktu camp (90 people) stays open with a team of `keeps`."""
    return with_site(world, "timbuktu", target_date=None, stays_open=True, keeps=keeps)


@pytest.mark.parametrize("policy", ["cautious", "historical", "bold"])
def test_the_bots_keep_a_staying_site_open_with_its_team(calm, policy):
    g = play(timbuktu_stays(calm, keeps=30), 1, policy)
    camp = g.state.sites["timbuktu"]
    assert camp.status in ("open", "drawing_down") and camp.headcount >= 30
    check_invariants(g)
    plain = play(calm, 1, policy).state.sites["timbuktu"]
    assert plain.status == "handed_over" and plain.headcount == 0  # without it: closed


def test_sim_does_not_call_a_staying_site_late(calm):
    world = timbuktu_stays(calm, keeps=30)
    games = [one_game(world, seed, "cautious") for seed in (1, 2)]
    assert all("timbuktu" not in g.closures for g in games)
    warnings = warnings_for(world, {"cautious": summarize(games)}, {"cautious": games})
    assert not [w for w in warnings if "Timbuktu" in w]
    games = [one_game(calm, seed, "idle") for seed in (1, 2)]
    warnings = warnings_for(calm, {"idle": summarize(games)}, {"idle": games})
    assert [w for w in warnings if "Timbuktu" in w]  # a site to close, never closed: said


def test_a_staying_site_has_no_target_date_and_only_it_keeps_a_team():
    with pytest.raises(ValidationError, match="has no target closure date"):
        check(SiteSetup, {"id": "gao", "target_date": START, "stays_open": True})
    with pytest.raises(ValidationError, match="only a site that stays open keeps a team"):
        check(SiteSetup, {"id": "gao", "keeps": 5})
    assert check(SiteSetup, {"id": "gao", "stays_open": True, "keeps": 5}).keeps == 5


# --------------------------------------------------------------------------- looting


def looting(world: World, site: str, share: float, trigger: dict) -> World:
    return with_events(
        world,
        {
            "id": "looted",
            "title": "Camp looted",
            "text": "The camp is looted and levelled.",
            "trigger": trigger,
            "effects": [{"kind": "site_looted", "site": site, "share": share}],
        },
    )


def when_handed_over(site: str) -> dict:
    return {
        "kind": "condition",
        "all": [{"kind": "site_status", "site": site, "status": "handed_over"}],
    }


def handed_over_ber(world: World) -> Game:
    """Ber (40 containers, 30 vehicles) handed over on day 0, its sensitive items gone first."""
    g = Game(world, 1)
    ber = g.state.sites["ber"]
    g.state.ledger.sensitive.destroyed += ber.sensitive
    ber.sensitive = 0
    assert g.order({"kind": "handover", "site": "ber"}).ok
    return g


def test_equipment_looted_after_a_handover_is_the_hosts_loss_not_ours(calm):
    plain = handed_over_ber(calm)
    g = handed_over_ber(looting(calm, "ber", 0.5, when_handed_over("ber")))
    for game in (plain, g):
        game.advance()
        game.advance()
    [entry] = logged(g, log.SiteLooted)
    assert (entry.handed_containers, entry.handed_vehicles) == (20, 15)
    assert (entry.containers, entry.vehicles, entry.sensitive) == (0, 0, 0)
    s, p = g.summary(), plain.summary()
    assert s.containers.lost_after_handover == 20
    assert s.equipment.vehicles.lost_after_handover == 15
    # The ledger still says handed over: the mission's accounts closed at the handover.
    assert s.containers.handed_over == p.containers.handed_over == 40
    assert s.containers.lost == p.containers.lost
    assert s.containers.destroyed == p.containers.destroyed
    assert s.score == p.score and p.containers.lost_after_handover == 0
    check_invariants(g)
    check_typed_log(g)


def test_a_second_looting_takes_only_what_is_left(calm):
    w = looting(calm, "ber", 1.0, {"kind": "chance", "probability": 1.0})
    g = handed_over_ber(w.model_copy())
    g.advance()
    assert g.summary().containers.lost_after_handover == 40
    g.ctx.state.fired.pop("looted")  # as if a second event loots the same camp
    g.advance()
    assert g.summary().containers.lost_after_handover == 40
    assert logged(g, log.SiteLooted)[-1].handed_containers == 0


def test_equipment_left_in_an_empty_camp_is_ours_and_lost(calm):
    # Neither side comes to Ber: no seizure or informal takeover before the looting.
    forces = [
        Force(id=side, name=side, side=side, arrivals={"ber": "never"})
        for side in ("army", "armed")
    ]
    w = with_site(with_forces(calm, *forces), "ber", garrison={}, status="abandoned")
    w = looting(w, "ber", 1.0, {"kind": "date", "date": day(0)})
    g = Game(w, 1)
    g.advance()
    [entry] = logged(g, log.SiteLooted)
    assert (entry.containers, entry.vehicles, entry.sensitive) == (40, 30, 4)
    assert (entry.handed_containers, entry.handed_vehicles) == (0, 0)
    s = g.summary()
    assert s.containers.lost == 40 and s.containers.lost_after_handover == 0
    assert s.equipment.sensitive.lost == 4
    assert g.state.sites["ber"].containers == 0
    check_invariants(g)


def test_a_camp_still_held_is_not_looted(calm):
    g = Game(looting(calm, "ber", 1.0, {"kind": "date", "date": day(0)}), 1)
    g.advance()
    [entry] = logged(g, log.SiteLooted)
    assert (entry.containers, entry.handed_containers) == (0, 0)
    assert g.state.sites["ber"].containers == 40
    assert g.summary().containers.lost == 0


def test_the_review_says_what_was_lost_after_the_handover_and_what_stays():
    from game.training.report import outcome_rows

    real = Game(load_world("sandbox"), 1).summary()
    summary = real.model_copy(
        update={
            "containers": real.containers.model_copy(
                update={"repatriated": 5, "handed_over": 40, "total": 45, "lost_after_handover": 20}
            ),
            "sites": real.sites.model_copy(
                update={"closed": 1, "total": 1, "closed_on_time": 1, "seized": 0, "staying": 1}
            ),
        }
    )
    rows = {str(r[0]): str(r[1]) for r in outcome_rows(summary)}
    assert rows["Containers"].endswith("; 20 of those handed over were lost by the host afterwards")
    assert rows["Sites"] == "1 of 1 closed, 1 on time, 0 seized; 1 stay open"
    # a result saved before these figures existed reads them as 0: nothing extra is said
    older = summary.model_copy(
        update={
            "containers": summary.containers.model_copy(update={"lost_after_handover": 0}),
            "sites": summary.sites.model_copy(update={"staying": 0}),
        }
    )
    rows = {str(r[0]): str(r[1]) for r in outcome_rows(older)}
    assert "host afterwards" not in rows["Containers"] and "stay open" not in rows["Sites"]
