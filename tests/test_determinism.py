"""The same scenario, seed and orders give the same digest in different processes, whatever
PYTHONHASHSEED is."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = (
    "from game.worlds import load_world; from game.bots.policies import play; "
    "import sys; print(*(play(load_world('sandbox'), 42, p).digest() for p in sys.argv[1:]))"
)
POLICIES = ("cautious", "random")


def digests_in_process(hashseed: str) -> list[str]:
    """Each policy's digest, from one fresh process with this hash seed."""
    env = {**os.environ, "PYTHONHASHSEED": hashseed}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, *POLICIES],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.split()


def test_digest_is_equal_across_hash_seeds():
    a = digests_in_process("1")
    b = digests_in_process("12345")
    assert len(a) == len(POLICIES) and all(len(d) == 32 for d in a)
    assert a == b
    assert a[0] != a[1]  # two different games, not one digest printed twice
