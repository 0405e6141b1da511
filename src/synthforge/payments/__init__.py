"""Payment requirements (v1 + v2), header codecs and the verify-reserve-settle gate."""

from ._codec import decode_payment
from ._errors import Answer, PaymentRejected
from ._gate import PaymentGate, PaymentInProgress, PaymentReused, fingerprint
from ._reconcile import Reconciled, Reconciler
from ._terms import Charge, PaymentTerms, Priced, b64json

__all__ = [
    "Answer",
    "Charge",
    "PaymentGate",
    "PaymentInProgress",
    "PaymentRejected",
    "PaymentReused",
    "PaymentTerms",
    "Priced",
    "Reconciled",
    "Reconciler",
    "b64json",
    "decode_payment",
    "fingerprint",
]
