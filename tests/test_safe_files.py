"""Hostile files and arguments (issue 16): every crash, hang and lost game found by fuzzing, kept as
a regression test. Each case gives a clean `PATH:LINE: message` (exit 1) or a usage error (exit 2),
never an internal error, a traceback or a hang, and a write that fails leaves its target untouched
and the game's summary printed."""

from __future__ import annotations

import json
import os
import resource
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from waiting import until

from game.cli import main

ROOT = Path(__file__).resolve().parents[1]
ORDERS = ROOT / "tests" / "data" / "training_orders.toml"
THEATRE = ROOT / "content" / "theatres" / "sandbox.toml"
EXERCISE = ROOT / "content" / "exercises" / "sandbox-basics.toml"
CRASH = ("internal error", "Traceback")


@pytest.fixture
def cli(capsys, monkeypatch, tmp_path):
    """Run `drawdown ARGS` in this process (in tmp_path): (exit code, stdout, stderr)."""
    monkeypatch.chdir(tmp_path)

    def run(*args: object) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        for word in CRASH:
            assert word not in out + err, out + err
        return code, out, err

    return run


def drawdown(*args: object, timeout: float = 60, limits=None, cwd=None):
    """Run `drawdown ARGS` in a child process (for hangs, memory and file-size limits)."""

    def setup() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a full disk says so instead of killing
        for which, value in (limits or {}).items():
            resource.setrlimit(which, (value, value))

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-m", "game.cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=setup,
        env=env,
        cwd=cwd,
    )
    for word in CRASH:
        assert word not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    return proc


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    """A save and a results file of a finished exercise (sandbox-basics, orders from tests/data)."""
    folder = tmp_path_factory.mktemp("played")
    save = folder / "game.toml"
    args = ["run", "sandbox-basics", "--orders", str(ORDERS), "--trainee", "A. Diallo"]
    assert main([*args, "--saves", str(folder), "--save", str(save)]) == 0
    (result,) = folder.glob("*.result.json")
    return save, result


# --------------------------------------------------------------------------- 1. nesting


def nested_arrays(depth: int = 1000) -> str:
    return "a = " + "[" * depth + "]" * depth + "\n"


def dotted_keys(parts: int = 1000) -> str:
    return "id = 'x'\n" + ".".join(["k"] * parts) + " = 1\n"


@pytest.mark.parametrize("text", [nested_arrays(), dotted_keys()], ids=["arrays", "dotted"])
@pytest.mark.parametrize("use", ["validate", "scenario", "orders", "save", "exercise"])
def test_deep_nesting_is_a_positioned_error(cli, tmp_path, text, use):
    path = tmp_path / "deep.toml"
    path.write_text(text if use != "exercise" else "scenario = 'sandbox'\n" + text)
    argv = {
        "validate": ["validate", path],
        "scenario": ["run", path, "--orders", ORDERS],
        "orders": ["run", "sandbox", "--orders", path],
        "save": ["replay", path],
        "exercise": ["run", path, "--orders", ORDERS],
    }[use]
    code, out, err = cli(*argv)
    assert code == 1
    line = (1 if text.startswith("a =") else 2) + (use == "exercise")
    assert f"deep.toml:{line}:" in out + err
    assert "nested too deeply" in out + err


def test_deep_nesting_in_results_json(cli, tmp_path):
    path = tmp_path / "deep.result.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    code, _, err = cli("debrief", path)
    assert code == 1 and "nested too deeply" in err


def test_a_too_long_number_is_a_positioned_error(cli, tmp_path):
    path = tmp_path / "long.toml"
    path.write_text("id = 'x'\nseed = " + "9" * 5000 + "\n")
    code, out, _ = cli("validate", path)
    assert code == 1 and "long.toml:2:8:" in out


# --------------------------------------------------------------------------- 2. lists for ids


