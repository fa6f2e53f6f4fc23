"""Map a key path from a parsed TOML document (e.g. ("events", 2, "trigger", "date")) back to a
line and column in its text. tomllib gives no positions, so we scan the text's table headers and
keys, counting array-of-tables entries."""

from __future__ import annotations

import re
import tomllib
from typing import Any

HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
KEY = re.compile(r"^\s*([A-Za-z0-9_\-\"'.]+)\s*=")


def _split_key(raw: str) -> tuple[str, ...]:
    parts = []
    for piece in re.findall(r'"[^"]*"|\'[^\']*\'|[^.\s]+', raw):
        parts.append(piece.strip("\"'"))
    return tuple(parts)


def index_lines(text: str) -> dict[tuple[Any, ...], tuple[int, int]]:
    """Every table and key path that starts a line, with its (line, column), 1-based."""
    out: dict[tuple[Any, ...], tuple[int, int]] = {}
    counts: dict[tuple[Any, ...], int] = {}
    current: tuple[Any, ...] = ()
    in_multiline = False
    for n, line in enumerate(text.splitlines(), start=1):
        if in_multiline:
            if line.count('"""') % 2 == 1 or line.count("'''") % 2 == 1:
                in_multiline = False
            continue
        m = HEADER.match(line)
        if m and not KEY.match(line):
            names = _split_key(m.group(2))
            resolved = _resolve(names, counts, out)
            if m.group(1) == "[[":
                base = resolved
                idx = counts.get(base, 0)
                counts[base] = idx + 1
                current = base + (idx,)
            else:
                current = resolved
            col = line.index("[") + 1
            out.setdefault(current, (n, col))
            continue
        k = KEY.match(line)
        if k:
            path = current + _split_key(k.group(1))
            out.setdefault(path, (n, line.index(k.group(1)[0]) + 1))
            rest = line[k.end() :]
            if rest.count('"""') == 1 or rest.count("'''") == 1:
                in_multiline = True
    return out


def _resolve(names: tuple[str, ...], counts: dict, out: dict) -> tuple[Any, ...]:
    """A header like [events.trigger] inside [[events]] means the latest events entry."""
    path: tuple[Any, ...] = ()
    for i, name in enumerate(names):
        path = path + (name,)
        if i < len(names) - 1 and path in counts:
            path = path + (counts[path] - 1,)
    return path


def strip_tags(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """pydantic puts a tagged union's tag in the path (('trigger', 'date', 'date') for the 'date'
    field of a trigger of kind 'date'); drop it so the path matches the file's keys."""
    out: list[Any] = []
    for i, part in enumerate(loc):
        if isinstance(part, str) and part in TAGS and i > 0 and _is_union_slot(loc[:i]):
            continue
        out.append(part)
    return tuple(out)


def _is_union_slot(prefix: tuple[Any, ...]) -> bool:
    last = prefix[-1]
    if isinstance(last, int):
        return len(prefix) >= 2 and prefix[-2] in UNION_LISTS
    return last in UNION_FIELDS


UNION_FIELDS = {"trigger", "condition"}
UNION_LISTS = {"effects", "conditions", "all", "orders"}


def locate(text: str, loc: tuple[Any, ...], error: dict | None = None) -> tuple[int, int]:
    """Best line for a key path: the deepest prefix of it that appears in the text."""
    index = index_lines(text)
    path = strip_tags(tuple(loc))
    while path:
        if path in index:
            return index[path]
        path = path[:-1]
    return (1, 1)


def _kinds() -> set[str]:
    import typing

    from ..model import content, orders

    out: set[str] = set()
    for union in (
        content.HostCondition,
        content.Condition,
        content.Trigger,
        content.Effect,
        orders.Order,
    ):
        for member in typing.get_args(typing.get_args(union)[0]):
            out.update(typing.get_args(member.model_fields["kind"].annotation))
    return out


TAGS: set[str] = _kinds()


def describe_error(e: dict, loc: tuple[Any, ...]) -> str:
    where = ".".join(str(p) for p in strip_tags(loc)) or "(top level)"
    t = e["type"]
    if t == "extra_forbidden":
        return f"unknown key {where!r}"
    if t == "missing":
        return f"missing required key {where!r}"
    msg = e["msg"]
    return f"{where}: {msg}"


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
            lineno, colno = text.count("\n") + 1, 1
    return lineno or 1, colno or 1, msg
