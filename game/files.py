"""The one way the program reads and writes files.

Reading: regular files only (checked on the opened descriptor, opened non-blocking so a pipe never
blocks), at most the limit plus one byte, NUL bytes and bad UTF-8 refused, and TOML/JSON parse
errors — nesting too deep, integers too long, syntax — turned into a `FileProblem` with a line and
column. Writing: temp file in the same folder, fsync, rename; an existing target that is not a
regular file (a folder, a device, a pipe) is refused and left alone; every OS error becomes one
`WriteProblem` line naming the path.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Any

# How deep tables and arrays may nest. Bundled content nests at most 8 deep; the parsers and every
# recursive walk over parsed data (copies, validation) stay far from Python's recursion limit.
MAX_NESTING = 48

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


class FileProblem(Exception):
    """A file that cannot be read or parsed: where (path, line, column) and why."""

    def __init__(self, path: str | os.PathLike[str], message: str, line: int = 1, col: int = 1):
        self.path, self.message, self.line, self.col = str(path), message, line, col
        super().__init__(f"{self.path}:{line}:{col}: {message}")


class WriteProblem(OSError):
    """A file that cannot be written: one line naming the path and the reason. An OSError, so code
    that already guards a write with `except OSError` shows this line."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path, self.reason = str(path), reason
        super().__init__(f"{self.path}: cannot write: {reason}")

    def __str__(self) -> str:
        return str(self.args[0])


def reason(err: BaseException) -> str:
    """An OS error in a few words, without the errno and path decorations."""
    if isinstance(err, OSError) and err.strerror:
        return err.strerror[0].lower() + err.strerror[1:]
    if isinstance(err, ValueError):
        return "the name contains a NUL byte"
    return str(err) or type(err).__name__


# --------------------------------------------------------------------------- questions about paths


def is_file(path: str | os.PathLike[str]) -> bool:
    """Path.is_file that answers False instead of raising (name too long, NUL byte, loops)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def is_dir(path: str | os.PathLike[str]) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def exists(path: str | os.PathLike[str]) -> bool:
    try:
        os.stat(path)
    except (OSError, ValueError):
        return False
    return True


def resolved(path: Path) -> Path:
    """path.resolve(), or the absolute path when it cannot be resolved (a symlink loop)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return Path(os.path.abspath(path))


# --------------------------------------------------------------------------- reading


def read_bytes(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; FileProblem otherwise."""
    name = str(path)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except (OSError, ValueError) as err:
        raise FileProblem(name, f"cannot read the file: {reason(err)}") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise FileProblem(name, "is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise FileProblem(name, "is not a regular file (a device, pipe or socket)")
        if st.st_size > limit:
            raise FileProblem(name, f"file is {st.st_size} bytes; the limit is {limit}")
        chunks: list[bytes] = []
        got = 0
        while got <= limit:  # the size may lie (a file still growing): read limit+1 at most
            chunk = os.read(fd, min(1 << 20, limit + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        if got > limit:
            raise FileProblem(name, f"file is more than {limit} bytes; the limit is {limit}")
        return b"".join(chunks)
    except OSError as err:
        raise FileProblem(name, f"cannot read the file: {reason(err)}") from None
    finally:
        os.close(fd)


def decode(raw: bytes, path: str | os.PathLike[str], kind: str = "text") -> str:
    """UTF-8 text with no NUL bytes, or a FileProblem at the offending line."""
    name = str(path)
    if b"\x00" in raw:
        raise FileProblem(name, f"binary file (contains NUL bytes), not {kind}")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise FileProblem(name, "file is not valid UTF-8", _line_of(raw, err.start)) from None


def read_text(path: str | os.PathLike[str], limit: int, kind: str = "text") -> str:
    return decode(read_bytes(path, limit), path, kind)


def unreadable(err: FileProblem, what: str) -> str:
    """One line for a file that cannot be read as `what` ("save", "results file")."""
    message = err.message.replace("cannot read the file", f"cannot read the {what}")
    if not message.startswith(("cannot read", "is a", "is not", "file is ")):
        message = f"not a readable {what} (corrupt or truncated): {message}"
    return f"{err.path}:{err.line}:{err.col}: {message}"


def _line_of(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


# --------------------------------------------------------------------------- parsing


def parse_toml(text: str, path: str | os.PathLike[str]) -> dict[str, Any]:
    """A TOML document, or a FileProblem with the line and column of what is wrong."""
    # imported when first needed: the first screen paints before this code loads (start-up,
    # bench/tui.py): a world from the content cache parses no TOML (tomllib's import is ~4 ms)
    import tomllib

    name = str(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        # the locator (and the content models with it) loads only when a file has an error to place
        from .authoring.locate import toml_error_position

        line, col, msg = toml_error_position(err, text)
        raise FileProblem(name, f"TOML syntax: {msg}", line, col) from None
    except RecursionError:
        raise _too_deep(name, text, None) from None
    except ValueError as err:  # an integer longer than Python will convert
        raise _long_number(name, text, err) from None
    deep = too_deep(data)
    if deep is not None:
        raise _too_deep(name, text, deep)
    return data


def parse_json(text: str, path: str | os.PathLike[str]) -> Any:
    """A JSON document, or a FileProblem with the line and column of what is wrong."""
    name = str(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise FileProblem(name, f"JSON syntax: {err.msg}", err.lineno, err.colno) from None
    except RecursionError:
        raise _too_deep(name, text, None) from None
    except ValueError as err:
        raise _long_number(name, text, err) from None
    if too_deep(data) is not None:
        raise _too_deep(name, text, None)
    return data


def too_deep(data: Any, limit: int = MAX_NESTING) -> tuple[Any, ...] | None:
    """The key path of the first value nested more than `limit` deep, or None (no recursion)."""
    stack: list[tuple[Any, tuple[Any, ...]]] = [(data, ())]
    while stack:
        node, path = stack.pop()
        if len(path) > limit:
            return path
        if isinstance(node, dict):
            stack.extend((v, path + (k,)) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, path + (i,)) for i, v in enumerate(node))
    return None


_TOKENS = re.compile(r'"""|\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}]')