def test_a_list_for_a_site_id_reports_the_real_problem(cli, tmp_path):
    text = THEATRE.read_text()
    first = text.index('id = "', text.index("[[sites]]"))
    end = text.index("\n", first)
    (tmp_path / "theatre.toml").write_text(text[:first] + 'id = ["a"]' + text[end:])
    scenario = (ROOT / "content" / "scenarios" / "sandbox.toml").read_text()
    scenario = scenario.replace('theatre = "sandbox"', 'theatre = "theatre.toml"', 1)
    (tmp_path / "scenario.toml").write_text(scenario)
    code, out, _ = cli("validate", tmp_path / "scenario.toml")
    assert code == 1
    assert "wrong type for sites[0].id: expected a string, got an array" in out


def test_a_list_for_a_choice_id_reports_the_real_problem(cli, tmp_path):
    text = EXERCISE.read_text().replace('id = "wait"', "id = [1]", 1)
    (tmp_path / "ex.toml").write_text(text)
    code, out, _ = cli("validate", tmp_path / "ex.toml")
    assert code == 1
    assert "wrong type for injects[1].choices[0].id: expected a string, got an array" in out


# --------------------------------------------------------------------------- 3. long names


LONG = "x" * 300


@pytest.mark.parametrize(
    "argv",
    [
        ["run", LONG, "--orders", ORDERS],
        ["run", LONG + ".toml", "--orders", ORDERS],
        ["run", "sandbox", "--orders", LONG + ".toml"],
        ["replay", LONG + ".toml"],
        ["report", LONG + ".toml"],
        ["debrief", LONG + ".result.json"],
        ["rules", LONG],
    ],
)
def test_a_file_name_over_255_characters(cli, argv):
    code, _, err = cli(*argv)
    assert code == 1
    assert "too long" in err or "no bundled scenario" in err


def test_validate_a_file_name_over_255_characters(cli):
    code, _, err = cli("validate", LONG + ".toml")
    assert code == 2 and "no such file" in err


# --------------------------------------------------------------------------- 4. folders


@pytest.mark.parametrize(
    "argv",
    [
        ["replay", "{dir}"],
        ["report", "{dir}"],
        ["debrief", "{dir}"],
        ["run", "{dir}", "--orders", ORDERS],
        ["run", "sandbox", "--orders", "{dir}"],
    ],
)
def test_a_folder_where_a_file_is_expected(cli, tmp_path, argv):
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    code, _, err = cli(*[str(a).replace("{dir}", str(folder)) for a in argv])
    assert code == 1 and "is a folder" in err


def test_play_load_a_folder(tmp_path, capsys):
    from game.ui.launch import prepare

    app, code = prepare(_play_args(load=str(tmp_path)))
    assert app is None and code == 1
    assert "is a folder" in capsys.readouterr().err


def _play_args(**kw):
    import argparse

    base = {"saves": None, "scenario": None, "load": None, "trainee": None, "seed": None}
    return argparse.Namespace(**{**base, **kw})


# --------------------------------------------------------------------------- 5. devices, pipes

MEMORY = {resource.RLIMIT_AS: 1 << 30}  # so that today's unbounded read fails fast, not the host


def test_dev_zero_is_refused_without_reading_it():
    proc = drawdown("run", "sandbox", "--orders", "/dev/zero", limits=MEMORY, timeout=30)
    assert proc.returncode == 1
    assert "/dev/zero:1:1: error: is not a regular file" in proc.stderr


def test_a_pipe_never_blocks_a_reader(tmp_path):
    fifo = tmp_path / "orders.toml"
    os.mkfifo(fifo)
    proc = drawdown("run", "sandbox", "--orders", fifo, timeout=30)
    assert proc.returncode == 1 and "is not a regular file" in proc.stderr
    proc = drawdown("validate", fifo, timeout=30)
    assert proc.returncode == 1 and "is not a regular file" in proc.stdout


@pytest.mark.parametrize("target", ["/dev/zero", "{fifo}"])
def test_a_save_naming_a_device_or_pipe_as_its_scenario(tmp_path, played, target):
    fifo = tmp_path / "scenario.toml"
    os.mkfifo(fifo)
    text = (
        played[0]
        .read_text()
        .replace(
            'scenario = "sandbox-basics"', f'scenario = "{target.replace("{fifo}", str(fifo))}"'
        )
    )
    (tmp_path / "save.toml").write_text(text)
    proc = drawdown("replay", tmp_path / "save.toml", limits=MEMORY, timeout=30)
    assert proc.returncode == 1
    assert "not a regular file" in proc.stderr or "scenario must be" in proc.stderr


