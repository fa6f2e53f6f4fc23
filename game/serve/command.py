"""`drawdown serve`: its options, the checks on them, and what it tells the instructor at start
(where to point trainees, the console's code, what is exposed). cli.py imports it to build the
parser, so it imports nothing heavy until the command runs."""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .server import ClassConfig

CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
MIN_CODE = 6


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= value <= 1000:
        raise argparse.ArgumentTypeError("must be between 1 and 1000")
    return value


def _minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of minutes: {text!r}") from None
    if not 0 <= value <= 24 * 60:
        raise argparse.ArgumentTypeError("must be between 0 (never) and 1440")
    return value


def add_arguments(serve: argparse.ArgumentParser) -> None:
    """The classroom options of `drawdown serve` (--host and --port are cli.py's)."""
    serve.add_argument(
        "--class", dest="class_name", default="class", metavar="NAME", help="the class (a folder)"
    )
    serve.add_argument(
        "--class-code", default="", metavar="CODE", help="code trainees type to join"
    )
    serve.add_argument(
        "--instructor-code", default="", metavar="CODE", help="the console's code (else generated)"
    )
    serve.add_argument(
        "--max-games", type=_count, default=32, metavar="N", help="live games at most"
    )
    serve.add_argument(
        "--idle-minutes", type=_minutes, default=30.0, metavar="M", help="end idle games (0: never)"
    )
    serve.add_argument("--public-url", metavar="URL", help="the address browsers use")
    serve.add_argument(
        "--no-fork",
        action="store_true",
        help="start each game as a fresh program instead of forking it from a pre-loaded one",
    )


def generated_code() -> str:
    """12 letters and digits (about 59 bits), in groups of four to read out."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def usage(message: str) -> int:
    print(f"drawdown: {message}", file=sys.stderr)
    print("Try 'drawdown serve --help'.", file=sys.stderr)
    return 2


def cmd_serve(args: argparse.Namespace) -> int:
    # imported when the server starts: aiohttp and textual-serve stay out of `drawdown --help`
    from ..saves import saves_dir
    from .guard import is_loopback, origin_of
    from .roster import folder_key
    from .server import ClassConfig, ClassroomServer

    host, port = args.host, args.port
    public_url = args.public_url or os.environ.get("DRAWDOWN_PUBLIC_URL") or ""
    if not is_loopback(host) and not public_url:
        return usage(
            f"--host {host} makes the game reachable from other machines: say with --public-url "
            "the address their browsers will use (e.g. https://drawdown.example.org)"
        )
    if public_url and origin_of(public_url) is None:
        return usage(f"--public-url must be an http:// or https:// address, not {public_url!r}")
    if not public_url:
        shown = f"[{host}]" if ":" in host else host
        public_url = f"http://{shown}:{port}"
    code = args.instructor_code or os.environ.get("DRAWDOWN_INSTRUCTOR_CODE") or ""
    if code and len(code) < MIN_CODE:
        return usage(f"--instructor-code must be at least {MIN_CODE} characters")
    generated = not code
    code = code or generated_code()
    class_name = " ".join(args.class_name.split())
    if not class_name:
        return usage("--class needs a name")
    try:
        folder = saves_dir(getattr(args, "saves", None)) / folder_key(class_name)
    except OSError as err:
        print(f"drawdown: cannot use the saves folder: {err}", file=sys.stderr)
        return 1
    config = ClassConfig(
        folder=folder,
        name=class_name,
        public_url=public_url.rstrip("/"),
        host=host,
        port=port,
        instructor_code=code,
        class_code=args.class_code.strip(),
        max_games=args.max_games,
        idle_seconds=args.idle_minutes * 60,
        fork_games=not getattr(args, "no_fork", False),
    )
    try:
        server = ClassroomServer(config)
    except OSError as err:
        print(
            f"drawdown: cannot use the class folder {config.folder}: {err.strerror}",
            file=sys.stderr,
        )
        return 1
    announce(config, generated, exposed=not is_loopback(host))
    try:
        server.serve()
    except OSError as err:
        print(f"drawdown: cannot serve on {host}:{port}: {err.strerror}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0


def announce(config: ClassConfig, generated: bool, exposed: bool) -> None:
    """What the instructor needs to know, and what the server exposes."""
    url = config.public_url
    lines = [
        f"Drawdown class {config.name!r}: trainees open {url}/ and type their name"
        + (" and the class code" if config.class_code else ""),
        f"Instructor console: {url}/instructor  code: {config.instructor_code}"
        + ("  (generated; --instructor-code sets one)" if generated else ""),
        f"Files: {config.folder} (one folder per trainee: saves, autosaves, results)",
        f"At most {config.max_games} games at once; a game idle for "
        + (
            f"{config.idle_seconds / 60:g} min is saved and closed"
            if config.idle_seconds
            else "ever is kept open"
        ),
        f"Listening on {config.host}:{config.port}; answers only to Host {url} and to websockets from its own pages",
    ]
    if exposed:
        lines.append(
            f"EXPOSED: anyone who can reach {config.host}:{config.port} can join as any name, start "
            "a game process on this machine and write into the class folder; put a proxy with a "
            "login in front (docs/serving.md)"
        )
    lines.append("Ctrl+C stops the server (each open game saves itself first)")
    print("\n".join(lines), flush=True)