def _bracket_offset(text: str, limit: int) -> int | None:
    """Where brackets and braces (outside strings and comments) first nest deeper than `limit`."""
    depth, pos = 0, 0
    while True:
        m = _TOKENS.search(text, pos)
        if m is None:
            return None
        tok, pos = m.group(0), m.end()
        if tok in ('"""', "'''"):
            end = text.find(tok, pos)
            if end < 0:
                return None
            pos = end + 3
        elif tok in "[{":
            depth += 1
            if depth > limit:
                return m.start()
        elif tok in "]}":
            depth = max(0, depth - 1)


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _too_deep(name: str, text: str, path: tuple[Any, ...] | None) -> FileProblem:
    message = f"nested too deeply (more than {MAX_NESTING} levels of tables and arrays)"
    offset = _bracket_offset(text, MAX_NESTING)
    if offset is not None:
        return FileProblem(name, message, *_position(text, offset))
    if path is not None:
        # the locator (and the content models with it) loads only when a file has an error to place
        from .authoring.locate import locate

        return FileProblem(name, message, *locate(text, path[: MAX_NESTING + 1]))
    return FileProblem(name, message)


def _long_number(name: str, text: str, err: ValueError) -> FileProblem:
    m = re.search(r"\d{1000,}", text)
    line, col = _position(text, m.start()) if m else (1, 1)
    return FileProblem(name, f"a number too long to read ({err})".split(";")[0], line, col)


# --------------------------------------------------------------------------- writing


def _existing(path: Path) -> os.stat_result | None:
    """What is at a path we are about to write (None: nothing yet); WriteProblem if we cannot
    even tell (name too long, a file where a folder should be, no permission)."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as err:
        raise WriteProblem(path, reason(err)) from None


def make_folder(folder: str | os.PathLike[str]) -> Path:
    """Create a folder (and its parents) if it is missing; WriteProblem if it cannot be."""
    folder = Path(folder)
    st = _existing(folder)
    if st is not None:
        if not stat.S_ISDIR(st.st_mode):
            raise WriteProblem(folder, "it is a file, not a folder")
        return folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, ValueError) as err:
        raise WriteProblem(folder, f"cannot create the folder: {reason(err)}") from None
    return folder


def write_file(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write `data` to `path` atomically: temp file in the same folder, fsync, rename. A crash
    leaves the old file or the new one; an existing target that is not a regular file is refused
    and left alone; any failure is one WriteProblem and leaves no temp file behind."""
    path = Path(path)
    st = _existing(path)
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise WriteProblem(path, "it is a folder; give a file name")
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise WriteProblem(path, "it is not a regular file (a device, pipe or socket); left alone")
    make_folder(path.parent)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:200]}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        tmp = None
    except (OSError, ValueError) as err:
        raise WriteProblem(path, reason(err)) from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    _sync_folder(path.parent)
    return path


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every system can fsync a folder)."""
    try:
        dfd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)