# --------------------------------------------------------------------------- 6. writes


def _device(tmp_path: Path, name: str = "null") -> Path:
    """A character device like /dev/null (where we may make one), else a named pipe."""
    path = tmp_path / name
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (OSError, AttributeError):
        os.mkfifo(path)
    return path


def _readonly(tmp_path: Path) -> Path:
    """A folder this process cannot write into."""
    if os.geteuid() != 0:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o555)
        return folder
    if os.path.isdir("/sys") and not os.access("/sys", os.W_OK | os.X_OK) or _cannot_create("/sys"):
        return Path("/sys")
    pytest.skip("no read-only folder available to root here")


def _cannot_create(folder: str) -> bool:
    try:
        os.close(os.open(os.path.join(folder, ".drawdown-probe"), os.O_CREAT | os.O_WRONLY))
    except OSError:
        return True
    os.unlink(os.path.join(folder, ".drawdown-probe"))
    return False


def _target(kind: str, tmp_path: Path, name: str) -> Path:
    if kind == "folder":
        path = tmp_path / name
        path.mkdir()
        return path
    if kind == "device":
        return _device(tmp_path)
    if kind == "readonly":
        return _readonly(tmp_path) / "sub" / name
    return tmp_path / name


def _state(path: Path):
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (stat.S_IFMT(st.st_mode), st.st_rdev, path.read_bytes() if path.is_file() else None)


# Every command that writes a file, with the argument that names where.
WRITERS = {
    "run --save": lambda t, save, result: ["run", "sandbox", "--orders", ORDERS, "--save", t],
    "report --out": lambda t, save, result: ["report", save, "--out", t],
    "debrief --out": lambda t, save, result: ["debrief", result, "--out", t],
    "run --saves (results)": lambda t, save, result: [
        "run",
        "sandbox",
        "--orders",
        ORDERS,
        "--trainee",
        "A",
        "--saves",
        t,
    ],
}


@pytest.mark.parametrize("kind", ["folder", "device", "readonly"])
@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_write_that_cannot_go_is_one_line_and_leaves_the_target(
    cli, tmp_path, played, writer, kind
):
    if writer.startswith("run --saves") and kind == "folder":
        target = tmp_path / "a-file"
        target.write_text("not a folder")
    else:
        target = _target(kind, tmp_path, "out.toml")
    before = _state(target)
    code, out, err = cli(*WRITERS[writer](target, *played))
    assert code == 1, err
    assert "cannot write" in err
    assert _state(target) == before
    if writer.startswith("run"):
        assert "Digest:" in out  # the game's result is printed before the save is tried


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_full_disk_is_one_line_and_leaves_the_target(tmp_path, played, writer):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "out.toml"
    if not writer.startswith("run --saves"):
        target.write_text("the old file\n")
    else:
        target = folder
    argv = WRITERS[writer](target, *played)
    proc = drawdown(*argv, limits={resource.RLIMIT_FSIZE: 200}, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "cannot write: file too large" in proc.stderr
    if target.is_file():
        assert target.read_text() == "the old file\n"
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    if writer.startswith("run"):
        assert "Digest:" in proc.stdout


def test_a_save_into_a_missing_folder_creates_it(cli, tmp_path):
    target = tmp_path / "new" / "deeper" / "g.toml"
    code, _, _ = cli("run", "sandbox", "--orders", ORDERS, "--save", target)
    assert code == 0 and target.is_file()


def test_run_save_json_still_prints_the_summary(cli, tmp_path):
    folder = tmp_path / "dir"
    folder.mkdir()
    code, out, err = cli("run", "sandbox", "--orders", ORDERS, "--json", "--save", folder)
    assert code == 1
    assert json.loads(out)["digest"]
    assert f"{folder}: cannot write: it is a folder" in err
    assert "the game was not saved" in err


# --------------------------------------------------------------------------- 7. --saves in the UI


def test_a_saves_folder_that_cannot_be_made_stops_before_the_menu(tmp_path, capsys):
    from game.ui.launch import prepare

    blocker = tmp_path / "file"
    blocker.write_text("x")
    app, code = prepare(_play_args(saves=str(blocker / "saves")))
    assert app is None and code == 1
    assert "cannot write" in capsys.readouterr().err


# --------------------------------------------------------------------------- 8. shared folder


def test_autosaves_tolerate_files_vanishing(sandbox, tmp_path, monkeypatch):
    from game.engine import Game
    from game.ui import store

    game = Game(sandbox, 1)
    store.autosave(game, "sandbox", str(tmp_path))
    real_glob = Path.glob

    def glob_with_a_ghost(self, pattern):
        yield from real_glob(self, pattern)
        yield self / "autosave-sandbox-999.toml"  # another process removed it just now

    monkeypatch.setattr(Path, "glob", glob_with_a_ghost)
    game.advance()
    store.autosave(game, "sandbox", str(tmp_path))
    assert store.latest_autosave(str(tmp_path)) is not None
    assert [e.ok for e in store.list_saves(str(tmp_path))] == [True, True]


def test_four_processes_autosaving_into_one_folder(tmp_path):
    script = (
        "import sys\n"
        "from game.worlds import load_world\n"
        "from game.engine import Game\n"
        "from game.ui.store import autosave\n"
        "game = Game(load_world('sandbox'), int(sys.argv[1]))\n"
        "for _ in range(25):\n"
        "    autosave(game, 'sandbox', sys.argv[2])\n"
        "    game.advance()\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(seed), str(tmp_path)],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed in range(4)
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    assert 1 <= len(list(tmp_path.glob("autosave-sandbox-*.toml"))) <= 12


# --------------------------------------------------------------------------- 9. serve


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--port", "70000"], "between 1 and 65535"),
        (["--port", "0"], "between 1 and 65535"),
        (["--host", ""], "--host"),
        (["--host", "  "], "--host"),
    ],
)
def test_serve_checks_host_and_port(cli, monkeypatch, argv, message):
    from fuzzing import IdleServer

    import game.serve.server

    monkeypatch.setattr(game.serve.server, "ClassroomServer", IdleServer)
    code, _, err = cli("serve", *argv)
    assert code == 2 and message in err


