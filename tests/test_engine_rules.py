"""The rules, order by order: what applies, what is refused and why, and the authorization flow."""

from __future__ import annotations

import pytest
from conftest import with_host, without_events
from invariants import check_invariants

from game.engine import Game
from game.model import adapters
from game.model.log import ConvoyArrived, ConvoyIncident

EASY = dict(approve=1.0, per_relation=0.0, conditions_share=0.0, lead_days=2)
HOSTILE = dict(approve=0.0, per_relation=0.0, delay_share=0.0, lead_days=2)


def convoy(**kw):
    order = {
        "kind": "request_movement",
        "origin": "timbuktu",
        "destination": "ber",
        "trucks": 10,
    }
    order.update(kw)
    return order


def refusal(game: Game, order: dict) -> str:
    result = game.order(order)
    assert not result.ok, result
    assert game.state.log[-1].kind == "refused"
    return result.message


@pytest.fixture
def easy(sandbox):
    return Game(without_events(with_host(sandbox, **EASY)), 7)


@pytest.fixture
def hostile(sandbox):
    return Game(without_events(with_host(sandbox, **HOSTILE)), 7)


def advance_to(game: Game, day: int) -> None:
    while game.state.day < day:
        game.advance()


def test_authorized_convoy_end_to_end(easy):
    g = easy
    result = g.order(convoy(ref="up"))
    assert result.ok and result.ref == "up"
    assert "answer expected 2023-08-04" in result.message
    # note verbale adds a day: lead 2 + 1 => usable on day 3
    assert refusal(g, {"kind": "dispatch", "request": "up"}).startswith("up is still waiting")
    advance_to(g, 3)
    req = g.state.requests["up"]
    assert req.status == "approved" and req.valid_from == 3
    trucks_before = g.state.sites["timbuktu"].trucks
    assert g.order({"kind": "dispatch", "request": "up"}).ok
    assert g.state.sites["timbuktu"].trucks == trucks_before - 10
    assert g.state.requests["up"].status == "used"
    assert refusal(g, {"kind": "dispatch", "request": "up"}) == "request up is used"
    for _ in range(12):
        g.advance()
        check_invariants(g)
        if not g.state.convoys:
            break
    assert not g.state.convoys
    lost = sum(e.data.trucks_lost for e in g.state.log if isinstance(e.data, ConvoyIncident))
    assert g.state.sites["ber"].trucks == 10 - lost
    arrivals = [
        e for e in g.state.log if isinstance(e.data, ConvoyArrived) and e.data.destination == "ber"
    ]
    assert len(arrivals) == 1


def test_denied_request_then_unauthorized_dispatch(hostile):
    g = hostile
    assert g.order(convoy(ref="up")).ok
    advance_to(g, 3)
    req = g.state.requests["up"]
    assert req.status == "denied" and req.reason
    message = refusal(g, {"kind": "dispatch", "request": "up"})
    assert "was denied" in message and "without authorization" in message
    relations = g.state.relations
    result = g.order({"kind": "dispatch", "request": "up", "unauthorized": True})
    assert result.ok and "WITHOUT authorization" in result.message
    assert g.state.relations == pytest.approx(relations - g.scenario.host.unauthorized_cost)
    assert g.state.unauthorized_moves == 1
    assert g.state.convoys[0].authorized is False


def test_move_unauthorized_costs_relations(easy):
    g = easy
    before = g.state.relations
    result = g.order({**convoy(), "kind": "move_unauthorized"})
    assert result.ok
    assert g.state.relations < before
    assert g.summary().unauthorized_moves == 1


def test_freeze_denies_with_its_reason(sandbox):
    from game.model.content import FreezeMovement

    world = with_host(
        sandbox,
        **EASY,
        conditions=[
            FreezeMovement(
                kind="freeze_movement",
                id="north",
                regions=["Timbuktu"],
                description="movement in Timbuktu region is frozen",
            )
        ],
    )
    g = Game(without_events(world), 1)
    g.order(convoy(ref="up"))
    advance_to(g, 3)
    assert g.state.requests["up"].status == "denied"
    assert g.state.requests["up"].reason == "movement in Timbuktu region is frozen"


def test_authorization_expires(easy):
    g = easy
    g.order(convoy(ref="up"))
    advance_to(g, 3)
    req = g.state.requests["up"]
    advance_to(g, req.valid_until + 1)
    assert req.status == "expired"
    assert "expired" in refusal(g, {"kind": "dispatch", "request": "up"})


