"""Training sessions: exercises, injects, objectives, results, replays, reports, debrief, serve."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from ports import free_port
from waiting import until

from game.cli import main
from game.content import CONTENT_DIR
from game.engine import Game
from game.errors import ContentError
from game.model import adapters
from game.model.checked import check
from game.model.exercise import Exercise
from game.model.log import EventFired
from game.model.state import LogEntry
from game.orders_file import load_orders, play_orders
from game.training import debrief, report
from game.training.exercises import catalogue, exercise_for
from game.training.objectives import judge
from game.training.replay import ReplayCursor
from game.training.report import md as md_escape
from game.training.results import build_result, read_result, write_result
from game.training.review import build_review
from game.worlds import load_world

HERE = Path(__file__).parent
ORDERS = HERE / "data" / "training_orders.toml"
EXERCISE = "sandbox-basics"


def played(orders_text: str | None = None, tmp_path: Path | None = None) -> Game:
    game = Game(load_world(EXERCISE), exercise_for(EXERCISE)[0].seed)
    path = ORDERS
    if orders_text is not None:
        path = tmp_path / "orders.toml"
        path.write_text(orders_text)
    assert play_orders(game, load_orders(path)) == []
    return game


def exercise() -> Exercise:
    return exercise_for(EXERCISE)[0]


# --------------------------------------------------------------------------- exercise files


def test_every_bundled_exercise_loads_and_names_an_existing_scenario():
    found = catalogue()
    assert {e.id for e, _ in found} >= {EXERCISE}
    assert len(found) == len(list((CONTENT_DIR / "exercises").glob("*.toml")))
    for ex, path in found:
        world = load_world(path)
        assert (CONTENT_DIR / "scenarios" / f"{ex.scenario}.toml").is_file()
        assert {i.id for i in ex.injects} <= {e.id for e in world.scenario.events}
    documented = ("sandbox", "drawdown-2023", "north-2023", "ber-2023", "rotations-2022")
    present = [s for s in documented if (CONTENT_DIR / "scenarios" / f"{s}.toml").is_file()]
    assert set(present) <= {ex.scenario for ex, _ in found}


def write_exercise(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "ex.toml"
    path.write_text(
        f'id = "t"\ntitle = "T"\nscenario = "{CONTENT_DIR}/scenarios/sandbox.toml"\n{body}'
    )
    return path


def test_exercise_problems_are_reported_with_file_and_line(tmp_path):
    path = write_exercise(tmp_path, "colour = 3\n")
    with pytest.raises(ContentError) as err:
        load_world(path)
    assert re.search(r"ex\.toml:4:\d+: error: .*colour", str(err.value))

    path = write_exercise(
        tmp_path,
        '\n[[objectives]]\nid = "x"\ntitle = "X"\nexpected = "x"\n'
        'measure = { kind = "site_closed_by", site = "atlantis", date = 2023-08-10 }\n',
    )
    with pytest.raises(ContentError) as err:
        load_world(path)
    assert "ex.toml:9:" in str(err.value) and "unknown site 'atlantis'" in str(err.value)

    path = write_exercise(
        tmp_path,
        '\n[[injects]]\nid = "i"\ntitle = "I"\ntext = "t"\ndate = 2023-08-02\nheld = true\n',
    )
    with pytest.raises(ContentError) as err:
        load_world(path)
    assert "exactly one of" in str(err.value)


def test_difficulty_modifiers_change_the_world(tmp_path):
    base = load_world("sandbox")
    path = write_exercise(tmp_path, "[options]\napproval_delta = -0.2\nthreat_multiplier = 2.0\n")
    world = load_world(path)
    assert world.scenario.host.approve == pytest.approx(base.scenario.host.approve - 0.2)
    assert world.site("ber").threat == pytest.approx(2 * base.site("ber").threat)
    assert world.content_hash != base.content_hash


def test_run_takes_an_exercise_and_its_seed(tmp_path, capsys):
    assert main(["--saves", str(tmp_path), "run", EXERCISE, "--orders", str(ORDERS), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["seed"] == exercise().seed == 8
    assert out["scenario"] == "sandbox"


# --------------------------------------------------------------------------- injects


def test_a_held_inject_fires_only_when_released(tmp_path):
    blocks = ORDERS.read_text().split("[[orders]]")
    kept = [b for b in blocks if 'kind = "release"' not in b and 'kind = "choose"' not in b]
    without = played("[[orders]]".join(kept), tmp_path)
    assert "convoy-stopped" not in without.state.fired
    assert not any(
        isinstance(e.data, EventFired) and e.data.event == "convoy-stopped"
        for e in without.state.log
    )

    game = played()
    fired = [
        e
        for e in game.state.log
        if isinstance(e.data, EventFired) and e.data.event == "convoy-stopped"
    ]
    assert len(fired) == 1 and game.ctx.date_of(fired[0].day).isoformat() == "2023-08-03"
    assert game.state.fired["convoy-stopped"] == "wait"
    # A scheduled inject fires on its date without anyone releasing it.
    assert "ministry-meeting" in without.state.fired


def test_releasing_twice_or_a_scenario_event_is_refused():
    game = Game(load_world(EXERCISE), 7)
    assert game.order({"kind": "release", "event": "convoy-stopped"}).ok
    assert not game.order({"kind": "release", "event": "convoy-stopped"}).ok
    assert not game.order({"kind": "release", "event": "blockade"}).ok


# --------------------------------------------------------------------------- results


def test_two_runs_of_an_exercise_give_identical_results_files(tmp_path):
    files = []
    for run in ("a", "b"):
        saves = tmp_path / run
        argv = ["--saves", str(saves), "run", EXERCISE, "--orders", str(ORDERS)]
        assert main(argv) == 0
        (path,) = saves.glob("*.result.json")
        files.append(path)
    assert files[0].name == files[1].name
    assert files[0].read_bytes() == files[1].read_bytes()
    result = read_result(files[0])
    assert result.exercise == EXERCISE and result.seed == 8
    assert [d.kind for d in result.decisions][:3] == ["engage", "destroy", "request_movement"]
    assert {o.id: o.met for o in result.objectives}["close-ber"] is False


# --------------------------------------------------------------------------- objectives


def objective(measure: dict) -> object:
    from game.model.exercise import Objective

    return check(Objective, {"id": "o", "title": "O", "expected": "e", "measure": measure})


def crafted(*entries: tuple[int, str, str, dict]):
    """The sandbox exercise's start state with a crafted log."""
    game = Game(load_world(EXERCISE), 7)
    state = copy.deepcopy(game.state)
    state.log = [
        adapters.load(LogEntry, {"day": d, "kind": k, "text": t, "data": data})
        for d, k, t, data in entries
    ]
    return game.world, state


