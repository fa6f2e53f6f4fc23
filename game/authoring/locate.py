"""Map a key path from a parsed TOML document (e.g. ("events", 2, "effects", 1, "site")) back to a
line and column in its text, and turn pydantic errors into plain messages.

tomllib gives no positions, so `index` scans the text once with a small TOML tokenizer that knows
table headers, arrays of tables, dotted keys, inline tables, arrays (also spread over lines) and all
four kinds of strings, and records where every key and every array element starts. It never raises:
on text it does not understand it records what it found so far.

Over 500 lines on purpose: one tokenizer and the error wording that needs its positions; the
two halves share the key-path conventions and are tested together (tests/test_authoring.py).
"""

from __future__ import annotations

import bisect
import difflib
import re
import tomllib
import types
import typing
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from ..model import content, orders
from ..model.checked import model_of
from ..model.declare import Strict
from ..model.rules import checked_model

Path_ = tuple[Any, ...]
# key path -> (key offset, value offset) in the text
Offsets = dict[Path_, tuple[int, int]]

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_WS = " \t"


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.n = len(text)
        self.out: Offsets = {}
        self.aot: dict[Path_, int] = {}  # array-of-tables path -> entries so far

    # -- low level
    def skip_ws(self, i: int, newlines: bool = False) -> int:
        t, n = self.text, self.n
        while i < n:
            c = t[i]
            if c in _WS or (newlines and c in "\r\n"):
                i += 1
            elif c == "#" and newlines:
                while i < n and t[i] != "\n":
                    i += 1
            else:
                break
        return i

    def skip_line(self, i: int) -> int:
        j = self.text.find("\n", i)
        return self.n if j < 0 else j + 1

    def key(self, i: int) -> tuple[list[tuple[str, int]], int]:
        """A possibly dotted key starting at i: [(part, offset)], index after it."""
        t, parts = self.text, []
        while i < self.n:
            i = self.skip_ws(i)
            start = i
            if i < self.n and t[i] in "\"'":
                end = self.string_end(i)
                raw = t[i:end]
                try:
                    name = tomllib.loads(f"k = {raw}")["k"]
                except tomllib.TOMLDecodeError:
                    name = raw.strip("\"'")
                i = end
            else:
                m = _BARE.match(t, i)
                if not m:
                    break
                name, i = m.group(0), m.end()
            parts.append((name, start))
            i = self.skip_ws(i)
            if i < self.n and t[i] == ".":
                i += 1
                continue
            break
        return parts, i

    def string_end(self, i: int) -> int:
        t, q = self.text, self.text[i]
        if t.startswith(q * 3, i):
            j = t.find(q * 3, i + 3)
            if q == '"':
                while j > 0 and _escaped(t, j):
                    j = t.find(q * 3, j + 1)
            if j < 0:
                return self.n
            j += 3
            while j < self.n and t[j] == q:  # up to two quotes may end the content
                j += 1
            return j
        j = i + 1
        while j < self.n and t[j] != q and t[j] != "\n":
            if q == '"' and t[j] == "\\":
                j += 1
            j += 1
        return min(j + 1, self.n)

    def record(self, path: Path_, koff: int, voff: int) -> None:
        self.out.setdefault(path, (koff, voff))

    # -- structure
    def run(self) -> Offsets:
        t, i, current = self.text, 0, ()
        while i < self.n:
            i = self.skip_ws(i, newlines=True)
            if i >= self.n:
                break
            if t[i] == "[":
                double = t.startswith("[[", i)
                parts, j = self.key(i + (2 if double else 1))
                names = tuple(p for p, _ in parts)
                base = self.resolve(names)
                if double:
                    k = self.aot.get(base, 0)
                    self.aot[base] = k + 1
                    current = base + (k,)
                    self.record(base, i, i)
                else:
                    current = base
                self.record(current, i, i)
                i = self.skip_line(j)
            else:
                i = self.keyval(i, current)
                i = self.skip_line(i) if i < self.n and t[i] not in "\r\n" else i
        return self.out

    def resolve(self, names: tuple[str, ...]) -> Path_:
        """[events.choices] inside [[events]] means the latest events entry."""
        path: Path_ = ()
        for k, name in enumerate(names):
            path = path + (name,)
            if k < len(names) - 1 and path in self.aot:
                path = path + (self.aot[path] - 1,)
        return path

    def keyval(self, i: int, prefix: Path_) -> int:
        parts, i = self.key(i)
        if not parts or i >= self.n or self.text[i] != "=":
            return i
        path = prefix
        for name, off in parts:
            path = path + (name,)
            if len(path) - len(prefix) < len(parts):
                self.record(path, off, off)
        voff = self.skip_ws(i + 1)
        self.record(path, parts[0][1], voff)
        return self.value(voff, path)

    def value(self, i: int, path: Path_) -> int:
        t = self.text
        if i >= self.n:
            return i
        c = t[i]
        if c in "\"'":
            return self.string_end(i)
        if c == "{":
            i += 1
            while i < self.n:
                i = self.skip_ws(i, newlines=True)
                if i >= self.n or t[i] == "}":
                    return i + 1
                if t[i] == ",":
                    i += 1
                    continue
                before = i
                i = self.keyval(i, path)
                if i == before:
                    return i
            return i
        if c == "[":
            i, k = i + 1, 0
            while i < self.n:
                i = self.skip_ws(i, newlines=True)
                if i >= self.n or t[i] == "]":
                    return i + 1
                if t[i] == ",":
                    i += 1
                    continue
                self.record(path + (k,), i, i)
                before = i
                i = self.value(i, path + (k,))
                k += 1
                if i == before:
                    return i
            return i
        j = i
        while j < self.n and t[j] not in ",]}\n#":
            j += 1
        return j