@pytest.mark.parametrize(
    ("order", "reason"),
    [
        (convoy(destination="nowhere"), "there is no site 'nowhere' (destination)"),
        (convoy(destination="timbuktu"), "origin and destination are the same site"),
        (
            convoy(containers=20, trucks=10),
            "20 containers and sensitive items need 20 trucks; only 10 requested",
        ),
        (
            convoy(people=100, vehicles=2),
            "100 people need seats: 2 vehicles and 10 trucks carry 12; add vehicles",
        ),
        (convoy(trucks=0), "the convoy carries nothing"),
        (
            convoy(people=6, vehicles=1, escort="heavy"),
            "a heavy escort needs 60 troops in the convoy; only 6 people planned",
        ),
        (convoy(contingent="martians", people=1, vehicles=1), "there is no contingent 'martians'"),
        (convoy(via=["gao-labbezanga"]), "route 'gao-labbezanga' does not start at 'timbuktu'"),
        ({"kind": "dispatch", "request": "r99"}, "there is no request 'r99'"),
        ({"kind": "cancel", "request": "r99"}, "there is no request 'r99'"),
        (
            {"kind": "handover", "site": "labbezanga"},
            "Labbezanga border crossing is not a mission site",
        ),
        (
            {"kind": "handover", "site": "ber"},
            "4 sensitive items are still at Ber: move or destroy them first",
        ),
        (
            {"kind": "destroy", "site": "ber", "containers": 999},
            "only 40 containers at Ber, not 999",
        ),
        (
            {"kind": "destroy", "site": "labbezanga"},
            "nothing to destroy at Labbezanga border crossing",
        ),
        (
            {"kind": "choose", "event": "fighting-near-ber", "choice": "hold"},
            "event 'fighting-near-ber' is not waiting for a decision",
        ),
        ({"kind": "release", "event": "nope"}, "there is no event 'nope'"),
        (
            {
                "kind": "request_flight",
                "origin": "ber",
                "destination": "gao",
                "aircraft": "c130",
                "people": 5,
            },
            "Ber has no airfield",
        ),
        (
            {
                "kind": "request_flight",
                "origin": "timbuktu",
                "destination": "home",
                "aircraft": "c130",
                "people": 5,
            },
            "flights home leave only from an air exit; Timbuktu is not one",
        ),
        (
            {
                "kind": "request_flight",
                "origin": "gao",
                "destination": "home",
                "aircraft": "mi8",
                "people": 5,
            },
            "the Mi-8 helicopter cannot fly out of the country",
        ),
        (
            {
                "kind": "request_flight",
                "origin": "gao",
                "destination": "timbuktu",
                "aircraft": "c130",
                "people": 500,
            },
            "1 sortie(s) of the C-130 transport carry 80 people, not 500",
        ),
        (
            {
                "kind": "request_flight",
                "origin": "gao",
                "destination": "timbuktu",
                "aircraft": "an124",
                "people": 5,
            },
            "there is no aircraft type 'an124'",
        ),
    ],
)
def test_each_refusal_reason(easy, order, reason):
    assert refusal(easy, order) == reason
    check_invariants(easy)


def test_refusal_changes_nothing(easy):
    g = easy
    before = adapters.dump(g.state)
    before.pop("log")
    refusal(g, convoy(containers=20, trucks=10))
    after = adapters.dump(g.state)
    after.pop("log")
    assert before == after


def test_dispatch_refused_when_cargo_is_gone(sandbox):
    from conftest import with_rules

    # no army checkpoint turns the vehicles back (that rule is tested in test_rules_host.py)
    world = with_rules(without_events(with_host(sandbox, **EASY)), "host", checkpoint_chance=0.0)
    g = Game(world, 7)
    g.order(
        convoy(
            ref="up",
            origin="ber",
            destination="timbuktu",
            trucks=0,
            containers=0,
            people=30,
            vehicles=5,
        )
    )
    # the vehicles leave another way (destroying them takes the camp days: rules.equipment)
    assert g.order(
        {
            "kind": "move_unauthorized",
            "origin": "ber",
            "destination": "timbuktu",
            "people": 160,
            "vehicles": 28,
        }
    ).ok
    advance_to(g, 3)
    assert (
        refusal(g, {"kind": "dispatch", "request": "up"})
        == "not enough at Ber: 5 vehicles wanted, 2 there"
    )


def test_duplicate_ref_refused(easy):
    assert easy.order(convoy(ref="a")).ok
    assert refusal(easy, convoy(ref="a")) == "there is already a request named 'a'"


