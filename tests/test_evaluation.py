"""Evaluation an instructor can stand behind: critical tasks rated P/S/M/U from typed logs, the
validator refusing objectives no game could meet, decision against luck, the MSEL, the chain behind
a bad outcome, the class-of-30 debrief, self-contained HTML and charts that keep their labels."""

from __future__ import annotations

import copy
import re
from html.parser import HTMLParser
from pathlib import Path

from game.cli import main
from game.content import CONTENT_DIR
from game.engine import Game
from game.model import adapters
from game.model.checked import check
from game.model.exercise import Task
from game.model.saved import ResultFile
from game.model.state import Estimate, LogEntry
from game.training import charts, debrief, report
from game.training.exercises import exercise_for
from game.training.results import build_result, read_result
from game.training.review import build_review
from game.training.tasks import decision_grade, rate
from game.training.why import chains
from game.worlds import load_world

EXERCISE = "sandbox-basics"
ORDERS = Path(__file__).parent / "data" / "training_orders.toml"


def exercise():
    return exercise_for(EXERCISE)[0]


def played_text(text: str) -> Game:
    """The sandbox exercise played with these orders (an orders file's text)."""
    import tomllib

    from game.headless import play_orders
    from game.model.orders import OrdersFile

    game = Game(load_world(EXERCISE), exercise().seed)
    assert play_orders(game, check(OrdersFile, tomllib.loads(text))) == []
    return game


def played() -> Game:
    return played_text(ORDERS.read_text())


def crafted(*entries: tuple[int, str, str, dict]):
    """The sandbox exercise's start state with a crafted typed log."""
    game = Game(load_world(EXERCISE), 7)
    state = copy.deepcopy(game.state)
    state.log = [
        adapters.load(LogEntry, {"day": d, "kind": k, "text": t, "data": data})
        for d, k, t, data in entries
    ]
    return game.world, state


def task(measure: dict) -> Task:
    return check(
        Task, {"id": "t", "title": "T", "capability": "c", "owner": "Chief", "measure": measure}
    )


def approved(day: int, request: str) -> tuple:
    return (
        day,
        "host",
        f"Request {request} approved",
        {
            "what": "request_decision",
            "request": request,
            "outcome": "approved",
            "conditions": [],
            "valid_from": day,
            "valid_until": day + 5,
        },
    )


def dispatch(day: int, request: str) -> tuple:
    return (
        day,
        "order",
        f"Convoy for {request} leaves",
        {"what": "order", "order": {"kind": "dispatch", "request": request}, "ref": request},
    )


def engage(day: int) -> tuple:
    return (day, "order", "Engaged", {"what": "order", "order": {"kind": "engage"}})


def rating(measure: dict, *entries: tuple):
    world, state = crafted(*entries)
    return rate(task(measure), world, state)


# --------------------------------------------------------------------------- task ratings


def test_authorized_moves_rated_at_every_level_with_dated_evidence():
    moves = {"kind": "authorized_moves"}
    ok = [approved(1, "r1"), dispatch(2, "r1"), approved(3, "r2"), dispatch(4, "r2")]
    p = rating(moves, *ok, approved(5, "r3"), dispatch(6, "r3"))
    assert p.rating == "P" and p.reason == "3 of 3 moves met the standard"
    assert [(e.date, e.ok) for e in p.evidence] == [
        ("2023-08-03", True),
        ("2023-08-05", True),
        ("2023-08-07", True),
    ]
    # r3 dispatched after its window closed (valid days 5 to 10): not authorized that day.
    s = rating(moves, *ok, approved(5, "r3"), dispatch(12, "r3"))
    assert s.rating == "S" and "WITHOUT a valid authorization" in s.evidence[-1].text
    assert not s.evidence[-1].ok and s.evidence[-1].date == "2023-08-13"
    m = rating(moves, approved(1, "r1"), dispatch(2, "r1"), dispatch(3, "r2"), dispatch(4, "r3"))
    assert m.rating == "M" and m.reason == "1 of 3 moves met the standard"
    u = rating(moves, dispatch(3, "r2"))
    assert u.rating == "U"
    nothing = rating(moves)
    assert nothing.rating == "U" and "nothing moved" in nothing.reason
    assert decision_grade([p, p]) == "A" and decision_grade([p, u]) == "C"
    assert decision_grade([u, u]) == "F" and decision_grade([]) == "—"


