"""Paying from the devnet's buyer wallet with the official x402 client."""

from __future__ import annotations

from eth_account import Account
from x402 import x402Client
from x402.mechanisms.evm.exact import register_exact_evm_client
from x402.mechanisms.evm.signers import EthAccountSigner
from x402.schemas import PaymentPayload, PaymentRequired, PaymentRequirements

from ._devnet import DevnetInfo

__all__ = ["devnet_buyer", "devnet_requirements", "sign_devnet_payment"]


def devnet_requirements(info: DevnetInfo, amount: int) -> PaymentRequirements:
    """What a seller on the devnet asks: `amount` atomic test USDC to its pay_to."""
    return PaymentRequirements(
        scheme="exact",
        network=info.network,
        asset=info.token,
        amount=str(amount),
        pay_to=info.pay_to,
        max_timeout_seconds=300,
        extra={"name": info.token_name, "version": info.token_version},
    )


def devnet_buyer(info: DevnetInfo) -> x402Client:
    """The official x402 client signing as the devnet buyer, allowed the devnet token only."""
    client = x402Client()
    # v2 payments for the devnet only: a public key must never sign for a real network
    signer = EthAccountSigner(Account.from_key(info.buyer_key))
    register_exact_evm_client(client, signer, networks=info.network)
    # the devnet token is no default asset of the SDK: allow exactly this one
    client.set_spend_controls({"allowed_assets": [{"network": info.network, "asset": info.token}]})
    return client


async def sign_devnet_payment(
    info: DevnetInfo, requirements: PaymentRequirements
) -> PaymentPayload:
    """The devnet buyer's v2 payment for `requirements`, signed by the official x402 client."""
    payload = await devnet_buyer(info).create_payment_payload(
        PaymentRequired(x402_version=2, accepts=[requirements])
    )
    if not isinstance(payload, PaymentPayload):
        raise TypeError("the x402 client answered a v2 request with a v1 payload")
    return payload
