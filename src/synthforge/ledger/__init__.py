"""The payment ledger: atomic reservations, every upstream attempt, outcomes and reports."""

from ._ledger import Ledger
from ._records import PaymentKey, PaymentRecord, Reservation, TierSummary

__all__ = ["Ledger", "PaymentKey", "PaymentRecord", "Reservation", "TierSummary"]
