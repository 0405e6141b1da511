"""`synthforge demo`: a paid image generation on the embedded default, step by step."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
from pathlib import Path

import httpx

from ..buyer import AsyncClient
from ..catalog import IMAGE_GENERATE_ULTRA
from ..devnet import Devnet
from ..http import create_gateway_app
from ..runtime import open_gateway
from ..serving import bind, serve, url_of
from ..settings import Settings
from ._common import ConfigOption, console, exit_on_sigterm, reported, settings_from

PROMPT = "a lighthouse on a basalt cliff at dusk, long exposure, flagship quality"


def demo(config: ConfigOption = None) -> None:
    """Start the embedded gateway, pay $0.30 in test USDC for an image, show it, retry safely."""
    exit_on_sigterm()
    logging.getLogger("x402").setLevel(logging.ERROR)
    settings = settings_from(config)
    with reported(), Devnet(settings.devnet) as chain:
        asyncio.run(_demo(settings, chain))


async def _demo(settings: Settings, chain: Devnet) -> None:
    info = chain.info
    sock, stop = bind("127.0.0.1", 0), asyncio.Event()
    base = url_of(sock)
    url = base + IMAGE_GENERATE_ULTRA.path
    console.print(f"[bold]1.[/bold] devnet at {info.rpc_url}: test USDC {info.token}")
    async with open_gateway(settings, base, devnet=info) as runtime:
        server = asyncio.ensure_future(serve(create_gateway_app(runtime.gateway), sock, until=stop))
        try:
            async with httpx.AsyncClient(timeout=300) as client:
                await _walk_through(client, url, chain, settings.home / "demo.png")
        finally:
            stop.set()
            await server


async def _walk_through(client: httpx.AsyncClient, url: str, chain: Devnet, out: Path) -> None:
    info = chain.info
    body = {"prompt": PROMPT, "tier": "gpt", "width": 1024, "height": 768}
    unpaid = await client.post(url, json=body)
    required = json.loads(base64.b64decode(unpaid.headers["PAYMENT-REQUIRED"]))["accepts"][0]
    console.print(
        f"[bold]2.[/bold] POST {url} without payment -> {unpaid.status_code}: "
        f"{int(required['amount']) / 1e6:.2f} USDC on {required['network']} to {required['payTo']}"
    )
    before = chain.balance(info.buyer_address)
    buyer = AsyncClient(
        url.removesuffix(IMAGE_GENERATE_ULTRA.path), wallet=info.buyer_key,
        journal=out.parent / "demo-spend.db", assets={info.network: info.token},
    )  # fmt: skip
    async with buyer:
        result, payment_header = await buyer.call(IMAGE_GENERATE_ULTRA.path, body)
    console.print("[bold]3.[/bold] signed an EIP-3009 authorization, retried -> 200")
    console.print(f"   image_url  {result['image_url']}")
    console.print(
        f"   model      {result['model']} (source {result['source']}, route {result['route']})"
    )
    console.print(f"   size       {result['width']}x{result['height']}, {result['elapsed_ms']} ms")
    console.print(f"   tx         {result['payment']['transaction']}")
    image = await client.get(result["image_url"])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(image.content)
    console.print(f"[bold]4.[/bold] saved {out.resolve()} ({len(image.content):,} bytes)")
    again = await client.post(url, json=body, headers={"PAYMENT-SIGNATURE": payment_header})
    spent = before - chain.balance(info.buyer_address)
    console.print(
        f"[bold]5.[/bold] the same payment sent again -> {again.status_code}, same image: "
        f"{again.json().get('image_url') == result['image_url']}; buyer charged once: "
        f"{spent / 1e6:.2f} USDC"
    )
