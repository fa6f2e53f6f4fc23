"""The `drawdown` command: the main menu, headless play, authoring and training tools.

Each subcommand lives in its own module and is imported only when used, so start-up stays fast.
Usage errors exit 2, bad files exit 1 with PATH:LINE: message lines, and no user ever sees a
traceback.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from .errors import UsageError, report_crash
from .serve.command import add_arguments as add_classroom_arguments

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse would print usage and exit 2 itself
        raise UsageError(message)


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError("must be between 0 and 2**63-1")
    return value


def _positive(text: str) -> int:
    value = _seed(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


# More games than this in one `sim` is a mistake (each game's summary is kept for the report).
MAX_RUNS = 100_000


def _runs(text: str) -> int:
    value = _positive(text)
    if value > MAX_RUNS:
        raise argparse.ArgumentTypeError(f"at most {MAX_RUNS} games per policy, got {value}")
    return value


def _port(text: str) -> int:
    value = _seed(text)
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port is between 1 and 65535, got {value}")
    return value


def _host(text: str) -> str:
    if not text.strip() or text != text.strip():
        raise argparse.ArgumentTypeError(
            f"give an address to listen on, such as 127.0.0.1 (got {text!r})"
        )
    return text


def build_parser() -> Parser:
    p = Parser(prog="drawdown", description="Drawdown: command the withdrawal of a UN mission.")
    p.add_argument("--saves", metavar="DIR", help="where saves and results go")
    # --saves is accepted after the subcommand too (drawdown play X --saves DIR)
    saves = Parser(add_help=False)
    saves.add_argument(
        "--saves", metavar="DIR", default=argparse.SUPPRESS, help="where saves and results go"
    )
    sub = p.add_subparsers(dest="command", parser_class=Parser)

    play = sub.add_parser(
        "play",
        parents=[saves],
        help="play a scenario or exercise in the terminal (--watch: reload it as you edit it)",
    )
    play.add_argument("scenario", nargs="?", help="scenario or exercise id, or a TOML path")
    play.add_argument("--seed", type=_seed, default=None)
    play.add_argument("--load", metavar="SAVE", help="continue a saved game")
    play.add_argument(
        "--watch",
        action="store_true",
        help="follow the files the game is made from (scenario or exercise, theatre, rules): "
        "on a change, play your orders again on the new content and say the first that no "
        "longer applies; a file with errors shows them and the game runs on. With --load, "
        "follow the save's scenario (a save of content edited since is played on it as it is)",
    )
    play.add_argument("--trainee", metavar="NAME", help="trainee name for the results file")

    sub.add_parser("scenarios", help="list the bundled scenarios")

    val = sub.add_parser("validate", help="check scenario and exercise files")
    val.add_argument("paths", nargs="+", metavar="PATH")
    val.add_argument("--format", choices=["text", "json"], default="text")

    sch = sub.add_parser("schema", help="print the JSON Schema of a file kind")
    sch.add_argument(
        "kind",
        nargs="?",
        default="scenario",
        choices=["scenario", "exercise", "orders", "theatre", "rules"],
    )

    rules = sub.add_parser("rules", help="the rules in force, each value with its source")
    rules.add_argument(
        "scenario", nargs="?", help="scenario or exercise (default: the standard table)"
    )

    new = sub.add_parser("new", help="write a new file to start from")
    new.add_argument("what", choices=["scenario"])
    new.add_argument("name")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")

    run = sub.add_parser("run", parents=[saves], help="play a scripted game without a screen")
    run.add_argument("scenario")
    run.add_argument("--orders", metavar="FILE", required=True)
    run.add_argument("--seed", type=_seed, default=None)
    run.add_argument("--json", action="store_true")
    run.add_argument("--save", metavar="OUT")
    run.add_argument(
        "--trainee", metavar="NAME", help="trainee name: write a results file for debrief"
    )

    sim = sub.add_parser("sim", parents=[saves], help="bots play many games")
    sim.add_argument("scenario")
    sim.add_argument("--policy", default="cautious")
    sim.add_argument(
        "--runs", type=_runs, default=20, help=f"games per policy (at most {MAX_RUNS})"
    )
    sim.add_argument("--seed", type=_seed, default=1)
    sim.add_argument("--jobs", type=_positive, default=1)
    sim.add_argument("--json", action="store_true")
    sim.add_argument("--no-progress", action="store_true", help="no progress bar")
    sim.add_argument(
        "--save-dir",
        metavar="DIR",
        help="save every game there (a normal save: open it with play --load, replay or report)",
    )
    sim.add_argument(
        "--orders",
        metavar="FILE",
        help="a line of play: give this orders file's orders on their dates, the bot plays the rest",
    )
    sim.add_argument(
        "--choices",
        choices=["default", "historical", "all"],
        default=None,
        help="how the bot answers events' choices: their defaults, the options history took, or "
        "every branch across games (default: the policy's own; historical takes history's)",
    )

    rep = sub.add_parser("replay", parents=[saves], help="re-run a save's log")
    rep.add_argument("save")
    rep.add_argument("--verify", action="store_true", help="check it reproduces exactly")

    report = sub.add_parser("report", parents=[saves], help="the after-action review of a save")
    report.add_argument("save")
    report.add_argument("--format", choices=["md", "html"], default="md")
    report.add_argument("--out", metavar="FILE")

    deb = sub.add_parser("debrief", parents=[saves], help="compare finished games")
    deb.add_argument("results", nargs="+", metavar="RESULT")
    deb.add_argument("--format", choices=["text", "md", "html"], default="text")
    deb.add_argument("--out", metavar="FILE")

    serve = sub.add_parser("serve", parents=[saves], help="the game in a browser")
    serve.add_argument("--host", type=_host, default="127.0.0.1")
    serve.add_argument("--port", type=_port, default=8000)
    add_classroom_arguments(serve)
    return p


def _handler(command: str | None) -> Callable[[argparse.Namespace], int]:
    """Import the module that runs a command only when that command is used."""
    if command is None or command == "play":
        # imported when this command runs: each subcommand's modules stay out of the others' start-up
        from .ui.launch import cmd_play

        return cmd_play
    if command in ("scenarios", "run", "replay"):
        # imported when this command runs: each subcommand's modules stay out of the others' start-up
        from . import headless

        return {
            "scenarios": headless.cmd_scenarios,
            "run": headless.cmd_run,
            "replay": headless.cmd_replay,
        }[command]
    if command == "sim":
        # imported when this command runs: each subcommand's modules stay out of the others' start-up
        from .bots.sim import cmd_sim

        return cmd_sim
    if command in ("validate", "schema", "new", "rules"):
        # imported when this command runs: each subcommand's modules stay out of the others' start-up
        from .authoring import commands

        return {
            "validate": commands.cmd_validate,
            "schema": commands.cmd_schema,
            "new": commands.cmd_new,
            "rules": commands.cmd_rules,
        }[command]
    if command == "serve":
        # imported when this command runs: each subcommand's modules stay out of the others' start-up
        from .serve.command import cmd_serve

        return cmd_serve
    if command in ("report", "debrief"):
        # imported when this command runs: each subcommand's modules stay out of the others' start-up
        from .training import commands as training

        return {"report": training.cmd_report, "debrief": training.cmd_debrief}[command]
    raise UsageError(f"unknown command {command!r}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    _no_signal_on_full_disk()
    try:
        args = parser.parse_args(argv)
        return _handler(args.command)(args)
    except UsageError as err:
        print(f"drawdown: {err}", file=sys.stderr)
        print("Try 'drawdown --help'.", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("drawdown: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as err:  # last line of defence: never a traceback for a user
        # imported only on an unexpected error: the safe-files module stays out of start-up
        from .files import FileProblem, WriteProblem

        if isinstance(err, FileProblem | WriteProblem):  # a file that cannot be read or written
            print(f"drawdown: {err}", file=sys.stderr)
            return EXIT_PROBLEMS

        return report_crash(err)


def _no_signal_on_full_disk() -> None:
    """Past the file-size limit a write fails with an error we report, instead of a signal that
    kills the process mid-save."""
    try:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    except (AttributeError, ValueError, OSError):  # no such signal here, or not the main thread
        pass


if __name__ == "__main__":
    sys.exit(main())
