"""Speed against security: every convoy lever helps somewhere and costs something elsewhere.

Heavy escorts cut ambush odds but slow the convoy and draw troops from a camp still held; route
clearance cuts IEDs but slows the convoy; a long column is hit more per stretch but needs fewer
trips; own (mine-protected) vehicles turn IED deaths into wounded, contracted trucks do not; air
overwatch cuts ambush odds only when the host clears it. The quote and the estimate recorded at
dispatch agree with the engine's mean; the dice stay fair.
"""

from __future__ import annotations

import pytest
from conftest import with_host, without_events
from invariants import check_invariants, check_typed_log

from game.engine import Game
from game.engine.column import journey_days
from game.engine.risk import stretch_odds
from game.model import log
from game.model.content import DenyFlights, World

EASY = dict(approve=1.0, per_relation=0.0, conditions_share=0.0, lead_days=2)


def with_rules(world: World, section: str, **changes) -> World:
    rules = world.rules
    part = getattr(rules, section).model_copy(update=changes)
    return world.model_copy(update={"rules": rules.model_copy(update={section: part})})


@pytest.fixture
def world(sandbox) -> World:
    # Convoys here never run out of fuel, water and food: supplies are tested on their own
    # (tests/test_rules_supplies.py), the road's dice here.
    return with_rules(without_events(with_host(sandbox, **EASY)), "supply", convoy_reserve=100.0)


def move(**kw) -> dict:
    order = {
        "kind": "move_unauthorized",
        "origin": "ber",
        "destination": "timbuktu",
        "people": 100,
        "vehicles": 20,
    }
    order.update(kw)
    return order


def run_convoy(g: Game, cid: str, days: int = 40) -> None:
    for _ in range(days):
        if not any(c.id == cid for c in g.state.convoys):
            return
        g.advance()
        check_invariants(g)
    raise AssertionError(f"convoy {cid} still on the road")


def harm_of(g: Game, cid: str) -> tuple[int, int, int]:
    """(killed, wounded, loads lost) of one convoy, from the incidents' data."""
    k = w = lost = 0
    for e in g.state.log:
        data = e.data
        if isinstance(data, log.ConvoyIncident) and data.convoy == cid:
            k += data.killed
            w += data.wounded
            lost += data.containers_lost + data.sensitive_lost
    return k, w, lost


# --------------------------------------------------------------------------- heavy escort


def test_heavy_escort_cuts_ambush_odds_but_adds_days(world):
    g = Game(world, 1)
    light = g.quote(move(escort="light"))
    heavy = g.quote(move(escort="heavy"))
    none = g.quote(move())
    assert heavy.ok and light.ok
    assert heavy.ambush < light.ambush < none.ambush
    assert heavy.travel_days > none.travel_days
    assert heavy.slow_days > none.slow_days
    assert heavy.exposure_days > none.exposure_days


def test_heavy_escort_strips_a_held_camp_until_it_comes_back(world):
    quiet = with_rules(world, "convoy", threat_base=0.0, breakdown_base=0.0)
    g = Game(quiet, 3)
    g.state.pressure = {}
    ber = g.state.sites["ber"]
    q = g.quote(move(people=150, vehicles=25, escort="heavy"))
    assert q.garrison_left == 50 and q.garrison_min == 60
    assert q.escort_returns == 60
    assert "below its minimum garrison of 60" in q.words
    result = g.order(move(people=150, vehicles=25, escort="heavy"))
    assert result.ok
    assert ber.headcount == 50 < ber.min_garrison  # thin while the escort is away
    run_convoy(g, result.ref)
    back = [c for c in g.state.convoys if c.returning]
    assert len(back) == 1 and back[0].destination == "ber"
    assert back[0].cargo.headcount == 60 and back[0].cargo.vehicles == 10
    assert g.state.sites["timbuktu"].people["burkina"] == 50 + 90
    run_convoy(g, back[0].id)
    assert g.state.sites["ber"].headcount == 110


