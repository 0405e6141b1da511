"""`synthforge demo`: the money path on a fresh devnet, step by step, over real HTTP."""

from __future__ import annotations

import asyncio
import logging
import time

from x402.http import FacilitatorConfig, HTTPFacilitatorClient

from ..devnet import Devnet, devnet_requirements, sign_devnet_payment
from ..facilitator import LocalFacilitator, create_facilitator_app
from ..serving import bind, serve, url_of
from ._common import ConfigOption, console, exit_on_sigterm, reported, settings_from

PRICE = 300_000  # $0.30 in USDC's 6 decimals


def demo(config: ConfigOption = None) -> None:
    """Start a devnet and a facilitator, pay $0.30 in test USDC, show it settle once."""
    exit_on_sigterm()
    # step 7 replays a payment on purpose: the SDK's warning about it is not news here
    logging.getLogger("x402").setLevel(logging.ERROR)
    settings = settings_from(config)
    with reported(), Devnet(settings.devnet) as chain:
        asyncio.run(_demo(chain))


def _usdc(atomic: int) -> str:
    return f"{atomic / 1_000_000:,.2f} USDC"


async def _demo(chain: Devnet) -> None:
    info = chain.info
    console.print(f"[bold]1.[/bold] devnet: anvil at {info.rpc_url}, test USDC at {info.token}")
    facilitator = LocalFacilitator.from_devnet(info)
    await facilitator.start()
    sock, stop = bind("127.0.0.1", 0), asyncio.Event()
    server = asyncio.ensure_future(serve(create_facilitator_app(facilitator), sock, until=stop))
    client = HTTPFacilitatorClient(FacilitatorConfig(url=url_of(sock)))
    try:
        console.print(
            f"[bold]2.[/bold] facilitator on {url_of(sock)}, gas from {facilitator.address}"
        )
        before = chain.balance(info.buyer_address), chain.balance(info.pay_to)
        console.print(f"   buyer holds {_usdc(before[0])}, seller {_usdc(before[1])}")
        requirements = devnet_requirements(info, PRICE)
        payment = await sign_devnet_payment(info, requirements)
        nonce = payment.payload["authorization"]["nonce"]
        console.print(f"[bold]3.[/bold] buyer signs an EIP-3009 authorization for {_usdc(PRICE)}")
        console.print(f"   nonce {nonce}")
        started = time.perf_counter()
        verified = await client.verify(payment, requirements)
        console.print(
            f"[bold]4.[/bold] POST /verify -> isValid={verified.is_valid} "
            f"({(time.perf_counter() - started) * 1000:.0f} ms)"
        )
        started = time.perf_counter()
        settled = await client.settle(payment, requirements)
        console.print(
            f"[bold]5.[/bold] POST /settle -> success={settled.success} "
            f"tx {settled.transaction} ({(time.perf_counter() - started) * 1000:.0f} ms)"
        )
        after = chain.balance(info.buyer_address), chain.balance(info.pay_to)
        console.print(
            f"[bold]6.[/bold] on-chain: buyer {_usdc(after[0] - before[0])}, "
            f"seller +{_usdc(after[1] - before[1])}"
        )
        replay = await client.settle(payment, requirements)
        console.print(
            f"[bold]7.[/bold] the same payment settled again -> success={replay.success}, "
            f"reason {replay.error_reason}; nothing moved"
        )
    finally:
        await client.aclose()
        stop.set()
        await server
        await facilitator.aclose()
