"""The gateway's FastAPI app: paid routes generated from the catalog, images, health.

POST {endpoint.path}   no payment -> 402 (an invalid body is named in its error)
                       payment    -> 400 for an invalid body, else the payment gate
GET  /images/{key}.png the stored PNGs, immutable
GET  /healthz          ready to take payments
GET  /, /registry.json, /llms.txt, /man/..., /openapi.json, /docs   discovery documents
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse

from ..discovery import Listing, Offer, openapi_document
from ..payments import Answer, PaymentGate, Priced
from ..storage import LocalImageStore, StorageError
from ..timing import collect, server_timing
from ._documents import add_document_routes
from ._errors import answer_for, failure
from ._unpaid import UnpaidFastPath, parse_request, unpaid_answer
from ._work import ImageWork

__all__ = ["Gateway", "create_gateway_app"]

_IMMUTABLE = "public, max-age=31536000, immutable"
_ERROR_REF = {"$ref": "#/components/schemas/Error"}  # put there by openapi_document


@dataclass(frozen=True)
class Gateway:
    """Everything a running gateway serves with."""

    priced: Priced
    gate: PaymentGate
    work: ImageWork
    local_images: LocalImageStore | None  # served at /images; None when hosted elsewhere

    def listing(self) -> Listing:
        """What this gateway sells, at its public URL; tiers without a route are unavailable."""
        endpoint = self.priced.endpoint
        live = frozenset(t.slug for t in endpoint.tiers if self.work.router.routes(t.slug))
        base = self.priced.resource_url.removesuffix(endpoint.path)
        return Listing.of(base, [Offer(self.priced, live)])


def _json(answer: Answer) -> Response:
    body = json.dumps(answer.body, separators=(",", ":"))
    return Response(body, answer.status, answer.headers, media_type="application/json")


def create_gateway_app(gateway: Gateway) -> FastAPI:
    """The ASGI app over an opened gateway (the caller owns its lifecycle)."""
    priced = gateway.priced
    endpoint = priced.endpoint
    app = FastAPI(title="synthforge", version="1", docs_url="/docs", redoc_url=None)

    @app.post(endpoint.path, summary=endpoint.summary, description=endpoint.description)
    async def image_generate_ultra(request: Request) -> Response:
        body = await request.body()
        if not gateway.gate.has_payment(request.headers):  # normally answered by UnpaidFastPath
            content, header = unpaid_answer(priced, body)
            return Response(
                content, 402, {"PAYMENT-REQUIRED": header}, media_type="application/json"
            )
        parsed, problem, _ = parse_request(endpoint, body)
        if parsed is None:
            return _json(failure(400, "invalid_request", problem or "invalid request"))
        tier = endpoint.tier_for(parsed.tier, parsed.model)
        with collect() as phases:
            answer = await gateway.gate.handle(
                headers=request.headers,
                charge=priced.charge(tier),
                request=parsed.model_dump(mode="json"),
                endpoint=endpoint.slug,
                tier=tier.slug,
                work=partial(gateway.work, parsed, tier),
                answer_for=partial(answer_for, priced=priced, tier=tier),
            )
        response = _json(answer)
        if phases:
            response.headers["Server-Timing"] = server_timing(phases)
        return response

    @app.get(
        "/images/{key}.png",
        summary="A generated image (permanent, immutable)",
        response_class=Response,
        responses={
            200: {"content": {"image/png": {}}, "description": "The PNG."},
            404: {"content": {"application/json": {"schema": _ERROR_REF}}, "description": "None."},
        },
    )
    async def image(key: str) -> Response:
        if gateway.local_images is None:
            return _json(failure(404, "not_found", "images are not hosted here"))
        try:
            path = gateway.local_images.path_for(key)
        except StorageError:
            return _json(failure(404, "not_found", "no such image"))
        if not path.is_file():
            return _json(failure(404, "not_found", "no such image"))
        return FileResponse(path, media_type="image/png", headers={"Cache-Control": _IMMUTABLE})

    @app.get("/healthz", summary="Ready to take payments: network, token, payee")
    async def healthz() -> dict[str, str]:
        terms = priced.terms
        return {
            "status": "ok",
            "network": terms.network,
            "asset": terms.asset,
            "pay_to": terms.pay_to,
        }

    listing = gateway.listing()
    add_document_routes(app, listing)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            generated = get_openapi(title=app.title, version=app.version, routes=app.routes)
            app.openapi_schema = openapi_document(listing, generated)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    app.add_middleware(UnpaidFastPath, priced=priced)
    return app
