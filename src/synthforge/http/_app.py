"""The gateway's FastAPI app: paid routes generated from the catalog, images, health.

POST {endpoint.path}   no payment -> 402 (an invalid body is named in its error)
                       payment    -> 400 for an invalid body, else the payment gate
GET  /images/{key}.png the stored PNGs, immutable
GET  /healthz          ready to take payments
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import FileResponse
from pydantic import ValidationError

from ..catalog import DEFAULT_TIER, IMAGE_GENERATE_ULTRA, ImageRequest, tier_by_slug
from ..facilitator import Facilitator
from ..ledger import Ledger
from ..payments import Answer, PaymentGate, Priced
from ..storage import LocalImageStore, StorageError
from ._errors import answer_for, failure
from ._work import ImageWork

__all__ = ["Gateway", "create_gateway_app"]

MAX_BODY_BYTES = 64 * 1024
_IMMUTABLE = "public, max-age=31536000, immutable"


@dataclass(frozen=True)
class Gateway:
    """Everything a running gateway serves with."""

    priced: Priced
    gate: PaymentGate
    work: ImageWork
    store: LocalImageStore
    ledger: Ledger
    facilitator: Facilitator


def _json(answer: Answer) -> Response:
    body = json.dumps(answer.body, separators=(",", ":"))
    return Response(body, answer.status, answer.headers, media_type="application/json")


def _invalid(body: bytes) -> tuple[ImageRequest | None, str | None, dict[str, Any]]:
    """The request, or why not (naming the field), plus the raw JSON for the tier guess."""
    if len(body) > MAX_BODY_BYTES:
        return None, f"request body is over {MAX_BODY_BYTES} bytes", {}
    try:
        raw = json.loads(body or b"{}")
    except ValueError as exc:
        return None, f"request body is not valid JSON: {exc}", {}
    if not isinstance(raw, dict):
        return None, "request body must be a JSON object", {}
    try:
        return ImageRequest.model_validate(raw), None, raw
    except ValidationError as exc:
        problems = [
            f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}" for e in exc.errors()
        ]
        return None, "; ".join(problems), raw


def create_gateway_app(gateway: Gateway) -> FastAPI:
    """The ASGI app over an opened gateway (the caller owns its lifecycle)."""
    endpoint, priced = IMAGE_GENERATE_ULTRA, gateway.priced
    app = FastAPI(title="synthforge", version="1", docs_url="/docs", redoc_url=None)

    @app.post(endpoint.path, summary=endpoint.summary, description=endpoint.description)
    async def image_generate_ultra(request: Request) -> Response:
        parsed, problem, raw = _invalid(await request.body())
        paying = gateway.gate.has_payment(request.headers)
        if parsed is None:
            if paying:
                return _json(failure(400, "invalid_request", problem or "invalid request"))
            tier = tier_by_slug(raw["tier"]) if raw.get("tier") in _SLUGS else DEFAULT_TIER
            body, header = priced.payment_required(tier, f"invalid_request: {problem}")
            return Response(body, 402, {"PAYMENT-REQUIRED": header}, media_type="application/json")
        tier = parsed.chosen_tier()
        if not paying:
            body, header = priced.payment_required(tier)
            return Response(body, 402, {"PAYMENT-REQUIRED": header}, media_type="application/json")
        answer = await gateway.gate.handle(
            headers=request.headers,
            charge=priced.charge(tier),
            request=parsed.model_dump(mode="json"),
            endpoint=endpoint.slug,
            tier=tier.slug,
            work=partial(gateway.work, parsed, tier),
            answer_for=partial(answer_for, priced=priced, tier=tier),
        )
        return _json(answer)

    @app.get("/images/{key}.png", include_in_schema=False)
    async def image(key: str) -> Response:
        try:
            path = gateway.store.path_for(key)
        except StorageError:
            return _json(failure(404, "not_found", "no such image"))
        if not path.is_file():
            return _json(failure(404, "not_found", "no such image"))
        return FileResponse(path, media_type="image/png", headers={"Cache-Control": _IMMUTABLE})

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        terms = priced.terms
        return {
            "status": "ok",
            "network": terms.network,
            "asset": terms.asset,
            "pay_to": terms.pay_to,
        }

    return app


_SLUGS = {t.slug for t in IMAGE_GENERATE_ULTRA.tiers}