def verdict(measure: dict, world, state) -> bool:
    return judge(objective(measure), world, state).met


def test_objectives_on_crafted_logs():
    engage = (3, "order", "Engaged", {"what": "order", "order": {"kind": "engage"}})
    world, state = crafted(engage)
    assert verdict({"kind": "engaged_host_before", "date": "2023-08-05"}, world, state)
    assert not verdict({"kind": "engaged_host_before", "date": "2023-08-04"}, world, state)
    world, empty = crafted()
    v = judge(objective({"kind": "engaged_host_before", "date": "2023-08-05"}), world, empty)
    assert not v.met and "never" in v.evidence

    req = (
        1,
        "order",
        "Movement request",
        {
            "what": "order",
            "order": {"kind": "request_movement", "origin": "ber", "destination": "gao"},
        },
    )
    refused = (
        0,
        "refused",
        "Refused",
        {
            "what": "refused",
            "order": {"kind": "request_movement", "origin": "ber", "destination": "gao"},
            "reason": "no",
        },
    )
    world, state = crafted(refused, req)
    assert verdict({"kind": "request_before", "site": "ber", "date": "2023-08-03"}, world, state)
    assert not verdict(
        {"kind": "request_before", "site": "ber", "date": "2023-08-02"}, world, state
    )
    assert not verdict(
        {"kind": "request_before", "site": "timbuktu", "date": "2023-08-30"}, world, state
    )

    unauth = (
        2,
        "order",
        "Convoy c1 leaves WITHOUT authorization",
        {"what": "order", "order": {"kind": "dispatch", "request": "r1", "unauthorized": True}},
    )
    world, state = crafted(unauth)
    v = judge(objective({"kind": "no_unauthorized_moves"}), world, state)
    assert not v.met and "2023-08-03" in v.evidence
    assert verdict({"kind": "no_unauthorized_moves"}, *crafted(engage))

    world, state = crafted(
        (
            4,
            "order",
            "Ber handed over",
            {"what": "order", "order": {"kind": "handover", "site": "ber"}},
        )
    )
    state.sites["ber"].status = "handed_over"
    assert verdict({"kind": "handover_not_seized", "site": "ber"}, world, state)
    state.sites["ber"].status = "seized"
    assert not verdict({"kind": "handover_not_seized", "site": "ber"}, world, state)
    world, state = crafted()
    state.sites["ber"].status = "handed_over"  # taken by host forces, no formal handover
    assert not verdict({"kind": "handover_not_seized", "site": "ber"}, world, state)

    world, state = crafted()
    state.sites["ber"].closed_on = state.date.replace(day=14)
    state.sites["ber"].status = "handed_over"
    state.sites["ber"].people = {}
    assert verdict({"kind": "site_closed_by", "site": "ber", "date": "2023-08-16"}, world, state)
    v = judge(
        objective({"kind": "site_closed_by", "site": "ber", "date": "2023-08-10"}), world, state
    )
    assert not v.met and "4 days after" in v.evidence
    assert not verdict(
        {"kind": "site_closed_by", "site": "timbuktu", "date": "2023-08-31"}, world, state
    )

    world, state = crafted(
        (
            5,
            "security",
            "Ber comes under indirect fire: 2 killed, 1 wounded",
            {"what": "site_attack", "site": "ber", "killed": 2, "wounded": 1, "containers": 0},
        )
    )
    state.ledger.killed = 2
    assert verdict({"kind": "max_killed", "n": 2}, world, state)
    v = judge(objective({"kind": "max_killed", "n": 1}), world, state)
    assert not v.met and "2023-08-06" in v.evidence

    world, state = crafted()
    assert not verdict({"kind": "destroyed_sensitive_before_leaving", "site": "ber"}, world, state)
    state.sites["ber"].sensitive = 0
    assert verdict({"kind": "destroyed_sensitive_before_leaving", "site": "ber"}, world, state)
    world, state = crafted(
        (
            9,
            "security",
            "Armed groups occupy the empty camp at Ber; lost with it: "
            "3 containers, 0 vehicles, 4 sensitive items",
            {"what": "site_seized", "site": "ber", "containers": 3, "vehicles": 0, "sensitive": 4},
        )
    )
    state.sites["ber"].sensitive = 0
    assert not verdict({"kind": "destroyed_sensitive_before_leaving", "site": "ber"}, world, state)

    world, state = crafted(
        (
            3,
            "choice",
            "Convoy stopped: Wait",
            {"what": "choice", "event": "convoy-stopped", "choice": "wait"},
        )
    )
    assert verdict({"kind": "chose", "event": "convoy-stopped", "choice": "wait"}, world, state)
    assert not verdict(
        {"kind": "chose", "event": "convoy-stopped", "choice": "push-through"}, world, state
    )
    world, state = crafted(
        (
            4,
            "choice",
            "No decision on 'Convoy stopped' in time: default applies",
            {"what": "choice_defaulted", "event": "convoy-stopped", "choice": "wait"},
        ),
        (
            4,
            "choice",
            "Convoy stopped: Wait",
            {"what": "choice", "event": "convoy-stopped", "choice": "wait", "default": True},
        ),
    )
    assert not verdict({"kind": "chose", "event": "convoy-stopped", "choice": "wait"}, world, state)

    world, state = crafted()
    state.ledger.withdrawn = state.ledger.initial_people // 2
    assert verdict({"kind": "min_withdrawn", "share": 0.5}, world, state)
    assert not verdict({"kind": "min_withdrawn", "share": 0.6}, world, state)


