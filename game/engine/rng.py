"""Deterministic randomness: every roll derives from the seed and what it is for.

A roll never depends on how many other rolls came before it, on hash seeds, set order or the clock,
so adding a roll in one place does not shift any other.
"""

from __future__ import annotations

import hashlib
import random


def rng(seed: int, day: int, purpose: str, key: str = "") -> random.Random:
    """A generator for one purpose on one day (e.g. the IED roll of convoy C3 on stretch 2)."""
    digest = hashlib.blake2b(f"{seed}:{day}:{purpose}:{key}".encode(), digest_size=8).digest()
    return random.Random(int.from_bytes(digest, "big"))


def chance(seed: int, day: int, purpose: str, key: str, p: float) -> bool:
    """True with probability p."""
    if p <= 0.0:
        return False
    if p >= 1.0:
        return True
    return rng(seed, day, purpose, key).random() < p