def test_escort_of_the_last_move_stays_with_it(world):
    g = Game(world, 3)
    g.state.sites["ber"].people = {"burkina": 180}
    g.state.sites["timbuktu"].people["burkina"] += 20
    q = g.quote(move(people=180, vehicles=30, escort="heavy"))
    assert q.escort_returns == 0 and q.garrison_left == 0
    result = g.order(move(people=180, vehicles=30, escort="heavy"))
    run_convoy(g, result.ref)
    assert not [c for c in g.state.convoys if c.returning]


# --------------------------------------------------------------------------- route clearance


def test_clearance_cuts_ieds_but_adds_days(world):
    g = Game(world, 1)
    plain = g.quote(move())
    cleared = g.quote(move(clearance=True))
    assert cleared.ied < plain.ied
    assert cleared.travel_days > plain.travel_days
    assert cleared.exposure_days > plain.exposure_days
    # Slower also means more days of weather in the rainy season.
    routes = [g.ctx.routes["ber-timbuktu"]]
    _, slow = journey_days(g.ctx, routes, escort="none", clearance=True, length=20, day=0)
    _, fast = journey_days(g.ctx, routes, escort="none", clearance=False, length=20, day=0)
    assert slow > fast


# --------------------------------------------------------------------------- column length


def test_long_column_is_hit_more_per_stretch_but_needs_fewer_trips(world):
    g = Game(world, 1)
    ctx = g.ctx
    route = ctx.routes["timbuktu-gao"]
    kw = dict(escort="none", clearance=False, authorized=True, trucks=0)
    small = stretch_odds(ctx, route, route.stretches[0], length=20, **kw)
    big = stretch_odds(ctx, route, route.stretches[0], length=300, **kw)
    assert big.ied > small.ied and big.ambush > small.ambush
    site = g.state.sites["timbuktu"]
    site.trucks, site.containers = 300, 300
    order = dict(kind="move_unauthorized", origin="timbuktu", destination="gao")
    one = g.quote({**order, "trucks": 300, "containers": 300})
    each = g.quote({**order, "trucks": 20, "containers": 20})
    assert one.ied > each.ied and one.travel_days > each.travel_days
    assert one.length_factor > 1 > each.length_factor
    # Small columns are safer in total: 15 trips of 20 lose fewer loads than one of 300 ...
    assert 15 * each.expected_loads_lost < one.expected_loads_lost
    # ... but one trip does it in far fewer days on the road (and one request, one escort).
    assert one.expected_days < 15 * each.expected_days


# --------------------------------------------------------------------------- armour


def deadly(world: World) -> World:
    """IEDs on every stretch, each killing one (and no ambushes)."""
    w = with_rules(world, "convoy", threat_base=20.0, protected_share=1.0, escort_ambush_none=0.0)
    ied = w.rules.convoy.ied.model_copy(update={"killed_chance": 1.0, "killed_max": 1})
    return with_rules(w, "convoy", ied=ied)


def test_mine_protected_vehicles_turn_deaths_into_wounded(world):
    w = deadly(world)
    killed = wounded = 0
    for seed in range(5):
        g = Game(w, seed)
        # Seats to spare: each IED destroys a vehicle, and the two stretches take two.
        q = g.quote(move(people=48, vehicles=10))
        assert q.protected == 1.0 and q.expected_saved_by_armour > 0
        result = g.order(move(people=48, vehicles=10))
        run_convoy(g, result.ref)
        k, wd, _ = harm_of(g, result.ref)
        killed += k
        wounded += wd
    assert killed == 0 and wounded > 0


def test_contracted_trucks_protect_no_one(world):
    w = deadly(world)
    g = Game(w, 1)
    order = dict(kind="move_unauthorized", origin="timbuktu", destination="gao", trucks=10)
    q = g.quote(order)
    assert q.protected == 0 and q.expected_saved_by_armour == 0
    assert q.casualties_fall_on == "contractors" and q.expected_killed > 0
    result = g.order(order)
    run_convoy(g, result.ref)
    assert g.state.ledger.contractors_killed > 0


