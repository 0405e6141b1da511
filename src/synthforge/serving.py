"""Serve an ASGI app with uvicorn on a socket we bind, so port 0 works and the URL is known."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable

import uvicorn
from starlette.types import ASGIApp

__all__ = ["bind", "serve", "url_of"]


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host:port (0 picks a free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto must say TCP: asyncio sets TCP_NODELAY only on such sockets, and without it every
    # small response waits ~40 ms on Nagle + delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    """The http URL a bound socket answers on."""
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


async def serve(
    app: ASGIApp,
    sock: socket.socket,
    on_ready: Callable[[], None] | None = None,
    until: asyncio.Event | None = None,
) -> None:
    """Run until SIGINT/SIGTERM or `until` is set; `on_ready` fires once startup has finished."""
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    running = asyncio.ensure_future(server.serve(sockets=[sock]))
    if until is not None:

        async def stop_when_told() -> None:
            await until.wait()
            server.should_exit = True

        stopper = asyncio.ensure_future(stop_when_told())
        running.add_done_callback(lambda _: stopper.cancel())
    while not server.started and not running.done():
        await asyncio.sleep(0.005)
    if server.started and on_ready is not None:
        on_ready()
    await running
