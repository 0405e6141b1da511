"""Ledgers on SQLite files under tmp_path, with a clock the test sets."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from synthforge.ledger import Ledger

from .support import Clock, sqlite_url


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ledger.db"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def ledger(db_path: Path, clock: Clock) -> AsyncIterator[Ledger]:
    opened = await Ledger.open(sqlite_url(db_path), clock=clock)
    yield opened
    await opened.close()
