"""`synthforge ledger`: calls, revenue, wholesale cost and margin per tier."""

from __future__ import annotations

import asyncio
from decimal import Decimal

from rich.table import Table

from ..ledger import Ledger, TierSummary
from ..runtime import sqlite_url
from ._common import ConfigOption, console, settings_from


def ledger(config: ConfigOption = None) -> None:
    """Summarise the ledger: what each tier sold, earned and cost."""
    settings = settings_from(config)
    url = settings.gateway.database_url or sqlite_url(settings)
    rows = asyncio.run(_summary(url))
    decimals = settings.gateway.asset_decimals
    table = Table(title="synthforge ledger")
    for column in ("endpoint", "tier", "calls", "revenue", "wholesale", "margin", "margin %",
                   "failed calls", "failed attempts"):  # fmt: skip
        table.add_column(column, justify="left" if column in ("endpoint", "tier") else "right")
    for row in rows:
        table.add_row(*_cells(row, decimals))
    console.print(table)


async def _summary(url: str) -> list[TierSummary]:
    ledger = await Ledger.open(url)
    try:
        return await ledger.summary()
    finally:
        await ledger.close()


def _cells(row: TierSummary, decimals: int) -> list[str]:
    revenue = Decimal(row.revenue) / 10**decimals
    margin = revenue - row.wholesale_usd
    share = f"{margin / revenue * 100:.1f}" if revenue else "-"
    return [
        row.endpoint, row.tier, str(row.calls), f"${revenue:.2f}", f"${row.wholesale_usd:.2f}",
        f"${margin:.2f}", share, str(row.failures), str(row.failed_attempts),
    ]  # fmt: skip
