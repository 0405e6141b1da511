"""The x402 facilitator mechanism in this process: the official SDK over an RPC node and a key.

Used directly by the gateway (no HTTP) and served over HTTP by `synthforge facilitator`.
The SDK's chain calls block, so they run in a thread pool of their own; the event loop
never waits on the chain.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar
from urllib.parse import urlsplit

from x402 import x402FacilitatorSync
from x402.mechanisms.evm import FacilitatorWeb3Signer
from x402.mechanisms.evm.constants import AUTHORIZATION_STATE_ABI
from x402.mechanisms.evm.exact.facilitator import ExactEvmScheme, ExactEvmSchemeConfig
from x402.mechanisms.evm.v1.constants import V1_NETWORK_CHAIN_IDS
from x402.schemas import (
    PaymentPayload,
    PaymentRequirements,
    SettleResponse,
    SupportedKind,
    SupportedResponse,
    VerifyResponse,
)
from x402.schemas.v1 import PaymentPayloadV1, PaymentRequirementsV1

from ..devnet import DevnetInfo, refuse_public_key_off_devnet
from ..settings import ConfigError, FacilitatorSettings
from ._remote import AuthorizationOutcome
from ._requests import Normalised, PaymentRequest, Rejection, normalise

__all__ = ["UNEXPECTED_SETTLE", "UNEXPECTED_VERIFY", "LocalFacilitator", "v1_network_name"]

logger = logging.getLogger("synthforge.facilitator")

UNEXPECTED_VERIFY = "unexpected_verify_error"
UNEXPECTED_SETTLE = "unexpected_settle_error"

T = TypeVar("T")


class LocalFacilitator:
    """Verifies and settles `exact` EIP-3009 payments on one EVM chain, v1 and v2."""

    def __init__(
        self,
        *,
        network: str,
        rpc_url: str,
        private_key: str,
        workers: int = 16,
        confirmation_timeout_s: float = 60.0,
    ) -> None:
        self.network = network
        self.chain_id = int(network.split(":", 1)[1])
        self.v1_network = v1_network_name(network)
        self._private_key = private_key
        self._rpc_url = rpc_url
        self._secrets = _secret_fragments(rpc_url, private_key)
        self._signer = FacilitatorWeb3Signer(
            private_key, rpc_url, confirmation_timeout_seconds=confirmation_timeout_s
        )
        # simulate_in_settle: a spent nonce or an emptied balance fails in eth_call, not on-chain.
        scheme = ExactEvmScheme(self._signer, ExactEvmSchemeConfig(simulate_in_settle=True))
        self._mechanism = x402FacilitatorSync()
        self._mechanism.register([network], scheme)
        self._executor = ThreadPoolExecutor(workers, thread_name_prefix="facilitator-chain")
        self._settling: dict[tuple[str, str, str], tuple[asyncio.Lock, list[int]]] = {}

    @classmethod
    def from_settings(cls, settings: FacilitatorSettings) -> LocalFacilitator:
        """Build from settings, naming every configuration problem at once."""
        problems = settings.problems()
        if problems:
            raise ConfigError(problems)
        key, rpc_url = settings.key(), settings.rpc_url
        assert key is not None and rpc_url is not None and settings.network is not None
        return cls(
            network=settings.network,
            rpc_url=rpc_url.get_secret_value(),
            private_key=key.get_secret_value(),
            workers=settings.workers,
            confirmation_timeout_s=settings.confirmation_timeout_s,
        )

    @classmethod
    def from_devnet(cls, devnet: DevnetInfo) -> LocalFacilitator:
        """The facilitator of a running devnet, paying gas with its public facilitator key."""
        return cls(
            network=devnet.network, rpc_url=devnet.rpc_url, private_key=devnet.facilitator_key
        )

    @property
    def address(self) -> str:
        """The gas-paying address that sends settlements."""
        return str(self._signer.address)

    async def start(self) -> None:
        """Check the node serves the configured chain and the key may be used on it."""
        try:
            node_chain_id = await self._in_thread(self._signer.get_chain_id)
        except Exception as exc:
            raise ConfigError([f"cannot reach the RPC node: {self.redact(str(exc))}"]) from None
        problems = []
        if node_chain_id != self.chain_id:
            problems.append(
                f"the RPC node serves chain {node_chain_id}, not {self.network} as configured"
            )
        try:
            refuse_public_key_off_devnet(self._private_key, node_chain_id)
        except Exception as exc:
            problems.append(str(exc))
        if problems:
            raise ConfigError(problems)

    async def aclose(self) -> None:
        """Finish chain calls in flight and release the threads."""
        await asyncio.get_running_loop().run_in_executor(None, self._executor.shutdown)

    def supported(self) -> SupportedResponse:
        """The payment kinds this facilitator verifies and settles."""
        return SupportedResponse(
            kinds=[
                SupportedKind(x402_version=2, scheme="exact", network=self.network),
                SupportedKind(x402_version=1, scheme="exact", network=self.v1_network),
            ],
            extensions=[],
            signers={"eip155:*": [self.address]},
        )

    async def verify(
        self,
        payload: PaymentPayload | PaymentPayloadV1,
        requirements: PaymentRequirements | PaymentRequirementsV1,
    ) -> VerifyResponse:
        """Check a payment without moving money; a bad payment is `is_valid=False` + reason."""
        checked = normalise(PaymentRequest(payload, requirements), self.network, self.v1_network)
        if isinstance(checked, Rejection):
            return self.reject_verify(checked)
        try:
            result = await self._in_thread(
                self._mechanism.verify, checked.payload, checked.requirements
            )
        except Exception as exc:
            logger.error("verify failed unexpectedly: %s", self.redact(repr(exc)))
            return VerifyResponse(
                is_valid=False,
                invalid_reason=UNEXPECTED_VERIFY,
                invalid_message=self.redact(str(exc)),
                payer=checked.payer,
            )
        return result.model_copy(update={"invalid_message": self.redact(result.invalid_message)})

    async def settle(
        self,
        payload: PaymentPayload | PaymentPayloadV1,
        requirements: PaymentRequirements | PaymentRequirementsV1,
    ) -> SettleResponse:
        """Move the money once: concurrent settles of one authorization run one at a time,
        and each re-simulates first, so only the first broadcasts."""
        checked = normalise(PaymentRequest(payload, requirements), self.network, self.v1_network)
        if isinstance(checked, Rejection):
            return self.reject_settle(checked)
        async with self._one_at_a_time(checked.settle_key):
            result = await self._settle(checked)
        return result.model_copy(
            update={
                "network": checked.answer_network,
                "error_message": self.redact(result.error_message),
            }
        )

    async def _settle(self, checked: Normalised) -> SettleResponse:
        try:
            return await self._in_thread(
                self._mechanism.settle, checked.payload, checked.requirements
            )
        except Exception as exc:
            logger.error("settle failed unexpectedly: %s", self.redact(repr(exc)))
            return SettleResponse(
                success=False,
                error_reason=UNEXPECTED_SETTLE,
                error_message=self.redact(str(exc)),
                payer=checked.payer,
                transaction="",
                network=checked.answer_network,
            )

    async def authorization_outcome(
        self, asset: str, payer: str, nonce: str
    ) -> AuthorizationOutcome:
        """Whether an EIP-3009 authorization was used on-chain, and by which transaction."""
        return await self._in_thread(_authorization_outcome, self._rpc_url, asset, payer, nonce)

    def reject_verify(self, rejection: Rejection) -> VerifyResponse:
        """A verify answer for a request refused before the chain was asked."""
        return VerifyResponse(
            is_valid=False,
            invalid_reason=rejection.reason,
            invalid_message=rejection.message,
            payer=rejection.payer,
        )

    def reject_settle(self, rejection: Rejection) -> SettleResponse:
        """A settle answer for a request refused before the chain was asked."""
        return SettleResponse(
            success=False,
            error_reason=rejection.reason,
            error_message=rejection.message,
            payer=rejection.payer,
            transaction="",
            network=self.network,
        )

    def redact(self, text: str | None) -> str | None:
        """`text` with the key and the RPC URL's secret parts masked."""
        if text is None:
            return None
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    async def _in_thread(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    @contextlib.asynccontextmanager
    async def _one_at_a_time(self, key: tuple[str, str, str]) -> AsyncIterator[None]:
        lock, holders = self._settling.setdefault(key, (asyncio.Lock(), [0]))
        holders[0] += 1
        try:
            async with lock:
                yield
        finally:
            holders[0] -= 1
            if holders[0] == 0:
                del self._settling[key]


# How far back to look for the settlement of an authorization found used (Base: ~2 days).
_LOOKBACK_BLOCKS = 100_000
_AUTHORIZATION_USED = "AuthorizationUsed(address,bytes32)"


def _authorization_outcome(
    rpc_url: str, asset: str, payer: str, nonce: str
) -> AuthorizationOutcome:
    from web3 import Web3

    w3 = Web3(Web3.HTTPProvider(rpc_url, request_kwargs={"timeout": 30}))
    token = w3.eth.contract(address=Web3.to_checksum_address(asset), abi=AUTHORIZATION_STATE_ABI)
    nonce_bytes = bytes.fromhex(nonce.removeprefix("0x"))
    payer_address = Web3.to_checksum_address(payer)
    if not token.functions.authorizationState(payer_address, nonce_bytes).call():
        return AuthorizationOutcome(used=False, transaction=None)
    latest = w3.eth.block_number
    try:
        logs = w3.eth.get_logs(
            {
                "address": Web3.to_checksum_address(asset),
                "topics": [
                    Web3.keccak(text=_AUTHORIZATION_USED),
                    "0x" + bytes(12).hex() + payer_address[2:].lower(),
                    "0x" + nonce_bytes.hex(),
                ],
                "fromBlock": max(0, latest - _LOOKBACK_BLOCKS),
                "toBlock": latest,
            }
        )
    except Exception:  # some RPCs refuse wide log ranges: used, transaction unknown
        logs = []
    transaction = logs[-1]["transactionHash"].to_0x_hex() if logs else None
    return AuthorizationOutcome(used=True, transaction=transaction)


def v1_network_name(network: str) -> str:
    """The x402 v1 name of a CAIP-2 network (`eip155:8453` -> `base`); itself if it has none."""
    chain_id = int(network.split(":", 1)[1])
    legacy = [name for name, cid in V1_NETWORK_CHAIN_IDS.items() if cid == chain_id]
    return legacy[0] if legacy else network


def _secret_fragments(rpc_url: str, private_key: str) -> list[str]:
    """Strings that must never leave the process: the key, the URL and its path/query."""
    parts = urlsplit(rpc_url)
    fragments = [rpc_url, private_key, private_key.removeprefix("0x")]
    tail = parts.path + (f"?{parts.query}" if parts.query else "")
    if len(tail) > 1:
        fragments.append(tail)
    if parts.password:
        fragments.append(parts.password)
    # longest first, so a fragment never leaves a piece of a longer one behind
    return sorted({f for f in fragments if f}, key=len, reverse=True)
