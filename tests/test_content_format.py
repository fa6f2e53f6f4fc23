"""The additive format change made for the documented scenarios: a freeze on movement *into* regions.

On 24 Sep 2023 the mission's trucks were barred from leaving Gao for the northern camps, while convoys
coming south were still decided case by case; `freeze_movement` with `toward_only = true` models that.
"""

from __future__ import annotations

from game.content import make_world
from game.engine import Game
from game.engine.day import approval_chance
from game.model.checked import check
from game.model.content import Scenario, Theatre, World
from game.model.orders import RequestMovement
from game.model.state import Request

THEATRE = {
    "id": "t",
    "title": "t",
    "sites": [
        {"id": "n", "name": "North", "region": "Kidal", "lat": 18, "lon": 1, "garrison": {"x": 10}},
        {"id": "s", "name": "South", "region": "Gao", "lat": 16, "lon": 0, "air_exit": True},
    ],
    "routes": [
        {"id": "n-s", "a": "n", "b": "s", "days": 1, "stretches": [{"name": "road", "km": 100}]}
    ],
}


def world(toward_only: bool | None) -> World:
    cond = {"kind": "freeze_movement", "id": "f", "regions": ["Kidal"]}
    if toward_only is not None:
        cond["toward_only"] = toward_only
    sc = check(
        Scenario,
        {
            "id": "s",
            "title": "s",
            "theatre": "t",
            "start": "2023-09-24",
            "deadline": "2023-10-24",
            "contingents": [{"id": "x", "name": "x"}],
            "host": {"conditions": [cond]},
        },
    )
    return make_world(sc, check(Theatre, THEATRE))


def chance(w: World, origin: str, destination: str) -> tuple[float, str]:
    g = Game(w, 1)
    order = RequestMovement(
        kind="request_movement", origin=origin, destination=destination, trucks=1
    )
    req = Request(id="r", kind="movement", order=order, requested=0, decide=0)
    return approval_chance(g.ctx, req)


def test_toward_only_freeze_refuses_only_movement_into_the_region():
    w = world(True)
    p_in, why_in = chance(w, "s", "n")
    p_out, why_out = chance(w, "n", "s")
    assert p_in == 0.0 and why_in
    assert p_out > 0.0 and why_out == ""


def test_plain_freeze_still_refuses_both_ways():
    for flag in (None, False):
        w = world(flag)
        assert chance(w, "s", "n")[0] == 0.0
        assert chance(w, "n", "s")[0] == 0.0
