"""`synthforge devnet`: a local chain with test USDC, a funded buyer and a facilitator."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ..devnet import Devnet, DevnetInfo, read_devnet_file
from ..facilitator import LocalFacilitator
from ..serving import bind, url_of
from ._common import ConfigOption, console, exit_on_sigterm, reported, settings_from
from ._facilitator import run_facilitator


def devnet(
    config: ConfigOption = None,
    port: Annotated[int | None, typer.Option(help="anvil RPC port (0: any free port)")] = None,
    facilitator_port: Annotated[int, typer.Option(help="facilitator port (0: any free port)")] = 0,
    with_facilitator: Annotated[
        bool, typer.Option("--facilitator/--no-facilitator", help="also serve a facilitator")
    ] = True,
    as_json: Annotated[bool, typer.Option("--json", help="print the description as JSON")] = False,
) -> None:
    """Run anvil with a fresh test USDC until Ctrl-C; describe it in .synthforge/devnet.json.

    Every key on the devnet is one of anvil's public test keys: nothing here is worth money,
    and synthforge refuses to use these keys on any other chain.
    """
    exit_on_sigterm()
    settings = settings_from(config, devnet={"port": port} if port is not None else None)
    chain = Devnet(settings.devnet)
    path = settings.devnet_file
    try:
        with reported():
            info = chain.start()
        if with_facilitator:
            sock = bind(settings.devnet.host, facilitator_port)

            def ready() -> None:
                _announce(chain.write(path, url_of(sock)), path, as_json)

            with contextlib.suppress(KeyboardInterrupt), reported():
                asyncio.run(run_facilitator(LocalFacilitator.from_devnet(info), sock, ready))
        else:
            _announce(chain.write(path), path, as_json)
            with contextlib.suppress(KeyboardInterrupt):
                while True:
                    signal.pause()
    finally:
        _forget(path, chain)
        chain.stop()


def _forget(path: Path, chain: Devnet) -> None:
    """Remove the description if it is still ours (another devnet may have replaced it)."""
    with contextlib.suppress(FileNotFoundError, ValueError, RuntimeError):
        if read_devnet_file(path).rpc_url == chain.info.rpc_url:
            path.unlink()


def _announce(info: DevnetInfo, path: Path, as_json: bool) -> None:
    if as_json:
        print(json.dumps(info.model_dump()), flush=True)
        return
    table = Table(title="synthforge devnet (public test keys: worthless anywhere else)")
    table.add_column("what")
    table.add_column("value")
    rows = {
        "rpc_url": info.rpc_url,
        "network": info.network,
        "token (test USDC)": info.token,
        "buyer": info.buyer_address,
        "pay_to": info.pay_to,
        "facilitator_url": info.facilitator_url or "-",
        "description": str(path),
    }
    for key, value in rows.items():
        table.add_row(key, value)
    console.print(table)
    console.print("Ctrl-C stops the chain and the facilitator.")
