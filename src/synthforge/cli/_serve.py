"""`synthforge serve`: the paid gateway."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from typing import Annotated

import typer

from ..catalog import IMAGE_GENERATE_ULTRA
from ..http import create_gateway_app
from ..runtime import Runtime, open_gateway
from ..serving import bind, serve, url_of
from ..settings import Settings
from ._common import ConfigOption, console, exit_on_sigterm, reported, settings_from


def serve_command(
    config: ConfigOption = None,
    host: Annotated[str | None, typer.Option(help="listen address")] = None,
    port: Annotated[int | None, typer.Option(help="listen port (0: any free port)")] = None,
) -> None:
    """Serve POST /v1/image-generate-ultra for x402 payments.

    Unconfigured, it runs the embedded default: a devnet with test USDC, the in-process
    facilitator, the local procedural renderer, SQLite and images under .synthforge/.
    """
    exit_on_sigterm()
    settings = settings_from(config)
    options = settings.gateway
    sock = bind(host or options.host, options.port if port is None else port)
    public_url = options.public_url or url_of(sock)
    with reported(), contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(settings, sock, public_url))


async def _serve(settings: Settings, sock: socket.socket, public_url: str) -> None:
    async with open_gateway(settings, public_url) as runtime:
        _describe(runtime, settings)

        def ready() -> None:
            console.print(f"synthforge gateway on {public_url} (POST {IMAGE_GENERATE_ULTRA.path})")

        await serve(create_gateway_app(runtime.gateway), sock, on_ready=ready)


def _describe(runtime: Runtime, settings: Settings) -> None:
    terms = runtime.gateway.priced.terms
    if runtime.devnet is not None:
        console.print(
            f"embedded default: devnet at {runtime.devnet.rpc_url}"
            f" (chain {runtime.devnet.chain_id}),"
            f" test USDC {terms.asset}, buyer {runtime.devnet.buyer_address} funded;"
            f" described in {settings.devnet_file}"
        )
    console.print(f"payments: {terms.network}, token {terms.asset}, paid to {terms.pay_to}")
    router = runtime.gateway.work.router
    for tier in IMAGE_GENERATE_ULTRA.tiers:
        routes = ", ".join(r.name for r in router.routes(tier.slug)) or "none: answers 503"
        console.print(f"  {tier.slug:<14} {routes}")
    console.print("  (`synthforge routes` shows every route, its key and its margin)")
    if any(
        r.provider == "local" for t in IMAGE_GENERATE_ULTRA.tiers for r in router.routes(t.slug)
    ):
        console.print(
            "local:local-procedural renders procedural images (source: local), not a real model"
        )
