"""Deterministic randomness: every roll derives from the seed and what it is for.

A roll never depends on how many other rolls came before it, on hash seeds, set order or the clock,
so adding a roll in one place does not shift any other. The generator is splitmix64 seeded from a
BLAKE2 hash of (seed, day, purpose, key): the same numbers on every machine and Python version, and
far cheaper to start than a Mersenne Twister (the engine starts thousands per game).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TypeVar

MASK = (1 << 64) - 1
T = TypeVar("T")


class Rng:
    """A small generator with the part of random.Random's interface the engine uses."""

    __slots__ = ("_s",)

    def __init__(self, seed: int) -> None:
        self._s = seed & MASK

    def _next(self) -> int:
        self._s = (self._s + 0x9E3779B97F4A7C15) & MASK
        z = self._s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def random(self) -> float:
        """A float in [0, 1) (`_next` inlined: this is the engine's most frequent call)."""
        s = self._s = (self._s + 0x9E3779B97F4A7C15) & MASK
        z = ((s ^ (s >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return ((z ^ (z >> 31)) >> 11) * (1.0 / 9007199254740992.0)

    def randoms(self, n: int) -> list[float]:
        """The next n values of `random()`, in order, in one call."""
        s = self._s
        out = []
        for _ in range(n):
            s = (s + 0x9E3779B97F4A7C15) & MASK
            z = ((s ^ (s >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
            out.append(((z ^ (z >> 31)) >> 11) * (1.0 / 9007199254740992.0))
        self._s = s
        return out

    def randrange(self, n: int) -> int:
        """An int in [0, n)."""
        if n <= 0:
            raise ValueError("empty range")
        return self._next() % n

    def choice(self, seq: Sequence[T]) -> T:
        return seq[self.randrange(len(seq))]


def rng(seed: int, day: int, purpose: str, key: str = "") -> Rng:
    """A generator for one purpose on one day (e.g. the incident rolls of convoy c3 on a stretch)."""
    digest = hashlib.blake2b(f"{seed}:{day}:{purpose}:{key}".encode(), digest_size=8).digest()
    return Rng(int.from_bytes(digest, "big"))


def chance(seed: int, day: int, purpose: str, key: str, p: float) -> bool:
    """True with probability p."""
    if p <= 0.0:
        return False
    if p >= 1.0:
        return True
    return rng(seed, day, purpose, key).random() < p
