"""x402 facilitator: verify and settle `exact` EVM payments, in-process or over HTTP."""

from ._app import create_facilitator_app
from ._local import UNEXPECTED_SETTLE, UNEXPECTED_VERIFY, LocalFacilitator, v1_network_name
from ._remote import (
    AuthorizationLookup,
    AuthorizationOutcome,
    Facilitator,
    FacilitatorUnavailable,
    RemoteFacilitator,
)
from ._requests import (
    INVALID_NETWORK,
    INVALID_PAYLOAD,
    INVALID_REQUIREMENTS,
    INVALID_VERSION,
    UNSUPPORTED_SCHEME,
    ExactEvmPayload,
)

__all__ = [
    "INVALID_NETWORK",
    "INVALID_PAYLOAD",
    "INVALID_REQUIREMENTS",
    "INVALID_VERSION",
    "UNEXPECTED_SETTLE",
    "UNEXPECTED_VERIFY",
    "UNSUPPORTED_SCHEME",
    "AuthorizationLookup",
    "AuthorizationOutcome",
    "ExactEvmPayload",
    "Facilitator",
    "FacilitatorUnavailable",
    "LocalFacilitator",
    "RemoteFacilitator",
    "create_facilitator_app",
    "v1_network_name",
]
