"""What the classroom server lets in: requests addressed to its own name (no DNS rebinding),
websockets and form posts from its own pages (no other site can drive a game), and a limit on
code guesses. An aiohttp middleware, so textual-serve's handlers stay as they are."""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web
from yarl import URL

DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def origin_of(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of a URL or an Origin header; None if it is not one."""
    try:
        u = URL(url)
    except (ValueError, TypeError):
        return None
    if u.scheme not in DEFAULT_PORTS or not u.host:
        return None
    return u.scheme, u.host.lower().strip("[]"), u.port or DEFAULT_PORTS[u.scheme]


def host_of(header: str, scheme: str) -> tuple[str, int] | None:
    """(host, port) named by a Host header, the port defaulting to the scheme's."""
    found = origin_of(f"{scheme}://{header}") if header and "/" not in header else None
    return (found[1], found[2]) if found else None


@dataclass
class Guard:
    """The server's own address, and what follows from it."""

    public_url: str
    loopback: bool  # bound to loopback only: other loopback names are sent to the public URL

    def __post_init__(self) -> None:
        origin = origin_of(self.public_url)
        if origin is None:
            raise ValueError(f"not an http(s) URL: {self.public_url!r}")
        self.origin = origin

    def host_ok(self, request: web.Request) -> bool:
        return host_of(request.headers.get("Host", ""), self.origin[0]) == self.origin[1:]

    def loopback_alias(self, request: web.Request) -> bool:
        """Another loopback name for this server (localhost for 127.0.0.1, say)."""
        found = host_of(request.headers.get("Host", ""), self.origin[0])
        return (
            self.loopback
            and found is not None
            and found[1] == self.origin[2]
            and is_loopback(found[0])
        )

    def origin_ok(self, request: web.Request) -> bool:
        return origin_of(request.headers.get("Origin", "")) == self.origin

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not self.host_ok(request):
            if self.loopback_alias(request) and request.method in ("GET", "HEAD"):
                raise web.HTTPFound(self.public_url.rstrip("/") + request.rel_url.path_qs)
            raise web.HTTPMisdirectedRequest(
                text=f"This server answers only as {self.public_url}.\n"
            )
        upgrade = request.headers.get("Upgrade", "").lower() == "websocket"
        if (upgrade or request.method not in ("GET", "HEAD")) and not self.origin_ok(request):
            raise web.HTTPForbidden(text="Only this server's own pages may do that.\n")
        response = await handler(request)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response


@dataclass
class Attempts:
    """Guesses at a code, per client: after `limit` wrong ones in `window` seconds, no more until
    the window has passed (so a six-letter code cannot be tried through)."""

    limit: int = 5
    window: float = 300.0
    failures: dict[str, list[float]] = field(default_factory=dict)

    def _recent(self, who: str) -> list[float]:
        now = time.monotonic()
        kept = [t for t in self.failures.get(who, []) if now - t < self.window]
        self.failures[who] = kept
        return kept

    def blocked(self, who: str) -> bool:
        return len(self._recent(who)) >= self.limit

    def failed(self, who: str) -> None:
        self._recent(who).append(time.monotonic())

    def wait_seconds(self, who: str) -> int:
        recent = self._recent(who)
        return int(self.window - (time.monotonic() - recent[0])) + 1 if recent else 0
