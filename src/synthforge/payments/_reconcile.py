"""Finish payments a crash left reserved, from what the chain says about them.

The gate stages the answer before it settles, so a reserved row is in one of three states:
  authorization unused            -> failed, not charged (the buyer's retry is told so)
  used, answer staged             -> settled with the transaction found on-chain
  used, nothing staged            -> failed, and charged: logged loudly for the operator
Only rows older than `window` are decided: a younger one may still be in another
replica's hands.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ..facilitator import AuthorizationLookup, Facilitator
from ..ledger import Ledger, PaymentRecord

__all__ = ["Reconciled", "Reconciler"]

logger = logging.getLogger("synthforge.reconcile")


@dataclass(frozen=True)
class Reconciled:
    """What one pass decided."""

    settled: int = 0
    failed: int = 0
    charged_without_image: int = 0
    undecided: int = 0


class Reconciler:
    """Decides stale reservations; run once at start-up and then every `interval`."""

    def __init__(
        self, ledger: Ledger, facilitator: Facilitator, network: str, window: timedelta
    ) -> None:
        self._ledger = ledger
        self._lookup = facilitator if isinstance(facilitator, AuthorizationLookup) else None
        self._network = network
        self._window = window

    async def run_once(self) -> Reconciled:
        """Decide every reservation older than the window."""
        stale = await self._ledger.reserved_before(datetime.now(UTC) - self._window)
        if stale and self._lookup is None:
            logger.warning(
                "%d payment(s) left reserved by a crash; the facilitator cannot read the "
                "chain, so they stay reserved until checked by hand",
                len(stale),
            )
            return Reconciled(undecided=len(stale))
        counts = {"settled": 0, "failed": 0, "charged_without_image": 0}
        for record in stale:
            counts[await self._decide(record)] += 1
        return Reconciled(**counts)

    async def run_forever(self, interval: timedelta) -> None:
        """Reconcile now and then every `interval`, until cancelled."""
        while True:
            try:
                await self.run_once()
            except Exception:
                logger.exception("reconciliation pass failed; retrying later")
            await asyncio.sleep(interval.total_seconds())

    async def _decide(self, record: PaymentRecord) -> str:
        assert self._lookup is not None
        outcome = await self._lookup.authorization_outcome(record.asset, record.payer, record.nonce)
        if not outcome.used:
            body = {
                "error": "interrupted",
                "message": "the gateway stopped before this request finished; "
                "you were not charged, pay again to retry",
                "charged": False,
            }
            await self._ledger.finish(
                record.id, status="failed", http_status=503, response=json.dumps(body),
                error="interrupted before settlement",
            )  # fmt: skip
            return "failed"
        if record.response:
            receipt = {
                "transaction": outcome.transaction or "",
                "network": self._network,
                "payer": record.payer,
                "amount": str(record.amount),
            }
            body = {**json.loads(record.response), "payment": receipt}
            await self._ledger.finish(
                record.id, status="settled", http_status=200, response=json.dumps(body),
                tx_hash=outcome.transaction,
            )  # fmt: skip
            return "settled"
        logger.error(
            "payment %s: authorization used on-chain (tx %s) but no image was delivered: "
            "the buyer is owed a refund",
            record.id,
            outcome.transaction,
        )
        body = {
            "error": "interrupted",
            "message": "the gateway stopped after your payment settled but before the image "
            f"was stored (tx {outcome.transaction}); contact the operator for a refund",
            "charged": True,
        }
        await self._ledger.finish(
            record.id, status="failed", http_status=502, response=json.dumps(body),
            tx_hash=outcome.transaction, error="settled without a stored image: refund due",
        )  # fmt: skip
        return "charged_without_image"
