"""The bundled content: every file loads, every scenario plays to its end (alone and with each bot),
and the facts the documented scenarios state match the project's research dossier."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import re
from pathlib import Path

import pytest

from game.content import CONTENT_DIR, load_theatre
from game.engine import Game
from game.engine.paths import fastest_path
from game.model.content import FreezeMovement, World
from game.model.saved import GameSummary
from game.worlds import load_world

SCENARIOS = sorted(p.stem for p in (CONTENT_DIR / "scenarios").glob("*.toml"))
DOCUMENTED = ["drawdown-2023", "north-2023", "ber-2023", "rotations-2022", "tutorial"]
# The dossier lives in shared/ beside the checkout (CI lays a copy there too).
_BESIDE = Path(__file__).resolve().parents[2] / "shared" / "sources" / "minusma-2022-2023.md"
DOSSIER = Path(os.environ.get("DRAWDOWN_DOSSIER", _BESIDE))
KEY = re.compile(r"\[([ABGW]\d+)\]")

_WORLDS: dict[str, World] = {}


def world(name: str) -> World:
    if name not in _WORLDS:
        _WORLDS[name] = load_world(name)
    return _WORLDS[name]


def dossier_sources() -> dict[str, str]:
    """Key → address from the dossier's SOURCES list (the test skips if the dossier is absent)."""
    if not DOSSIER.is_file():
        pytest.skip(f"research dossier not found at {DOSSIER}")
    text = DOSSIER.read_text(encoding="utf-8").split("\nSOURCES\n", 1)[1]
    out = {}
    for line in text.splitlines():
        m = re.match(r"^([ABGW]\d+) (\S+)", line.strip())
        if m:
            out[m.group(1)] = m.group(2)
    return out


# --------------------------------------------------------------------------- loading


@pytest.mark.parametrize("path", sorted((CONTENT_DIR / "theatres").glob("*.toml")), ids=str)
def test_every_theatre_loads(path):
    theatre, _ = load_theatre(path)
    assert theatre.sites


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_scenario_loads(name):
    w = world(name)
    assert w.scenario.id == name


@pytest.mark.parametrize("path", sorted((CONTENT_DIR / "exercises").glob("*.toml")), ids=str)
def test_every_exercise_loads(path):
    exercises = pytest.importorskip("game.training.exercises")
    assert exercises.load_exercise_world(path).scenario.id


def test_documented_scenarios_are_bundled():
    assert set(DOCUMENTED) <= set(SCENARIOS)


# --------------------------------------------------------------------------- playing


def check_ledgers(summary: GameSummary) -> None:
    p = summary.personnel
    assert p.total == p.withdrawn + p.remaining + p.killed
    c = summary.containers
    assert c.total == c.repatriated + c.handed_over + c.destroyed + c.lost + c.remaining


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_scenario_runs_to_its_end(name):
    w = world(name)
    g = Game(w, 7)
    g.play_to_end()
    assert g.finished
    s = g.summary()
    assert s.final_date <= w.scenario.deadline.isoformat()
    check_ledgers(s)


def _bots():
    spec = importlib.util.find_spec("game.bots.policies")
    if spec is None:
        return None
    module = importlib.import_module("game.bots.policies")
    if not hasattr(module, "POLICIES") or not hasattr(module, "play"):
        return None
    return module


import importlib  # noqa: E402

BOTS = _bots()
POLICY_NAMES = sorted(BOTS.POLICIES) if BOTS else []


@pytest.mark.skipif(BOTS is None, reason="game.bots.policies has no POLICIES/play yet")
@pytest.mark.parametrize("policy", POLICY_NAMES)
@pytest.mark.parametrize("name", DOCUMENTED)
def test_every_scenario_plays_with_each_bot(name, policy):
    g = BOTS.play(world(name), 1, policy)
    assert g.finished
    check_ledgers(g.summary())


# --------------------------------------------------------------------------- facts from the dossier


def path_km(w: World, a: str, b: str) -> int:
    routes = fastest_path(w.theatre, a, b)
    assert routes is not None, f"no road {a}–{b}"
    return sum(r.km for r in routes)


