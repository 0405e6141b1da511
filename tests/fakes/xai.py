"""xAI's `POST /v1/images/generations` (Grok Imagine), as its API reference describes it.

Set `answer` to choose what the next generation gets. Like xAI, the fake answers a wrong key
with 400 (a missing one with 401), rejects `size`, `quality` and `style`, returns JPEG bytes
whatever was asked, and reports moderation as a 400 or as `respect_moderation: false`.
Errors use xAI's shape: `{"code": "...", "error": "..."}`.
"""

from __future__ import annotations

import asyncio
import base64
import io
import uuid
from dataclasses import dataclass, field
from typing import Literal

from PIL import Image
from starlette.responses import JSONResponse, Response

from synthforge.providers._http import MAX_IMAGE_BYTES

from .server import FakeServer, Recorded, Upstream

Answer = Literal[
    "b64", "url", "rate_limited", "overloaded", "hang", "refuse", "blocked", "garbage",
    "no_image", "oversized", "oversized_url", "no_credit",
]  # fmt: skip

KEY = "test-xai-key"
INVALID = "Client specified an invalid argument"
UNSUPPORTED = ("size", "quality", "style")


def jpeg(aspect_ratio: object) -> bytes:
    """A real JPEG about 1k on its long side, in the asked ratio, as Grok returns."""
    width, height = 1024, 1024
    if isinstance(aspect_ratio, str) and ":" in aspect_ratio:
        w, _, h = aspect_ratio.partition(":")
        ratio = float(w) / float(h)
        width, height = (1024, round(1024 / ratio)) if ratio >= 1 else (round(1024 * ratio), 1024)
    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 60, 120)).save(out, "JPEG")
    return out.getvalue()


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"code": code, "error": message}, status)


@dataclass
class FakeXai(Upstream):
    """`with FakeXai() as fake:`; `fake.url` is the base URL, `fake.requests` what came."""

    answer: Answer = "b64"
    key: str = KEY
    hang_s: float = 1.0
    images: dict[str, bytes] = field(default_factory=dict)
    server: FakeServer | None = None

    async def handle(self, request: Recorded) -> Response:
        if request.method == "GET" and request.path.startswith("/xai-imgen/"):
            image = self.images[request.path.removeprefix("/xai-imgen/")]
            return Response(image, 200, media_type="image/jpeg")
        if request.method != "POST" or request.path != "/v1/images/generations":
            return _error(404, "Some requested entity was not found", "Not found")
        auth = request.headers.get("authorization")
        if not auth or not auth.removeprefix("Bearer").strip():
            return _error(401, "Unauthenticated", "No API key provided.")
        if auth != f"Bearer {self.key}":
            return _error(400, INVALID, "Incorrect API key provided: te***ey.")
        for name in UNSUPPORTED:
            if name in request.json:
                return _error(400, INVALID, f"Argument not supported: {name}")
        return await self._generation(request)

    async def _generation(self, request: Recorded) -> Response:
        if self.answer == "rate_limited":
            limited = _error(429, "Some resource has been exhausted", "Rate limit reached")
            limited.headers["Retry-After"] = "7"
            return limited
        if self.answer == "no_credit":
            denied = "The caller does not have permission to execute the specified operation"
            return _error(403, denied, "Your team has used all available credits.")
        if self.answer == "overloaded":
            return _error(503, "Service unavailable", "The service is overloaded")
        if self.answer == "hang":
            await asyncio.sleep(self.hang_s)
        if self.answer == "refuse":
            return _error(400, INVALID, "Generated image rejected by content moderation.")
        if self.answer == "garbage":
            return Response(b"<html>upstream connect error</html>", 200, media_type="text/html")
        if self.answer == "no_image":
            return JSONResponse({"block_reason": None, "data": []})
        return JSONResponse(self._success(request), headers={"x-request-id": str(uuid.uuid4())})

    def _success(self, request: Recorded) -> dict[str, object]:
        assert self.server is not None
        data = jpeg(request.json.get("aspect_ratio"))
        if self.answer.startswith("oversized"):
            data += bytes(MAX_IMAGE_BYTES)
        item: dict[str, object] = {
            "mime_type": "image/jpeg",
            "revised_prompt": "",
            "respect_moderation": self.answer != "blocked",
        }
        if self.answer == "blocked":
            item["b64_json"] = None  # a moderated slot carries no usable image
        elif self.answer in ("url", "oversized_url"):
            name = f"xai-tmp-imgen-{uuid.uuid4()}.jpeg"
            self.images[name] = data
            item["url"] = f"{self.server.url}/xai-imgen/{name}"
        else:
            item["b64_json"] = base64.b64encode(data).decode()
        return {"block_reason": None, "data": [item], "usage": {"cost_in_usd_ticks": 500000000}}
