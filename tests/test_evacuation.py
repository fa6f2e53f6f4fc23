"""The evacuation planner's proposals (game/bots/evacuation.py), as a player would judge them: each
leg a typed request order the engine takes, the garrison kept until the last column, the nearest
exits by road and by air, no column of empty vehicles, and trucks fetched for the containers the
camp's own trucks cannot carry, or the host's reason why they cannot come."""

from __future__ import annotations

import pytest

from game.bots.evacuation import plan_evacuation
from game.engine import Game
from game.model.orders import RequestFlight, RequestMovement
from game.worlds import load_world

SCENARIOS = ("tutorial", "sandbox", "north-2023", "ber-2023", "drawdown-2023")


def game_of(scenario: str, seed: int = 1) -> Game:
    return Game(load_world(scenario), seed)


def convoys_from(plan, site: str) -> list[RequestMovement]:
    return [
        leg.order
        for leg in plan.legs
        if isinstance(leg.order, RequestMovement) and leg.order.origin == site
    ]


def test_legs_are_typed_request_orders_the_engine_takes():
    game = game_of("north-2023")
    plan = plan_evacuation(game, "tessalit")
    assert plan.legs
    for leg in plan.legs:
        assert isinstance(leg.order, RequestMovement | RequestFlight)
        assert leg.quote == game.quote(leg.order)
        assert game.check(leg.order).ok


def test_the_camp_keeps_its_minimum_garrison_until_the_last_column():
    """Tessalit (316 people, minimum garrison 150): the first column used to take 240 and leave
    76. Now the columns before the last take only those above the garrison, the last takes the
    garrison, and the plan says to send it last."""
    game = game_of("north-2023")
    site = game.state.sites["tessalit"]
    plan = plan_evacuation(game, "tessalit")
    columns = convoys_from(plan, "tessalit")
    assert len(columns) > 1 and plan.garrison_leg == len(columns) - 1
    last = plan.legs[plan.garrison_leg].order
    assert last.people == site.min_garrison == 150
    early = sum(o.people for o in columns[:-1]) + sum(
        leg.order.people for leg in plan.legs if isinstance(leg.order, RequestFlight)
    )
    assert early + last.people == site.headcount
    # whichever of the other legs go first, the engine counts the camp as garrisoned
    trial = game_of("north-2023")
    for order in columns[:-1]:
        assert trial.order({**order.model_dump(), "kind": "move_unauthorized"}).ok
    assert trial.state.sites["tessalit"].headcount >= site.min_garrison
    assert trial.quote(last).garrison_left == 0
    assert plan.notes[0] == f"Leg {len(columns)} takes the last 150 (the garrison): send it last."


def test_a_camp_that_cannot_seat_everyone_keeps_its_garrison_whole():
    """Sandbox Ber: 200 people, seats for 180 and no airfield. Leaving 20 behind would leave a
    thin camp; the plan takes those above the garrison and says the garrison stays."""
    game = game_of("sandbox")
    site = game.state.sites["ber"]
    plan = plan_evacuation(game, "ber")
    moved = sum(leg.order.people for leg in plan.legs)
    assert moved == site.headcount - site.min_garrison
    assert plan.left["people"] == site.min_garrison
    assert f"The garrison ({site.min_garrison}) stays" in " ".join(plan.notes)


def test_the_tutorial_crosses_the_border_rather_than_going_to_gao():
    """From Ansongo the Labbezanga border and Gao are each a day away; whoever reaches the border
    has left the country, while from Gao they would still need a flight (the tutorial's own
    mission says Labbezanga)."""
    game = game_of("tutorial")
    routes = {r.id: r.days for r in game.routes.values()}
    assert routes["ansongo-labbezanga"] == routes["gao-ansongo"]
    plan = plan_evacuation(game, "ansongo")
    (leg,) = plan.legs
    assert isinstance(leg.order, RequestMovement) and leg.order.destination == "labbezanga"
    assert leg.order.people == game.state.sites["ansongo"].headcount and plan.left == {}


def test_convoys_still_go_to_the_nearest_exit_when_the_border_is_further():
    game = game_of("north-2023")  # Tessalit: Gao 5 days, the border 7
    assert {o.destination for o in convoys_from(plan_evacuation(game, "tessalit"), "tessalit")} == {
        "gao"
    }


