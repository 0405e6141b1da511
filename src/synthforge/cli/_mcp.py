"""`synthforge mcp`: the paid tools for a coding agent, over stdio or streamable HTTP."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Annotated

import httpx
import typer
import uvicorn
from mcp.server.lowlevel import Server
from mcp.server.stdio import stdio_server
from rich.console import Console

from ..buyer import AsyncClient, configured_client
from ..mcpserver import build_server
from ._common import ConfigOption, exit_on_sigterm, reported, settings_from

__all__ = ["mcp_command"]

# stdout carries the MCP messages in stdio mode: everything said to a person goes to stderr.
_say = Console(stderr=True, highlight=False, soft_wrap=True)
_HOST = "127.0.0.1"


def mcp_command(
    config: ConfigOption = None,
    http: Annotated[bool, typer.Option("--http", help="streamable HTTP instead of stdio")] = False,
    port: Annotated[int, typer.Option(help="port for --http, on 127.0.0.1")] = 8765,
) -> None:
    """Serve image_generate_ultra and wallet_status to an MCP client, paying as the buyer.

    The key comes from the buyer settings (SYNTHFORGE_BUYER__PRIVATE_KEY or _FILE), never the
    command line; unset, a running devnet's public test buyer pays.
    """
    exit_on_sigterm()
    settings = settings_from(config)
    with reported():
        client, devnet = configured_client(settings)
    if devnet is not None:
        _say.print(f"paying with the devnet's test buyer {devnet.buyer_address} ({devnet.network})")
    _say.print(
        f"buying from {client.base_url}: at most ${settings.buyer.max_per_call_usd} per call, "
        + (f"budget ${settings.buyer.budget_usd}" if settings.buyer.budget_usd else "no budget")
    )
    with reported(), contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_run(client, http, port))


async def _run(client: AsyncClient, http: bool, port: int) -> None:
    async with client, httpx.AsyncClient(timeout=60) as images:
        server = build_server(client, images=images)
        if http:
            await _serve_http(server, port)
        else:
            async with stdio_server() as (read, write):
                await server.run(read, write, server.create_initialization_options())


async def _serve_http(server: Server, port: int) -> None:
    app = server.streamable_http_app(host=_HOST)
    _say.print(f"MCP over streamable HTTP on http://{_HOST}:{port}/mcp")
    config = uvicorn.Config(app, host=_HOST, port=port, log_level="warning")
    await uvicorn.Server(config).serve()
