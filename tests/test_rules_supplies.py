"""Supplies: days of fuel, water and food at camps and on convoys; blockades and freezes cut road
resupply, air resupply restores it at the cost of sorties, a thinned camp uses less but is attacked
more, and a camp or convoy with nothing left falls sick and stops."""

from __future__ import annotations

import pytest
from conftest import with_host, with_rules, without_events
from invariants import check_invariants

from game.engine import Game
from game.model import log
from game.model.content import DenyFlights, FreezeMovement, World
from game.model.orders import RequestFlight, purpose_of

EASY = dict(approve=1.0, per_relation=0.0, conditions_share=0.0, delay_share=0.0, lead_days=2)


def world_with(world: World, *, sites: dict[str, dict] | None = None) -> World:
    """The sandbox with some scenario site set-ups changed."""
    sc = world.scenario
    setups = []
    for s in sc.sites:
        setups.append(s.model_copy(update=(sites or {}).get(s.id, {})))
    return world.model_copy(update={"scenario": sc.model_copy(update={"sites": setups})})


@pytest.fixture
def easy(sandbox) -> Game:
    return Game(without_events(with_host(sandbox, **EASY)), 7)


def block(game: Game, route: str, days: int = 60) -> None:
    game.state.blocked[route] = game.state.day + days


def advance(game: Game, days: int) -> None:
    for _ in range(days):
        game.advance()
        check_invariants(game)


def resupply(dest: str, sorties: int = 1, **kw) -> dict:
    order = {
        "kind": "request_flight",
        "purpose": "resupply",
        "origin": "gao",
        "destination": dest,
        "aircraft": "c130",
        "sorties": sorties,
    }
    order.update(kw)
    return order


def supply_entries(game: Game, ref: str) -> list[log.RoadSupply | log.SupplyStage]:
    """The supply entries' data about one camp or convoy, in order."""
    out: list[log.RoadSupply | log.SupplyStage] = []
    for e in game.state.log:
        data = e.data
        if isinstance(data, log.RoadSupply) and data.site == ref:
            out.append(data)
        elif isinstance(data, log.SupplyStage) and ref in (data.site, data.convoy):
            out.append(data)
    return out


def stages_of(game: Game, ref: str) -> list[int]:
    return [d.stage for d in supply_entries(game, ref) if isinstance(d, log.SupplyStage)]


# --------------------------------------------------------------------------- road resupply


def test_camps_start_with_the_standard_store_or_their_own(sandbox):
    g = Game(sandbox, 1)
    rules = g.world.rules.supply
    tim = g.state.sites["timbuktu"]
    assert tim.supply_days == tim.supply_full == rules.camp_days
    assert tim.supply_ref == max(tim.headcount, rules.reference_min)
    assert g.state.sites["labbezanga"].supply_ref == 0  # an exit keeps no store
    own = Game(world_with(sandbox, sites={"ber": {"supply_days": 9.0}}), 1)
    assert own.state.sites["ber"].supply_days == 9.0
    assert own.supply_outlook("ber").store == 9.0


def test_open_road_keeps_a_camp_full(easy):
    advance(easy, 6)
    look = easy.supply_outlook("timbuktu")
    assert look.road_open and look.days == look.store
    assert look.stage == "normal" and look.attack_factor == 1.0
    assert easy.supply_outlook("gao").source


def test_blockade_cuts_road_resupply_and_the_camp_runs_down(easy):
    g = easy
    block(g, "timbuktu-gao")
    tim = g.state.sites["timbuktu"]
    use = tim.headcount / tim.supply_ref
    advance(g, 5)
    look = g.supply_outlook("timbuktu")
    assert not look.road_open
    assert "Timbuktu–Gao is blocked" in look.road_cut_because
    assert g.state.sites["timbuktu"].supply_cut  # the engine's own verdict agrees
    assert look.days == pytest.approx(tim.supply_full - 5 * use)
    assert look.use_per_day == pytest.approx(use)
    # Ber is behind Timbuktu: cut as well
    assert not g.supply_outlook("ber").road_open
    cut = [d for d in supply_entries(g, "timbuktu") if isinstance(d, log.RoadSupply) and d.cut]
    assert len(cut) == 1  # logged once, not daily
    # the road reopens: resupply resumes and refills the store
    g.state.blocked.clear()
    advance(g, 10)
    assert g.supply_outlook("timbuktu").days == tim.supply_full
    road = [d.cut for d in supply_entries(g, "timbuktu") if isinstance(d, log.RoadSupply)]
    assert road == [True, False]  # cut, then open again


