"""The facilitator HTTP API (`/supported`, `/verify`, `/settle`): glue over LocalFacilitator.

A refused payment is a 200 with `isValid: false` / `success: false` and a reason code, never
a 4xx or 5xx: x402 clients treat any non-200 as the facilitator being broken.
"""

from __future__ import annotations

from fastapi import FastAPI, Request, Response
from pydantic import BaseModel

from ._local import LocalFacilitator
from ._requests import Rejection, parse_request

__all__ = ["create_facilitator_app"]


def _json(model: BaseModel) -> Response:
    body = model.model_dump_json(by_alias=True, exclude_none=True)
    return Response(content=body, media_type="application/json")


def create_facilitator_app(facilitator: LocalFacilitator) -> FastAPI:
    """The ASGI app; the caller starts and closes `facilitator` around it."""
    app = FastAPI(title="synthforge facilitator", docs_url=None, redoc_url=None)

    @app.get("/supported")
    async def supported() -> Response:
        return _json(facilitator.supported())

    @app.post("/verify")
    async def verify(request: Request) -> Response:
        parsed = parse_request(await request.body())
        if isinstance(parsed, Rejection):
            return _json(facilitator.reject_verify(parsed))
        return _json(await facilitator.verify(parsed.payload, parsed.requirements))

    @app.post("/settle")
    async def settle(request: Request) -> Response:
        parsed = parse_request(await request.body())
        if isinstance(parsed, Rejection):
            return _json(facilitator.reject_settle(parsed))
        return _json(await facilitator.settle(parsed.payload, parsed.requirements))

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "network": facilitator.network, "signer": facilitator.address}

    return app
