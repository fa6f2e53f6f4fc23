"""The instructor's orders to the trainees' games: one small file in the class folder that the
console writes and every game polls — a pause switch for everyone's clock, and numbered commands
(release a held inject) addressed to one trainee or to all."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from .. import files

CONTROL = "control.json"
EVERYONE = "*"
KEEP_COMMANDS = 200
MAX_CONTROL_BYTES = 1024 * 1024  # 200 commands are a few kB; read through the safe reader


class Command(BaseModel):
    seq: int
    trainee: str = Field(description="A trainee's folder key, or '*' for the whole class")
    kind: Literal["release"] = "release"
    event: str


class Control(BaseModel):
    paused: bool = False
    commands: list[Command] = Field(default_factory=list)

    @property
    def last_seq(self) -> int:
        return max((c.seq for c in self.commands), default=0)

    def for_trainee(self, key: str, after: int) -> list[Command]:
        """The commands for this trainee newer than `after`, oldest first."""
        return [c for c in self.commands if c.seq > after and c.trainee in (key, EVERYONE)]


def read_control(path: Path) -> Control:
    """The control file; a missing or unreadable one means no orders (never an error in a game)."""
    try:
        return Control.model_validate_json(files.read_bytes(path, MAX_CONTROL_BYTES))
    except (files.FileProblem, ValidationError):
        return Control()


def write_control(path: Path, control: Control) -> None:
    from ..saves import write_atomic  # not at import: each game reads this module at start

    control.commands = control.commands[-KEEP_COMMANDS:]
    write_atomic(Path(path), control.model_dump_json(indent=1).encode("utf-8"))


def release(path: Path, event: str, trainee: str = EVERYONE) -> Command:
    """Ask one trainee's game (or everyone's) to release a held inject now."""
    control = read_control(path)
    command = Command(seq=control.last_seq + 1, trainee=trainee, event=event)
    control.commands.append(command)
    write_control(path, control)
    return command


def set_paused(path: Path, paused: bool) -> None:
    control = read_control(path)
    control.paused = paused
    write_control(path, control)
