"""What the instructor's console shows of each trainee, read from their latest autosave through
the save and game models (replayed, never parsed as text): day, score so far, open requests, the
last decisions, held injects and the exercise's objectives as they stand."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field

from ..engine import Game
from ..saves import SaveError, load_game
from .roster import Roster, Trainee

OPEN_REQUESTS = ("pending", "approved", "delayed")
LAST_DECISIONS = 3


class Inject(BaseModel):
    id: str
    title: str


class Rating(BaseModel):
    title: str
    met: bool


class TraineeStatus(BaseModel):
    name: str
    key: str
    playing: bool = Field(False, description="A game is open in a browser now")
    game: str = Field("", description="The scenario or exercise played, as the save names it")
    day: int | None = None
    date: str | None = None
    finished: bool = False
    score: float | None = None
    grade: str | None = None
    open_requests: list[str] = Field(default_factory=list)
    pending_decisions: int = 0
    last_decisions: list[str] = Field(default_factory=list)
    held_injects: list[Inject] = Field(default_factory=list)
    ratings: list[Rating] = Field(default_factory=list)
    results: list[str] = Field(default_factory=list, description="Results files, newest first")
    problem: str = Field("", description="Why the latest autosave cannot be read, if it cannot")


class ClassStatus(BaseModel):
    class_name: str
    paused: bool
    playing: int
    max_games: int
    trainees: list[TraineeStatus]


def newest(folder: Path, *patterns: str) -> list[Path]:
    """The files matching any pattern, newest first; one a game prunes meanwhile is left out."""
    found = []
    for pattern in patterns:
        for f in folder.glob(pattern):
            try:
                found.append((f.stat().st_mtime_ns, f))
            except OSError:
                continue
    return [f for _, f in sorted(found, reverse=True)]


def game_status(status: TraineeStatus, game: Game, ref: str) -> None:
    """Fill in what the game says (the game object from a replayed save)."""
    # imported when the console asks: the objectives and instructor screen stay out of start-up
    from ..training.exercises import exercise_for
    from ..training.objectives import judge_all
    from ..training.results import decision_entries
    from ..ui.screens.instructor import held_injects

    st = game.state
    summary = game.summary()
    status.game = ref
    status.day, status.date = st.day, st.date.isoformat()
    status.finished = game.finished
    status.score, status.grade = summary.score, summary.grade
    status.open_requests = [
        f"{r.id} ({r.kind}, {r.status})" for r in st.requests.values() if r.status in OPEN_REQUESTS
    ]
    status.pending_decisions = len(st.pending_choices)
    status.last_decisions = [
        f"day {e.day}: {e.text}" for _, e, _ in decision_entries(game)[-LAST_DECISIONS:]
    ]
    status.held_injects = [Inject(id=i, title=t) for i, t in held_injects(game)]
    try:
        found = exercise_for(ref)
    except Exception:  # a scenario file that no longer loads: no objectives to judge
        found = None
    if found is not None:
        verdicts = judge_all(found[0].objectives, game.world, st)
        status.ratings = [Rating(title=v.title, met=v.met) for v in verdicts]


class StatusReader:
    """Reads each trainee's status, replaying an autosave only when it has changed."""

    def __init__(self, roster: Roster) -> None:
        self.roster = roster
        self._cache: dict[Path, tuple[int, TraineeStatus]] = {}

    def trainee(self, trainee: Trainee, playing: bool = False) -> TraineeStatus:
        folder = self.roster.trainee_dir(trainee.key)
        results = [f.name for f in newest(folder, "*.result.json")]
        autosaves = newest(folder, "autosave-*.toml")
        if not autosaves:
            return TraineeStatus(
                name=trainee.name, key=trainee.key, playing=playing, results=results
            )
        path = autosaves[0]
        try:
            mtime = path.stat().st_mtime_ns
        except OSError:  # replaced by a newer one just now: read again next time
            mtime = 0
        cached = self._cache.get(path)
        if cached is None or cached[0] != mtime:
            status = TraineeStatus(name=trainee.name, key=trainee.key)
            try:
                game, info = load_game(path)
                game_status(status, game, info.scenario)
            except SaveError as err:
                status.problem = str(err).split(": ", 1)[-1]
            self._cache[path] = (mtime, status)
            cached = self._cache[path]
        return cached[1].model_copy(update={"playing": playing, "results": results})