# --------------------------------------------------------------------------- replay


def test_replay_steps_forward_to_the_end_and_back_to_the_start():
    game = played()
    start = Game(game.world, game.seed).digest()
    cursor = ReplayCursor.of(game)
    assert cursor.game().digest() == start
    for _ in range(cursor.last + 5):
        cursor.step(+1)
    assert cursor.position == cursor.last
    assert cursor.game().digest() == game.digest()
    assert cursor.game().state.day == game.state.day
    mid = cursor.go(6).state.day
    assert mid == 6
    for _ in range(cursor.last + 5):
        cursor.step(-1)
    assert cursor.position == 0 and cursor.game().digest() == start


def test_replay_verify_on_an_exercise_save(tmp_path, capsys):
    save = tmp_path / "s.toml"
    assert (
        main(
            [
                "--saves",
                str(tmp_path),
                "run",
                EXERCISE,
                "--orders",
                str(ORDERS),
                "--save",
                str(save),
            ]
        )
        == 0
    )
    assert main(["replay", str(save), "--verify"]) == 0
    assert "reproduces exactly" in capsys.readouterr().out


# --------------------------------------------------------------------------- report and debrief


CLASS = {
    "Ana <script>": None,
    "Ben": ('choice = "wait"', 'choice = "push-through"'),
    "Chloé": (
        'kind = "engage"\ndate = 2023-08-01',
        'kind = "reinforce"\ndate = 2023-08-01\nsite = "ber"',
    ),
}


