"""OpenAI's Images API (`POST /v1/images/generations`), answering in OpenAI's wire format.

Set `answer` to script the outcome. Like the real API it checks the Bearer key (401
invalid_api_key), refuses unknown parameters and `response_format` for GPT Image, and
refuses sizes the model does not take, so a wrong mapping fails loudly.
"""

from __future__ import annotations

import asyncio
import base64
import functools
import io
from dataclasses import dataclass
from typing import Any, Literal

from PIL import Image
from starlette.responses import JSONResponse, Response

from synthforge.providers._http import MAX_IMAGE_BYTES

from .server import FakeServer, Recorded, Upstream

Answer = Literal[
    "image",  # 200 with data[0].b64_json (a real PNG)
    "moderation_blocked",  # 400 image_generation_user_error / moderation_blocked
    "content_policy_violation",  # 400 content_policy_violation (the DALL-E wording)
    "invalid_value",  # 400 invalid_request_error that is not about content
    "rate_limited",  # 429 with Retry-After
    "rate_limited_ms",  # 429 with only retry-after-ms
    "server_error",  # 500 server_error
    "hang",  # answers only after `hang_s`
    "garbage",  # 200 with HTML
    "no_data",  # 200 with an empty data list
    "oversized",  # an image past the adapters' size limit
]

_PARAMETERS = {
    "model",
    "prompt",
    "n",
    "size",
    "quality",
    "output_format",
    "output_compression",
    "background",
    "moderation",
    "user",
}
_FIXED_SIZES = {"1024x1024", "1536x1024", "1024x1536", "auto"}


@functools.cache
def png_bytes() -> bytes:
    """A real PNG, made with Pillow."""
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 80, 200)).save(out, "PNG")
    return out.getvalue()


def _error(
    status: int, message: str, type_: str, code: str | None, param: str | None = None, **kw: Any
) -> JSONResponse:
    body = {"error": {"message": message, "type": type_, "param": param, "code": code}}
    return JSONResponse(body, status, headers=kw.get("headers"))


def size_problem(model: str, size: object) -> str | None:
    """Why `model` would refuse `size`, or None: gpt-image-2 takes any WxH in its limits."""
    if not isinstance(size, str):
        return "size must be a string"
    if not model.startswith("gpt-image-2"):
        return None if size in _FIXED_SIZES else f"Invalid value: {size!r}."
    try:
        width, height = (int(side) for side in size.split("x"))
    except ValueError:
        return f"Invalid value: {size!r}."
    if width % 16 or height % 16:
        return "Both dimensions must be multiples of 16."
    if max(width, height) > 3 * min(width, height) or max(width, height) > 3840:
        return "Aspect ratio must be within 3:1 and edges at most 3840."
    if not 655_360 <= width * height <= 8_294_400:
        return "Total pixels must be between 655360 and 8294400."
    return None


@dataclass
class FakeOpenAI(Upstream):
    """`with FakeOpenAI(answer=...) as fake:`; `fake.url`, `fake.requests`."""

    answer: Answer = "image"
    key: str = "sk-test-123"
    hang_s: float = 2.0
    server: FakeServer | None = None

    async def handle(self, request: Recorded) -> Response:
        if request.method != "POST" or request.path != "/v1/images/generations":
            return _error(404, "Invalid URL", "invalid_request_error", None)
        if request.headers.get("authorization") != f"Bearer {self.key}":
            return _error(
                401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key"
            )
        body = request.json
        refused = self._invalid(body)
        if refused is not None:
            return refused
        if self.answer == "hang":
            await asyncio.sleep(self.hang_s)
        return self._scripted(body)

    def _invalid(self, body: dict[str, Any]) -> Response | None:
        unknown = sorted(set(body) - _PARAMETERS)
        if unknown:
            message = f"Unknown parameter: {unknown[0]!r}."
            return _error(400, message, "invalid_request_error", "unknown_parameter", unknown[0])
        problem = size_problem(body.get("model", ""), body.get("size"))
        if problem is not None:
            return _error(400, problem, "invalid_request_error", "invalid_value", "size")
        return None

    def _scripted(self, body: dict[str, Any]) -> Response:
        if self.answer == "moderation_blocked":
            message = (
                "Your request was rejected by the safety system. safety_violations=[violence]."
            )
            return _error(400, message, "image_generation_user_error", "moderation_blocked")
        if self.answer == "content_policy_violation":
            message = "Your request was rejected as a result of our safety system."
            return _error(400, message, "invalid_request_error", "content_policy_violation")
        if self.answer == "invalid_value":
            message = "Invalid value: 'high'. Organization must be verified to use this model."
            return _error(400, message, "invalid_request_error", "invalid_value", "quality")
        if self.answer == "rate_limited":
            headers = {"Retry-After": "9"}
            return _error(
                429, "Rate limit reached.", "requests", "rate_limit_exceeded", headers=headers
            )
        if self.answer == "rate_limited_ms":
            headers = {"retry-after-ms": "2500"}
            return _error(
                429, "Rate limit reached.", "requests", "rate_limit_exceeded", headers=headers
            )
        if self.answer == "server_error":
            return _error(
                500, "The server had an error processing your request.", "server_error", None
            )
        if self.answer == "garbage":
            return Response(b"<html>upstream connect error</html>", 200, media_type="text/html")
        data = base64.b64encode(png_bytes()).decode()
        if self.answer == "oversized":
            data = "A" * (MAX_IMAGE_BYTES * 4 // 3 + 8)
        answer = {
            "created": 1_790_000_000,
            "background": "opaque",
            "data": [] if self.answer == "no_data" else [{"b64_json": data}],
            "output_format": body.get("output_format", "png"),
            "quality": body.get("quality", "auto"),
            "size": body.get("size"),
            "usage": {"input_tokens": 14, "output_tokens": 4160, "total_tokens": 4174},
        }
        return JSONResponse(answer, headers={"x-request-id": "req_5b1c0e9f"})
