"""Route finding over the theatre's road network (deterministic: ties break on route id)."""

from __future__ import annotations

import heapq

from ..model.content import Route, Theatre


def route_index(theatre: Theatre) -> dict[str, Route]:
    return {r.id: r for r in theatre.routes}


def fastest_path(theatre: Theatre, origin: str, destination: str) -> list[Route] | None:
    """The routes of the fastest road path (by normal travel days, then km, then ids)."""
    if origin == destination:
        return None
    adjacency: dict[str, list[tuple[Route, str]]] = {}
    for r in sorted(theatre.routes, key=lambda r: r.id):
        adjacency.setdefault(r.a, []).append((r, r.b))
        adjacency.setdefault(r.b, []).append((r, r.a))
    queue: list[tuple[int, int, tuple[str, ...], str, tuple[Route, ...]]] = [(0, 0, (), origin, ())]
    seen: set[str] = set()
    while queue:
        days, km, ids, node, path = heapq.heappop(queue)
        if node == destination:
            return list(path)
        if node in seen:
            continue
        seen.add(node)
        for r, nxt in adjacency.get(node, []):
            if nxt not in seen:
                heapq.heappush(queue, (days + r.days, km + r.km, ids + (r.id,), nxt, path + (r,)))
    return None


def follow(theatre: Theatre, origin: str, route_ids: list[str]) -> tuple[list[Route], str] | str:
    """Follow named routes from origin: (routes, end site) or a message saying what is wrong."""
    index = route_index(theatre)
    here = origin
    out: list[Route] = []
    for rid in route_ids:
        r = index.get(rid)
        if r is None:
            return f"there is no route {rid!r}"
        if r.a == here:
            here = r.b
        elif r.b == here:
            here = r.a
        else:
            return f"route {rid!r} does not start at {here!r}"
        out.append(r)
    return out, here