# (from, to, lowest km, highest km, dossier keys)
DISTANCES = [
    ("kidal", "gao", 345, 355, "352 km [A16]; ~350 km [A15]"),
    ("tessalit", "aguelhok", 80, 85, "80 km [G3]; 85 km [G1]"),
    ("aguelhok", "gao", 425, 435, "430 km [G2]"),
    ("kidal", "anefis", 100, 112, "100 [A90], 110 [G27], 112 km [W3]"),
    ("gao", "timbuktu", 320, 320, "320 km [G5]"),
    ("mopti", "douentza", 145, 145, "145 km [G12]"),
    ("gao", "ansongo", 80, 103, "80/90/103 km [G26][G9][G5]"),
    ("timbuktu", "goundam", 91, 97, "91–97 km [G18][G11]"),
    ("timbuktu", "ber", 57, 60, "~60 km [G16]; 57 km [A32]"),
    ("timbuktu", "douentza", 175, 205, "205 km [G19]; 175 km [G20]"),
    ("ansongo", "menaka", 201, 230, "over 200 km [G28]"),
    ("gao", "menaka", 290, 310, "~300 km [G25]"),
    ("bamako", "gao", 1200, 1220, "~1,210 km [G23]"),
]


@pytest.mark.parametrize("a,b,low,high,why", DISTANCES, ids=[f"{d[0]}-{d[1]}" for d in DISTANCES])
def test_distances_match_the_dossier(a, b, low, high, why):
    km = path_km(world("drawdown-2023"), a, b)
    assert low <= km <= high, f"{a}–{b} is {km} km; the dossier says {why}"


def test_kidal_gao_is_normally_one_days_drive_but_a_convoy_takes_longer():
    # "normally one day" [A16]; the military convoy's days are a game assumption, at least that
    routes = fastest_path(world("drawdown-2023").theatre, "kidal", "gao")
    assert [r.id for r in routes] == ["kidal-anefis", "anefis-gao"]
    assert sum(r.days for r in routes) >= 1


DOCUMENTED_COORDS = {  # site: (lat, lon) [key]
    "tessalit": (20.20, 1.01),  # [G1]
    "aguelhok": (19.465, 0.856),  # [G2]
    "kidal": (18.433, 1.40),  # 18°26′N 1°24′E [G4]
    "menaka": (15.917, 2.40),  # 15°55′N 2°24′E [G8]
    "ansongo": (15.66, 0.50),  # [G9]
    "mopti": (14.48, -4.17),  # [G10]
    "timbuktu": (16.78, -3.01),  # [G7]
    "gao": (16.27, -0.05),  # [G5]
}
ASSUMED_COORDS = {"ogossagou", "ber", "goundam", "douentza", "bamako", "anefis", "labbezanga"}


def test_theatre_sites_and_coordinates():
    th = world("drawdown-2023").theatre
    sites = {s.id: s for s in th.sites}
    camps = [s for s in th.sites if s.kind in ("camp", "tob", "hq", "hub")]
    assert len(camps) == 13  # 12 camps + the TOB [A28][A30]
    assert sites["ogossagou"].kind == "tob"
    assert sites["bamako"].kind == "hq" and sites["gao"].kind == "hub"
    assert sites["bamako"].air_exit and sites["gao"].air_exit
    assert sites["labbezanga"].road_exit and sites["labbezanga"].kind == "exit"
    assert sites["anefis"].kind == "node"
    for sid, (lat, lon) in DOCUMENTED_COORDS.items():
        s = sites[sid]
        assert (round(s.lat, 3), round(s.lon, 3)) == (lat, lon), sid
        assert not s.coords_assumed, sid
    for sid in ASSUMED_COORDS:
        assert sites[sid].coords_assumed, f"{sid}: coordinates not in the dossier must be marked"
    # airfields as documented: Tessalit airport [G1], Kidal airstrip [G13], Ambodédjo [G14],
    # Timbuktu airport [A50], Gao airport [G5], Goundam aerodrome [A71], Ansongo airstrip [A17]
    for sid in ("tessalit", "kidal", "mopti", "timbuktu", "gao", "goundam", "ansongo", "bamako"):
        assert sites[sid].airfield == "runway", sid
    assert sites["menaka"].airfield == "helipad"  # helicopter rotations [G25]


