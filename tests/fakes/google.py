"""Gemini's generateContent for image models, answering in Google's wire format.

Set `answer` to script the outcome; the key is checked as Google does (a bad key is a 400
INVALID_ARGUMENT with reason API_KEY_INVALID), and unknown generationConfig fields are
refused as the real API refuses them.
"""

from __future__ import annotations

import asyncio
import base64
import functools
import io
import re
from dataclasses import dataclass
from typing import Any, Literal

from PIL import Image
from starlette.responses import JSONResponse, Response

from synthforge.providers._http import MAX_IMAGE_BYTES

from .server import FakeServer, Recorded, Upstream

Answer = Literal[
    "image",  # a PNG after a draft "thought" image and a text part
    "jpeg_as_png",  # JPEG bytes labelled image/png, as Gemini sometimes sends
    "prompt_blocked",  # promptFeedback.blockReason and no candidates
    "image_safety",  # a candidate stopped with IMAGE_SAFETY and only text
    "text_only",  # finishReason STOP with text and no image
    "rate_limited",  # 429 RESOURCE_EXHAUSTED with a Retry-After header
    "rate_limited_retry_info",  # 429 with a google.rpc.RetryInfo delay and no header
    "unavailable",  # 503 UNAVAILABLE
    "permission_denied",  # 403 PERMISSION_DENIED
    "invalid_argument",  # 400 INVALID_ARGUMENT
    "hang",  # answers only after `hang_s`
    "garbage",  # 200 with HTML
    "oversized",  # an image past the adapters' size limit
]

_CONFIG_FIELDS = {"responseModalities", "imageConfig", "seed", "candidateCount"}
_PATH = re.compile(r"/v1beta/models/(?P<model>[\w.\-]+):generateContent")


@functools.cache
def image_bytes(kind: str = "PNG") -> bytes:
    """Real image bytes, made with Pillow."""
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 80, 30)).save(out, kind)
    return out.getvalue()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _error(code: int, status: str, message: str, **extra: Any) -> JSONResponse:
    headers = extra.pop("headers", None)
    body = {"error": {"code": code, "message": message, "status": status, **extra}}
    return JSONResponse(body, code, headers=headers)


def _candidate(parts: list[dict[str, Any]], reason: str) -> dict[str, Any]:
    return {"content": {"role": "model", "parts": parts}, "finishReason": reason, "index": 0}


@dataclass
class FakeGemini(Upstream):
    """`with FakeGemini(answer=...) as fake:`; `fake.url`, `fake.requests`."""

    answer: Answer = "image"
    key: str = "gemini-key-123"
    hang_s: float = 2.0
    server: FakeServer | None = None

    async def handle(self, request: Recorded) -> Response:
        matched = _PATH.fullmatch(request.path)
        if request.method != "POST" or matched is None:
            return _error(404, "NOT_FOUND", f"{request.path} is not found")
        if request.headers.get("x-goog-api-key") != self.key:
            details = [
                {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID"}
            ]
            return _error(400, "INVALID_ARGUMENT", "API key not valid.", details=details)
        unknown = set(request.json.get("generationConfig", {})) - _CONFIG_FIELDS
        if unknown:
            return _error(400, "INVALID_ARGUMENT", f"Unknown name {sorted(unknown)[0]!r}")
        if self.answer == "hang":
            await asyncio.sleep(self.hang_s)
        return self._scripted(matched["model"])

    def _scripted(self, model: str) -> Response:
        if self.answer == "rate_limited":
            return _error(
                429, "RESOURCE_EXHAUSTED", "Quota exceeded.", headers={"Retry-After": "12"}
            )
        if self.answer == "rate_limited_retry_info":
            info = {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "31s"}
            return _error(429, "RESOURCE_EXHAUSTED", "Quota exceeded.", details=[info])
        if self.answer == "unavailable":
            return _error(503, "UNAVAILABLE", "The model is overloaded.")
        if self.answer == "permission_denied":
            return _error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers.")
        if self.answer == "invalid_argument":
            return _error(400, "INVALID_ARGUMENT", "Unsupported aspect ratio.")
        if self.answer == "garbage":
            return Response(b"<html>502 Bad Gateway</html>", 200, media_type="text/html")
        return JSONResponse(
            {
                **self._content(),
                "usageMetadata": {"promptTokenCount": 12, "totalTokenCount": 1302},
                "modelVersion": model,
                "responseId": "gemini-resp-7f3a",
            }
        )

    def _content(self) -> dict[str, Any]:
        if self.answer == "prompt_blocked":
            return {"promptFeedback": {"blockReason": "PROHIBITED_CONTENT"}}
        if self.answer == "image_safety":
            text = {"text": "I can't create that image."}
            return {"candidates": [_candidate([text], "IMAGE_SAFETY")]}
        if self.answer == "text_only":
            return {"candidates": [_candidate([{"text": "Here is your image!"}], "STOP")]}
        data = _b64(image_bytes("JPEG" if self.answer == "jpeg_as_png" else "PNG"))
        if self.answer == "oversized":
            data = "A" * (MAX_IMAGE_BYTES * 4 // 3 + 8)
        draft = {"inlineData": {"mimeType": "image/png", "data": _b64(image_bytes("GIF"))}}
        parts: list[dict[str, Any]] = [
            {**draft, "thought": True},
            {"text": "A fox, as asked."},
            {"inlineData": {"mimeType": "image/png", "data": data}, "thoughtSignature": "c2ln"},
        ]
        return {"candidates": [_candidate(parts, "STOP")]}