def test_engagement_consent_and_handover_tasks_rated_from_the_log():
    before = {"kind": "engage_before", "date": "2023-08-05"}
    assert rating(before, engage(2)).rating == "P"
    assert rating(before, engage(7)).rating == "S"  # three days late
    assert rating(before, engage(20)).rating == "M"
    assert rating(before).rating == "U"

    consent = {"kind": "consent_before_destroy"}
    destroy = (
        6,
        "order",
        "Destruction begins at Ber",
        {
            "what": "order",
            "order": {"kind": "destroy", "site": "ber", "containers": 5},
            "ref": "ber",
        },
    )
    given = (4, "info", "Consent given", {"what": "consent", "site": "ber", "given": True})
    assert rating(consent, given, destroy).rating == "P"
    without = rating(consent, destroy)
    assert without.rating == "U" and "consent never asked" in without.evidence[0].text
    only_sensitive = copy.deepcopy(destroy)
    only_sensitive[3]["order"] = {"kind": "destroy", "site": "ber", "containers": 0, "vehicles": 0}
    assert rating(consent, only_sensitive).rating == "P"  # UN-owned sensitive items only

    handover = {"kind": "handover_present", "site": "ber"}
    handed = (
        5,
        "order",
        "Ber handed over",
        {"what": "order", "order": {"kind": "handover", "site": "ber"}, "ref": "ber"},
    )
    refused = (
        3,
        "refused",
        "Handover refused",
        {"what": "refused", "order": {"kind": "handover", "site": "ber"}, "reason": "no army"},
    )
    assert rating(handover, handed).rating == "P"
    assert rating(handover, refused, handed).rating == "M"  # one of two attempts
    seized = (
        9,
        "security",
        "Armed groups occupy Ber",
        {"what": "site_seized", "site": "ber", "containers": 1, "vehicles": 0, "sensitive": 0},
    )
    assert rating(handover, seized).rating == "U"


def test_risk_task_judges_the_estimate_recorded_at_dispatch():
    request = (
        0,
        "order",
        "Movement request r1",
        {
            "what": "order",
            "order": {
                "kind": "request_movement",
                "origin": "ber",
                "destination": "timbuktu",
                "escort": "none",
            },
            "ref": "r1",
        },
    )
    arrived = (
        5,
        "move",
        "Convoy c1 reaches Timbuktu",
        {
            "what": "convoy_arrived",
            "convoy": "c1",
            "request": "r1",
            "origin": "ber",
            "destination": "timbuktu",
            "left_country": False,
            "days": 3,
            "people": 10,
            "containers": 0,
            "vehicles": 2,
            "sensitive": 0,
        },
    )
    world, state = crafted(request, arrived)
    state.estimates = [
        Estimate(
            convoy="c1", day=2, ied=0.1, ambush=0.1, true_ied=0.1, true_ambush=0.1, expected_delay=0
        )
    ]
    risky = rate(task({"kind": "risk_mitigated", "threshold": 0.05}), world, state)
    assert risky.rating == "U"
    assert risky.evidence[0].text == (
        "convoy c1 (r1) left told 19% chance of an incident: no escort, no route clearance"
    )
    calm = rate(task({"kind": "risk_mitigated", "threshold": 0.5}), world, state)
    assert calm.rating == "P" and "no convoy was told" in calm.reason


def test_a_decision_taken_in_time_meets_decided_whatever_the_answer():
    from game.model.exercise import Objective
    from game.training.objectives import judge

    objective = check(
        Objective,
        {
            "id": "d",
            "title": "D",
            "expected": "e",
            "measure": {"kind": "decided", "event": "convoy-stopped"},
        },
    )

    def made(choice: str, default: bool) -> tuple:
        data = {"what": "choice", "event": "convoy-stopped", "choice": choice, "default": default}
        return (3, "choice", "Convoy stopped", data)

    for choice in ("wait", "push-through"):
        v = judge(objective, *crafted(made(choice, False)))
        assert v.met and v.evidence == f"decided {choice!r} on 2023-08-04"
    late = judge(objective, *crafted(made("wait", True)))
    assert not late.met and "no decision in time" in late.evidence
    assert not judge(objective, *crafted()).met


# --------------------------------------------------------------------------- the validator


EXERCISE_TEXT = """id = "unfair"
title = "An exercise that grades nobody"
scenario = "{scenario}"

[[injects]]
id = "only-one"
title = "One way out"
text = "There is only one answer."
date = 2023-08-05

[[injects.choices]]
id = "yes"
label = "Yes"

{objectives}"""