# --------------------------------------------------------------------------- air overwatch


def test_overwatch_cuts_ambush_odds_only_when_cleared(world):
    g = Game(world, 2)
    ctx = g.ctx
    route = ctx.routes["ber-timbuktu"]
    kw = dict(escort="none", clearance=False, authorized=True, trucks=0, length=20)
    flown = stretch_odds(ctx, route, route.stretches[0], overwatch=True, **kw)
    alone = stretch_odds(ctx, route, route.stretches[0], overwatch=False, **kw)
    assert flown.ambush == pytest.approx(alone.ambush * world.rules.convoy.overwatch_ambush)
    assert flown.ied == alone.ied
    # Asked with the request: the host clears it (approve=1) and the dispatch quote shows it.
    req = move(kind="request_movement", overwatch=True, ref="up")
    asked = g.quote(req)
    assert asked.overwatch == "asked" and asked.overwatch_approval == 1.0
    assert g.order(req).ok
    while g.state.day < 3:
        g.advance()
    assert g.state.requests["up"].overwatch
    cleared = g.quote({"kind": "dispatch", "request": "up"})
    assert cleared.overwatch == "cleared"
    assert cleared.ambush < g.quote(move()).ambush
    result = g.order({"kind": "dispatch", "request": "up"})
    convoy = next(c for c in g.state.convoys if c.request == result.ref)
    assert convoy.overwatch
    g.advance()
    assert not any(isinstance(e.data, log.OverwatchMissed) for e in g.state.log)


def test_overwatch_refused_where_flights_are_denied(world):
    g = Game(world, 2)
    g.state.conditions.append(
        DenyFlights(kind="deny_flights", id="no-air", regions=["Timbuktu"], description="no")
    )
    req = move(kind="request_movement", overwatch=True, ref="up")
    asked = g.quote(req)
    assert asked.overwatch_approval == 0.0
    assert asked.ambush == pytest.approx(g.quote(move(kind="request_movement")).ambush)
    assert g.order(req).ok
    while g.state.day < 3:
        g.advance()
    assert g.state.requests["up"].status == "approved"
    assert not g.state.requests["up"].overwatch
    assert any(
        isinstance(e.data, log.OverwatchDecision) and e.data.request == "up" and not e.data.cleared
        for e in g.state.log
    )
    check_typed_log(g)
    g.order({"kind": "dispatch", "request": "up"})
    assert not g.state.convoys[-1].overwatch


def test_overwatch_needs_helicopters_and_a_clearance(world):
    g = Game(world, 2)
    quote = g.quote(move(overwatch=True))
    assert quote.overwatch.startswith("not cleared")
    assert g.order(move(overwatch=True)).ok
    assert not g.state.convoys[-1].overwatch
    sc = world.scenario
    planes = [a for a in sc.assets.aircraft if a.kind == "plane"]
    bare = world.model_copy(
        update={
            "scenario": sc.model_copy(
                update={"assets": sc.assets.model_copy(update={"aircraft": planes})}
            )
        }
    )
    g = Game(bare, 2)
    result = g.order(move(overwatch=True))
    assert not result.ok and "helicopter" in result.message


def test_overwatch_uses_a_helicopter_sortie_each_day(world):
    g = Game(world, 2)
    g.order(move(kind="request_movement", overwatch=True, ref="up"))
    while g.state.day < 3:
        g.advance()
    g.order({"kind": "dispatch", "request": "up"})
    # The only Mi-8 sortie of the day goes to a flight: no overwatch today.
    g.state.sorties_used["mi8"] = g.state.sorties["mi8"]
    g.advance()
    assert any(isinstance(e.data, log.OverwatchMissed) for e in g.state.log)
    check_typed_log(g)


