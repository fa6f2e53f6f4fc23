"""Textual's Static and Label, showing their text as written.

Textual reads a string given to a widget as content markup: a scenario's "[A81]" citation
vanished from an event's text, and a name or text with "[/x]" in it raised MarkupError and
ended the game with a traceback. What the game shows comes from scenario files (untrusted),
players and the engine's messages, and none of it is markup; these widgets take it as plain text
(a Rich or Textual renderable passed in keeps its own styles). For buttons, options and select
prompts, pass `as_written(text)`; the app's `notify` takes no markup either (app.py).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import widgets


class Static(widgets.Static):
    def __init__(self, content: Any = "", *, markup: bool = False, **kwargs: Any) -> None:
        super().__init__(content, markup=markup, **kwargs)


class Label(widgets.Label):
    def __init__(self, content: Any = "", *, markup: bool = False, **kwargs: Any) -> None:
        super().__init__(content, markup=markup, **kwargs)


def as_written(text: str) -> Text:
    """`text` for a widget that would read a string as markup (a button, an option, a prompt)."""
    return Text(text)