def test_documented_hotspots_are_marked():
    th = world("drawdown-2023").theatre
    hot = {(r.id, s.name) for r in th.routes for s in r.stretches if s.hotspot}
    names = " | ".join(n for _, n in hot)
    for where in (
        "first 100 km out of Kidal",  # [A16]
        "Anefis–Gao",  # [G32]
        "Tessalit–Aguelhok",  # [G33]
        "Ansongo–Ouattagouna",  # [A48]
        "Acharane",  # Timbuktu–Goundam [G18]
        "Boni",  # RN16 [G21]
        "Hombori",  # Gossi–Hombori [G22]
        "Bandiagara–Sévaré",  # [G35]
    ):
        assert where in names, where
    for r in th.routes:
        assert r.source, r.id
        for s in r.stretches:
            assert s.source, (r.id, s.name)
            if s.hotspot:
                assert KEY.search(s.source), f"hotspot {s.name} needs a dossier source"


def test_drawdown_dates_and_totals():
    w = world("drawdown-2023")
    sc = w.scenario
    assert sc.start == dt.date(2023, 7, 1) and sc.deadline == dt.date(2023, 12, 31)
    g = Game(w, 1)
    people: dict[str, int] = {}
    for site in g.state.sites.values():
        for c, n in site.people.items():
            people[c] = people.get(c, 0) + n
    kinds = {c.id: c.kind for c in sc.contingents}
    uniformed = sum(n for c, n in people.items() if kinds[c] in ("troops", "police"))
    civilians = sum(n for c, n in people.items() if kinds[c] == "civilians")
    assert uniformed == 12_947  # [A30]
    assert civilians == 1_786  # [A30]
    led = g.state.ledger
    assert led.initial["containers"] == 5_500  # ~5,500 [A30][A82]
    assert led.initial["vehicles"] == 4_000  # ~4,000 [A30][A82]
    # contingent totals the dossier gives
    assert people["bangladesh"] == 1_396 and people["bangladesh_fpu"] == 283  # [A72]
    assert people["senegal"] == 1_295  # [A73]
    assert people["chad"] == 1_400  # ~1,400 [A47]
    assert people["germany"] == 1_100  # ~1,100 [A24]
    assert people["togo"] == 650  # [A66]
    assert people["benin"] == 250  # [A75]
    assert people["china"] == 413  # [A77]
    assert people["egypt"] == 460  # >460 [A74]
    st = g.state.sites
    assert st["ogossagou"].headcount == 150  # ~150 Senegalese [A1]
    assert 950 <= st["kidal"].headcount <= 1_050  # ~850 peacekeepers + 150 staff [A41]
    assert st["kidal"].vehicles == 143  # [A15]
    assert sc.historical.figures["personnel.total"] == 14_733


TARGETS = {
    "ogossagou": dt.date(2023, 8, 4),  # [A1]
    "ber": dt.date(2023, 8, 16),  # left 13 Aug, three days early [A3]
    "goundam": dt.date(2023, 8, 16),  # [A4]
    "menaka": dt.date(2023, 8, 25),  # [A5]
    "douentza": dt.date(2023, 10, 21),  # [A7]
    "tessalit": dt.date(2023, 10, 21),  # [A9]
    "aguelhok": dt.date(2023, 10, 23),  # [A11]
    "kidal": dt.date(2023, 11, 15),  # first set for 15 Nov [A44]
    "ansongo": dt.date(2023, 11, 18),  # [A17]
    "mopti": dt.date(2023, 12, 9),  # [A21]
    "timbuktu": dt.date(2023, 12, 28),  # [A22]
}


def test_drawdown_target_dates_follow_the_historical_order():
    setups = {s.id: s for s in world("drawdown-2023").scenario.sites}
    for sid, date in TARGETS.items():
        assert setups[sid].target_date == date, sid
    order = list(TARGETS)  # the dossier's closure order, camps only
    dates = [setups[s].target_date for s in order]
    assert dates == sorted(dates)


