"""The buyer's spend journal: SQLite in the user's data directory, shared by every process.

A payment is written as pending *before* it is signed, inside an immediate transaction that
also checks the budget, so two processes can never both spend the last of it. Pending and
unknown outcomes count against the budget: money that may be gone is treated as gone.
"""

from __future__ import annotations

import sqlite3
import time
from decimal import Decimal
from pathlib import Path

from ._errors import BudgetExceeded

__all__ = ["SpendJournal"]

_MICROS = Decimal(1_000_000)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS spends (
    id INTEGER PRIMARY KEY,
    seller TEXT NOT NULL,
    network TEXT NOT NULL,
    asset TEXT NOT NULL,
    usd_micros INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'refused', 'unknown')),
    transaction_hash TEXT,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
)
"""
_COUNTED = "('pending', 'paid', 'unknown')"


class SpendJournal:
    """Record spends and enforce a budget across processes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        return db

    def reserve(
        self, *, seller: str, network: str, asset: str, usd: Decimal, budget: Decimal | None
    ) -> int:
        """Record a pending spend of `usd`, or raise BudgetExceeded; returns its id."""
        micros = int(usd * _MICROS)
        now = time.time()
        db = self._connect()
        try:
            db.execute("BEGIN IMMEDIATE")
            spent = db.execute(
                f"SELECT COALESCE(SUM(usd_micros), 0) FROM spends WHERE status IN {_COUNTED}"  # noqa: S608
            ).fetchone()[0]
            if budget is not None and spent + micros > int(budget * _MICROS):
                db.execute("ROLLBACK")
                left = max(Decimal(0), budget - Decimal(spent) / _MICROS)
                raise BudgetExceeded(
                    f"this call costs ${usd}, but only ${left:.2f} of the ${budget} budget is left"
                )
            cursor = db.execute(
                "INSERT INTO spends (seller, network, asset, usd_micros, status, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, 'pending', ?, ?)",
                (seller, network, asset, micros, now, now),
            )
            db.execute("COMMIT")
            return int(cursor.lastrowid or 0)
        finally:
            db.close()

    def finish(self, spend_id: int, status: str, transaction: str | None = None) -> None:
        """Record how a pending spend ended: paid, refused (not charged) or unknown."""
        with self._connect() as db:
            db.execute(
                "UPDATE spends SET status = ?, transaction_hash = ?, updated_at = ? WHERE id = ?",
                (status, transaction, time.time(), spend_id),
            )

    def spent(self) -> Decimal:
        """USD paid, pending or of unknown outcome."""
        with self._connect() as db:
            micros = db.execute(
                f"SELECT COALESCE(SUM(usd_micros), 0) FROM spends WHERE status IN {_COUNTED}"  # noqa: S608
            ).fetchone()[0]
        return Decimal(micros) / _MICROS
