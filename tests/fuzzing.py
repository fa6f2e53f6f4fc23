"""Fuzzing the program's inputs: mutations of real files (bundled content, an orders file, a save,
a results file) and of command lines, and a harness that runs one input through `drawdown` in
this process and says whether it crashed (an exit code other than 0/1/2, an internal error, a
traceback) or hung (over a time limit).

Used by tests/test_fuzz.py (hypothesis, bounded, in CI) and bench/fuzz.py (longer random runs
with figures). Both draw mutations from the same vocabulary, so a crash found by either replays
in the other.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import signal
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
ORDERS = ROOT / "tests" / "data" / "training_orders.toml"

# Pieces that break parsers and checkers: syntax, wrong types, extremes, deep nesting, bad bytes.
TOKENS: list[bytes] = [
    b"[",
    b"]",
    b"[[",
    b"]]",
    b"{",
    b"}",
    b'"',
    b"'",
    b'"""',
    b"=",
    b".",
    b",",
    b":",
    b"\n",
    b"#",
    b"\\",
    b"\\u0000",
    b"\x00",
    b"\xff\xfe",
    b"\r",
    b"\t",
    b"-1",
    b"0",
    b"1e999",
    b"-0.0",
    b"nan",
    b"inf",
    b"true",
    b"null",
    b"99999999999999999999999",
    b"9" * 5000,
    b'"x"',
    b"[1]",
    b'["a"]',
    b"{}",
    b"[]",
    b"1979-05-27",
    b"2023-02-30",
    b"a.b.c",
    b".".join([b"k"] * 200),
    b"[" * 300 + b"]" * 300,
    b"{" * 60 + b"}" * 60,
    b"[[" + b"a." * 100 + b"a]]",
    b'"/dev/zero"',
    b'"../../etc/passwd.toml"',
    b'"' + b"x" * 300 + b'.toml"',
    "é".encode(),
    b"id",
    b"kind",
    b"day",
    b"seed",
    b"scenario",
    b"theatre",
    b"sites",
    b"routes",
    b"orders",
    b"record",
    b"advance",
    b"summary",
]

# Values that test a typed field: strings for numbers, floats for whole numbers, huge, negative.
VALUES: list[bytes] = [
    b'"3"',
    b"3.99",
    b"true",
    b"false",
    b"-1",
    b"0",
    b"999999",
    b"99999999999999999999999",
    b"1e308",
    b"[]",
    b"{}",
    b'["a"]',
    b"[1]",
    b'""',
    b'"/dev/zero"',
    b'"x.toml"',
    b"2023-01-01",
    b"nan",
    b"null",
    b"[" * 1000 + b"]" * 1000,
    b"{ a = " * 300 + b"1" + b" }" * 300,
    b'"' + b"x" * 100_000 + b'"',
]

# Keys that test the key paths: nested 1,000 deep, long, quoted, empty.
KEYS: list[bytes] = [
    b".".join([b"k"] * 1000),
    b".".join([b"k"] * 60),
    b"k" * 300,
    b'"a b"',
    b'""',
    b"id.id",
    b"kind",
]

# Field values are what most damage reaches (a whole number as a string, an id as a list), so
# "value" and "key" mutations are drawn more often than byte-level ones.
OPS = (
    *("delete", "insert", "replace", "duplicate", "delete_line", "dup_line", "swap_lines"),
    *("value", "value", "value", "value", "key", "key"),
)


@dataclass(frozen=True)
class Op:
    """One mutation: what, where (a fraction of the file), how much, and with what."""

    kind: str
    at: float
    size: int
    piece: bytes


def mutate(data: bytes, ops: Sequence[Op]) -> bytes:
    for op in ops:
        data = _apply(data, op)
    return data


def _apply(data: bytes, op: Op) -> bytes:
    n = len(data)
    i = min(n, int(op.at * n))
    if op.kind == "delete":
        return data[:i] + data[i + op.size :]
    if op.kind == "insert":
        return data[:i] + op.piece + data[i:]
    if op.kind == "replace":
        return data[:i] + op.piece + data[i + max(1, op.size) :]
    if op.kind == "duplicate":
        return data[:i] + data[i : i + op.size * 8] + data[i:]
    lines = data.split(b"\n")
    k = min(len(lines) - 1, int(op.at * len(lines)))
    if op.kind == "delete_line":
        del lines[k]
    elif op.kind == "dup_line":
        lines[k:k] = [lines[k]] * max(1, op.size % 5)
    elif op.kind == "swap_lines":
        j = (k + 1 + op.size) % len(lines)
        lines[k], lines[j] = lines[j], lines[k]
    elif op.kind in ("value", "key"):
        assigns = [m for m, line in enumerate(lines) if b" = " in line or b'": ' in line]
        if assigns:
            m = assigns[min(len(assigns) - 1, int(op.at * len(assigns)))]
            sep = b" = " if b" = " in lines[m] else b'": '
            head, _, tail = lines[m].partition(sep)
            if op.kind == "key":
                indent = head[: len(head) - len(head.lstrip())]
                lines[m] = indent + op.piece + sep + tail
            else:
                comma = b"," if tail.rstrip().endswith(b",") else b""
                lines[m] = head + sep + op.piece + comma
    return b"\n".join(lines)


def random_ops(rng: random.Random, most: int = 4) -> list[Op]:
    """Mutations drawn at random (bench/fuzz.py); tests draw the same with hypothesis."""
    ops = []
    for _ in range(rng.randint(1, most)):
        kind = rng.choice(OPS)
        pool = {"value": VALUES, "key": KEYS}.get(kind, TOKENS)
        piece = rng.choice(pool) if rng.random() < 0.85 else rng.randbytes(rng.randint(1, 8))
        ops.append(Op(kind, rng.random(), rng.randint(0, 64), piece))
    return ops


