"""The ceiling: a bare ASGI app answering synthforge's own 402 bytes, with no work at all.

Run by bench/gateway.py: the same body and PAYMENT-REQUIRED header as the gateway sends
(about 12 KB of schemas), so the difference to the gateway is the gateway's own work.
"""

from __future__ import annotations

import asyncio
from typing import Any

from synthforge.catalog import DEFAULT_TIER, IMAGE_GENERATE_ULTRA
from synthforge.payments import PaymentTerms, Priced
from synthforge.serving import bind, serve, url_of

_ADDRESS = "0x" + "11" * 20
_TERMS = PaymentTerms("eip155:31337", "eip155:31337", _ADDRESS, "USD Coin", "2", 6, _ADDRESS, 300)
BODY, _HEADER = Priced(
    IMAGE_GENERATE_ULTRA, _TERMS, {}, "http://127.0.0.1:8402/v1/image-generate-ultra"
).payment_required(DEFAULT_TIER)
HEADERS = [
    (b"content-type", b"application/json"),
    (b"content-length", str(len(BODY)).encode()),
    (b"payment-required", _HEADER.encode()),
]


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    await receive()
    await send({"type": "http.response.start", "status": 402, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})


def main() -> None:
    sock = bind("127.0.0.1", 0)
    asyncio.run(serve(app, sock, on_ready=lambda: print(f"bare app on {url_of(sock)}", flush=True)))


if __name__ == "__main__":
    main()
