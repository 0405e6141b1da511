"""Pay an x402 seller for a call, exactly once, within a per-call cap and a budget.

    quote (the 402) -> choose an option within limits -> journal (budget) -> sign ->
    send -> lost response or 5xx: resend the SAME payment -> record the outcome

Resending the same signed payment is what makes a retry safe: an honest seller (synthforge
is one) answers it with the recorded result, and the chain lets one authorization move
money once, whatever any seller does.
"""

from __future__ import annotations

import asyncio
import base64
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
from eth_account import Account
from x402 import x402Client
from x402.mechanisms.evm.exact import register_exact_evm_client
from x402.mechanisms.evm.signers import EthAccountSigner
from x402.schemas import PaymentRequired, PaymentRequirements

from ..catalog import IMAGE_GENERATE_ULTRA, ImageResponse
from ..devnet import refuse_public_key_off_devnet
from ._errors import PriceRefused, SellerRefused, SellerUnavailable
from ._journal import SpendJournal

__all__ = ["USDC", "AsyncClient", "Client", "ImageResult", "Quote", "WalletStatus"]

# USDC by network: what a buyer pays with unless told otherwise (all 6 decimals).
USDC = {
    "eip155:8453": "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913",
    "eip155:84532": "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
}
_DECIMALS = 6
_RETRY_DELAYS_S = (0.5, 1.0, 2.0)


@dataclass(frozen=True)
class Quote:
    """What the seller asks for one call, in an option this buyer accepts.

    `requirements` are in v2 terms (CAIP-2 network); `v1_network` is set when the seller
    speaks v1 only, and is the network name its X-PAYMENT must carry.
    """

    requirements: PaymentRequirements
    usd: Decimal
    v1_network: str | None = None

    @property
    def network(self) -> str:
        return str(self.requirements.network)


@dataclass(frozen=True)
class ImageResult:
    """A paid image: the seller's answer and the payment header that bought it."""

    response: ImageResponse
    payment_header: str


@dataclass(frozen=True)
class WalletStatus:
    """Who pays, and how much of the budget is spent."""

    address: str
    spent_usd: Decimal
    budget_usd: Decimal | None
    max_per_call_usd: Decimal


def _decode(value: str) -> Any:
    return json.loads(base64.b64decode(value + "=" * (-len(value) % 4)))