@pytest.fixture
def class_results(tmp_path):
    paths = {}
    for name, change in CLASS.items():
        text = ORDERS.read_text()
        if change:
            text = text.replace(*change)
        game = played(text, tmp_path)
        paths[name] = write_result(game, EXERCISE, tmp_path / "results", name, exercise())
    return paths


def test_report_markdown_and_html_show_names_numbers_and_verdicts(class_results, tmp_path, capsys):
    path = class_results["Ana <script>"]
    result = read_result(path)
    assert main(["report", str(path), "--format", "md"]) == 0
    md = capsys.readouterr().out
    # Markdown escapes what it copies: the name is shown, its markup is not.
    assert "Ana &lt;script&gt;" in md and "<script" not in md and "sandbox-basics" in md
    assert "| Close Ber on time | NOT MET |" in md
    assert "| Engage the host early | MET |" in md
    # Every objective's verdict and evidence, as judged in the results file, is in the report.
    for o in result.objectives:
        word = "MET" if o.met else "NOT MET"
        cells = [md_escape(o.title), word, md_escape(o.expected), md_escape(o.evidence)]
        assert "| " + " | ".join(cells) + " |" in md
    assert "people still there" in md
    assert f"{result.summary.score:.1f}" in md
    assert re.search(r"\*\*2023-08-06\*\* \(dispatch\) Convoy (c\d+) leaves Ber for Timbuktu", md)
    assert re.search(r"  - then 2023-08-\d\d: Convoy c\d+ reaches Timbuktu", md)
    remaining = result.summary.personnel.remaining
    assert re.search(rf"\| people remaining \| `[▁-█]{{31}}` \| \d+ \| {remaining} \|", md)

    out = tmp_path / "r.html"
    assert main(["report", str(path), "--format", "html", "--out", str(out)]) == 0
    html = out.read_text()
    assert html.startswith("<!DOCTYPE html>") and html.count("<svg") >= 4
    assert "<script" not in html and "Ana &lt;script&gt;" in html
    assert not re.search(r"""(src|href)=["']?https?:""", html)
    assert '<span class="notmet">NOT MET</span>' in html and "Close Ber on time" in html
    met = sum(o.met for o in result.objectives)
    assert f"{met} of 6 met" in html and f"Learning objectives ({met} of 6 met)" in md


def test_report_of_a_save_matches_its_results(tmp_path, capsys):
    save = tmp_path / "s.toml"
    main(["--saves", str(tmp_path), "run", EXERCISE, "--orders", str(ORDERS), "--save", str(save)])
    capsys.readouterr()
    assert main(["report", str(save)]) == 0
    (path,) = tmp_path.glob("*.result.json")
    met = sum(o.met for o in read_result(path).objectives)
    assert f"Learning objectives ({met} of 6 met)" in capsys.readouterr().out


