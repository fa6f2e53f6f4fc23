"""A class is a folder: one subfolder per trainee (saves, autosaves, results), named from what the
trainee typed, made safe for file names; the name as typed is kept beside it."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from pydantic import BaseModel, ValidationError

from .. import files
from ..saves import write_atomic

CARD = "trainee.json"
MAX_NAME = 60
MAX_CARD_BYTES = 64 * 1024  # a trainee's card is a name and a few keys
MAX_TRAINEES = 300  # a class, not a place for anyone to fill the disk with folders


class JoinError(Exception):
    """A name (or class code) the class cannot take; the message says why, for the trainee."""


class Trainee(BaseModel):
    """Who joined: the name as typed, and the folder key made from it."""

    name: str
    key: str


def clean_name(text: str) -> str:
    """The name as it will be shown: typed text without control characters or runs of spaces."""
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    return " ".join(text.split())


def folder_key(name: str) -> str:
    """A file-name-safe key for a name: ASCII letters, digits and dashes, lower case (so two names
    differing only in case or accents share a folder), or a hash when nothing is left of it."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40].strip("-")
    if not key:
        key = "trainee-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]
    return key


class Roster:
    """The trainees of one class, one folder each under the class folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def trainee_dir(self, key: str) -> Path:
        return self.folder / key

    def join(self, typed: str) -> Trainee:
        """The trainee for a typed name: their folder is made the first time; a different name
        that would share an existing folder is refused (so nobody opens another's games)."""
        name = clean_name(typed)
        if not name:
            raise JoinError("Type your name to join the class.")
        if len(name) > MAX_NAME:
            raise JoinError(f"That name is too long (at most {MAX_NAME} characters).")
        trainee = Trainee(name=name, key=folder_key(name))
        known = self.get(trainee.key)
        if known is not None and known.name != name:
            raise JoinError(
                f"{known.name!r} has already joined under a name too close to {name!r}: "
                "add an initial or a second name."
            )
        if known is None:
            if sum(1 for d in self.folder.iterdir() if d.is_dir()) >= MAX_TRAINEES:
                raise JoinError(f"This class has its {MAX_TRAINEES} trainees: ask the instructor.")
            write_atomic(
                self.trainee_dir(trainee.key) / CARD, trainee.model_dump_json().encode("utf-8")
            )
        return trainee

    def get(self, key: str) -> Trainee | None:
        """The trainee whose folder is `key`, or None (unknown or an unreadable card)."""
        card = self.trainee_dir(key) / CARD
        if "/" in key or key.startswith(".") or not card.is_file():
            return None
        try:
            return Trainee.model_validate_json(files.read_bytes(card, MAX_CARD_BYTES))
        except (files.FileProblem, ValidationError):
            return None

    def trainees(self) -> list[Trainee]:
        """Everyone who joined, by name."""
        found = (self.get(d.name) for d in sorted(self.folder.iterdir()) if d.is_dir())
        return sorted((t for t in found if t is not None), key=lambda t: t.name.lower())
