"""The x402 SDK's own FastAPI middleware guarding a trivial route: the 402 baseline.

Run by bench/gateway.py: python bench/sdk_app.py FACILITATOR_URL NETWORK TOKEN PAY_TO
It prints the URL it serves on, then serves until terminated (one uvicorn worker).
"""

from __future__ import annotations

import asyncio
import sys

from fastapi import FastAPI
from x402 import x402ResourceServer
from x402.http import FacilitatorConfig, HTTPFacilitatorClient
from x402.http.middleware.fastapi import PaymentMiddlewareASGI
from x402.mechanisms.evm.exact import ExactEvmServerScheme

from synthforge.serving import bind, serve, url_of


def build(facilitator_url: str, network: str, token: str, pay_to: str) -> FastAPI:
    server = x402ResourceServer(HTTPFacilitatorClient(FacilitatorConfig(url=facilitator_url)))
    server.register(network, ExactEvmServerScheme())
    price = {"amount": "300000", "asset": token, "extra": {"name": "USD Coin", "version": "2"}}
    routes = {
        "POST /v1/image-generate-ultra": {
            "accepts": {"scheme": "exact", "payTo": pay_to, "price": price, "network": network}
        }
    }
    app = FastAPI()
    app.add_middleware(PaymentMiddlewareASGI, routes=routes, server=server)

    @app.post("/v1/image-generate-ultra")
    async def trivial() -> dict[str, bool]:
        return {"ok": True}

    return app


def main() -> None:
    app = build(*sys.argv[1:5])
    sock = bind("127.0.0.1", 0)
    asyncio.run(serve(app, sock, on_ready=lambda: print(f"sdk app on {url_of(sock)}", flush=True)))


if __name__ == "__main__":
    main()
