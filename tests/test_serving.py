"""Connections accepted on our listening sockets send small responses at once (TCP_NODELAY)."""

from __future__ import annotations

import asyncio
import socket

from synthforge.serving import bind, url_of


async def test_accepted_connections_have_nodelay():
    listener = bind("127.0.0.1", 0)
    seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    async def accepted(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        sock = writer.get_extra_info("socket")
        seen.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        writer.close()

    server = await asyncio.start_server(accepted, sock=listener)
    host, port = url_of(listener).removeprefix("http://").split(":")
    _, writer = await asyncio.open_connection(host, int(port))
    try:
        # without it, every small response waits ~40 ms on Nagle and delayed ACKs
        assert await asyncio.wait_for(seen, 5) != 0
    finally:
        writer.close()
        server.close()
        await server.wait_closed()