# --------------------------------------------------------------------------- 10. sim


def test_sim_runs_has_a_maximum():
    proc = drawdown("sim", "sandbox", "--runs", 10**9, limits=MEMORY, timeout=30)
    assert proc.returncode == 2 and "at most" in proc.stderr


def test_sim_jobs_is_capped_at_the_cpu_count():
    from game.bots.workers import cpu_count, pool_size

    assert pool_size(9999) == cpu_count() <= (os.cpu_count() or 1)
    assert pool_size(1) == 1


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_sim_workers_die_with_their_parent():
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    parent = subprocess.Popen(
        [sys.executable, "-m", "game.cli", "sim", "sandbox", "--runs", "5000", "--jobs", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def two_workers() -> list[int] | None:
        found = _children(parent.pid)
        return found if len(found) >= 2 else None

    try:
        workers: list[int] = until(two_workers, "the sim's two workers", timeout=60, step=0.2)
    finally:
        parent.kill()
        parent.wait()
    try:
        until(
            lambda: not any(_alive(pid) for pid in workers),
            "the workers to die with their parent",
            timeout=15,
            step=0.2,
        )
    finally:
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# --------------------------------------------------------------------------- 11. linear validation


def _bad_dispatches(n: int) -> str:
    return "".join(
        f'[[orders]]\nkind = "dispatch"\nrequest = "r{i}"\nbogus = {i}\n\n' for i in range(n)
    )


def test_validation_time_grows_linearly_with_the_problems(tmp_path):
    from game.authoring.validate import validate_paths

    def seconds(n: int) -> float:
        path = tmp_path / f"orders{n}.toml"
        path.write_text(_bad_dispatches(n))
        start = time.process_time()  # this process's CPU time: other load on the machine aside
        problems = validate_paths([path])
        took = time.process_time() - start
        assert len(problems) == 2 * n
        return took

    seconds(100)  # warm up
    small, large = min(seconds(500) for _ in range(3)), min(seconds(4000) for _ in range(2))
    assert large / small < 20  # 8x the problems: about 8x the time; quadratic would be ~64x


# --------------------------------------------------------------------------- 12. strict saves


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("seed = 8", 'seed = "8"', "seed"),
        ("seed = 8", "seed = 8.0", "seed"),
        ("seed = 8", "seed = true", "seed"),
        ("seed = 8", "seed = -1", "seed"),
        ("format_version = 1", "format_version = true", "format_version"),
        ("day = ", "day = 999999 #", "day"),
        ('scenario = "sandbox-basics"', 'scenario = "/etc/passwd"', "scenario"),
        ('scenario = "sandbox-basics"', 'scenario = "../../x y"', "scenario"),
    ],
)
def test_a_save_with_a_loose_field_is_refused(played, tmp_path, old, new, message):
    from game.saves import SaveError, load_game, read_save

    text = played[0].read_text()
    assert old in text
    path = tmp_path / "s.toml"
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(SaveError, match=message):
        read_save(path)
    with pytest.raises(SaveError):
        load_game(path, check_digest=False)


