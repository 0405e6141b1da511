"""Venice's image API as its clients see it: POST /api/v1/image/generate, base64 answers.

Like the real one it rejects unknown fields and unsupported aspect ratios with 400, and marks
a blocked image with `x-venice-is-content-violation: true` on a 200.
"""

from __future__ import annotations

import asyncio
import base64
import io
import random
from dataclasses import dataclass, field

from PIL import Image
from starlette.responses import JSONResponse, Response

from .server import FakeServer, Recorded, Upstream

KEY = "venice-test-key"

# The documented body of /image/generate; anything else is a 400 at Venice.
FIELDS = frozenset(
    [
        "model",
        "prompt",
        "negative_prompt",
        "width",
        "height",
        "aspect_ratio",
        "resolution",
        "quality",
        "cfg_scale",
        "steps",
        "seed",
        "variants",
        "format",
        "return_binary",
        "safe_mode",
        "hide_watermark",
        "style_preset",
        "lora_strength",
        "embed_exif_metadata",
        "enable_web_search",
    ]
)
RATIOS = {
    "nano-banana-pro": ("1:1", "3:2", "16:9", "21:9", "9:16", "2:3", "3:4", "4:5"),
    "nano-banana-2": ("1:1", "3:2", "16:9", "21:9", "9:16", "2:3", "3:4", "4:5"),
    "gpt-image-2": ("1:1", "3:2", "16:9", "21:9", "9:16", "2:3", "3:4", "4:5"),
    "gpt-image-1-5": ("1:1", "3:2", "2:3"),
    "recraft-v4-pro": ("1:1", "3:2", "16:9", "21:9", "9:16", "2:3", "3:4", "4:5"),
    "grok-imagine-image-quality": ("1:1", "16:9", "9:16", "3:4", "3:2", "2:3"),
}


def image_bytes(width: int = 64, height: int = 48, fmt: str = "PNG", noise: bool = False) -> bytes:
    """A real image; `noise` makes it large, since noise barely compresses."""
    if noise:
        pixels = random.Random(7).randbytes(width * height * 3)
        image = Image.frombytes("RGB", (width, height), pixels)
    else:
        image = Image.new("RGB", (width, height), (200, 120, 40))
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def _error(message: str, status: int) -> JSONResponse:
    return JSONResponse({"error": message}, status)


@dataclass
class FakeVenice(Upstream):
    """`with FakeVenice() as fake:`; set `mode` to script a failure, `image` to what it sends.

    Modes: ok, rate_limited, down, hang, bad_key, no_balance, violation, garbage.
    """

    mode: str = "ok"
    image: bytes = field(default_factory=image_bytes)
    hang_s: float = 1.0
    server: FakeServer | None = None

    async def handle(self, request: Recorded) -> Response:
        if request.method != "POST" or request.path != "/api/v1/image/generate":
            return _error("Not found", 404)
        if self.mode == "hang":
            await asyncio.sleep(self.hang_s)
        if request.headers.get("authorization") != f"Bearer {KEY}" or self.mode == "bad_key":
            return _error("Authentication failed", 401)
        scripted = self._scripted_failure()
        if scripted is not None:
            return scripted
        body = request.json
        invalid = self._invalid(body)
        if invalid:
            return JSONResponse({"error": invalid, "details": {}}, 400)
        answer = {
            "id": "generate-image-1234567890",
            "images": [base64.b64encode(self.image).decode()],
            "timing": {"inferenceDuration": 1840, "inferenceQueueTime": 31, "total": 1893},
            "request": {**body, "seed": body.get("seed", 424242)},
        }
        headers = {"x-venice-is-content-violation": "true"} if self.mode == "violation" else {}
        return JSONResponse(answer, headers=headers)

    def _scripted_failure(self) -> Response | None:
        if self.mode == "rate_limited":
            return JSONResponse(
                {"error": "Rate limit exceeded"}, 429, headers={"Retry-After": "12"}
            )
        if self.mode == "down":
            return _error("Inference failed", 503)
        if self.mode == "no_balance":
            return _error("Insufficient USD or Diem balance", 402)
        if self.mode == "garbage":
            return Response(b"<html>502 Bad Gateway</html>", 200, media_type="text/html")
        return None

    @staticmethod
    def _invalid(body: object) -> str | None:
        if not isinstance(body, dict):
            return "body must be a JSON object"
        unknown = set(body) - FIELDS
        if unknown:
            return f"Unrecognized key(s) in object: {', '.join(sorted(unknown))}"
        ratio = body.get("aspect_ratio")
        if ratio is not None and ratio not in RATIOS.get(body.get("model", ""), (ratio,)):
            return f"aspect_ratio {ratio} is not supported by {body.get('model')}"
        if body.get("width", 0) > 1280 or body.get("height", 0) > 1280:
            return "width and height must be at most 1280"
        return None
