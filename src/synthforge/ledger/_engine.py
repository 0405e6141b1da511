"""The ledger's async engine: SQLite by default, PostgreSQL (asyncpg) at scale."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry

__all__ = ["SQLITE_BUSY_TIMEOUT_MS", "create_ledger_engine"]

# Long enough for every writer queued behind a burst of reservations to get its turn.
SQLITE_BUSY_TIMEOUT_MS = 10_000


def create_ledger_engine(url: str) -> AsyncEngine:
    """An engine for `url`, e.g. `sqlite+aiosqlite:///path/to/ledger.db`."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # replicas outlive database restarts; a dead pooled connection is replaced, not used
        return create_async_engine(parsed, pool_pre_ping=True)
    _create_parent_directory(parsed)
    engine = create_async_engine(parsed)
    event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def _create_parent_directory(url: URL) -> None:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    try:
        # Wait for another writer (another task, engine or process) instead of failing
        # with "database is locked"; set first so that switching to WAL waits too.
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        # WAL lets readers run while one connection writes, so replicas on one file
        # only queue for the short write transactions.
        cursor.execute("PRAGMA journal_mode = WAL")
        # SQLite ignores foreign keys unless asked; PostgreSQL always enforces them.
        cursor.execute("PRAGMA foreign_keys = ON")
        # synchronous stays FULL (the default): a committed reservation survives power loss.
    finally:
        cursor.close()