def test_flights_go_to_the_nearest_air_exit_not_the_first_listed():
    """North-2023 lists Bamako before Gao; from Tessalit, Gao is the nearer airfield."""
    game = game_of("north-2023")
    exits = [sid for sid, s in game.sites.items() if s.air_exit]
    assert exits.index("bamako") < exits.index("gao")
    flights = [leg.order for leg in plan_evacuation(game, "tessalit").legs]
    flights = [o for o in flights if isinstance(o, RequestFlight)]
    assert flights and {o.destination for o in flights} == {"gao"}


def test_flights_use_only_aircraft_the_engine_lets_fly_that_way():
    """From Bamako (an air exit) the C-130 cannot fly out of the country: no leg proposes it."""
    game = game_of("drawdown-2023")
    plan = plan_evacuation(game, "bamako")
    assert plan.legs and all(leg.quote.ok for leg in plan.legs), [
        leg.quote.reason for leg in plan.legs if not leg.quote.ok
    ]
    assert all(isinstance(leg.order, RequestFlight) for leg in plan.legs)
    assert {leg.order.destination for leg in plan.legs} == {"home"}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_no_column_of_empty_vehicles(scenario):
    """A convoy from the camp carries people or loads: '60 vehicles, no escort' with nobody in
    them was proposed at Tessalit, Aguelhok and Mopti."""
    game = game_of(scenario)
    for sid, site in game.state.sites.items():
        if not (site.headcount or site.containers):
            continue
        for order in convoys_from(plan_evacuation(game, sid), sid):
            assert order.people or order.containers or order.sensitive, (sid, order)
            if order.vehicles:
                assert order.people, (sid, order)


def test_people_are_spread_so_every_column_of_tessalit_has_an_escort():
    game = game_of("north-2023")
    columns = convoys_from(plan_evacuation(game, "tessalit"), "tessalit")
    assert [o.escort for o in columns] == ["light"] * len(columns)


def test_trucks_are_fetched_for_the_containers_no_column_carries():
    """Ber-2023's Ber: its 10 trucks carry 20 of 60 loads; Timbuktu has trucks to spare, so the
    plan fetches enough for the rest (as the host would allow) and says to plan again."""
    game = game_of("ber-2023")
    plan = plan_evacuation(game, "ber")
    fetch = [
        leg
        for leg in plan.legs
        if isinstance(leg.order, RequestMovement) and leg.order.destination == "ber"
    ]
    assert fetch and all(leg.quote.ok and not leg.quote.refused_because for leg in fetch)
    trucks = sum(leg.order.trucks for leg in fetch)
    assert game.truck_load(trucks) >= plan.left["containers"] > game.truck_load(trucks - 1)
    assert all(leg.order.origin != "ber" and not leg.order.people for leg in fetch)
    assert f"The {trucks} trucks fetched" in " ".join(plan.notes)


def test_trucks_that_the_host_bars_are_not_proposed_and_the_plan_says_why():
    """North-2023: Gao's trucks would carry Tessalit's containers, but convoys into the Kidal
    region are barred; the plan says so in the engine's words rather than propose them."""
    game = game_of("north-2023")
    plan = plan_evacuation(game, "tessalit")
    assert all(leg.order.origin == "tessalit" for leg in plan.legs)
    barred = game.quote(
        RequestMovement(kind="request_movement", origin="gao", destination="tessalit", trucks=1)
    ).refused_because
    assert barred
    assert f"Trucks from {game.name('gao')} cannot come: {barred}." in plan.notes


# ------------------------------------------------------------------ what no leg carries, in words


def test_an_air_exit_ships_its_containers_out_rather_than_bringing_trucks():
    """Drawdown-2023's Bamako is an air exit with 60 trucks of its own: the line said "hand over,
    destroy, or bring trucks" for its 600 containers, yet the engine ships them out from there at
    the air export rate, and its vehicles can drive to the Niger border."""
    game = game_of("drawdown-2023")
    site = game.state.sites["bamako"]
    plan = plan_evacuation(game, "bamako")
    rate = game.rules.equipment.air_export_per_day
    assert game.export_per_day("bamako") == rate == 12
    assert plan.left == {"containers": site.containers, "vehicles": site.vehicles}
    assert plan.advice == (
        f"Not carried: 600 containers, 350 vehicles. Containers: they ship out from here, "
        f"{rate} a day (about 50 days). Vehicles: drive them to Labbezanga (Niger border), "
        "hand over or destroy."
    )
    # both are true: a day later 12 fewer loads are there (sensitive items go first), and the
    # vehicles may go by road
    before = site.containers + site.sensitive
    game.advance()
    after = game.state.sites["bamako"]
    assert after.containers + after.sensitive == before - rate
    drive = {"origin": "bamako", "destination": "labbezanga", "people": 40, "vehicles": 10}
    verdict = game.check({"kind": "request_movement", **drive, "escort": "light"})
    assert verdict.ok, verdict.reason


