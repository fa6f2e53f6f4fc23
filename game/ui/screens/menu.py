"""The main menu, the scenario picker (with each scenario's briefing) and the exercise picker (with
each exercise's objectives and the trainee's name)."""

from __future__ import annotations

import random

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Input, OptionList
from textual.widgets.option_list import Option

from ..roles import host
from ..stylesheets import SCREENS_CSS
from ..widgets.keys import KeyBar
from ..widgets.text import Label, Static, as_written

BANNER = """\
DRAWDOWN
Command the withdrawal of the UN mission from Mali, 2023.
Every person and every container out, the camps handed over — before the deadline."""


class MenuScreen(Screen[None]):
    CSS_PATH = SCREENS_CSS  # read when first shown (game/ui/stylesheets.py)
    BINDINGS = [
        Binding("n", "new", "New game"),
        Binding("e", "exercises", "Exercises"),
        Binding("c", "continue", "Continue"),
        Binding("l", "load", "Load"),
        Binding("question_mark,f1", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="menu"):
            yield Static(BANNER, id="banner")
            yield OptionList(
                Option("New game          n", id="new"),
                Option("Exercises         e", id="exercises"),
                Option("Continue          c", id="continue"),
                Option("Load a save       l", id="load"),
                Option("Help              ?", id="help"),
                Option("Quit              q", id="quit"),
                id="menu-options",
            )
            yield Static(id="menu-note", classes="note")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.on_screen_resume()

    def on_screen_resume(self) -> None:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from ..store import latest_autosave

        latest = latest_autosave(host(self).saves)
        note = f"Continue: {latest.stem}" if latest else "No autosave yet: start a new game."
        self.query_one("#menu-note", Static).update(note)

    @on(OptionList.OptionSelected, "#menu-options")
    async def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            await self.run_action(event.option.id)

    def action_new(self) -> None:
        self.app.push_screen(ScenarioPicker())

    def action_exercises(self) -> None:
        host(self).action_exercises()

    def action_continue(self) -> None:
        host(self).action_continue()

    def action_load(self) -> None:
        host(self).action_load_game()

    def action_help(self) -> None:
        host(self).action_help()

    def action_quit(self) -> None:
        self.app.exit()


class ScenarioPicker(Screen[None]):
    """Bundled scenarios on the left, the highlighted one's briefing on the right."""

    CSS_PATH = SCREENS_CSS  # read when first shown (game/ui/stylesheets.py)

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "start", "Start", priority=True),
    ]

    def compose(self) -> ComposeResult:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from textual.widgets import Markdown

        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from ...content import catalogue
        from ...model.exercise import Exercise
        from .orders import count_input

        # tutorials first, then in the order the events happened
        self.scenarios = sorted(
            catalogue(), key=lambda s: (s.difficulty != "tutorial", s.start, s.id)
        )
        yield Header()
        with Horizontal(id="picker"):
            with Vertical(id="picker-list"):
                yield Label("Scenarios", classes="dialog-title")
                yield OptionList(
                    *(Option(as_written(s.title), id=s.id) for s in self.scenarios), id="scenarios"
                )
                with Horizontal(classes="seed-row"):
                    yield Label("Seed ")
                    seed = host(self).seed
                    yield count_input(
                        "seed", Exercise, seed if seed is not None else random.randrange(1, 10_000)
                    )
                yield Button("Start ^s", id="start", variant="primary", compact=True)
                yield Static(id="problem", classes="problem")
            with VerticalScroll(id="briefing-pane"):
                yield Markdown(id="briefing")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "New game"
        ol = self.query_one("#scenarios", OptionList)
        ol.focus()
        if self.scenarios:
            ol.highlighted = 0

    @on(OptionList.OptionHighlighted, "#scenarios")
    def _show(self, event: OptionList.OptionHighlighted) -> None:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from textual.widgets import Markdown

        if event.option.id is not None:
            self.query_one("#briefing", Markdown).update(self.briefing(event.option.id))

    def briefing(self, scenario_id: str) -> str:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from ...content import load_scenario_file
        from ...errors import ContentError

        info = next(s for s in self.scenarios if s.id == scenario_id)
        try:
            sc, _ = load_scenario_file(info.path)
        except ContentError as err:
            return "**This scenario has errors:**\n\n" + "\n".join(f"- {p}" for p in err.problems)
        b = sc.briefing
        parts = [
            f"# {sc.title}",
            f"{sc.start:%-d %B %Y} → {sc.deadline:%-d %B %Y} · difficulty {sc.difficulty}",
            sc.summary,
        ]
        for head, text in (
            ("Situation", b.situation),
            ("Mission", b.mission),
            ("Constraints", b.constraints),
        ):
            if text:
                parts += [f"## {head}", text]
        return "\n\n".join(p for p in parts if p)

    @on(OptionList.OptionSelected, "#scenarios")
    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from ...engine import Game
        from ...errors import ContentError
        from ...worlds import load_world
        from ..widgets.fields import CountInput

        ol = self.query_one("#scenarios", OptionList)
        if ol.highlighted is None:
            return
        scenario_id = ol.get_option_at_index(ol.highlighted).id
        if scenario_id is None:
            return
        try:
            seed = self.query_one("#seed", CountInput).count(blank=1) or 0
        except ValueError as err:
            self.query_one("#problem", Static).update(f"The {err}.")
            return
        try:
            world = load_world(scenario_id)
        except ContentError as err:
            self.query_one("#problem", Static).update("\n".join(str(p) for p in err.problems[:5]))
            return
        host(self).start_game(Game(world, seed), scenario_id)

    def action_back(self) -> None:
        self.app.pop_screen()