def test_handover_then_handover_again(easy):
    g = easy
    assert g.order(
        {"kind": "destroy", "site": "ber", "sensitive": 4, "containers": 0, "vehicles": 0}
    ).ok
    g.advance()  # the people at Ber destroy them in a day
    assert g.order({"kind": "handover", "site": "ber"}).ok
    led = g.state.ledger
    assert led.containers.handed_over == 40 and led.vehicles.handed_over == 30
    assert led.sensitive.destroyed == 4
    assert refusal(g, {"kind": "handover", "site": "ber"}) == "Ber is already handed over"
    check_invariants(g)


def test_handover_refused_where_host_cannot_take_over(sandbox):
    sc = sandbox.scenario
    sites = [
        s.model_copy(update={"host_can_take_over": False}) if s.id == "timbuktu" else s
        for s in sc.sites
    ]
    world = sandbox.model_copy(update={"scenario": sc.model_copy(update={"sites": sites})})
    g = Game(world, 1)
    g.order({"kind": "destroy", "site": "timbuktu", "sensitive": 2, "containers": 0, "vehicles": 0})
    assert refusal(g, {"kind": "handover", "site": "timbuktu"}) == (
        "the host has no forces near Timbuktu to receive it; evacuate or destroy what is there"
    )


def test_handover_refused_when_relations_are_poor(sandbox):
    g = Game(without_events(with_host(sandbox, relations=10)), 1)
    g.order({"kind": "destroy", "site": "ber", "sensitive": 4, "containers": 0, "vehicles": 0})
    g.advance()  # the people at Ber destroy them in a day
    assert "relations are too poor" in refusal(g, {"kind": "handover", "site": "ber"})


def test_reinforce_uses_the_qrf(easy):
    g = easy
    assert g.order({"kind": "reinforce", "site": "ber"}).ok
    assert g.state.qrf_free == 0
    assert (
        refusal(g, {"kind": "reinforce", "site": "timbuktu"}) == "no quick-reaction force is free"
    )
    advance_to(g, g.state.sites["ber"].qrf_until + 1)
    assert g.state.qrf_free == 1


def test_engage_has_a_cooldown_and_presses_requests(easy):
    g = easy
    before = g.state.relations
    assert g.order({"kind": "engage"}).ok
    assert g.state.relations > before
    assert "will see you again on" in refusal(g, {"kind": "engage"})
    g.order(convoy(ref="up"))
    advance_to(g, 1)
    assert refusal(g, {"kind": "engage", "request": "up"}).startswith(
        "the ministry will see you again"
    )
    advance_to(g, 3)
    assert g.state.requests["up"].status == "approved"
    assert "not waiting for an answer" in refusal(g, {"kind": "engage", "request": "up"})


def test_event_choice_and_default(sandbox):
    world = with_host(sandbox, **EASY)
    g = Game(world, 3)
    advance_to(g, 8)  # fired at the end of 2023-08-08 (day 7)
    assert [p.event for p in g.state.pending_choices] == ["fighting-near-ber"]
    assert "is not an option" in refusal(
        g, {"kind": "choose", "event": "fighting-near-ber", "choice": "x"}
    )
    assert g.order({"kind": "choose", "event": "fighting-near-ber", "choice": "leave-early"}).ok
    assert str(g.state.sites["ber"].target_date) == "2023-08-13"
    assert g.state.fired["fighting-near-ber"] == "leave-early"
    # unanswered: the default applies at the next day's resolution
    g2 = Game(world, 3)
    advance_to(g2, 9)
    assert g2.state.fired["fighting-near-ber"] == "hold"
    assert not g2.state.pending_choices


def test_blockade_refuses_dispatch(sandbox):
    g = Game(with_host(sandbox, **EASY), 3)
    g.order(
        {
            "kind": "request_movement",
            "ref": "out",
            "origin": "timbuktu",
            "destination": "gao",
            "trucks": 5,
        }
    )
    advance_to(g, 10)  # the blockade fires on 2023-08-08 (day 7) for 7 days [A51]
    g.order(
        {
            "kind": "request_movement",
            "ref": "out2",
            "origin": "timbuktu",
            "destination": "gao",
            "trucks": 5,
        }
    )
    advance_to(g, 13)
    message = refusal(g, {"kind": "dispatch", "request": "out2"})
    assert message == "the road Timbuktu–Gao is blocked until 2023-08-14"