class AsyncClient:
    """An x402 buyer for one seller; `generate` buys one image-generate-ultra call."""

    def __init__(
        self,
        base_url: str,
        *,
        wallet: str,
        max_per_call: Decimal = Decimal("1.00"),
        budget: Decimal | None = None,
        journal: Path,
        assets: dict[str, str] | None = None,
        timeout_s: float = 300.0,
        retry_delays_s: tuple[float, ...] = _RETRY_DELAYS_S,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._account = Account.from_key(wallet)
        self._max_per_call = max_per_call
        self._budget = budget
        self._journal = SpendJournal(journal)
        self._assets = {net: token.lower() for net, token in (assets or USDC).items()}
        self._http = httpx.AsyncClient(timeout=timeout_s)
        self._retry_delays = retry_delays_s

    @property
    def address(self) -> str:
        """The paying address."""
        return str(self._account.address)

    async def aclose(self) -> None:
        """Close connections."""
        await self._http.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def wallet_status(self) -> WalletStatus:
        """The address, the spend so far (all processes) and the limits."""
        return WalletStatus(self.address, self._journal.spent(), self._budget, self._max_per_call)

    async def generate(
        self, prompt: str, *, save_to: Path | None = None, **options: Any
    ) -> ImageResult:
        """Buy one image; `options` are the catalog's fields (tier, width, height, seed, ...);
        `save_to` also writes the PNG there."""
        body = {"prompt": prompt, **{k: v for k, v in options.items() if v is not None}}
        answer, header = await self.call(IMAGE_GENERATE_ULTRA.path, body)
        result = ImageResult(ImageResponse.model_validate(answer), header)
        if save_to is not None:
            image = await self._http.get(result.response.image_url)
            image.raise_for_status()
            save_to.write_bytes(image.content)
        return result

    async def quote(self, path: str, body: dict[str, Any]) -> Quote:
        """What the seller asks for this call, checked against the limits; nothing is paid."""
        answer = await self._post(path, body, {})
        if answer.status_code != 402:
            raise SellerRefused(answer.status_code, _json(answer))
        required, v1_names = self._payment_required(answer)
        if required.error and required.error.startswith("invalid_request"):
            raise SellerRefused(400, {"error": "invalid_request", "message": required.error})
        return self._choose(required, v1_names)

    async def call(self, path: str, body: dict[str, Any]) -> tuple[dict[str, Any], str]:
        """Pay for one call; returns the seller's answer and the payment header used."""
        quote = await self.quote(path, body)
        spend = self._journal.reserve(
            seller=self.base_url, network=quote.network, asset=quote.requirements.asset,
            usd=quote.usd, budget=self._budget,
        )  # fmt: skip
        try:
            header = await self._sign(quote)
        except Exception:
            self._journal.finish(spend, "refused")
            raise
        name = "X-PAYMENT" if quote.v1_network else "PAYMENT-SIGNATURE"
        return await self._send_paid(path, body, {name: header}, spend), header

    async def _send_paid(
        self, path: str, body: dict[str, Any], headers: dict[str, str], spend: int
    ) -> dict[str, Any]:
        answer: httpx.Response | None = None
        for delay in (0.0, *self._retry_delays):
            await asyncio.sleep(delay)
            try:
                answer = await self._post(path, body, headers)
            except httpx.TransportError:
                continue  # the answer was lost: the same payment asks again
            if answer.status_code < 500 or _json(answer).get("charged") is False:
                break  # a definitive answer: asking again would only repeat it
        if answer is None or answer.status_code >= 500:
            charged = answer is not None and _json(answer).get("charged") is False
            self._journal.finish(spend, "refused" if charged else "unknown")
            raise SellerUnavailable(
                f"{self.base_url} did not answer"
                + (f" ({answer.status_code}: {_json(answer).get('message')})" if answer else "")
            )
        result = _json(answer)
        if answer.status_code != 200:
            self._journal.finish(spend, "refused")
            raise SellerRefused(answer.status_code, result)
        self._journal.finish(spend, "paid", (result.get("payment") or {}).get("transaction"))
        return result

    async def _post(
        self, path: str, body: dict[str, Any], headers: dict[str, str]
    ) -> httpx.Response:
        return await self._http.post(self.base_url + path, json=body, headers=headers)

    @staticmethod
    def _payment_required(answer: httpx.Response) -> tuple[PaymentRequired, dict[str, str]]:
        """The seller's requirements in v2 terms, and for a v1-only seller the v1 network
        name of each CAIP-2 network it offered."""
        header = answer.headers.get("PAYMENT-REQUIRED")
        if header is not None:
            return PaymentRequired.model_validate(_decode(header)), {}
        v1 = _json(answer)  # a v1-only seller: its requirements are the body
        accepts, names = [], {}
        for offer in v1.get("accepts", []):
            network = _caip2(str(offer.get("network")))
            names[network] = str(offer.get("network"))
            accepts.append({**offer, "amount": offer.get("maxAmountRequired"), "network": network})
        required = PaymentRequired.model_validate(
            {"x402Version": 2, "error": v1.get("error"), "accepts": accepts}
        )
        return required, names

    def _choose(self, required: PaymentRequired, v1_names: dict[str, str]) -> Quote:
        options = []
        for option in required.accepts:
            token = self._assets.get(str(option.network))
            if option.scheme != "exact" or token is None or option.asset.lower() != token:
                continue
            usd = Decimal(int(option.amount)) / 10**_DECIMALS
            options.append(Quote(option, usd, v1_names.get(str(option.network))))
        if not options:
            offered = ", ".join(f"{o.network}:{o.asset}" for o in required.accepts) or "nothing"
            raise PriceRefused(f"no payment option in an accepted token (offered: {offered})")
        cheapest = min(options, key=lambda q: q.usd)
        if cheapest.usd > self._max_per_call:
            raise PriceRefused(
                f"the seller asks ${cheapest.usd}, over this buyer's ${self._max_per_call} per call"
            )
        return cheapest

    async def _sign(self, quote: Quote) -> str:
        chain_id = int(quote.network.split(":", 1)[1])
        refuse_public_key_off_devnet("0x" + bytes(self._account.key).hex(), chain_id)
        signer = x402Client()
        register_exact_evm_client(signer, EthAccountSigner(self._account), networks=quote.network)
        signer.set_spend_controls(
            {"allowed_assets": [{"network": quote.network, "asset": quote.requirements.asset}]}
        )
        payload = await signer.create_payment_payload(
            PaymentRequired(x402_version=2, accepts=[quote.requirements])
        )
        envelope = payload.model_dump(by_alias=True, exclude_none=True)
        if quote.v1_network:
            # The EIP-3009 signature is the same in both versions; only the envelope differs.
            envelope = {"x402Version": 1, "scheme": "exact", "network": quote.v1_network,
                        "payload": envelope["payload"]}  # fmt: skip
        return base64.b64encode(json.dumps(envelope).encode()).decode()


def _caip2(network: str) -> str:
    """A v1 legacy network name ("base") as CAIP-2 ("eip155:8453"); CAIP-2 stays as it is."""
    from x402.mechanisms.evm.v1.constants import V1_NETWORK_CHAIN_IDS

    chain_id = V1_NETWORK_CHAIN_IDS.get(network)
    return f"eip155:{chain_id}" if chain_id is not None else network


def _json(answer: httpx.Response) -> dict[str, Any]:
    try:
        data = answer.json()
    except ValueError:
        return {"error": "not_json", "message": answer.text[:200]}
    return data if isinstance(data, dict) else {"error": "not_json", "message": str(data)[:200]}


class Client:
    """The same buyer, blocking: for scripts without an event loop."""

    def __init__(self, base_url: str, **options: Any) -> None:
        self._loop = asyncio.new_event_loop()
        self._client = AsyncClient(base_url, **options)

    def generate(self, prompt: str, **options: Any) -> ImageResult:
        """Buy one image (see AsyncClient.generate)."""
        return self._loop.run_until_complete(self._client.generate(prompt, **options))

    def wallet_status(self) -> WalletStatus:
        """See AsyncClient.wallet_status."""
        return self._client.wallet_status()

    def close(self) -> None:
        """Close connections and the loop."""
        self._loop.run_until_complete(self._client.aclose())
        self._loop.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
