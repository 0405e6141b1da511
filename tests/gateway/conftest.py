"""Fixtures for gateway tests: a fresh home per test, the session devnet, a funded payer."""

from __future__ import annotations

import base64
import json
import sqlite3
from pathlib import Path
from typing import Any


def decode(value: str) -> Any:
    return json.loads(base64.b64decode(value))


def encode(value: Any) -> str:
    return base64.b64encode(json.dumps(value).encode()).decode()


def ledger_rows(home: Path, table: str) -> list[dict[str, Any]]:
    with sqlite3.connect(home / "ledger.db") as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute(f"SELECT * FROM {table} ORDER BY id")]  # noqa: S608
