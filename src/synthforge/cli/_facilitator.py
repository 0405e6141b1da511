"""`synthforge facilitator`: the x402 facilitator over HTTP for one chain."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Callable
from typing import Annotated

import typer

from ..devnet import read_devnet_file
from ..facilitator import LocalFacilitator, create_facilitator_app
from ..serving import bind, serve, url_of
from ._common import ConfigOption, console, exit_on_sigterm, fail, reported, settings_from


def facilitator(
    config: ConfigOption = None,
    host: Annotated[str | None, typer.Option(help="listen address")] = None,
    port: Annotated[int | None, typer.Option(help="listen port (0: any free port)")] = None,
    devnet: Annotated[
        bool, typer.Option("--devnet", help="settle on the running `synthforge devnet`")
    ] = False,
) -> None:
    """Verify and settle x402 `exact` payments (GET /supported, POST /verify, POST /settle).

    The gas key comes from SYNTHFORGE_FACILITATOR__PRIVATE_KEY or ..._PRIVATE_KEY_FILE,
    never from the command line.
    """
    exit_on_sigterm()
    settings = settings_from(config)
    options = settings.facilitator
    with reported():
        if devnet:
            if not settings.devnet_file.is_file():
                fail([f"no devnet running: {settings.devnet_file} not found (`synthforge devnet`)"])
            chosen = LocalFacilitator.from_devnet(read_devnet_file(settings.devnet_file))
        else:
            chosen = LocalFacilitator.from_settings(options)
        sock = bind(host or options.host, options.port if port is None else port)

        def ready() -> None:
            console.print(
                f"facilitator for {chosen.network} on {url_of(sock)} "
                f"(v1 name {chosen.v1_network}, gas from {chosen.address})",
                soft_wrap=True,
            )

        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(run_facilitator(chosen, sock, ready))


async def run_facilitator(
    chosen: LocalFacilitator, sock: socket.socket, on_ready: Callable[[], None]
) -> None:
    """Check the chain, then serve `chosen` on `sock` until a signal; always close it."""
    try:
        await chosen.start()
        await serve(create_facilitator_app(chosen), sock, on_ready=on_ready)
    finally:
        await chosen.aclose()
