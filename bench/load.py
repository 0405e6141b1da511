"""A small keep-alive HTTP/1.1 load generator on raw asyncio sockets (no client overhead)."""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class LoadResult:
    requests: int = 0
    seconds: float = 0.0
    statuses: dict[int, int] = field(default_factory=dict)
    latencies_ms: list[float] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else 0.0


def _request(url: str, body: bytes) -> bytes:
    parts = urlsplit(url)
    head = (
        f"POST {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length = next(
        (
            int(line.split(":", 1)[1])
            for line in lines
            if line.lower().startswith("content-length:")
        ),
        0,
    )
    await reader.readexactly(length)
    return status


async def _worker(url: str, payload: bytes, until: float, result: LoadResult) -> None:
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    try:
        while time.perf_counter() < until:
            started = time.perf_counter()
            writer.write(payload)
            status = await _read_response(reader)
            result.latencies_ms.append((time.perf_counter() - started) * 1000)
            result.statuses[status] = result.statuses.get(status, 0) + 1
            result.requests += 1
    finally:
        writer.close()


async def run_load(url: str, body: bytes, seconds: float, connections: int) -> LoadResult:
    """Send POSTs of `body` to `url` over `connections` keep-alive connections for `seconds`."""
    payload = _request(url, body)
    result = LoadResult()
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(*(_worker(url, payload, until, result) for _ in range(connections)))
    result.seconds = time.perf_counter() - started
    return result
