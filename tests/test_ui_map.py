"""The map (issue 11, item 5): markers for exits, airfields, blocked roads, convoys and flights on
their way, and the army's and armed groups' positions as the engine's outlook gives them; only the
scenario's own sites; no label overlapping another label or a mark at any size from 80×24 to 200
columns; and a legend on `?` (the help screen)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from game.engine import Game  # noqa: E402
from game.model.content import Force, World  # noqa: E402
from game.ui.app import DrawdownApp  # noqa: E402
from game.ui.screens.game import GameScreen  # noqa: E402
from game.ui.screens.help import HelpScreen  # noqa: E402
from game.ui.widgets import map as m  # noqa: E402
from game.ui.widgets.map import Layout, MapView  # noqa: E402
from game.worlds import load_world  # noqa: E402

DATA = Path(__file__).parent / "data"
REFS = [
    "drawdown-2023",
    "north-2023",
    "tutorial",
    "sandbox",
    str(DATA / "darfur" / "scenario.toml"),
]


def mark_at(layout: Layout, sid: str, dx: int) -> m.Mark | None:
    x, y = layout.sites[sid]
    return layout.marks.get((x + dx, y))


def assert_no_collisions(layout: Layout) -> None:
    seen: set[tuple[int, int]] = set()
    for label in layout.labels:
        cells = label.cells
        assert 0 <= label.x and label.x + len(label.text) <= layout.width, label
        assert 0 <= label.y < layout.height, label
        assert seen.isdisjoint(cells), f"{label} overlaps another label"
        assert set(layout.marks).isdisjoint(cells), f"{label} covers a mark"
        seen.update(cells)
    for label in layout.labels:
        # nothing touches a label but its own site's marks: "Gao 120Ansongo" would read as one
        ends = [(label.x - 1, label.y), (label.x + len(label.text), label.y)]
        assert all(end not in seen for end in ends), f"{label} touches another label"
        assert sum(end in layout.marks for end in ends) <= 1, f"{label} touches two marks"


@pytest.fixture(scope="module")
def games() -> dict[str, Game]:
    out = {}
    for ref in REFS:
        game = Game(load_world(ref), 1)
        for _ in range(3):
            game.advance()
        out[ref] = game
    return out


@pytest.mark.parametrize("ref", REFS)
def test_no_label_overlaps_another_or_a_mark_at_any_size(games, ref):
    game = games[ref]
    labelled = 0
    # The map pane's content at 80×24 is about 38×9; over the whole screen at 200×50, 198×46.
    for width in range(20, 201, 6):
        for height in (6, 9, 14, 22, 46):
            layout = m.lay_out(game, width, height)
            assert_no_collisions(layout)
            labelled = max(labelled, len(layout.labels))
    assert labelled == len(game.world.theatre.sites)  # given room, every site is named


def test_only_the_scenarios_own_sites_are_drawn(games):
    tutorial = games["tutorial"]
    layout = m.lay_out(tutorial, 120, 30)
    own = [s.id for s in tutorial.world.theatre.sites]
    assert sorted(layout.sites) == sorted(own) and len(own) < len(
        load_world("drawdown-2023").theatre.sites
    )
    words = " ".join(label.text for label in layout.labels)
    assert "Kidal" not in words and "Tessalit" not in words


def test_exits_and_airfields_are_marked_beside_their_sites(games):
    game = games["sandbox"]
    layout = m.lay_out(game, 120, 30)
    assert game.site_info("gao").air_exit and game.site_info("gao").airfield == "runway"
    assert (mark_at(layout, "gao", 1), mark_at(layout, "gao", 2)) == (m.EXIT, m.RUNWAY)
    assert game.site_info("labbezanga").road_exit
    assert mark_at(layout, "labbezanga", 1) is m.EXIT
    for sid in ("ber", "timbuktu"):  # what each really has, as the theatre says
        info = game.site_info(sid)
        want = {"runway": m.RUNWAY, "helipad": m.HELIPAD, "none": None}[info.airfield]
        assert mark_at(layout, sid, 1) is want, sid


def test_the_army_and_armed_groups_are_marked_as_the_outlook_says(sandbox):
    sc = sandbox.scenario
    start = sc.start
    forces = [
        Force(id="fama", name="army", side="army", arrivals={"ber": start, "timbuktu": "never"}),
        Force(
            id="csp", name="coalition", side="armed", arrivals={"timbuktu": start, "ber": "never"}
        ),
    ]
    world: World = sandbox.model_copy(update={"scenario": sc.model_copy(update={"forces": forces})})
    game = Game(world, 1)
    assert game.camp_outlook("ber").army_close and game.camp_outlook("timbuktu").armed_days == 0
    layout = m.lay_out(game, 120, 30)
    assert mark_at(layout, "ber", -1) is m.ARMY and mark_at(layout, "ber", -2) is None
    assert mark_at(layout, "timbuktu", -1) is m.ARMED
    assert not game.camp_outlook("timbuktu").army_close


def test_blocked_roads_convoys_and_flights_are_drawn(sandbox):
    game = Game(sandbox, 1)
    base = m.draw(game, 120, 30)[1].plain
    assert m.BLOCKED.char not in base and m.CONVOY.char not in base
    game.ctx.state.blocked["ber-timbuktu"] = 5  # the engine's state as a block_route leaves it
    assert game.blocked_until("ber-timbuktu") == game.date_of(5)
    moved = {
        "kind": "move_unauthorized",
        "origin": "timbuktu",
        "destination": "gao",
        "people": 10,
        "vehicles": 2,
    }
    assert game.order(moved).ok
    layout, text = m.draw(game, 120, 30)
    assert m.BLOCKED.char in text.plain
    assert m.CONVOY_UNAUTHORIZED in layout.marks.values()
    assert_no_collisions(layout)


def test_the_legend_explains_every_mark():
    legend = m.legend_markdown()
    for mark in m.LEGEND:
        assert f"| `{mark.char}` | {mark.meaning} |" in legend
    assert len({(mk.char, mk.style) for mk in m.LEGEND}) == len(m.LEGEND)  # no two alike


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_the_map_on_screen_has_no_collisions_and_question_mark_shows_the_legend(
    tmp_path, size
):
    game = Game(load_world("drawdown-2023"), 1)
    app = DrawdownApp(game, "drawdown-2023", saves=str(tmp_path), seed=1)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        view = app.screen.query_one(MapView)
        if size[0] < 100:  # below 100 columns the map shows over the whole screen, on `m`
            assert view.content_size.width == 0
            await pilot.press("m")
        await pilot.pause()
        await pilot.pause()
        assert view.layout_now is not None and view.content_size.width > 0
        assert (view.layout_now.width, view.layout_now.height) == tuple(view.content_size)
        assert_no_collisions(view.layout_now)
        assert view.layout_now.labels
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "The map" in app.screen.query_one("MarkdownViewer").document.source


def test_the_sites_table_says_which_site_stays_open():
    from game.ui.widgets.panels import SitesTable

    game = Game(load_world(str(DATA / "gao-corner.toml")), 1)
    rows = {sid: [str(cell) for cell in cells] for sid, cells in SitesTable().rows_of(game)}
    assert rows["gao"][-1] == "stays (150)"  # its liquidation team
    assert rows["castor"][-1] == "15 Dec" and rows["labbezanga"][-1] == "—"