UNFAIR = (  # id, measure: each no game could meet, or one answer decides, but the last
    ("handover-exit", '{ kind = "handover_not_seized", site = "labbezanga" }'),
    ("the-only-answer", '{ kind = "chose", event = "only-one", choice = "yes" }'),
    ("before-start", '{ kind = "engaged_host_before", date = 2023-08-01 }'),
    ("nothing-there", '{ kind = "destroyed_sensitive_before_leaving", site = "gao" }'),
    ("hand-ber", '{ kind = "handover_not_seized", site = "ber" }'),
)


def exercise_text(scenario: str, objectives=UNFAIR) -> str:
    blocks = [
        f'[[objectives]]\nid = "{i}"\ntitle = "{i}"\nexpected = "x"\nmeasure = {m}\n'
        for i, m in objectives
    ]
    return EXERCISE_TEXT.format(scenario=scenario, objectives="\n".join(blocks))


def test_validator_refuses_objectives_no_game_could_meet_or_one_answer_decides(tmp_path, capsys):
    path = tmp_path / "unfair.toml"
    path.write_text(exercise_text("sandbox"))
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith(str(path))]
    assert len(lines) == 4, out
    text = path.read_text().splitlines()

    def line(fragment: str) -> int:
        return next(i for i, t in enumerate(text, 1) if fragment in t)

    where = {
        line('site = "labbezanga"'): "error: Labbezanga border crossing is not a mission site",
        line('choice = "yes" }'): "error: one fixed answer decides this: event 'only-one' offers 1",
        line("date = 2023-08-01"): "error: no game could meet this: 2023-08-01 is not after",
        line('site = "gao"'): "error: one fixed answer decides this: Gao",
    }
    for n, message in where.items():
        assert re.search(rf"unfair.toml:{n}:\d+: {re.escape(message)}", out), (n, out)
    # The loader refuses it the same way: no session can start on it.
    assert exercise_for(str(path)) is not None
    try:
        load_world(str(path))
    except Exception as err:  # noqa: BLE001 - the ContentError's message is what is checked
        assert "not a mission site" in str(err)
    else:
        raise AssertionError("an unmeetable exercise loaded")


def test_a_handover_where_the_host_never_comes_is_refused(tmp_path, capsys):
    scenario = (CONTENT_DIR / "scenarios" / "sandbox.toml").read_text()
    scenario = scenario.replace(
        'id = "ber"\ntarget_date = 2023-08-16\n',
        'id = "ber"\ntarget_date = 2023-08-16\nhost_can_take_over = false\n',
    )
    assert "host_can_take_over = false" in scenario
    (tmp_path / "far.toml").write_text(scenario)
    (tmp_path / "ex.toml").write_text(exercise_text("far.toml", UNFAIR[-1:]))
    assert main(["validate", str(tmp_path / "ex.toml")]) == 1
    out = capsys.readouterr().out
    assert "no game could meet this: the host can never take over Ber" in out
    # An army that arrives only after the deadline cannot receive the camp either.
    late = scenario.replace("host_can_take_over = false\n", "agreed_handover = 2023-09-30\n")
    (tmp_path / "far.toml").write_text(late)
    assert main(["validate", str(tmp_path / "ex.toml")]) == 1
    assert "the host can never take over Ber" in capsys.readouterr().out
    on_time = scenario.replace("host_can_take_over = false\n", "agreed_handover = 2023-08-20\n")
    (tmp_path / "far.toml").write_text(on_time)
    assert main(["validate", str(tmp_path / "ex.toml")]) == 0


def test_every_bundled_exercise_has_a_guide_and_a_full_msel():
    for path in sorted((CONTENT_DIR / "exercises").glob("*.toml")):
        ex = exercise_for(str(path))[0]
        assert ex.tasks and ex.capabilities, path
        for inject in ex.injects:
            assert inject.sender and inject.receiver and inject.expected_action, inject.id
            assert inject.expect is not None and inject.task in {t.id for t in ex.tasks}
            assert inject.controller_notes and (inject.date or inject.release_when)
        kinds = {o.measure.kind for o in ex.objectives}
        assert "max_killed" not in kinds, "casualty counts are dice; rate force protection"


# --------------------------------------------------------------------------- review