EVENT_DATES = {
    "drawdown-2023": {
        "egypt-leaves": (2023, 7, 28),  # [A74]
        "timbuktu-blockade": (2023, 8, 8),  # [A51]
        "ber-fighting": (2023, 8, 11),  # [A2][A84]
        "timbuktu-shelled": (2023, 9, 11),  # [A50]
        "north-freeze": (2023, 9, 24),  # [A33][A9]
        "fama-north": (2023, 10, 2),  # [A55]
        "anefis-taken": (2023, 10, 7),  # [A53]
        "aircraft-hit": (2023, 10, 19),  # [A9]
        "flights-refused": (2023, 10, 27),  # [A37][A44]
        "kidal-taken": (2023, 11, 14),  # [A54]
    },
    "north-2023": {
        "trucks-barred": (2023, 9, 24),
        "anefis-taken": (2023, 10, 7),
        "aircraft-hit": (2023, 10, 19),
        "flights-refused": (2023, 10, 27),
        "helicopters-allowed": (2023, 10, 30),  # [A43]
    },
    "ber-2023": {
        "timbuktu-blockade": (2023, 8, 8),
        "ber-fighting": (2023, 8, 11),
    },
    "rotations-2022": {
        "ivorians-arrested": (2022, 7, 10),  # [B1]
        "rotations-suspended": (2022, 7, 14),  # [B1]
        "spokesman-expelled": (2022, 7, 20),  # [B12]
        "new-procedures": (2022, 8, 1),  # [B8]
        "german-flight-refused": (2022, 8, 12),  # [B11]
        "rotations-resume": (2022, 8, 15),  # [B8][B9][B10]
    },
}


@pytest.mark.parametrize("name", sorted(EVENT_DATES))
def test_event_dates_match_the_dossier(name):
    events = {e.id: e for e in world(name).scenario.events}
    for eid, ymd in EVENT_DATES[name].items():
        e = events[eid]
        assert e.historical, eid
        assert e.trigger.kind == "date" and e.trigger.date == dt.date(*ymd), eid


def test_drawdown_freeze_bars_only_convoys_going_north():
    events = {e.id: e for e in world("drawdown-2023").scenario.events}
    (eff,) = events["north-freeze"].effects
    assert eff.kind == "add_condition"
    assert eff.condition.kind == "freeze_movement" and eff.condition.toward_only
    assert eff.condition.regions == ["Kidal"]


def test_drawdown_has_dilemmas_where_the_mission_had_them():
    events = {e.id: e for e in world("drawdown-2023").scenario.events}
    for eid in ("ber-fighting", "tessalit-under-fire", "flights-refused"):
        assert len(events[eid].choices) >= 2, eid


def test_north_holds_the_trucks_in_gao_and_the_north_cannot_carry_everything():
    w = world("north-2023")
    sc = w.scenario
    assert sc.start == dt.date(2023, 9, 24) and sc.deadline == dt.date(2023, 11, 15)
    g = Game(w, 1)
    st = g.state
    assert st.sites["gao"].trucks == 200  # [A13]
    assert any(
        isinstance(c, FreezeMovement) and c.toward_only and c.regions == ["Kidal"]
        for c in st.conditions
    )
    north = [st.sites[s] for s in ("tessalit", "aguelhok", "kidal")]
    cap = sc.assets.truck_capacity
    assert sum(s.containers + s.sensitive for s in north) > cap * sum(s.trucks for s in north)
    # every person in play is in the three northern camps
    assert {sid for sid, s in st.sites.items() if s.headcount} == {"tessalit", "aguelhok", "kidal"}
    events = {e.id: e for e in sc.events}
    choices = {c.id for c in events["trucks-talks"].choices}
    assert {"negotiate", "wait"} <= choices


