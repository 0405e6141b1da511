"""`synthforge generate` and `synthforge wallet`: buy images from the command line."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer

from ..buyer import AsyncClient, BuyerError, configured_client
from ..catalog import IMAGE_GENERATE_ULTRA
from ._common import ConfigOption, console, fail, reported, settings_from


def _size(value: str | None) -> tuple[int | None, int | None]:
    if value is None:
        return None, None
    width, sep, height = value.lower().partition("x")
    if not (sep and width.isdigit() and height.isdigit()):
        fail([f"--size {value!r} is not WIDTHxHEIGHT, e.g. 1024x768"])
    return int(width), int(height)


def generate(
    prompt: Annotated[str, typer.Argument(help="what to draw")],
    config: ConfigOption = None,
    tier: Annotated[str | None, typer.Option(help="tier slug, e.g. gpt")] = None,
    size: Annotated[str | None, typer.Option(help="WIDTHxHEIGHT, 256-1024 each")] = None,
    seed: Annotated[int | None, typer.Option()] = None,
    out: Annotated[Path | None, typer.Option(help="save the PNG here")] = None,
    open_: Annotated[bool, typer.Option("--open", help="open the saved PNG")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="print the answer as JSON")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="show the price, pay nothing")] = False,
    url: Annotated[str | None, typer.Option(help="seller base URL")] = None,
) -> None:
    """Pay for one image, within [buyer] max_per_call_usd and budget_usd."""
    settings = settings_from(config, buyer={"url": url} if url else None)
    width, height = _size(size)
    options = {"tier": tier, "width": width, "height": height, "seed": seed}
    body = {"prompt": prompt, **{k: v for k, v in options.items() if v is not None}}
    with reported():
        client, _ = configured_client(settings)
    try:
        asyncio.run(_generate(client, body, out, open_, as_json, dry_run))
    except (BuyerError, httpx.HTTPError) as exc:
        fail([str(exc) or type(exc).__name__])


async def _generate(
    client: AsyncClient, body: dict[str, Any], out: Path | None, open_: bool, as_json: bool,
    dry_run: bool,
) -> None:  # fmt: skip
    async with client:
        if dry_run:
            quote = await client.quote(IMAGE_GENERATE_ULTRA.path, body)
            pay_to = quote.requirements.pay_to
            if as_json:
                report = {"price_usd": f"{quote.usd:.2f}", "network": quote.network,
                          "asset": quote.requirements.asset, "pay_to": pay_to}  # fmt: skip
                print(json.dumps(report))
            else:
                console.print(f"would pay ${quote.usd} on {quote.network} to {pay_to} (not paid)")
            return
        with console.status("paying and generating ...", spinner="dots"):
            answer, _ = await client.call(IMAGE_GENERATE_ULTRA.path, body)
        if out is not None:
            async with httpx.AsyncClient(timeout=60) as http:
                image = await http.get(answer["image_url"])
                image.raise_for_status()
            out.write_bytes(image.content)
    if as_json:
        print(json.dumps(answer))
    else:
        paid = answer["payment"]
        console.print(answer["image_url"])
        console.print(
            f"paid ${int(paid['amount']) / 1e6:.2f} · tx {paid['transaction']} · "
            f"{answer['model']} via {answer['route']} · {answer['elapsed_ms']} ms"
            + (f" · saved {out}" if out else "")
        )
    if open_ and out is not None:
        opener = "open" if sys.platform == "darwin" else "xdg-open"
        subprocess.run([opener, str(out)], check=False)


def wallet(config: ConfigOption = None) -> None:
    """The paying address, its test/real USDC where known, and the spend against the budget."""
    settings = settings_from(config)
    with reported():
        client, devnet = configured_client(settings)
    status = client.wallet_status()
    asyncio.run(client.aclose())
    console.print(f"address     {status.address}")
    if devnet is not None:
        balance = _devnet_balance(devnet.rpc_url, devnet.token, status.address)
        console.print(f"balance     {balance / 1e6:,.2f} test USDC on {devnet.network} (devnet)")
    budget = f"${status.budget_usd:.2f}" if status.budget_usd is not None else "none"
    console.print(f"spent       ${status.spent_usd:.2f} (all processes), budget {budget}")
    console.print(f"per call    at most ${status.max_per_call_usd:.2f}")


def _devnet_balance(rpc_url: str, token: str, address: str) -> int:
    from web3 import Web3
    from x402.mechanisms.evm.constants import BALANCE_OF_ABI

    w3 = Web3(Web3.HTTPProvider(rpc_url))
    contract = w3.eth.contract(address=Web3.to_checksum_address(token), abi=BALANCE_OF_ABI)
    return int(contract.functions.balanceOf(Web3.to_checksum_address(address)).call())