def test_decision_and_luck_msel_and_results_file():
    game = played()
    review = build_review(game, exercise(), "Ana")
    (move,) = review.outcomes
    (est,) = game.state.estimates
    assert move.what == f"convoy {est.convoy}" and move.route == "Ber → Timbuktu"
    assert move.expected_killed == round(est.expected_killed, 2) and move.killed == 0
    assert move.days == 5 and move.luck == "as expected"
    status = {m.id: (m.status, m.actual) for m in review.msel}
    assert status["convoy-stopped"] == ("as expected", "Wait for the ministry to confirm")
    assert status["ministry-meeting"][0] == "as expected"
    assert "already done before the inject" in status["ministry-meeting"][1]
    result = build_result(game, EXERCISE, "Ana", exercise())
    assert result.decision_grade == review.decision_grade == "A"
    assert result.result_grade == result.summary.grade == "F"
    assert result.outcomes[0].luck == "as expected"
    assert [t.rating for t in result.tasks] == [t.rating for t in review.tasks]
    assert {m.id for m in result.msel} == {"ministry-meeting", "convoy-stopped"}
    # Someone who pushed through and never engaged: the MSEL says where they differed.
    text = ORDERS.read_text().replace('choice = "wait"', 'choice = "push-through"')
    text = text.replace(
        'kind = "engage"\ndate = 2023-08-01', 'kind = "reinforce"\ndate = 2023-08-01\nsite = "ber"'
    )
    other = build_review(played_text(text), exercise(), "Ben")
    assert {m.id: m.status for m in other.msel} == {
        "ministry-meeting": "differs",
        "convoy-stopped": "differs",
    }
    assert any("What led you to do otherwise" in q for q in other.questions)
    assert any(p.owner == "Head of mission's political adviser" for p in other.plan)


def test_a_lapsed_authorization_is_explained_order_by_order():
    game = Game(load_world("sandbox"), 8)
    order = {
        "kind": "request_movement",
        "ref": "ber-out",
        "origin": "ber",
        "destination": "timbuktu",
        "people": 20,
        "vehicles": 4,
    }
    assert game.order(order).ok
    game.play_to_end()
    lapsed = [c for c in chains(game) if "ber-out" in c.outcome]
    assert lapsed, [c.outcome for c in chains(game)]
    roles = [s.role for s in lapsed[0].steps]
    assert roles[0] == "order" and "host" in roles and roles[-1] == "outcome"
    assert "not dispatched in its window" in lapsed[0].steps[-1].text


def test_every_format_names_the_trainee_and_escapes_markup(tmp_path, capsys):
    save = tmp_path / "s.toml"
    name = "Zoë <b>*bold*</b>"
    run = f"--saves {tmp_path} run {EXERCISE} --orders {ORDERS} --save {save}".split()
    assert main([*run, "--trainee", name]) == 0
    capsys.readouterr()
    (result,) = tmp_path.glob("*.result.json")
    assert read_result(result).trainee == name
    for source in (save, result):
        assert main(["report", str(source)]) == 0
        md = capsys.readouterr().out
        assert "Trainee: **Zoë &lt;b&gt;\\*bold\\*&lt;/b&gt;**" in md and "<b>" not in md
        assert main(["report", str(source), "--format", "html"]) == 0
        html = capsys.readouterr().out
        assert "Zoë &lt;b&gt;*bold*&lt;/b&gt;" in html and "<b>" not in html


# --------------------------------------------------------------------------- HTML and charts


VOID = {"meta", "br", "hr", "img", "input", "link", "rect", "line", "polyline", "col"}