def test_ber_scenario():
    w = world("ber-2023")
    sc = w.scenario
    assert sc.start == dt.date(2023, 8, 1) and sc.deadline == dt.date(2023, 8, 31)
    setups = {s.id: s for s in sc.sites}
    assert setups["ber"].target_date == dt.date(2023, 8, 16)
    events = {e.id: e for e in sc.events}
    early = next(c for c in events["ber-fighting"].choices if c.id == "leave-early")
    assert any(
        e.kind == "target_date" and e.date == dt.date(2023, 8, 13) for e in early.effects
    )  # left 13 Aug, three days early [A3]
    g = Game(w, 1)
    assert {sid for sid, s in g.state.sites.items() if s.headcount} == {"ber", "goundam"}


def test_rotations_scenario():
    w = world("rotations-2022")
    sc = w.scenario
    assert sc.goal == "sustain"
    assert sc.start == dt.date(2022, 7, 1)
    assert sc.weights.rotation > 0 and sc.weights.garrison > 0 and sc.weights.people_out == 0
    ids = {c.id: c for c in sc.contingents}
    overdue = [c for c in sc.contingents if c.overdue]
    assert overdue
    for c in overdue:
        relief = c.id.replace("-overdue", "-relief")
        assert relief in ids and not ids[relief].overdue
    events = {e.id: e for e in sc.events}
    kinds = [
        e.condition.kind for e in events["rotations-resume"].effects if e.kind == "add_condition"
    ]
    assert "extra_lead" in kinds  # every request by note verbale [B8]
    aircraft = [a for a in sc.assets.aircraft if a.strategic]
    assert aircraft, "rotation flights from home need a strategic aircraft"


def test_tutorial_teaches_with_hints():
    sc = world("tutorial").scenario
    assert sc.difficulty == "tutorial"
    hinted = [e for e in sc.events if e.hint]
    assert len(hinted) >= 4
    dated = [e for e in sc.events if e.trigger.kind == "date"]
    assert len(dated) >= 3
    text = " ".join(e.text + e.hint for e in sc.events).lower()
    for word in ("authorization", "escort", "clearance", "hand", "deadline"):
        assert word in text or word in sc.briefing.constraints.lower(), word


# --------------------------------------------------------------------------- sources


@pytest.mark.parametrize("name", DOCUMENTED)
def test_every_historical_event_cites_a_dossier_address(name):
    addresses = set(dossier_sources().values())
    for e in world(name).scenario.events:
        if e.historical:
            assert any(a in e.source for a in addresses), f"{e.id}: {e.source!r}"


@pytest.mark.parametrize("name", DOCUMENTED)
def test_cited_keys_resolve_in_the_sources_list(name):
    table = dossier_sources()
    sc = world(name).scenario
    listed = {s.key: s.url for s in sc.sources}
    for key, url in listed.items():
        assert table.get(key) == url, f"[[sources]] {key}: {url!r} is not the dossier's address"
    path = CONTENT_DIR / "scenarios" / f"{name}.toml"
    body = path.read_text(encoding="utf-8").split("\n[[sources]]\n", 1)[0]
    for key in set(KEY.findall(body)):
        assert key in listed, f"{name} cites [{key}] but its [[sources]] list does not"


@pytest.mark.parametrize("name", DOCUMENTED)
def test_timeline_and_briefing_present(name):
    sc = world(name).scenario
    assert sc.briefing.situation and sc.briefing.mission and sc.briefing.constraints
    assert sc.historical.summary and sc.historical.timeline
    addresses = set(dossier_sources().values())
    for entry in sc.historical.timeline:
        assert sc.start <= entry.date <= sc.deadline or name == "tutorial"
        assert any(a in entry.source for a in addresses), entry.source


def test_theatre_sources_resolve():
    addresses = set(dossier_sources().values())
    th = world("drawdown-2023").theatre
    for s in th.sites:
        if KEY.search(s.source):
            assert any(a in s.source for a in addresses), s.id
    for r in th.routes:
        for st in r.stretches:
            if st.source != "game assumption":
                assert (
                    KEY.search(st.source)
                    and any(a in st.source for a in addresses)
                    or ("[" in st.source)
                ), (r.id, st.name)