# --------------------------------------------------------------------------- quote against engine


@pytest.mark.parametrize(
    "order",
    [
        move(destination="gao", people=150, vehicles=25, escort="none"),
        move(destination="gao", people=150, vehicles=25, escort="heavy", clearance=True),
        dict(
            kind="move_unauthorized", origin="timbuktu", destination="gao", trucks=20, containers=20
        ),
    ],
    ids=["plain", "heavy-cleared", "trucks"],
)
def test_estimate_matches_the_engine_mean(world, order):
    # The road alone: the army's checkpoints on unauthorized moves are the host's rule
    # (tests/test_rules_host.py checks their odds against the engine).
    world = with_rules(world, "host", checkpoint_chance=0.0)
    seeds = 400
    total = [0.0, 0.0, 0.0, 0.0]
    est = None
    for seed in range(seeds):
        g = Game(world, seed)
        result = g.order(order)
        assert result.ok, result.message
        est = g.state.estimates[-1]
        start = g.state.day
        run_convoy(g, result.ref)
        k, w, lost = harm_of(g, result.ref)
        for i, v in enumerate((k, w, lost, g.state.day - start)):
            total[i] += v
    assert est is not None
    mean = [t / seeds for t in total]
    expected = [
        est.expected_killed,
        est.expected_wounded,
        est.expected_loads_lost,
        est.expected_days,
    ]
    for got, want in zip(mean, expected, strict=True):
        assert got == pytest.approx(want, rel=0.15, abs=0.08)


def test_quote_is_the_estimate_seen_through_intelligence(world):
    honest = with_rules(world, "intel", bias_min=1.0, bias_span=0.0)
    g = Game(honest, 5)
    order = move(destination="gao", people=150, vehicles=25, escort="light")
    q = g.quote(order)
    g.order(order)
    est = g.state.estimates[-1]
    assert q.expected_killed == pytest.approx(est.expected_killed, abs=1e-3)
    assert q.expected_wounded == pytest.approx(est.expected_wounded, abs=1e-3)
    assert q.expected_days == pytest.approx(est.expected_days, abs=1e-3)
    assert q.ied == pytest.approx(est.true_ied, abs=1e-3)


# --------------------------------------------------------------------------- fair dice


def test_same_convoy_same_day_same_incidents(world):
    order = move(destination="gao", people=150, vehicles=25)

    def incidents(first: dict | None) -> list[tuple]:
        g = Game(deadly(world), 11)
        if first is not None:
            assert g.order(first).ok
        result = g.order(order)
        run_convoy(g, result.ref)
        return [
            (e.day, e.data.incident, e.data.killed, e.data.wounded)
            for e in g.state.log
            if isinstance(e.data, log.ConvoyIncident) and e.data.convoy == result.ref
        ]

    alone = incidents(None)
    assert alone
    after = incidents(
        dict(kind="move_unauthorized", origin="timbuktu", destination="gao", trucks=5)
    )
    assert after == alone


def with_truck_capacity(world: World, capacity: int) -> World:
    scenario = world.scenario
    assets = scenario.assets.model_copy(update={"truck_capacity": capacity})
    return world.model_copy(update={"scenario": scenario.model_copy(update={"assets": assets})})


def test_expected_loads_lost_count_containers_per_truck(world):
    """The quote's expected loss is trucks expected lost times what each truck carries (it used
    to multiply by the intelligence cap instead of the truck's load)."""
    order = move(
        origin="timbuktu", destination="ber", people=0, vehicles=0, trucks=10, containers=10
    )
    lost = []
    for capacity in (1, 2):
        q = Game(with_truck_capacity(world, capacity), 1).quote(order)
        assert q.ok, q.reason
        lost.append(q.expected_loads_lost)
    assert lost[0] > 0
    assert lost[1] == pytest.approx(2 * lost[0])
