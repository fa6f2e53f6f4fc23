"""The same scenario, seed and orders give the same digest in different processes, whatever
PYTHONHASHSEED is."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = (
    "from game.worlds import load_world; from game.bots.policies import play; "
    "import sys; print(play(load_world('sandbox'), 42, sys.argv[1]).digest())"
)


def digest_in_process(policy: str, hashseed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hashseed}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, policy], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def test_digest_is_equal_across_hash_seeds():
    for policy in ("cautious", "random"):
        a = digest_in_process(policy, "1")
        b = digest_in_process(policy, "12345")
        assert a == b and len(a) == 32