def _escaped(t: str, j: int) -> bool:
    k = j - 1
    while k >= 0 and t[k] == "\\":
        k -= 1
    return (j - 1 - k) % 2 == 1


@lru_cache(maxsize=64)
def _index(text: str) -> tuple[Offsets, tuple[int, ...]]:
    try:
        offsets = _Scanner(text).run()
    except Exception:  # noqa: BLE001 - a locator must never crash a validation
        offsets = {}
    return offsets, line_starts(text)


@lru_cache(maxsize=64)
def line_starts(text: str) -> tuple[int, ...]:
    """Where each line starts, computed once per text: finding a line is then a lookup, so
    placing N problems costs N lookups, not N passes over the file."""
    return (0, *(m.end() for m in re.finditer("\n", text)))


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a character offset."""
    starts = line_starts(text)
    k = bisect.bisect_right(starts, offset) - 1
    return k + 1, offset - starts[k] + 1


def index_lines(text: str) -> dict[Path_, tuple[int, int]]:
    """Every key path, table and array element in the text, with the (line, column) of its key."""
    offsets, _ = _index(text)
    return {p: position(text, k) for p, (k, _) in offsets.items()}


def locate(
    text: str,
    loc: tuple[Any, ...],
    error: Mapping[str, Any] | None = None,
    model: type[Any] | None = None,
    value: bool = False,
) -> tuple[int, int]:
    """Best (line, column) for a key path: the deepest prefix of it that appears in the text.
    With `value`, point at the value rather than the key (for wrong values). `model` is the
    pydantic model the text was checked with, or a plain class (checked as its mirror)."""
    offsets, _ = _index(text)
    path = file_path(model, tuple(loc)) if model is not None else strip_tags(tuple(loc), text)
    if error is not None and error.get("type") not in ("missing", "extra_forbidden"):
        value = True
    if error is not None and error.get("type") == "missing" and path:
        path, value = path[:-1], True  # point at the table that lacks the key
    if error is not None and error.get("type") == "union_tag_invalid":
        path = path + ("kind",)  # the tag is the table's `kind` key
    exact = True
    while path:
        if path in offsets:
            k, v = offsets[path]
            return position(text, v if value and exact else k)
        path = path[:-1]
        exact = False
    return (1, 1)


# --------------------------------------------------------------------------- pydantic locations


def _unwrap(tp: Any) -> Any:
    # a [rules] table is kept as plain data, but written (and checked) as the override model
    checked = checked_model(tp)
    if checked is not None:
        return checked
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return tp


def _union_members(tp: Any) -> list[Any]:
    origin = typing.get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        return [_unwrap(a) for a in typing.get_args(tp) if a is not type(None)]
    return []


@lru_cache(maxsize=256)
def _tag_of(member: Any) -> tuple[str, ...]:
    if isinstance(member, type) and issubclass(member, BaseModel) and "kind" in member.model_fields:
        return typing.get_args(member.model_fields["kind"].annotation)
    return ()


def walk(model: Any, loc: tuple[Any, ...]) -> tuple[Path_, Any]:
    """Follow a pydantic error location through the model's types. Returns the path as it is
    written in the file (tagged-union tags removed) and the type reached (None when lost). A plain
    class is walked as its pydantic mirror (game/model/checked.py)."""
    tp: Any = model_of(model) if isinstance(model, type) and issubclass(model, Strict) else model
    path: list[Any] = []
    parts = list(loc)
    while parts:
        tp = _unwrap(tp)
        members = _union_members(tp)
        if members:
            part = parts[0]
            tagged = [m for m in members if isinstance(part, str) and part in _tag_of(m)]
            if tagged:
                parts.pop(0)
                tp = tagged[0]
                continue
            non_none = [m for m in members if m is not type(None)]
            if len(non_none) == 1:
                tp = non_none[0]
                continue
            # a plain union (e.g. int | str): pydantic names the member tried; skip it
            if isinstance(part, str) and part not in _fields(members[0]):
                parts.pop(0)
                continue
            return tuple(path + parts), None
        part = parts.pop(0)
        path.append(part)
        origin = typing.get_origin(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = tp.model_fields.get(part) if isinstance(part, str) else None
            tp = field.annotation if field else None
        elif origin in (list, tuple, set, frozenset):
            args = typing.get_args(tp)
            tp = args[0] if args else None
        elif origin is dict:
            args = typing.get_args(tp)
            tp = args[1] if len(args) == 2 else None
        else:
            tp = None
        if tp is None:
            return tuple(path + parts), None
    return tuple(path), _unwrap(tp)


def _fields(tp: Any) -> list[str]:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return list(tp.model_fields)
    return []


def file_path(model: Any, loc: tuple[Any, ...]) -> Path_:
    return walk(model, loc)[0]


def strip_tags(loc: tuple[Any, ...], text: str | None = None) -> Path_:
    """Without a model: drop a part that names the `kind` of the table it is in (pydantic puts a
    tagged union's tag in the path)."""
    if text is None:
        return tuple(p for p in loc if not (isinstance(p, str) and p in TAGS))
    try:
        node: Any = _parsed(text)
    except tomllib.TOMLDecodeError:
        node = None
    out: list[Any] = []
    for k, part in enumerate(loc):
        if isinstance(node, dict) and node.get("kind") == part:
            last = k == len(loc) - 1
            if not last or part not in node:
                continue
        out.append(part)
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
    return tuple(out)


@lru_cache(maxsize=16)
def _parsed(text: str) -> dict[str, Any]:
    return tomllib.loads(text)


def _kinds() -> set[str]:
    out: set[str] = set()
    for union in (
        content.HostCondition,
        content.Condition,
        content.Trigger,
        content.Effect,
        orders.Order,
    ):
        for member in _union_members(_unwrap(union)):
            out.update(_tag_of(member))
    return out


TAGS: set[str] = _kinds()


def show_path(path: Path_) -> str:
    """("events", 0, "trigger", "date") -> "events[0].trigger.date"."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            name = str(part) if _BARE.fullmatch(str(part)) else f'"{part}"'
            out += f".{name}" if out else name
    return out


def suggest(word: str, choices: typing.Iterable[str]) -> str:
    """'; did you mean 'x'?' when a choice is close, else ''."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.7)
    return f"; did you mean {close[0]!r}?" if close else ""


_TYPE_WORDS = {
    "int": "a whole number",
    "float": "a number",
    "string": "a string",
    "bool": "true or false",
    "date": "a date (YYYY-MM-DD, unquoted)",
    "list": "an array",
    "dict": "a table",
    "model": "a table",
}


def _got(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "..."
        return f"the string {short!r}"
    return repr(value) if not hasattr(value, "isoformat") else value.isoformat()


def describe_error(e: Mapping[str, Any], loc: tuple[Any, ...], model: Any = None) -> str:
    """A pydantic error as one plain sentence about the key written in the file (`model` as for
    `locate`)."""
    path, _ = walk(model, loc) if model is not None else (strip_tags(loc), None)
    where = show_path(path) or "(top level)"
    t, ctx, value = e["type"], e.get("ctx") or {}, e.get("input")
    if t == "extra_forbidden":
        parent_path, parent = walk(model, tuple(loc)[:-1]) if model is not None else ((), None)
        name = str(path[-1]) if path else where
        hint = suggest(name, _fields(parent))
        inside = f" in {show_path(parent_path)}" if parent_path else ""
        return f"unknown key {name!r}{inside}{hint}"
    if t == "missing":
        name = str(path[-1]) if path else where
        inside = f" in {show_path(path[:-1])}" if len(path) > 1 else ""
        return f"missing required key {name!r}{inside}"
    if t == "union_tag_invalid":
        expected = [x.strip(" '") for x in str(ctx.get("expected_tags", "")).split(",")]
        tag = ctx.get("tag", "")
        hint = suggest(tag, expected) or f" (expected one of: {', '.join(expected)})"
        return f"{where}: unknown kind {tag!r}{hint}"
    if t == "union_tag_not_found":
        return f"{where}: needs a 'kind' key saying which kind of table it is"
    if t == "literal_error":
        expected = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return f"{where}: must be one of {', '.join(repr(x) for x in expected)}, got {_got(value)}{suggest(str(value), expected)}"
    if t in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        words = {
            "greater_than_equal": ("at least", "ge"),
            "greater_than": ("more than", "gt"),
            "less_than_equal": ("at most", "le"),
            "less_than": ("less than", "lt"),
        }[t]
        return f"{where}: out of range: must be {words[0]} {ctx.get(words[1])}, got {_got(value)}"
    if t == "too_short":
        return f"{where}: needs at least {ctx.get('min_length')} item(s), has {ctx.get('actual_length')}"
    if t == "too_long":
        return f"{where}: has {ctx.get('actual_length')} items; at most {ctx.get('max_length')} allowed"
    if t == "string_too_long":
        return f"{where}: too long: at most {ctx.get('max_length')} characters"
    if t == "string_pattern_mismatch":
        return f"{where}: {_got(value)} is not a valid id (lowercase letters, digits, '-' and '_', starting with a letter or digit, at most 64)"
    kind = t.split("_")[0]
    if kind in _TYPE_WORDS and (t.endswith("_type") or t.endswith("_parsing")):
        return f"wrong type for {where}: expected {_TYPE_WORDS[kind]}, got {_got(value)}"
    if t == "model_type" or t == "model_attributes_type":
        return f"wrong type for {where}: expected a table, got {_got(value)}"
    msg = str(e.get("msg", ""))
    msg = msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return f"{where}: {msg}" if path else msg


def toml_error_position(err: tomllib.TOMLDecodeError, text: str) -> tuple[int, int, str]:
    lineno = getattr(err, "lineno", None)
    colno = getattr(err, "colno", None)
    msg = getattr(err, "msg", None) or str(err)
    if lineno is None:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(err))
        if m:
            lineno, colno = int(m.group(1)), int(m.group(2))
            msg = str(err)[: m.start()].strip()
        elif "end of document" in str(err):
            lines = text.splitlines() or [""]
            lineno, colno = len(lines), len(lines[-1]) + 1
            msg = str(err).replace(" (at end of document)", "") + " (at the end of the file)"
    line = source_line(text, lineno or 1)
    if msg.startswith("Illegal character '\\n'") and (line.count('"') % 2 or line.count("'") % 2):
        msg = "the line ends inside a string (a closing quote is missing)"
    at = line[colno - 1] if colno and 0 < colno <= len(line) else ""
    if at and colno and not at.isascii() and "key" in msg.lower():
        word = re.search(r"[^\s=.{},\[\]]+", line[max(0, line.rfind(" ", 0, colno - 1) + 1) :])
        key = word.group(0) if word else at
        msg += (
            f"; a key with letters outside a-z, 0-9, '-' and '_' (here {at!r}) must be quoted: "
            f'"{key}" = ...'
        )
    unclosed = _unclosed_bracket(text, lineno or 1)
    if unclosed is not None:
        (bline, bcol, bracket) = unclosed
        closer = "]" if bracket == "[" else "}"
        kind = "array" if bracket == "[" else "inline table"
        return bline, bcol, f"this {kind} is never closed (a '{closer}' is missing)"
    return lineno or 1, colno or 1, msg


def _unclosed_bracket(text: str, upto: int) -> tuple[int, int, str] | None:
    """The first value bracket ('[' of an array, '{' of an inline table) still open when the
    parser stopped on line `upto` and opened on an earlier line: TOML reports the error where
    it noticed (often a table header lines later), the author needs the bracket."""
    stack: list[tuple[int, int, str]] = []
    for number, raw in enumerate(text.splitlines()[: upto - 1], start=1):
        if not stack and raw.lstrip().startswith("["):
            continue  # a table header, not a value
        quote = ""
        for col, ch in enumerate(raw, start=1):
            if quote:
                if ch == quote:
                    quote = ""
                continue
            if ch in "\"'":
                quote = ch
            elif ch == "#":
                break
            elif ch in "[{" and (stack or "=" in raw[: col - 1]):
                stack.append((number, col, ch))
            elif ch in "]}" and stack:
                stack.pop()
    return stack[0] if stack else None


def source_line(text: str, line: int) -> str:
    """The text of a 1-based line (tabs kept), or '' when out of range."""
    starts = line_starts(text)
    if not 0 < line <= len(starts):
        return ""
    end = starts[line] - 1 if line < len(starts) else len(text)
    found = text[starts[line - 1] : end].rstrip("\r")
    return found if found or line < len(starts) else ""