def test_flight_home_withdraws_people(easy):
    g = easy
    g.order(
        {
            "kind": "request_flight",
            "ref": "out",
            "origin": "gao",
            "destination": "home",
            "aircraft": "c130",
            "people": 20,
        }
    )
    advance_to(g, 3)
    assert g.order({"kind": "dispatch", "request": "out"}).ok
    g.advance()
    assert g.state.ledger.withdrawn == 20
    assert g.state.sites["gao"].headcount == 0
    check_invariants(g)


def test_sorties_are_limited_per_day(easy):
    g = easy
    for ref in ("a", "b"):
        g.order(
            {
                "kind": "request_flight",
                "ref": ref,
                "origin": "gao",
                "destination": "timbuktu",
                "aircraft": "c130",
                "people": 5,
            }
        )
    advance_to(g, 3)
    assert g.order({"kind": "dispatch", "request": "a"}).ok
    assert (
        refusal(g, {"kind": "dispatch", "request": "b"})
        == "only 0 C-130 transport sortie(s) left today"
    )


def test_release_refuses_an_event_that_is_not_held(sandbox):
    g = Game(sandbox, 1)
    assert refusal(g, {"kind": "release", "event": "blockade"}) == "'blockade' is not a held inject"


def test_held_inject_fires_only_when_released(sandbox):
    sc = sandbox.scenario
    events = [e.model_copy(update={"held": True}) if e.id == "blockade" else e for e in sc.events]
    g = Game(sandbox.model_copy(update={"scenario": sc.model_copy(update={"events": events})}), 1)
    advance_to(g, 12)
    assert "blockade" not in g.state.fired
    assert g.order({"kind": "release", "event": "blockade"}).ok
    assert "blockade" in g.state.fired and "timbuktu-gao" in g.state.blocked
    assert (
        refusal(g, {"kind": "release", "event": "blockade"})
        == "'blockade' has already been released"
    )


def test_site_left_empty_without_handover_is_abandoned_then_taken(sandbox):
    from game.model.content import SiteSetup

    sc = with_host(sandbox, **EASY).scenario
    sites = [s for s in sc.sites if s.id != "ber"] + [
        SiteSetup(id="ber", garrison={"burkina": 150})
    ]
    g = Game(
        without_events(
            sandbox.model_copy(update={"scenario": sc.model_copy(update={"sites": sites})})
        ),
        5,
    )
    assert g.order(
        {
            "kind": "move_unauthorized",
            "origin": "ber",
            "destination": "timbuktu",
            "people": 150,
            "vehicles": 25,
        }
    ).ok
    g.advance()
    ber = g.state.sites["ber"]
    assert ber.status in ("abandoned", "seized", "handed_over")
    assert ber.closed_on is not None
    for _ in range(10):
        g.advance()
    assert ber.status in ("seized", "handed_over")
    if ber.status == "seized":
        assert g.state.ledger.containers.lost >= 40
    check_invariants(g)


def test_game_ends_on_the_deadline(sandbox):
    g = Game(sandbox, 2)
    g.play_to_end()
    assert g.finished and g.state.date == sandbox.scenario.deadline
    assert g.state.end_reason == "deadline"
    assert g.order({"kind": "engage"}).message == "the game is over"
    assert g.advance() == []


def test_estimate_is_in_plain_words(easy):
    from game.model.orders import parse_order

    text = easy.estimate(
        parse_order(convoy(origin="ber", destination="timbuktu", people=30, vehicles=5, trucks=0))
    )
    assert "that the convoy meets an IED" in text and "days on the road" in text
    assert easy.estimate(parse_order(convoy(trucks=0))) == "cannot go: the convoy carries nothing"


def test_a_one_day_road_is_said_in_the_singular():
    """The tutorial's road to the border is one day: '1 day on the road', never '1 days'."""
    from game.worlds import load_world

    game = Game(load_world("tutorial"), 1)
    q = game.quote(
        {
            "kind": "request_movement",
            "origin": "ansongo",
            "destination": "labbezanga",
            "people": 9,
            "vehicles": 2,
        }
    )
    assert q.ok and q.travel_days == 1
    assert "; 1 day on the road" in q.words and "1 days" not in q.words
    longer = game.quote({**convoy(origin="ansongo", destination="gao"), "clearance": True})
    assert longer.travel_days > 1 and f"; {longer.travel_days} days on the road" in longer.words


def test_undo_goes_back_one_order(easy):
    g = easy
    g.order(convoy(ref="a"))
    g.order({"kind": "engage"})
    back = g.undo()
    assert "a" in back.state.requests
    assert back.state.last_engage < 0
    assert back.record == g.record[:-1]
