"""A proxy that forwards HTTP to a real server but loses the answer to the first paid request:
the gateway did the work and settled; the buyer saw the connection drop."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field

import httpx


@dataclass
class DroppingProxy:
    """`with DroppingProxy(target) as proxy:` then talk to `proxy.url`."""

    target: str
    drops: int = 1  # how many paid answers to lose
    strip: tuple[str, ...] = ()  # response headers to remove (e.g. to play a v1-only seller)
    dropped: int = 0
    paid_requests: int = 0  # paid requests forwarded to the target
    url: str = ""
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    async def _serve_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        async with httpx.AsyncClient(base_url=self.target, timeout=120) as client:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    break
                lines = head.decode("latin-1").split("\r\n")
                method, path, _ = lines[0].split(" ", 2)
                headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
                length = int(headers.get("content-length", headers.get("Content-Length", "0")))
                body = await reader.readexactly(length)
                headers = {
                    k: v for k, v in headers.items() if k.lower() not in ("host", "content-length")
                }
                answer = await client.request(method, path, headers=headers, content=body)
                paid = any(k.lower() in ("payment-signature", "x-payment") for k in headers)
                self.paid_requests += paid
                if paid and self.dropped < self.drops:
                    self.dropped += 1
                    writer.close()  # the work is done and paid for; the buyer never hears
                    return
                out = [f"HTTP/1.1 {answer.status_code} X"]
                skip = ("content-length", "transfer-encoding", "connection", *self.strip)
                out += [f"{k}: {v}" for k, v in answer.headers.items() if k.lower() not in skip]
                out.append(f"content-length: {len(answer.content)}")
                writer.write(("\r\n".join(out) + "\r\n\r\n").encode("latin-1") + answer.content)
                await writer.drain()
        writer.close()

    def __enter__(self) -> DroppingProxy:
        ready = threading.Event()

        async def main() -> None:
            server = await asyncio.start_server(self._serve_connection, "127.0.0.1", 0)
            host, port = server.sockets[0].getsockname()[:2]
            self.url = f"http://{host}:{port}"
            ready.set()
            await asyncio.to_thread(self._stop.wait)
            server.close()

        self._thread = threading.Thread(target=asyncio.run, args=(main(),), daemon=True)
        self._thread.start()
        assert ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)
