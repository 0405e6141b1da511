"""The unpaid 402: the hottest path of the server, answered before any framework work.

Every buyer's first call and every probe lands here. The answer for a valid body is
prepared once per tier; an invalid body gets a 402 whose error names the problem, so
nobody signs for a request that would fail.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from pydantic import ValidationError

from ..catalog import Endpoint, ImageRequest
from ..payments import Priced

__all__ = ["MAX_BODY_BYTES", "UnpaidFastPath", "parse_request", "unpaid_answer"]

MAX_BODY_BYTES = 64 * 1024
_PAYMENT_HEADERS = (b"payment-signature", b"x-payment")

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def parse_request(
    endpoint: Endpoint, body: bytes
) -> tuple[ImageRequest | None, str | None, dict[str, Any]]:
    """The request, or why not (naming the field), plus the raw JSON object if there was one."""
    if len(body) > MAX_BODY_BYTES:
        return None, f"request body is over {MAX_BODY_BYTES} bytes", {}
    try:
        raw = json.loads(body or b"{}")
    except ValueError as exc:
        return None, f"request body is not valid JSON: {exc}", {}
    if not isinstance(raw, dict):
        return None, "request body must be a JSON object", {}
    try:
        parsed = endpoint.request_model.model_validate(raw)
        assert isinstance(parsed, ImageRequest)
        return parsed, None, raw
    except ValidationError as exc:
        problems = [
            f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}" for e in exc.errors()
        ]
        return None, "; ".join(problems), raw


def unpaid_answer(priced: Priced, body: bytes) -> tuple[bytes, str]:
    """The 402 (v1 body, v2 header) for an unpaid call with this body."""
    endpoint = priced.endpoint
    parsed, problem, raw = parse_request(endpoint, body)
    if parsed is not None:
        return priced.payment_required(endpoint.tier_for(parsed.tier, parsed.model))
    tier = endpoint.default_tier
    if raw.get("tier") in {t.slug for t in endpoint.tiers}:
        tier = endpoint.tier(raw["tier"])
    return priced.payment_required(tier, f"invalid_request: {problem}")


class UnpaidFastPath:
    """ASGI middleware: unpaid POSTs to the paid path get their 402 here, nothing else does."""

    def __init__(self, app: ASGIApp, priced: Priced) -> None:
        self._app = app
        self._priced = priced
        self._path = priced.endpoint.path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["path"] != self._path
            or scope["method"] != "POST"
            or any(name in _PAYMENT_HEADERS for name, _ in scope["headers"])
        ):
            await self._app(scope, receive, send)
            return
        body = await _read_body(receive)
        content, header = unpaid_answer(self._priced, body)
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(content)).encode()),
            (b"payment-required", header.encode()),
        ]
        await send({"type": "http.response.start", "status": 402, "headers": headers})
        await send({"type": "http.response.body", "body": content})


async def _read_body(receive: Receive) -> bytes:
    """The request body, cut off past the limit (parse_request then says it is too large)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size <= MAX_BODY_BYTES + 1:
            chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)
