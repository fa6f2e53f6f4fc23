"""The host government as an actor with aims and memory: grievances, meetings, its army's
operations and checkpoints, and concessions. Each lever is tested both ways, and quote/check are
held to what the engine then does."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import with_host, without_events
from invariants import check_invariants, check_typed_log

from game.engine import Game, changes
from game.engine import host as host_rules
from game.model import log
from game.model.content import Operation, World
from game.worlds import load_world

HOST = dict(approve=0.6, per_relation=0.01, conditions_share=0.0, delay_share=0.0, lead_days=2)


def with_rules(world: World, **host_changes) -> World:
    rules = world.rules.model_copy(
        update={"host": world.rules.host.model_copy(update=host_changes)}
    )
    return world.model_copy(update={"rules": rules})


@pytest.fixture
def world(sandbox) -> World:
    return without_events(with_host(sandbox, **HOST))


def game(world: World, seed: int = 7) -> Game:
    return Game(world, seed)


def request(**kw) -> dict:
    order = {"kind": "request_movement", "origin": "timbuktu", "destination": "gao", "trucks": 5}
    order.update(kw)
    return order


def unauthorized(**kw) -> dict:
    return request(kind="move_unauthorized", **kw)


def advance(g: Game, days: int) -> None:
    for _ in range(days):
        g.advance()
        check_invariants(g)


# --------------------------------------------------------------------------- grievances


def test_unauthorized_is_faster_but_its_grievance_lowers_later_approvals(world):
    g = game(world)
    before = g.quote(request())
    assert before.approval is not None and "grievances" not in before.approval_parts
    q = g.quote(unauthorized())
    rules = g.world.rules.host
    assert q.grievance == pytest.approx(rules.grievance_unauthorized)
    assert q.relations == pytest.approx(-g.scenario.host.unauthorized_cost)
    # Faster: it leaves today, where a request waits for the host's answer.
    assert g.order(unauthorized()).ok
    assert len(g.state.convoys) == 1 and g.state.convoys[0].departed == 0
    assert changes.grievance(g.ctx) == pytest.approx(q.grievance)
    # Costly later: the approval chance falls by more than the relations lost.
    after = g.quote(request())
    relations_only = g.scenario.host.per_relation * g.scenario.host.unauthorized_cost
    assert after.approval_parts["grievances"] == pytest.approx(
        -rules.grievance_approval * rules.grievance_unauthorized
    )
    assert after.approval == pytest.approx(
        before.approval - relations_only - rules.grievance_approval * rules.grievance_unauthorized
    )


def test_grievances_fade_slowly(world):
    g = game(world)
    assert g.order(unauthorized()).ok
    start = changes.grievance(g.ctx)
    advance(g, 10)
    decay = g.world.rules.host.grievance_decay
    assert changes.grievance(g.ctx) == pytest.approx(start * (1 - decay) ** 10, abs=0.05)
    assert changes.grievance(g.ctx) > 0.8 * start  # slowly: most of it is still there


def test_meetings_have_diminishing_returns_and_the_quote_says_so(world):
    g = game(world)
    cooldown = g.scenario.host.engage_cooldown
    first = g.quote({"kind": "engage"})
    before = g.state.relations
    assert g.order({"kind": "engage"}).ok
    assert g.state.relations - before == pytest.approx(first.relations, abs=1e-3)
    advance(g, cooldown)
    second = g.quote({"kind": "engage"})
    assert "1 meeting(s)" in second.words
    before = g.state.relations
    assert g.order({"kind": "engage"}).ok
    assert g.state.relations - before == pytest.approx(second.relations, abs=1e-3)
    assert second.relations < 0.6 * first.relations
    # A meeting after a quiet spell is worth more again.
    advance(g, g.world.rules.host.engage_window)
    assert g.quote({"kind": "engage"}).relations > 1.5 * second.relations


def test_grievance_caps_what_meetings_can_win_back(world):
    g = game(with_host(world, relations=40.0, engage_gain=20.0, engage_cooldown=1))
    changes.grieve(g.ctx, "unauthorized", 50.0, "a test")
    ceiling = host_rules.relations_ceiling(g.ctx)
    assert ceiling == pytest.approx(g.world.rules.host.engage_limit - 50.0)
    assert g.quote({"kind": "engage"}).relations == 0.0  # already above the ceiling
    g2 = game(with_host(world, relations=10.0, engage_gain=50.0, engage_cooldown=1))
    changes.grieve(g2.ctx, "unauthorized", 50.0, "a test")
    assert g2.order({"kind": "engage"}).ok
    assert g2.state.relations <= host_rules.relations_ceiling(g2.ctx) + 1e-6


def test_pressing_costs_grow(world):
    g = game(with_host(world, lead_days=10, engage_cooldown=1))
    assert g.order(request(ref="up")).ok
    q1 = g.quote({"kind": "engage", "request": "up"})
    assert g.order({"kind": "engage", "request": "up"}).ok
    advance(g, 1)
    q2 = g.quote({"kind": "engage", "request": "up"})
    assert q2.relations < q1.relations < 0
    assert q2.grievance > q1.grievance > 0
    assert q1.grievance == pytest.approx(g.world.rules.host.grievance_press)


def test_destroying_what_the_host_could_receive_is_resented(world):
    g = game(world)
    q = g.quote({"kind": "destroy", "site": "timbuktu", "containers": 20, "vehicles": 0})
    assert q.grievance == pytest.approx(20 * g.world.rules.host.grievance_destroy)
    g2 = game(world)
    g2.state.sites["timbuktu"].host_can_take_over = False
    assert g2.quote({"kind": "destroy", "site": "timbuktu", "containers": 20}).grievance == 0.0


def _day_one_everything_unauthorized(g: Game) -> int:
    st, ctx = g.state, g.ctx
    sinks = [s.id for s in g.world.theatre.sites if s.air_exit]
    assets = g.scenario.assets
    moved = 0
    for sid, site in list(st.sites.items()):
        if not site.closable or sid in sinks or not site.headcount:
            continue
        dest = min(
            (s for s in sinks if ctx.path(sid, s)),
            key=lambda s: sum(r.days for r in ctx.path(sid, s)),
        )
        trucks = site.trucks
        sens = site.sensitive if trucks * assets.truck_capacity >= site.sensitive else 0
        cont = min(site.containers, trucks * assets.truck_capacity - sens)
        seats = site.vehicles * assets.pax_per_vehicle + trucks * assets.pax_per_truck
        order = {
            "kind": "move_unauthorized",
            "origin": sid,
            "destination": dest,
            "people": min(site.headcount, seats),
            "vehicles": site.vehicles,
            "trucks": trucks,
            "containers": cont,
            "sensitive": sens,
        }
        moved += g.order(order).ok
    return moved


def test_relations_do_not_recover_after_an_all_unauthorized_day_one():
    world = load_world("drawdown-2023")
    g = Game(world, 3)
    start = g.state.relations
    assert _day_one_everything_unauthorized(g) >= 8
    assert g.state.relations == 0.0
    for _ in range(35):
        if g.check({"kind": "engage"}).ok:
            assert g.order({"kind": "engage"}).ok
        g.advance()
    # Five weeks of meetings win back less than half of what was lost.
    assert g.state.relations < 0.5 * start, g.state.relations
    assert changes.grievance(g.ctx) > 20


# --------------------------------------------------------------------------- operations


def flight(**kw) -> dict:
    order = {
        "kind": "request_flight",
        "origin": "timbuktu",
        "destination": "gao",
        "aircraft": "c130",
        "people": 10,
    }
    order.update(kw)
    return order


def test_operation_refuses_flights_on_its_dates_except_resupply_and_medevac(world):
    op = Operation(
        id="ban",
        name="the ban",
        start=dt.date(2023, 8, 8),
        end=dt.date(2023, 8, 10),
        flights="refused",
        flights_except=["resupply", "medevac"],
    )
    g = game(with_host(world, operations=[op]))
    # Decided before the operation starts: as usual.
    assert g.quote(flight()).refused_because == ""
    advance(g, 6)  # the answer would come during the operation
    q = g.quote(flight())
    assert q.approval == 0.0 and "only resupply and medevac flights" in q.refused_because
    assert g.quote(flight(purpose="medevac")).approval > 0
    medevac_max = g.world.rules.host.medevac_max_people
    reason = g.check(flight(purpose="medevac", people=medevac_max + 1)).reason
    assert "medevac" in reason
    assert "fuel, water and food only" in g.check(flight(purpose="resupply", people=1)).reason
    assert g.order(flight(ref="f1")).ok
    advance(g, 3)
    assert g.state.requests["f1"].status == "denied"
    advance(g, 5)  # after the operation: considered again
    assert g.quote(flight()).approval > 0


def test_operation_bars_convoys_toward_its_regions_and_weighs_on_the_rest(world):
    op = Operation(
        id="push",
        name="the push",
        start=dt.date(2023, 8, 1),
        regions=["Gao"],
        movement="toward_refused",
    )
    g = game(with_host(world, operations=[op]))
    assert g.quote(request()).approval == 0.0  # into Gao
    assert g.quote(request(origin="gao", destination="timbuktu", trucks=0, people=1, vehicles=0))
    op2 = op.model_copy(update={"movement": "as_usual", "movement_penalty": 0.2})
    g2 = game(with_host(world, operations=[op2]))
    base = game(world).quote(request()).approval
    q = g2.quote(request())
    assert q.approval_parts == {"operation:push": -0.2}
    assert q.approval == pytest.approx(base - 0.2)


def test_drawdown_follows_the_army_calendar():
    w = load_world("drawdown-2023")
    ops = {op.id: op for op in w.scenario.host.operations}
    assert ops["kidal-offensive"].start == dt.date(2023, 10, 2)  # [A55]
    assert ops["kidal-offensive"].end == dt.date(2023, 11, 14)  # [A54]
    assert ops["flight-ban"].start == dt.date(2023, 10, 27)  # [A37][A44]
    assert set(ops["flight-ban"].flights_except) == {"resupply", "medevac"}
    # Not modelled twice: the flight ban is no longer also an event's deny_flights condition.
    events = {e.id: e for e in w.scenario.events}
    assert not any(
        getattr(eff, "kind", "") == "add_condition" for eff in events["flights-refused"].effects
    )


# --------------------------------------------------------------------------- checkpoints


def test_checkpoints_hold_unauthorized_convoys_only(world):
    w = with_rules(world, checkpoint_chance=1.0, checkpoint_turn_back=0.0)
    w = with_host(w, army={"Timbuktu": 1.0, "Gao": 1.0})
    g = game(w)
    assert g.order(unauthorized(ref=None)).ok
    advance(g, 1)
    (convoy,) = g.state.convoys
    assert convoy.stopped == 1 and convoy.delay > 0
    held = [
        e.data
        for e in g.state.log
        if isinstance(e.data, log.CheckpointStop) and e.data.outcome == "held"
    ]
    assert held and held[0].days >= g.world.rules.host.checkpoint_hold_min
    assert held[0].convoy == convoy.id
    # An authorized convoy on the same road is never stopped.
    g2 = game(with_host(w, approve=1.0))
    assert g2.order(request(ref="ok")).ok
    advance(g2, 3)
    assert g2.order({"kind": "dispatch", "request": "ok"}).ok
    advance(g2, 2)
    assert all(c.stopped == 0 for c in g2.state.convoys)


def test_checkpoints_turn_convoys_back_with_their_cargo(world):
    w = with_rules(world, checkpoint_chance=1.0, checkpoint_turn_back=1.0)
    w = with_host(w, army={"Timbuktu": 1.0, "Gao": 1.0})
    g = game(w)
    site = g.state.sites["timbuktu"]
    before = (site.headcount, site.containers, site.trucks)
    assert g.order(unauthorized(people=6, vehicles=1, containers=4)).ok
    advance(g, 1)
    assert not g.state.convoys  # stopped before it got out of town: everything back
    assert (site.headcount, site.containers, site.trucks) == before
    assert any(
        isinstance(e.data, log.CheckpointStop)
        and e.data.outcome == "turned_back"
        and e.data.back_to == "timbuktu"
        for e in g.state.log
    )


def test_quote_gives_the_checkpoint_odds_the_engine_plays(world):
    w = with_rules(world, checkpoint_chance=0.2)
    order = unauthorized()
    q = game(w).quote(order)
    assert q.checkpoint is not None and 0.1 < q.checkpoint < 0.9
    assert "checkpoints" in q.words
    assert game(w).quote(request()).checkpoint is None
    stopped = 0
    runs = 300
    for seed in range(runs):
        g = game(w, seed)
        assert g.order(order).ok
        travel = g.state.convoys[0].travel_days
        for _ in range(travel):
            g.advance()
        stopped += any(isinstance(e.data, log.CheckpointStop) for e in g.state.log)
    assert stopped / runs == pytest.approx(q.checkpoint, abs=0.08)


# --------------------------------------------------------------------------- concessions


def test_leave_equipment_buys_approvals_and_the_containers_stay(world):
    g = game(world)
    rules = g.world.rules.host
    base = g.quote(request()).approval
    offer = {"kind": "concede", "offer": "leave_equipment", "site": "timbuktu", "containers": 30}
    q = g.quote(offer)
    assert q.ok and q.committed == 30 and q.bonus == rules.leave_approval
    assert "cannot be moved" in q.words
    assert g.order(offer).ok
    after = g.quote(request())
    assert after.approval == pytest.approx(base + rules.leave_approval)
    # The cost: the promised containers cannot leave or be destroyed.
    site = g.state.sites["timbuktu"]
    assert site.containers == 60
    reason = g.check(unauthorized(containers=35, trucks=40)).reason
    assert "promised to the host" in reason
    assert g.check(unauthorized(containers=30, trucks=40)).ok
    assert (
        "may be destroyed"
        in g.check({"kind": "destroy", "site": "timbuktu", "containers": 31}).reason
    )
    # The sensitive items and 28 of the 30 free containers: a day's work an item, 30 days.
    burn = {"kind": "destroy", "site": "timbuktu", "vehicles": 0, "containers": 28}
    assert g.order(burn).ok
    while g.state.destruction:
        g.advance()
    # the promised ones are still there (less any lost to fire on the camp meanwhile)
    assert 32 - g.state.ledger.containers.lost <= site.containers <= 32
    assert g.state.ledger.containers.destroyed == 28
    # Refusals with reasons.
    too_few = dict(offer, site="ber", containers=rules.leave_min_containers - 1)
    assert "at least" in g.check(too_few).reason
    assert "already promised" in g.check(offer).reason
    # They count as handed over only if the camp is handed over.
    left = site.containers
    assert g.order({"kind": "handover", "site": "timbuktu"}).ok
    assert g.state.ledger.containers.handed_over == left >= 30 - g.state.ledger.containers.lost


def test_hold_camp_buys_approvals_but_leaving_early_breaks_the_promise(world):
    g = game(world)
    rules = g.world.rules.host
    base = g.quote(request()).approval
    hold = {"kind": "concede", "offer": "hold_camp", "site": "timbuktu", "until": "2023-08-10"}
    q = g.quote(hold)
    assert q.ok and q.until == dt.date(2023, 8, 9) and "breaks the promise" in q.words
    assert g.order(hold).ok
    assert g.quote(request()).approval == pytest.approx(base + rules.hold_approval)
    site = g.state.sites["timbuktu"]
    leave_all = unauthorized(people=site.headcount, vehicles=site.vehicles, trucks=40)
    q_leave = g.quote(leave_all)
    expected = rules.grievance_broken + rules.grievance_unauthorized
    assert q_leave.grievance == pytest.approx(expected)
    before = changes.grievance(g.ctx)
    assert g.order(leave_all).ok
    assert changes.grievance(g.ctx) - before == pytest.approx(expected)
    assert g.state.concessions[0].status == "broken"
    (ended,) = [e.data for e in g.state.log if isinstance(e.data, log.ConcessionEnded)]
    assert (ended.offer, ended.site, ended.status) == ("hold_camp", "timbuktu", "broken")
    check_typed_log(g)
    # Keeping it: the same move after the date costs no broken promise.
    g2 = game(world)
    assert g2.order(hold).ok
    advance(g2, 9)  # 2023-08-10, the army's arrival
    assert g2.quote(leave_all).grievance == pytest.approx(rules.grievance_unauthorized)


def test_share_schedule_buys_approvals_but_the_schedule_leaks(world):
    g = game(world)
    rules = g.world.rules.host
    base = g.quote(request())
    share = {"kind": "concede", "offer": "share_schedule", "site": "timbuktu"}
    q = g.quote(share)
    assert q.ok and q.bonus == rules.schedule_approval and "ambush" in q.words
    assert g.order(share).ok
    after = g.quote(request())
    assert after.approval == pytest.approx(base.approval + rules.schedule_approval)
    assert after.ambush > base.ambush  # the cost, in the same quote
    assert "schedule was shared" in after.words
    # Other sites' convoys are not affected.
    other = request(origin="ber", destination="timbuktu")
    assert game(world).quote(other).ambush == g.quote(other).ambush
    assert g.order(unauthorized()).ok
    assert g.state.convoys[-1].leaked
    est = g.state.estimates[-1]
    g3 = game(world)
    assert g3.order(unauthorized()).ok
    assert est.true_ambush > g3.state.estimates[-1].true_ambush


def test_an_approved_medevac_flight_flies_and_lands_its_people():
    """A medevac request, once approved, is dispatched like any flight (it used to crash the
    engine: the flight's state model did not know the purpose)."""
    world = load_world("drawdown-2023")
    for seed in range(1, 40):
        g = Game(world, seed=seed)
        assert g.order(flight(ref="m1", purpose="medevac", people=5)).ok
        advance(g, 6)
        if g.state.requests["m1"].status == "approved":
            break
    else:
        pytest.fail("no seed in 1-39 approved the medevac flight")
    before = g.state.sites["gao"].headcount
    result = g.order({"kind": "dispatch", "request": "m1"})
    assert result.ok, result.message
    assert [f.purpose for f in g.state.flights] == ["medevac"]
    advance(g, 2)
    assert g.state.sites["gao"].headcount == before + 5
    check_invariants(g)


def test_an_operation_can_clear_helicopters_only(world):
    op = Operation(
        id="heli",
        name="the air corridor",
        start=dt.date(2023, 8, 1),
        end=dt.date(2023, 8, 20),
        flights="helicopters_only",
    )
    g = game(with_host(world, operations=[op]))
    plane = g.quote(flight(aircraft="c130"))
    assert plane.approval == 0.0
    assert "(only helicopters are cleared)" in plane.refused_because
    helicopter = g.quote(flight(aircraft="mi8", people=5))
    assert helicopter.refused_because == "" and helicopter.approval > 0