class ExercisePicker(Screen[None]):
    """Bundled exercises on the left with the trainee's name; the highlighted one's scenario,
    settings and learning objectives on the right. An exercise always starts with its own seed."""

    CSS_PATH = SCREENS_CSS  # read when first shown (game/ui/stylesheets.py)

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "start", "Start", priority=True),
    ]

    def compose(self) -> ComposeResult:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from textual.widgets import Markdown

        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from ...training.exercises import catalogue

        self.exercises = {ex.id: (ex, path) for ex, path in catalogue()}
        yield Header()
        with Horizontal(id="picker"):
            with Vertical(id="picker-list"):
                yield Label("Exercises", classes="dialog-title")
                yield OptionList(
                    *(
                        Option(as_written(ex.title), id=ex_id)
                        for ex_id, (ex, _) in self.exercises.items()
                    ),
                    id="exercises",
                )
                yield Label("Trainee's name")
                yield Input(
                    host(self).trainee or "", placeholder="name", id="trainee", compact=True
                )
                yield Button("Start ^s", id="start", variant="primary", compact=True)
                yield Static(id="problem", classes="problem")
            with VerticalScroll(id="briefing-pane"):
                yield Markdown(id="briefing")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "Exercises"
        ol = self.query_one("#exercises", OptionList)
        ol.focus()
        if self.exercises:
            ol.highlighted = 0
        else:
            self.query_one("#problem", Static).update("No exercise could be loaded.")

    @on(OptionList.OptionHighlighted, "#exercises")
    def _show(self, event: OptionList.OptionHighlighted) -> None:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from textual.widgets import Markdown

        if event.option.id is not None:
            self.query_one("#briefing", Markdown).update(self.briefing(event.option.id))

    def briefing(self, exercise_id: str) -> str:
        ex, _ = self.exercises[exercise_id]
        o = ex.options
        timer = f"{o.turn_seconds} s per turn" if o.turn_seconds else "no turn timer"
        settings = [
            f"scenario **{ex.scenario}**",
            f"seed {ex.seed}",
            timer,
            "undo allowed" if o.undo else "no undo",
            "hints on" if o.hints else "no hints",
            "fog of war" if o.fog_of_war else "true threat shown",
        ]
        parts = [f"# {ex.title}", ex.summary, " · ".join(settings), "## Learning objectives"]
        parts += [f"- **{obj.title}**: {obj.expected}" for obj in ex.objectives] or ["_none_"]
        return "\n\n".join(p for p in parts if p)

    @on(OptionList.OptionSelected, "#exercises")
    def _picked(self) -> None:
        name = self.query_one("#trainee", Input)
        if not name.value.strip():
            name.focus()
            self.query_one("#problem", Static).update("Type the trainee's name, then Enter.")
            return
        self.action_start()

    @on(Input.Submitted, "#trainee")
    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from ...engine import Game
        from ...errors import ContentError
        from ...worlds import load_world

        ol = self.query_one("#exercises", OptionList)
        problem = self.query_one("#problem", Static)
        if ol.highlighted is None:
            problem.update("Choose an exercise.")
            return
        trainee = self.query_one("#trainee", Input).value.strip()
        if not trainee:
            problem.update("Type the trainee's name: it goes in the results file.")
            self.query_one("#trainee", Input).focus()
            return
        exercise_id = ol.get_option_at_index(ol.highlighted).id
        if exercise_id is None:
            return
        exercise, path = self.exercises[exercise_id]
        try:
            world = load_world(path)
        except ContentError as err:
            problem.update("\n".join(str(p) for p in err.problems[:5]))
            return
        host(self).start_game(Game(world, exercise.seed), exercise_id, trainee=trainee)

    def action_back(self) -> None:
        self.app.pop_screen()
