"""Per-request phase timings, reported to the buyer in a `Server-Timing` header.

The HTTP layer opens a collector for each request; the gate, the router and the work time
their phases into it, wherever they run in that request's task.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["collect", "server_timing", "timed"]

_phases: ContextVar[dict[str, float] | None] = ContextVar("synthforge_phases", default=None)


@contextmanager
def collect() -> Iterator[dict[str, float]]:
    """Collect the phases timed inside this block (milliseconds by name)."""
    phases: dict[str, float] = {}
    token = _phases.set(phases)
    try:
        yield phases
    finally:
        _phases.reset(token)


@contextmanager
def timed(phase: str) -> Iterator[None]:
    """Time the block as `phase`, if a collector is open."""
    started = time.perf_counter()
    try:
        yield
    finally:
        phases = _phases.get()
        if phases is not None:
            phases[phase] = phases.get(phase, 0.0) + (time.perf_counter() - started) * 1000


def server_timing(phases: dict[str, float]) -> str:
    """The `Server-Timing` header value for `phases`."""
    return ", ".join(f"{name};dur={ms:.1f}" for name, ms in phases.items())
