"""The fuzz suite: hypothesis mutates the bundled content files, an orders file, a save and a
results file, and builds command lines, and every input must end with exit 0, 1 or 2 — no
internal error, no traceback, no hang. Bounded (few examples, derandomized) so it runs in CI on
every change in well under a minute; bench/fuzz.py runs the same fuzzers for longer."""

from __future__ import annotations

import shutil
from pathlib import Path

import fuzzing
import pytest
from fuzzing import KEYS, OPS, TOKENS, VALUES, Op
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FUZZ = settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@st.composite
def op(draw) -> Op:
    kind = draw(st.sampled_from(OPS))
    pool = {"value": VALUES, "key": KEYS}.get(kind, TOKENS)
    piece = draw(st.sampled_from(pool) | st.binary(min_size=1, max_size=8))
    return Op(kind, draw(st.floats(0, 1)), draw(st.integers(0, 64)), piece)


mutations = st.lists(op(), min_size=1, max_size=4)


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    return folder, fuzzing.make_samples(folder)


def check_all(commands: list[list[object]]) -> None:
    for argv in commands:
        outcome = fuzzing.run(argv)
        assert not outcome.hung, f"hang: drawdown {' '.join(outcome.argv)}"
        assert not outcome.crashed, f"crash: drawdown {' '.join(outcome.argv)}\n{outcome.output}"


BUNDLED = fuzzing.bundled_files()


@FUZZ
@given(st.sampled_from(BUNDLED), mutations)
def test_mutated_content_files(work, original: Path, ops):
    folder, _ = work
    # Same folder name as the original, so the file is taken for the same kind of content.
    target = folder / "content" / original.parent.name / original.name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(fuzzing.mutate(original.read_bytes(), ops))
    check_all(fuzzing.content_commands(target))


@FUZZ
@given(mutations)
def test_mutated_orders_files(work, ops):
    folder, _ = work
    target = folder / "orders.toml"
    target.write_bytes(fuzzing.mutate(fuzzing.ORDERS.read_bytes(), ops))
    check_all(fuzzing.orders_commands(target))


@FUZZ
@given(mutations)
def test_mutated_saves(work, ops):
    folder, samples = work
    target = folder / "saves" / "save.toml"
    target.parent.mkdir(exist_ok=True)
    target.write_bytes(fuzzing.mutate(samples["save"].read_bytes(), ops))
    before = target.read_bytes()
    check_all(fuzzing.save_commands(target))
    from game.ui.store import list_saves

    assert len(list_saves(str(target.parent))) == 1
    assert target.read_bytes() == before  # a bad save is left untouched


@FUZZ
@given(mutations)
def test_mutated_results_files(work, ops):
    folder, samples = work
    target = folder / "r.result.json"
    target.write_bytes(fuzzing.mutate(samples["result"].read_bytes(), ops))
    check_all(fuzzing.result_commands(target))


@settings(FUZZ, max_examples=150)
@given(st.data())
def test_command_lines(work, monkeypatch, data):
    folder, samples = work
    words = fuzzing.argv_words(folder) + [str(samples["save"]), str(samples["result"])]
    command = data.draw(st.sampled_from(fuzzing.COMMANDS))
    rest = data.draw(st.lists(st.sampled_from(words), max_size=6))
    if command == "new":  # never let `new` put files beside a device
        rest = [w for w in rest if not w.startswith("/dev/")]
    cwd = folder / "cwd"
    shutil.rmtree(cwd, ignore_errors=True)
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    with fuzzing.harmless_front_ends(folder / "default-saves"):
        check_all([[command, *rest]])
