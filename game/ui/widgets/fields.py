"""Typed numbers in order dialogs: each field takes its range from the order model's own field, so
what a player types is checked in the field, said in words, and never reaches the engine (or a
traceback) out of range."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events
from textual.validation import Integer
from textual.widgets import Input, Select

from .text import as_written

if TYPE_CHECKING:
    from pydantic import ValidationError


_RANGES: dict[tuple[type[Any], str], tuple[int, int | None]] = {}


def field_range(model: type[Any], name: str) -> tuple[int, int | None]:
    """The (minimum, maximum) the model accepts for an integer field (None: no maximum)."""
    found = _RANGES.get((model, name))
    if found is None:
        found = _RANGES[(model, name)] = _field_range(model, name)
    return found


def _field_range(model: type[Any], name: str) -> tuple[int, int | None]:
    from ...model.checked import json_schema  # pydantic: when an order dialog first opens

    prop = json_schema(model)["properties"][name]
    for branch in [prop, *prop.get("anyOf", [])]:
        if branch.get("type") == "integer":
            high = branch.get("maximum")
            if "exclusiveMaximum" in branch:
                high = int(branch["exclusiveMaximum"]) - 1
            return int(branch.get("minimum", 0)), high
    raise KeyError(f"{model.__name__}.{name} is not an integer field")


def range_words(low: int, high: int | None) -> str:
    return f"a whole number from {low} to {high}" if high is not None else f"{low} or more"


class CountInput(Input):
    """A whole number within the model's range for this field; blank is allowed (the dialog says
    what blank means)."""

    def __init__(
        self,
        name: str,
        model: type[Any],  # a plain order class (declare.Strict)
        value: int | None = None,
        placeholder: str = "0",
    ) -> None:
        self.low, self.high = field_range(model, name)
        self.words = range_words(self.low, self.high)
        super().__init__(
            "" if value is None else str(value),
            placeholder=placeholder,
            # digits only, by a linear pattern: Textual's own type="integer" pattern backtracks
            # exponentially on a long run of digits followed by another key (the app froze)
            restrict=r"[0-9]*",
            max_length=len(str(self.high)) + 1 if self.high is not None else 30,
            validators=[
                Integer(minimum=self.low, maximum=self.high, failure_description=self.words)
            ],
            valid_empty=True,
            id=name,
            compact=True,
        )

    def count(self, blank: int | None = 0) -> int | None:
        """The number typed (blank: `blank`); ValueError naming the field and its range."""
        text = self.value.strip()
        if not text:
            return blank
        try:
            value = int(text)
        except ValueError:
            raise ValueError(f"{self.id}: {self.words}") from None
        if value < self.low or (self.high is not None and value > self.high):
            raise ValueError(f"{self.id}: {self.words}")
        return value


def readable(err: ValidationError) -> str:
    """The first problem of a rejected order in words (field: what is wrong), not pydantic's
    report with its union tags and links."""
    first = err.errors()[0]
    loc = [str(x) for x in first.get("loc", ()) if isinstance(x, str)]
    field = loc[-1] if len(loc) > 1 else (loc[0] if loc else "")
    ctx = first.get("ctx") or {}
    if "le" in ctx:
        what = f"at most {ctx['le']}"
    elif "ge" in ctx:
        what = f"at least {ctx['ge']}"
    else:
        what = str(first.get("msg", "not valid")).lower()
    return f"{field}: {what}" if field else what


def prompts(options: list[tuple[str, str]]) -> list[tuple[Text, str]]:
    """Site names as a select shows them: as written, not read as markup (widgets/text.py)."""
    return [(as_written(name), sid) for name, sid in options]


class SitePicker(Select[str]):
    """A site picker that filters as you type: printable keys narrow its options to the sites
    whose name holds what was typed (and pick the first), backspace widens them again, escape
    in the open list closes it as usual. The options keep the order they were given."""

    def __init__(
        self, options: list[tuple[str, str]], value: str | None, id: str, allow_blank: bool = False
    ) -> None:
        self.choices = list(options)
        self.typed = ""
        self.blank_allowed = allow_blank
        super().__init__(
            prompts(options),
            value=value if value is not None else Select.NULL,
            allow_blank=allow_blank or not options,
            id=id,
            compact=True,
            type_to_search=False,
        )

    def set_choices(self, options: list[tuple[str, str]]) -> None:
        """New options (e.g. the destinations once the origin changed); the filter is cleared."""
        self.choices = list(options)
        self.typed = ""
        self.tooltip = None
        # no options at all (a reload took every site away): blank, not Textual's EmptySelectError
        self._allow_blank = self.blank_allowed or not options
        self.set_options(prompts(options))

    def follow(self, options: list[tuple[str, str]], fallback: str | None = None) -> str | None:
        """The options of a game that changed under the dialog (live reload, a new day): the
        site chosen stays chosen while it is offered, else `fallback` (if offered) or the first
        is. Returns the name of the site that was chosen and is no longer offered, else None."""
        if options == self.choices:
            return None
        keep = self.value
        gone = next((name for name, sid in self.choices if sid == keep), None)
        self.set_choices(options)
        ids = [sid for _, sid in options]
        if keep in ids:
            self.value = keep
            return None
        if fallback in ids:
            self.value = fallback
        return gone

    def matches(self, typed: str) -> list[tuple[str, str]]:
        """Options whose name (or id) holds `typed`; those that start with it first."""
        low = typed.lower()
        found = [(name, sid) for name, sid in self.choices if low in name.lower() or low in sid]
        return sorted(found, key=lambda o: not o[0].lower().startswith(low))  # stable

    def on_key(self, event: events.Key) -> None:
        if self.expanded:
            return
        if event.key == "backspace" and self.typed:
            typed = self.typed[:-1]
        elif event.character and len(event.character) == 1 and event.character.isalnum():
            typed = self.typed + event.character
        else:
            return
        event.stop()
        event.prevent_default()
        found = self.matches(typed)
        if not found:
            self.app.bell()  # nothing by that name: keep what was there
            return
        self.typed = typed
        keep = self.value
        self.set_options(prompts(found))
        self.value = keep if not typed and any(sid == keep for _, sid in found) else found[0][1]
        self.tooltip = f"filter: {typed}" if typed else None