def test_where_trucks_cannot_come_the_advice_does_not_offer_them():
    """North-2023's Tessalit: trucks from Gao are barred from the Kidal region, so "bring trucks"
    was advice the player could not follow; where the plan fetches trucks (ber-2023's Ber), it
    stays."""
    tessalit = plan_evacuation(game_of("north-2023"), "tessalit")
    assert tessalit.advice == "Not carried: 190 containers. Containers: hand over or destroy."
    ber = plan_evacuation(game_of("ber-2023"), "ber")
    assert (
        ber.advice == "Not carried: 44 containers. Containers: hand over, destroy, or bring trucks."
    )


def test_a_camp_is_not_an_exit_and_exports_nothing():
    game = game_of("north-2023")
    assert game.export_per_day("tessalit") == 0
    assert game.export_per_day("labbezanga") == game.rules.equipment.road_export_per_day


# ------------------------------------------------------------------ the garrison column's escort


def test_the_garrison_column_keeps_the_troops_for_its_escort():
    """Drawdown-2023's Ménaka (500 Nigerien troops, 257 police and civilians, garrison 150): the
    engine seats troops first, so the three columns before the garrison's took every soldier and
    the garrison's column went with no escort. Now the columns before it carry troops only, the
    last keeps a light escort and seats the police and civilians it can, and the few others fly
    by contingent; played in that order, the engine takes every leg as planned."""
    game = game_of("drawdown-2023")
    site = game.state.sites["menaka"]
    plan = plan_evacuation(game, "menaka")
    columns = convoys_from(plan, "menaka")
    flights = [leg.order for leg in plan.legs if isinstance(leg.order, RequestFlight)]
    assert [o.escort for o in columns] == ["light"] * 4
    assert plan.garrison_leg == 3 and columns[-1].people >= site.min_garrison
    carried = sum(o.people for o in columns) + sum(o.people for o in flights)
    assert carried == site.headcount and "people" not in plan.left
    fly = {o.contingent: o.people for o in flights if o.people}
    assert fly and all(game.contingents[c].kind != "troops" for c in fly)
    trial = game_of("drawdown-2023")
    for order in columns[:-1]:
        assert trial.order({**order.model_dump(), "kind": "move_unauthorized"}).ok
    # the garrison is still there, and the last column may go with its light escort
    assert trial.state.sites["menaka"].headcount >= site.min_garrison
    last = trial.check(columns[-1])
    assert last.ok, last.reason
    assert trial.order({**columns[-1].model_dump(), "kind": "move_unauthorized"}).ok
    # what stays is exactly who the flights name, and the engine would clear them to fly
    assert {c: n for c, n in trial.state.sites["menaka"].people.items() if n} == fly
    for order in flights:
        verdict = trial.check(order)
        assert verdict.ok, verdict.reason
    assert plan.notes[0] == (
        f"Leg 4 takes the last {columns[-1].people} (the garrison among them): send it last."
    )


def test_where_no_flight_can_take_the_others_the_plan_says_why_the_garrison_goes_unescorted():
    """Ménaka without its airfield: the police and civilians the garrison column cannot seat have
    no flight, so the plan carries everyone as before (the columns before take the troops first)
    and says why the last column has no escort, rather than leave people behind."""
    world = load_world("drawdown-2023")
    sites = [
        s.model_copy(update={"airfield": "none"}) if s.id == "menaka" else s
        for s in world.theatre.sites
    ]
    world = world.model_copy(update={"theatre": world.theatre.model_copy(update={"sites": sites})})
    game = Game(world, 1)
    plan = plan_evacuation(game, "menaka")
    columns = convoys_from(plan, "menaka")
    assert all(isinstance(leg.order, RequestMovement) for leg in plan.legs)
    assert sum(o.people for o in columns) == game.state.sites["menaka"].headcount
    assert [o.escort for o in columns] == ["light", "light", "light", "none"]
    assert (
        "Leg 4 (the garrison) goes without the escort its troops could give: the legs before it "
        "take the troops first, and no flight can take the others."
    ) in plan.notes
