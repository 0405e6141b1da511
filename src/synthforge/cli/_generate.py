"""`synthforge generate`: pay for one image from the devnet buyer wallet and save it."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer

from ..buyer import BuyError, buy
from ..catalog import IMAGE_GENERATE_ULTRA
from ..devnet import DevnetInfo, devnet_buyer, read_devnet_file
from ._common import ConfigOption, console, fail, settings_from


def generate(
    prompt: Annotated[str, typer.Argument(help="what to draw")],
    config: ConfigOption = None,
    tier: Annotated[str | None, typer.Option(help="tier slug, e.g. gpt")] = None,
    width: Annotated[int | None, typer.Option(help="pixels, 256-1024")] = None,
    height: Annotated[int | None, typer.Option(help="pixels, 256-1024")] = None,
    seed: Annotated[int | None, typer.Option()] = None,
    out: Annotated[Path | None, typer.Option(help="save the PNG here")] = None,
    url: Annotated[str | None, typer.Option(help="gateway base URL")] = None,
) -> None:
    """Pay for one image with the devnet buyer's test USDC (a devnet must be running)."""
    settings = settings_from(config)
    if not settings.devnet_file.is_file():
        fail([f"no devnet described at {settings.devnet_file}: start `synthforge serve` first"])
    info = read_devnet_file(settings.devnet_file)
    options = {"tier": tier, "width": width, "height": height, "seed": seed}
    body = {"prompt": prompt, **{k: v for k, v in options.items() if v is not None}}
    base = url or f"http://{settings.gateway.host}:{settings.gateway.port}"
    try:
        asyncio.run(_generate(base.rstrip("/") + IMAGE_GENERATE_ULTRA.path, body, info, out))
    except (BuyError, httpx.HTTPError) as exc:
        fail([str(exc) or type(exc).__name__])


async def _generate(url: str, body: dict[str, Any], info: DevnetInfo, out: Path | None) -> None:
    async with httpx.AsyncClient(timeout=300) as client:
        with console.status("paying and generating ..."):
            purchase = await buy(client, url, body, devnet_buyer(info))
        if purchase.status != 200:
            fail([f"{purchase.status}: {purchase.body.get('message') or purchase.body}"])
        result = purchase.body
        console.print(f"image   {result['image_url']}")
        console.print(
            f"paid    {int(result['payment']['amount']) / 10**info.decimals:.2f} USDC,"
            f" tx {result['payment']['transaction']}"
        )
        console.print(f"model   {result['model']} via {result['route']}, {result['elapsed_ms']} ms")
        if out is not None:
            image = await client.get(result["image_url"])
            image.raise_for_status()
            out.write_bytes(image.content)
            console.print(f"saved   {out.resolve()}")