def test_report_refuses_a_bad_file(tmp_path, capsys):
    bad = tmp_path / "bad.result.json"
    bad.write_text("{not json")
    assert main(["report", str(bad)]) == 1
    assert "not a readable results file" in capsys.readouterr().err


def test_debrief_compares_a_class(class_results, capsys):
    files = [str(p) for p in class_results.values()]
    assert main(["debrief", *files]) == 0
    text = capsys.readouterr().out
    assert "(3 games)" in text
    # Answers are grouped (most common first), each with who gave it: it reads the same for 30.
    assert re.search(
        r"\* Convoy stopped at a checkpoint\n\s+Wait.*: Ana <script>, Chloé\n\s+Push through.*: Ben",
        text,
    )
    assert re.search(
        r"\* First engagement of the host\n\s+2023-08-01: Ana <script>, Ben\n\s+never: Chloé", text
    )
    assert "Moves without authorization: all 0" in text
    assert re.search(r"^  Engage the host early: 2 of 3 met; not met: Chloé$", text, re.M)
    assert re.search(
        r"^  Close Ber on time: 0 of 3 met; not met: Ana <script>, Ben, Chloé$", text, re.M
    )

    assert main(["debrief", *files, "--format", "md"]) == 0
    md = capsys.readouterr().out
    assert (
        "| Convoy stopped at a checkpoint | **diverged** | Wait for the ministry to confirm | Wait"
        not in md
    )
    assert (
        "| First engagement of the host | **diverged** | 2023-08-01 (2): Ana &lt;script&gt;, Ben; "
        "never (1): Chloé |" in md
    )
    assert "| Every move authorized | 3 of 3 met | — |" in md
    results = [read_result(p) for p in class_results.values()]
    for name, r in zip(CLASS, results, strict=True):
        s = r.summary
        row = f"| {md_escape(name)} | {s.score:.1f} | {s.grade} | {r.decision_grade} |"
        assert row in md
    assert "<script>" not in md

    assert main(["debrief", *files, "--format", "html"]) == 0
    html = capsys.readouterr().out
    assert "Ana &lt;script&gt;" in html and "<script" not in html and "Chloé" in html
    rows = md.count("| **diverged** |")  # the same moments, marked in both formats
    assert rows >= 2 and html.count('<span class="notmet">diverged</span>') == rows


def test_review_data_matches_the_game():
    game = played()
    review = build_review(game, exercise(), "Ana")
    assert review.series["people remaining"][-1] == game.summary().personnel.remaining
    assert len(review.dates) == len(game.state.history)
    assert [r["convoy"] for r in review.risks] == [e.convoy for e in game.state.estimates]
    verdicts = {v.id: v.met for v in review.objectives}
    assert verdicts["engage-early"] and verdicts["by-the-book"] and not verdicts["close-ber"]
    assert {t.id: t.rating for t in review.tasks}["authorized"] == "P"
    assert review.decision_grade == "A" and review.summary.grade == "F"
    assert build_result(game, EXERCISE, "Ana", exercise()).summary == game.summary()
    assert "Ana" in report.to_markdown(review)
    d = debrief.build_debrief([build_result(game, EXERCISE, "Ana", exercise())] * 2)
    assert d.trainees == ["Ana", "Ana (2)"] and not any(div for _, _, div in d.moments)


# --------------------------------------------------------------------------- serve


def test_serve_answers_on_a_loopback_port_then_stops(tmp_path):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "game.cli", "--saves", str(tmp_path), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )

    def answered() -> str | None:
        assert proc.poll() is None, proc.stderr.read().decode()  # the server died: why
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as resp:
                assert resp.status == 200
                return resp.read().decode()
        except (urllib.error.URLError, ConnectionError):
            return None  # not listening yet

    try:
        body = until(answered, "the server to answer", timeout=30, step=0.1)
        assert "Drawdown" in body and 'action="/join"' in body  # the join page first
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
    assert proc.returncode is not None