class Checker(HTMLParser):
    """Collects what would make a page depend on the outside or fail to parse as a tree."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.texts: list[tuple[dict, str]] = []
        self.svgs: list[tuple[float, float]] = []
        self._text: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "link", "img", "iframe", "object", "embed"):
            self.problems.append(f"<{tag}>")
        for key in ("src", "href", "xlink:href"):
            value = a.get(key)
            if value is not None and not value.startswith("#"):
                self.problems.append(f"{key}={value}")
        if "style" in a and "url(" in (a["style"] or ""):
            self.problems.append("url() in a style")
        if tag == "svg":
            self.svgs.append((float(a["width"]), float(a["height"])))
        if tag == "text":
            self._text = a
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"unbalanced </{tag}> (open: {self.stack[-3:]})")
            return
        self.stack.pop()

    def handle_data(self, data):
        if self._text is not None:
            self.texts.append((self._text, data))
            self._text = None


def check_page(html: str) -> Checker:
    c = Checker()
    c.feed(html)
    assert not c.problems, c.problems[:5]
    assert c.stack == [], c.stack
    assert "@import" not in html and "url(" not in html
    return c


def test_review_html_is_self_contained_printable_and_labels_stay_inside_charts():
    from game.bots.policies import play

    game = play(load_world("drawdown-2023-campaign"), 30, "cautious")
    review = build_review(game, exercise_for("drawdown-2023-campaign")[0], "Ana")
    html = report.to_html(review)
    c = check_page(html)
    assert html.index('class="summary"') < html.index("Critical tasks")  # the summary first
    assert "break-after: page" in html and "@page" in html and "@media print" in html
    assert len(c.svgs) >= 5
    # Plain labels for the historical figures, never a raw key.
    figures = load_world("drawdown-2023").scenario.historical.figures
    assert "casualties.peacekeepers_wounded" in figures
    assert "Peacekeepers wounded" in html
    assert not [key for key in figures if key in html]
    # Every chart text lies inside its canvas (estimated width of an 11-unit font).
    assert all(w == 680 and h > 0 for w, h in c.svgs)
    for attrs, text in c.texts:
        x, y, size = float(attrs["x"]), float(attrs["y"]), float(attrs["font-size"])
        assert x >= 0 and y >= size * 0.8, (text, x, y)
        assert x + charts.text_width(text, int(size)) <= 680 + 0.5, (text, x)
    # Ticks are round and dates are weekly.
    people = re.search(r'aria-label="People out and remaining".*?</svg>', html).group(0)
    ticks = re.findall(r">([\d,]+)</text>", people)
    assert ticks and all(int(t.replace(",", "")) % 5 == 0 for t in ticks)
    # A tick every week (184 days: 27), a label every third week, from 1 July.
    assert len(re.findall(r'y1="222" x2="[\d.]+" y2="(?:225|228)"', people)) == 27
    assert re.findall(r">(\d+ \w{3})</text>", people)[:3] == ["1 Jul", "22 Jul", "12 Aug"]
    assert ">deadline<" in people and re.search(
        r"<title>[^<]*Ber[^<]* 2023-08-\d\d</title>", people
    )
    assert "target dates" in people


def test_nice_ticks_are_round_and_cover_the_data():
    assert charts.nice_ticks(66.089) == [0, 20, 40, 60, 80]
    assert charts.nice_ticks(14733) == [0, 5000, 10000, 15000]
    assert charts.nice_ticks(3) == [0, 1, 2, 3]
    assert charts.nice_ticks(0) == [0, 1]
    assert charts.nice_ticks(0.37, integer=False) == [0, 0.1, 0.2, 0.3, 0.4]
    svg = charts.line_chart(
        "Killed", ["2023-08-01", "2023-08-02"], {"killed": [0.0, 3.0]}, "people"
    )
    assert ">people<" in svg and ">3<" in svg and "66.089" not in svg


# --------------------------------------------------------------------------- class of 30


def test_a_class_of_30_debrief_names_everyone_on_one_row_each(tmp_path):
    game = played()
    base = build_result(game, EXERCISE, "x", exercise())
    results = []
    for i in range(30):
        summary = base.summary.model_copy(update={"score": float(40 + i)})
        results.append(
            base.model_copy(update={"trainee": f"Trainee {i:02d} <i>", "summary": summary})
        )
    d = debrief.build_debrief(results, {"personnel.withdrawn": 300})
    assert len(d.outcomes) == 30 and all(len(row) == len(d.outcomes_head) for row in d.outcomes)
    text = debrief.to_text(d)
    md = debrief.to_markdown(d)
    html = debrief.to_html(d)
    check_page(html)
    for i in range(30):
        name = f"Trainee {i:02d} <i>"
        assert name in text
        assert f"| Trainee {i:02d} &lt;i&gt; |" in md
        assert html.count(f"Trainee {i:02d} &lt;i&gt;") >= 6  # five sorted views and the chart
    assert "<i>" not in html and "<i>" not in md
    # Nothing grows sideways with the class: the widest table has the outcome columns.
    widest = max(len(re.findall(r"<th>", t)) for t in re.findall(r"<table>.*?</table>", html))
    assert widest == len(debrief.OUTCOMES_HEAD)
    assert "mean 54.5" in html and "Score per trainee" in html
    by_score = re.search(r'id="by-score".*?</table>', html).group(0)
    assert by_score.index("Trainee 29") < by_score.index("Trainee 00")
    assert "thead { display: table-header-group; }" in html and "break-inside: avoid" in html
    # An older or edited results file with no tasks, or odd ones, still joins the class: the
    # odd tasks are left out when the file is read.
    older = results[0].model_dump(mode="json")
    older.pop("tasks")
    edited = results[1].model_dump(mode="json")
    edited["tasks"] = [{"id": 1}, "x", {"id": "t", "title": "T", "rating": "Z"}]
    results[0] = ResultFile.model_validate(older)
    results[1] = ResultFile.model_validate(edited)
    assert results[0].tasks == results[1].tasks == []
    d = debrief.build_debrief(results)
    assert d.outcomes[0][-1] == "—" and d.outcomes[1][-1] == "—"
    assert "Trainee 00 &lt;i&gt;" in debrief.to_html(d)
