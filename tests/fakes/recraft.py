"""Recraft's `POST /v1/images/generations`, as its API docs describe it, on 127.0.0.1.

Set `answer` to choose what the next generation gets: an image as base64 or as a URL this
fake also serves, or one of the failures Recraft is known to send. A wrong key gets what
Recraft's errors page documents: 401, text/plain `request unauthorized`.
"""

from __future__ import annotations

import asyncio
import base64
import io
import uuid
from dataclasses import dataclass, field
from typing import Literal

from PIL import Image
from starlette.responses import JSONResponse, PlainTextResponse, Response

from synthforge.providers._http import MAX_IMAGE_BYTES

from .server import FakeServer, Recorded, Upstream

Answer = Literal[
    "b64", "url", "rate_limited", "overloaded", "hang", "refuse", "bad_size", "garbage",
    "no_image", "oversized", "oversized_url",
]  # fmt: skip

KEY = "test-recraft-key"


def png(width: int, height: int) -> bytes:
    """A real PNG of that size, as Recraft's raster models return."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 90, 40)).save(out, "PNG")
    return out.getvalue()


def _dimensions(size: object) -> tuple[int, int]:
    """The pixel size asked for; "w:h" and anything else get Recraft's default square."""
    if isinstance(size, str) and "x" in size:
        width, _, height = size.partition("x")
        return int(width), int(height)
    return 1024, 1024


@dataclass
class FakeRecraft(Upstream):
    """`with FakeRecraft() as fake:`; `fake.url` is the base URL, `fake.requests` what came."""

    answer: Answer = "b64"
    key: str = KEY
    hang_s: float = 1.0
    images: dict[str, bytes] = field(default_factory=dict)
    server: FakeServer | None = None

    async def handle(self, request: Recorded) -> Response:
        if request.method == "GET" and request.path.startswith("/images/"):
            image = self.images[request.path.removeprefix("/images/")]
            return Response(image, 200, media_type="image/png")
        if request.method != "POST" or request.path != "/v1/images/generations":
            return PlainTextResponse("404 page not found", 404)
        if request.headers.get("authorization") != f"Bearer {self.key}":
            return PlainTextResponse("request unauthorized", 401)
        return await self._generation(request)

    async def _generation(self, request: Recorded) -> Response:
        if self.answer == "rate_limited":
            return PlainTextResponse("too many requests", 429, headers={"Retry-After": "7"})
        if self.answer == "overloaded":
            return PlainTextResponse("internal server error", 503)
        if self.answer == "hang":
            await asyncio.sleep(self.hang_s)
        if self.answer == "refuse":
            # Recraft documents no moderation code; this is the JSON error shape it uses.
            return JSONResponse(
                {"code": "prompt_nsfw", "message": "The prompt contains inappropriate content"},
                400,
            )
        if self.answer == "bad_size":
            return JSONResponse({"code": "invalid_size", "message": "unsupported size"}, 400)
        if self.answer == "garbage":
            return Response(b"<html>502 Bad Gateway</html>", 200, media_type="text/html")
        if self.answer == "no_image":
            return JSONResponse({"created": 1748140800, "credits": 0, "data": []})
        return JSONResponse(self._success(request))

    def _success(self, request: Recorded) -> dict[str, object]:
        assert self.server is not None
        image_id = str(uuid.uuid4())
        data = png(*_dimensions(request.json.get("size")))
        if self.answer.startswith("oversized"):
            data += bytes(MAX_IMAGE_BYTES)
        item: dict[str, str] = {"image_id": image_id}
        if self.answer in ("url", "oversized_url"):
            self.images[f"{image_id}.png"] = data
            item["url"] = f"{self.server.url}/images/{image_id}.png"
        else:
            item["b64_json"] = base64.b64encode(data).decode()
        return {"created": 1748140800, "credits": 250, "data": [item]}