# --------------------------------------------------------------------------- running one input


class Hang(BaseException):
    """An input ran past its time limit (a BaseException: the program's own handlers let it by)."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def expire(signum, frame):
        raise Hang(f"over {seconds} s")

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@dataclass
class Outcome:
    argv: list[str]
    code: int | None
    output: str
    hung: bool = False

    @property
    def crashed(self) -> bool:
        if self.hung:
            return False
        bad_words = ("internal error", "Traceback")
        return self.code not in (0, 1, 2) or any(w in self.output for w in bad_words)

    @property
    def ok(self) -> bool:
        return not self.crashed and not self.hung


def run(argv: Sequence[object], seconds: float = 20) -> Outcome:
    """`drawdown ARGV` in this process, output captured, with a time limit."""
    from game.cli import main

    args = [str(a) for a in argv]
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            with time_limit(seconds):
                code = main(args)
    except Hang:
        return Outcome(args, None, out.getvalue(), hung=True)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    return Outcome(args, code, out.getvalue())


class IdleServer:
    """Stands in for the classroom server: built from its configuration, never listens."""

    def __init__(self, config) -> None:
        self.config = config

    def serve(self) -> None:
        return None


@contextlib.contextmanager
def harmless_front_ends(saves: Path) -> Iterator[None]:
    """The terminal app and the classroom server do not start (their arguments are still
    checked), `sim` plays a handful of games at most, and saves and results written without
    --saves go to `saves`, not the checkout's or the user's folder."""
    import game.bots.sim
    import game.cli
    import game.saves
    import game.serve.server
    from game.ui.app import DrawdownApp

    real_saves_dir = game.saves.saves_dir
    real_run_games = game.bots.sim.run_games
    saved = (DrawdownApp.run, game.serve.server.ClassroomServer, game.cli.MAX_RUNS)
    DrawdownApp.run = lambda self, *a, **k: None  # type: ignore[method-assign]
    game.serve.server.ClassroomServer = IdleServer  # type: ignore[assignment,misc]
    game.cli.MAX_RUNS = 3  # what --runs accepts
    # and what sim plays without --runs (its default, 20, never goes through the --runs check):
    # 20 campaigns test the arguments no better than 3, and took most of the fuzz suite's time
    game.bots.sim.run_games = lambda ref, policy, runs, *a, **k: real_run_games(
        ref, policy, min(runs, game.cli.MAX_RUNS), *a, **k
    )
    game.saves.saves_dir = lambda override=None: real_saves_dir(override or saves)
    try:
        yield
    finally:
        DrawdownApp.run, game.serve.server.ClassroomServer, game.cli.MAX_RUNS = saved
        game.bots.sim.run_games = real_run_games
        game.saves.saves_dir = real_saves_dir


# --------------------------------------------------------------------------- targets


def bundled_files() -> list[Path]:
    return sorted(CONTENT.glob("**/*.toml"))


def content_commands(path: Path) -> list[list[object]]:
    """What a content file goes through: validate, and loading (rules loads the world)."""
    if "theatres" in path.parts or "rules" in path.parts:
        return [["validate", path]]
    return [["validate", path], ["rules", path]]


def orders_commands(path: Path) -> list[list[object]]:
    return [["validate", path], ["run", "sandbox", "--orders", path, "--json"]]


def save_commands(path: Path) -> list[list[object]]:
    return [["replay", path, "--verify"], ["report", path]]


def result_commands(path: Path) -> list[list[object]]:
    return [["debrief", path, "--format", "md"], ["report", path]]


def make_samples(folder: Path) -> dict[str, Path]:
    """A save and a results file of a short exercise game, to mutate."""
    out = run(
        [
            "run",
            "sandbox-basics",
            "--orders",
            ORDERS,
            "--trainee",
            "F",
            "--saves",
            folder,
            "--save",
            folder / "sample-save.toml",
        ],
        seconds=120,
    )
    assert out.code == 0, out.output
    (result,) = folder.glob("*.result.json")
    return {"save": folder / "sample-save.toml", "result": result}


def argv_words(folder: Path) -> list[str]:
    """Words a command line is built from: commands' options, ids, numbers at and past their
    limits, and paths of every awkward kind (a folder, a pipe, a device, missing, too long)."""
    fifo = folder / "pipe.toml"
    if not fifo.exists():
        os.mkfifo(fifo)
    plain = folder / "plain.txt"
    plain.write_text("not toml [\n")
    return [
        *("sandbox", "tutorial", "sandbox-basics", "drawdown-2023", "nope"),
        *("--seed", "--json", "--orders", "--save", "--saves", "--runs", "--jobs", "--policy"),
        *("--format", "--out", "--load", "--host", "--port", "--verify", "--trainee", "--force"),
        *("--watch", "--no-progress", "-h", "scenario", "exercise", "orders", "all", "random"),
        *("cautious", "md", "html", "text", "json"),
        *("-1", "0", "1", "2", "3", "70000", "99999999999999999999", "1e3", "abc", "", " "),
        *("127.0.0.1", "0.0.0.0", "::1"),
        str(folder),
        str(folder / "missing.toml"),
        str(folder / ("x" * 300)),
        str(folder / ("y" * 300 + ".toml")),
        str(fifo),
        str(plain),
        str(plain / "below.toml"),
        "/dev/null",
        "/dev/zero",
        str(ORDERS),
        str(folder / "out" / "new.toml"),
        str(folder / "out.md"),
    ]


COMMANDS = [
    "scenarios",
    "validate",
    "schema",
    "rules",
    "new",
    "run",
    "sim",
    "replay",
    "report",
    "debrief",
    "serve",
    "play",
    "--saves",
]