def test_a_save_with_orders_after_the_end_is_refused(played, tmp_path):
    from game.saves import SaveError, load_game

    text = played[0].read_text()
    day = int(text.split("\nday = ", 1)[1].split("\n", 1)[0])
    extra = f'\n[[record]]\nday = {day}\n\n[record.order]\nkind = "engage"\n'
    path = tmp_path / "s.toml"
    path.write_text(text + extra)
    with pytest.raises(SaveError, match="after the game ended"):
        load_game(path)


def test_a_save_whose_day_is_past_its_scenario_is_refused(played, tmp_path):
    from game.saves import SaveError, load_game

    text = played[0].read_text()
    day = int(text.split("\nday = ", 1)[1].split("\n", 1)[0])
    path = tmp_path / "s.toml"
    path.write_text(text.replace(f"\nday = {day}\n", "\nday = 400\n", 1))
    with pytest.raises(SaveError, match="day 400"):
        load_game(path, check_digest=False)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(seed="8"), "seed"),
        (lambda d: d.update(format_version=True), "format_version"),
        (lambda d: d["summary"].pop("personnel"), "personnel"),
        (lambda d: d["summary"].update(score="high"), "score"),
        (lambda d: d.update(objectives=[{"id": 1}]), "objectives"),
    ],
)
def test_a_results_file_with_a_loose_field_is_refused(cli, played, tmp_path, change, message):
    doc = json.loads(played[1].read_text())
    change(doc)
    path = tmp_path / "r.result.json"
    path.write_text(json.dumps(doc))
    code, _, err = cli("debrief", path)
    assert code == 1 and message in err


def test_serve_with_a_saves_folder_that_cannot_be_made(cli, monkeypatch, tmp_path):
    from fuzzing import IdleServer

    import game.serve.server

    monkeypatch.setattr(game.serve.server, "ClassroomServer", IdleServer)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = cli("serve", "--saves", blocker / "saves")
    assert code == 1 and "cannot write: not a directory" in err


@pytest.mark.parametrize("name", ["y" * 300, "{dir}", "{dev}"])
def test_new_scenario_where_it_cannot_go(cli, tmp_path, name):
    (tmp_path / "taken.toml").mkdir()
    name = name.replace("{dir}", str(tmp_path / "taken.toml"))
    name = name.replace("{dev}", str(_device(tmp_path, "dev.toml")))
    code, _, err = cli("new", "scenario", name, "--force")
    assert code == 1 and err.startswith("drawdown new: ")


def test_a_save_with_an_endless_log_is_refused_before_replaying(played, tmp_path):
    from game.saves import SaveError, read_save

    entry = '\n[[record]]\nday = 0\n\n[record.order]\nkind = "engage"\n'
    path = tmp_path / "s.toml"
    path.write_text(played[0].read_text() + entry * 20_001)
    with pytest.raises(SaveError, match="at most 20000"):
        read_save(path)


def test_classroom_files_that_are_pipes_never_block_a_game(tmp_path):
    from game.serve.control import Control, read_control

    fifo = tmp_path / "control.json"
    os.mkfifo(fifo)
    assert read_control(fifo) == Control()  # returns at once: no orders, never a hang