def test_a_host_freeze_on_movement_cuts_road_resupply(easy):
    g = easy
    g.state.conditions.append(
        FreezeMovement(
            kind="freeze_movement",
            id="freeze",
            regions=["Timbuktu"],
            toward_only=True,
            description="convoys into the Timbuktu region are barred",
        )
    )
    advance(g, 3)
    look = g.supply_outlook("timbuktu")
    assert not look.road_open
    assert look.road_cut_because == "convoys into the Timbuktu region are barred"
    assert look.days < look.store


def test_running_out_stages_each_logged_once_sickness_and_attack_odds(sandbox):
    g = Game(without_events(with_host(sandbox, **EASY)), 3)
    rules = g.world.rules.supply
    block(g, "timbuktu-gao", 90)
    ber = g.state.sites["ber"]
    wounded_before = g.state.ledger.sick
    days_to_empty = int(ber.supply_full / (ber.headcount / ber.supply_ref)) + 1
    advance(g, days_to_empty)
    look = g.supply_outlook("ber")
    assert look.days == 0 and look.stage == "empty"
    assert look.attack_factor == rules.empty_attack
    stages = stages_of(g, "ber")
    assert stages == [1, 2]
    sick_start = g.state.ledger.sick
    assert sick_start > wounded_before
    people = g.state.sites["ber"].headcount
    advance(g, 3)
    # people fall sick every day, with no new log entry for each day
    assert g.state.ledger.sick >= sick_start + 3 * max(1, (people - 5) // rules.sick_people)
    stages = stages_of(g, "ber")
    assert stages == [1, 2]


def test_reduced_rations_raise_the_attack_factor(easy):
    g = easy
    tim = g.state.sites["timbuktu"]
    rules = g.world.rules.supply
    tim.supply_days = rules.short_days - 0.5
    assert g.supply_outlook("timbuktu").attack_factor == rules.short_attack
    assert g.supply_outlook("timbuktu").stage == "short"


# --------------------------------------------------------------------------- thinning a camp


def _attacks(world: World, seeds: range, keep: dict[str, int], days: int) -> tuple[int, float]:
    """Attacks on Timbuktu over some days, and its supply left, keeping only `keep` there from
    day 0 (the rest gone to Gao; the road to Gao blocked all along)."""
    attacks = 0
    supply = 0.0
    for seed in seeds:
        g = Game(world, seed)
        block(g, "timbuktu-gao", 90)
        tim, gao = g.state.sites["timbuktu"], g.state.sites["gao"]
        for c, n in list(tim.people.items()):
            gone = n - keep.get(c, n)
            if gone:
                tim.people[c] -= gone
                gao.people[c] = gao.people.get(c, 0) + gone
        advance(g, days)
        attacks += sum(
            1
            for e in g.state.log
            if isinstance(e.data, log.SiteAttack) and e.data.site == "timbuktu"
        )
        supply += g.state.sites["timbuktu"].supply_days
    return attacks, supply / len(seeds)


def test_thinning_a_camp_slows_consumption_but_raises_attack_odds(sandbox):
    world = world_with(
        without_events(with_host(sandbox, **EASY)), sites={"timbuktu": {"threat": 0.15}}
    )
    full_attacks, full_supply = _attacks(world, range(12), {}, 12)  # 90 people
    thin_attacks, thin_supply = _attacks(world, range(12), {"burkina": 10, "civilians": 10}, 12)
    # 20 people use less than a quarter of what 90 use (below the minimum garrison of 30) ...
    # (attacks kill a few: the full camp ends a little below its exact use)
    assert thin_supply - full_supply == pytest.approx(12 * (90 - 20) / 100, abs=0.1)
    # ... and are attacked more
    assert thin_attacks > 1.4 * full_attacks


# --------------------------------------------------------------------------- air resupply


def _dispatch_when_approved(g: Game, ref: str) -> None:
    while (
        g.state.requests[ref].status != "approved" or g.state.requests[ref].valid_from > g.state.day
    ):
        advance(g, 1)


def test_air_resupply_restores_supply_and_the_quote_agrees(easy):
    g = easy
    block(g, "timbuktu-gao", 60)
    advance(g, 8)
    quote = g.quote(resupply("timbuktu", sorties=1))
    assert quote.ok and quote.supply_days_added and quote.supply_days_added > 0
    assert "days of fuel, water and food" in quote.words
    assert quote.capacity["sorties"] == 1 and quote.capacity["landings"] == 2
    result = g.order(resupply("timbuktu", sorties=1, ref="air"))
    assert result.ok
    _dispatch_when_approved(g, "air")
    tim = g.state.sites["timbuktu"]
    at_dispatch = g.quote({"kind": "dispatch", "request": "air"})
    assert g.order({"kind": "dispatch", "request": "air"}).ok
    before, use = tim.supply_days, tim.headcount / tim.supply_ref
    advance(g, 1)
    added = [e.data for e in g.state.log if isinstance(e.data, log.ResupplyFlight)][-1].added
    assert added == at_dispatch.supply_days_added
    assert tim.supply_days == pytest.approx(before + added - use, abs=1e-3)
    # a resupply flight carries no people: the ledger does not move
    check_invariants(g)


def test_air_resupply_uses_the_sorties_that_could_have_carried_people(easy):
    g = easy
    sorties = g.state.sorties["c130"]
    g.order(resupply("timbuktu", sorties=sorties, ref="air"))
    g.order(
        {
            "kind": "request_flight",
            "ref": "out",
            "origin": "timbuktu",
            "destination": "gao",
            "aircraft": "c130",
            "people": 40,
        }
    )
    g.state.sites["timbuktu"].supply_days = 5.0  # low, so the flight is worth something
    _dispatch_when_approved(g, "air")
    assert g.state.requests["out"].status == "approved"
    assert g.order({"kind": "dispatch", "request": "air"}).ok
    people = g.state.sites["timbuktu"].headcount
    refused = g.order({"kind": "dispatch", "request": "out"})
    assert not refused.ok and "sortie(s) left today" in refused.message
    assert g.state.sites["timbuktu"].headcount == people  # nobody flew out
    advance(g, 1)
    assert g.state.sites["timbuktu"].supply_days > 5.0


def test_resupply_refusals_say_why(easy):
    g = easy

    def why(order: dict) -> str:
        check = g.check(order)
        assert not check.ok
        result = g.order(order)
        assert not result.ok and result.message == check.reason
        return check.reason

    assert "fuel, water and food only" in why(resupply("timbuktu", people=10))
    assert "load at a supply source" in why(resupply("ber", origin="timbuktu"))
    assert "not home" in why(resupply("home"))
    assert "Gao is a supply source and needs no air resupply" in why(resupply("gao"))
    assert "no site or convoy on the road called 'c99'" in why(resupply("c99"))
    assert "holds no stores" in why(resupply("labbezanga"))
    assert "Ber has no airfield" in why(resupply("ber"))
    # a plain transport flight with nothing aboard is still refused
    assert "carries nothing" in why(
        {
            "kind": "request_flight",
            "origin": "gao",
            "destination": "timbuktu",
            "aircraft": "c130",
        }
    )


def test_the_host_lets_resupply_through_more_readily_even_through_a_ban(sandbox):
    g = Game(without_events(sandbox), 1)
    rules = g.world.rules.supply
    transport = {
        "kind": "request_flight",
        "origin": "gao",
        "destination": "timbuktu",
        "aircraft": "c130",
        "containers": 1,
    }
    plain = g.quote(transport).approval
    assert plain is not None
    assert g.quote(resupply("timbuktu")).approval == pytest.approx(
        min(1.0, plain + rules.air_approval)
    )
    g.state.conditions.append(
        DenyFlights(kind="deny_flights", id="all", regions=[], description="all flights refused")
    )
    banned = g.quote(transport)
    assert banned.approval == 0 and banned.refused_because == "all flights refused"
    let_through = g.quote(resupply("timbuktu"))
    assert let_through.approval == rules.ban_exception and not let_through.refused_because


# --------------------------------------------------------------------------- convoys


def test_a_convoy_out_of_supply_stops_until_resupplied_by_air(sandbox):
    # With empty_stall = 1 it loses every day until resupplied (the standard crawls on: below).
    world = with_rules(without_events(with_host(sandbox, **EASY)), "supply", empty_stall=1.0)
    g = Game(world, 7)
    order = {
        "kind": "move_unauthorized",
        "origin": "ber",
        "destination": "timbuktu",
        "people": 30,
        "vehicles": 5,
    }
    quote = g.quote(order)
    result = g.order(order)
    assert result.ok
    convoy = g.state.convoys[0]
    assert convoy.supply_days == quote.supply_days_carried
    assert convoy.supply_days == convoy.travel_days + g.world.rules.supply.convoy_reserve
    convoy.supply_days = 0.5  # half a day left: it runs out tonight
    advance(g, 1)
    assert g.supply_outlook(convoy.id).stage == "empty"
    progress = convoy.progress
    g.order(resupply(convoy.id, ref="drop"))
    advance(g, 2)
    assert convoy.progress == progress  # stopped where it is
    assert convoy in g.state.convoys
    _dispatch_when_approved(g, "drop")
    at_dispatch = g.quote({"kind": "dispatch", "request": "drop"})
    assert at_dispatch.supply_days_added and at_dispatch.supply_days_added > 1
    assert at_dispatch.capacity["landings"] == 1  # an air drop lands nowhere
    assert g.order({"kind": "dispatch", "request": "drop"}).ok
    advance(g, 1)
    assert convoy.supply_days == pytest.approx(at_dispatch.supply_days_added - 1.0, abs=1e-3)
    stages = stages_of(g, convoy.id)
    assert stages == [2, 0]
    for _ in range(5):
        if convoy not in g.state.convoys:
            break
        advance(g, 1)
    assert convoy not in g.state.convoys  # it drove on and arrived


def test_a_convoy_out_of_supply_crawls_on_losing_days(sandbox):
    world = without_events(with_host(sandbox, **EASY))
    days = []
    for stall in (0.0, 0.5):
        total = 0
        for seed in range(5):
            g = Game(with_rules(world, "supply", empty_stall=stall), seed)
            g.order(
                {
                    "kind": "move_unauthorized",
                    "origin": "ber",
                    "destination": "timbuktu",
                    "people": 30,
                    "vehicles": 5,
                }
            )
            convoy = g.state.convoys[0]
            convoy.supply_days = 0.5
            start = g.state.day
            while convoy in g.state.convoys and not g.finished:
                advance(g, 1)
            if stall == 0.0:
                assert convoy not in g.state.convoys  # it arrives, hungry
            assert g.state.ledger.sick > 0
            total += g.state.day - start
        days.append(total)
    assert days[1] > days[0]  # but later than if it had not run out


def test_a_convoy_with_supply_drives_on_without_stopping(easy):
    g = easy
    g.order(
        {
            "kind": "move_unauthorized",
            "origin": "ber",
            "destination": "timbuktu",
            "people": 30,
            "vehicles": 5,
        }
    )
    convoy = g.state.convoys[0]
    for _ in range(convoy.travel_days + 4):
        if convoy not in g.state.convoys:
            break
        advance(g, 1)
    assert convoy not in g.state.convoys
    assert not supply_entries(g, convoy.id)


def test_resupply_dice_belong_to_the_journey_not_the_convoy_id(easy):
    from game.engine.supplies import dice_place

    g = easy
    g.order(
        {
            "kind": "move_unauthorized",
            "origin": "ber",
            "destination": "timbuktu",
            "people": 30,
            "vehicles": 5,
        }
    )
    convoy = g.state.convoys[0]
    drop = RequestFlight(
        kind="request_flight",
        purpose="resupply",
        origin="gao",
        destination=convoy.id,
        aircraft="c130",
    )
    key = dice_place(g.ctx, "flight", drop)
    assert key is not None and convoy.id not in key and "ber>timbuktu" in key


# --------------------------------------------------------------------------- bots


def test_cautious_bot_flies_resupply_to_a_cut_off_camp(sandbox):
    from game.bots.policies import POLICIES

    g = Game(without_events(with_host(sandbox, **EASY)), 2)
    block(g, "timbuktu-gao", 90)
    g.state.sites["timbuktu"].supply_days = 4.0
    g.advance()  # the engine sees the road cut
    bot = POLICIES["cautious"](g, 2)
    bot.play_day()  # type: ignore[attr-defined]
    asked = [r for r in g.state.requests.values() if purpose_of(r.order) == "resupply"]
    assert [r.order.destination for r in asked] == ["timbuktu"]
    bold = Game(without_events(with_host(sandbox, **EASY)), 2)
    block(bold, "timbuktu-gao", 90)
    bold.state.sites["timbuktu"].supply_days = 4.0
    bold.advance()
    POLICIES["bold"](bold, 2).play_day()  # type: ignore[attr-defined]
    assert not [r for r in bold.state.requests.values() if purpose_of(r.order) == "resupply"]


def test_same_orders_same_game_with_resupply(sandbox):
    def run() -> str:
        g = Game(without_events(with_host(sandbox, **EASY)), 4)
        block(g, "timbuktu-gao", 60)
        advance(g, 6)
        g.order(resupply("timbuktu", ref="air"))
        _dispatch_when_approved(g, "air")
        g.order({"kind": "dispatch", "request": "air"})
        advance(g, 3)
        return g.digest()

    assert run() == run()
