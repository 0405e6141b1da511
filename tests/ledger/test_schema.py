"""The ledger's schema is pinned: migrations are append-only and the models match them."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import create_async_engine

from synthforge.ledger import Ledger
from synthforge.ledger._engine import create_ledger_engine
from synthforge.ledger._migrate import VERSION_TABLE, current_revision, head_revision, migrate
from synthforge.ledger._models import Base

from .support import reserve, sqlite_url

# Changing these lists means writing a new migration, never editing 0001.
PAYMENTS = [
    ("id", False),
    ("network", False),
    ("asset", False),
    ("payer", False),
    ("nonce", False),
    ("x402_version", False),
    ("endpoint", False),
    ("tier", False),
    ("fingerprint", False),
    ("amount", False),
    ("pay_to", False),
    ("status", False),
    ("http_status", True),
    ("response", True),
    ("tx_hash", True),
    ("error", True),
    ("created_at", False),
    ("updated_at", False),
]
GENERATIONS = [
    ("id", False),
    ("payment_id", False),
    ("tier", False),
    ("model", False),
    ("route", False),
    ("upstream_request_id", True),
    ("elapsed_ms", True),
    ("cost_usd", False),
    ("image_key", True),
    ("status", False),
    ("error", True),
    ("created_at", False),
]


def _describe(connection: Connection) -> dict[str, Any]:
    inspector = inspect(connection)
    return {
        "tables": sorted(inspector.get_table_names()),
        "payments": [(c["name"], c["nullable"]) for c in inspector.get_columns("payments")],
        "generations": [(c["name"], c["nullable"]) for c in inspector.get_columns("generations")],
        "unique": [u["column_names"] for u in inspector.get_unique_constraints("payments")],
        "foreign_keys": [
            (fk["constrained_columns"], fk["referred_table"], fk["referred_columns"])
            for fk in inspector.get_foreign_keys("generations")
        ],
        "generation_indexes": [i["column_names"] for i in inspector.get_indexes("generations")],
    }


async def _schema(db_path: Path) -> dict[str, Any]:
    engine = create_async_engine(sqlite_url(db_path))
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_describe)
    finally:
        await engine.dispose()


async def test_migration_creates_exactly_the_pinned_schema(ledger: Ledger, db_path: Path):
    schema = await _schema(db_path)
    assert schema["tables"] == sorted(["generations", "payments", VERSION_TABLE])
    assert schema["payments"] == PAYMENTS
    assert schema["generations"] == GENERATIONS
    assert schema["unique"] == [["network", "asset", "payer", "nonce"]]
    assert schema["foreign_keys"] == [(["payment_id"], "payments", ["id"])]
    assert ["payment_id"] in schema["generation_indexes"]


async def test_models_match_the_migrations(ledger: Ledger, db_path: Path):
    def differences(connection: Connection) -> list[Any]:
        context = MigrationContext.configure(
            connection, opts={"version_table": VERSION_TABLE, "compare_type": True}
        )
        return list(compare_metadata(context, Base.metadata))

    engine = create_async_engine(sqlite_url(db_path))
    try:
        async with engine.connect() as connection:
            assert await connection.run_sync(differences) == []
    finally:
        await engine.dispose()


async def test_migrating_twice_changes_nothing_and_keeps_the_rows(db_path: Path):
    first = await Ledger.open(sqlite_url(db_path))
    taken = await reserve(first)
    await first.close()
    before = await _schema(db_path)

    again = await Ledger.open(sqlite_url(db_path))
    try:
        assert await again.get_payment(taken.payment.key) == taken.payment
    finally:
        await again.close()
    engine = create_ledger_engine(sqlite_url(db_path))
    try:
        await migrate(engine)
        assert await current_revision(engine) == head_revision() == "0001"
    finally:
        await engine.dispose()
    assert await _schema(db_path) == before


async def test_open_creates_the_sqlite_directory_in_wal_mode(tmp_path: Path):
    path = tmp_path / "fresh" / "nested" / "ledger.db"
    opened = await Ledger.open(sqlite_url(path))
    await opened.close()
    with sqlite3.connect(path) as raw:
        # WAL is a property of the file: every later connection, any process, uses it
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)


async def test_every_connection_waits_for_writers_and_enforces_foreign_keys(db_path: Path):
    engine = create_ledger_engine(sqlite_url(db_path))
    try:
        async with engine.connect() as connection:
            busy = (await connection.exec_driver_sql("PRAGMA busy_timeout")).scalar_one()
            foreign_keys = (await connection.exec_driver_sql("PRAGMA foreign_keys")).scalar_one()
        assert busy == 10_000
        assert foreign_keys == 1
    finally:
        await engine.dispose()


async def test_a_generation_must_belong_to_a_payment(ledger: Ledger):
    with pytest.raises(IntegrityError):
        await ledger.record_generation(
            404,
            tier="ultra",
            model="local-procedural",
            route="local:local-procedural",
            upstream_request_id=None,
            elapsed_ms=None,
            cost_usd=Decimal(0),
            image_key=None,
            status="failed",
            error="boom",
        )
