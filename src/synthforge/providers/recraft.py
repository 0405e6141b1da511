"""Recraft's image API: `POST {base}/v1/images/generations`, one image per call.

Recraft accepts only fixed sizes, and which ones depends on the model family (Recraft's API
appendix, "List of supported image sizes"): V4 / V4.1 are about 1 MP, V4 Pro / V4.1 Pro start
at 2048x2048, V3 / V2 have their own set with a short side of 1024. We send the size of the
family whose aspect ratio is nearest the buyer's; the gateway crops and resizes to the exact
size afterwards. Recraft has no seed, steps or cfg parameter, so none is sent; a negative
prompt goes only to V3 / V2, since V4 and later do not support one.
"""

from __future__ import annotations

import time
from typing import Any

import httpx

from ..generation import BadUpstreamRequest, ContentRefused, GenerationRequest, UpstreamImage
from ._base import HttpProvider
from ._http import (
    error_for_status,
    image_from_item,
    json_body,
    send,
)
from ._sizing import nearest_ratio, nearest_size

__all__ = ["RecraftProvider", "recraft_size"]

Size = tuple[int, int]

# Recraft's appendix tables, in its order (so a tie goes to the more common shape).
_V4_SIZES: tuple[Size, ...] = (
    (1024, 1024), (1536, 768), (768, 1536), (1280, 832), (832, 1280), (1216, 896),
    (896, 1216), (1152, 896), (896, 1152), (832, 1344), (1280, 896), (896, 1280),
    (1344, 768), (768, 1344),
)  # fmt: skip
_V4_PRO_SIZES: tuple[Size, ...] = (
    (2048, 2048), (3072, 1536), (1536, 3072), (2560, 1664), (1664, 2560), (2432, 1792),
    (1792, 2432), (2304, 1792), (1792, 2304), (1664, 2688), (2560, 1792), (1792, 2560),
    (2688, 1536), (1536, 2688),
)  # fmt: skip
_V3_SIZES: tuple[Size, ...] = (
    (1024, 1024), (1365, 1024), (1024, 1365), (1536, 1024), (1024, 1536), (1820, 1024),
    (1024, 1820), (1024, 2048), (2048, 1024), (1434, 1024), (1024, 1434), (1024, 1280),
    (1280, 1024), (1024, 1707), (1707, 1024),
)  # fmt: skip

# The aspect ratios Recraft names for those sizes, for a family whose sizes we do not know.
_ASPECTS = (
    "1:1", "2:1", "1:2", "3:2", "2:3", "4:3", "3:4", "5:4", "4:5", "6:10", "14:10", "10:14",
    "16:9", "9:16",
)  # fmt: skip

# Recraft documents no error code for a moderation refusal (its errors page says bodies are
# plain text or JSON and lists only 401 and 404), so a rejected request is recognised by the
# words it uses. Only 4xx answers are read this way: a 5xx stays retryable whatever it says.
_REFUSAL_WORDS = ("nsfw", "moderat", "inappropriate", "content policy", "safety", "prohibited")


def _family_sizes(model: str) -> tuple[Size, ...] | None:
    """The size table for a Recraft model id, or None for a family we do not know."""
    if model.startswith(("recraftv3", "recraftv2")):
        return _V3_SIZES
    if model.startswith("recraftv4"):
        # recraftv4_pro, recraftv4_1_pro, recraftv4_1_utility_pro, recraftv4_styles_pro, ...
        return _V4_PRO_SIZES if "_pro" in model else _V4_SIZES
    return None


def recraft_size(model: str, width: int, height: int) -> str:
    """The `size` value for a model: an allowed "WxH", or for a family we do not know the
    nearest aspect ratio as "w:h", which Recraft also accepts and sizes for the model."""
    sizes = _family_sizes(model)
    if sizes is not None:
        chosen = nearest_size(width, height, sizes)
        return f"{chosen[0]}x{chosen[1]}"
    return nearest_ratio(width, height, _ASPECTS)


def _body(request: GenerationRequest, model: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "prompt": request.prompt,
        "model": model,
        "size": recraft_size(model, request.width, request.height),
        "n": 1,
        # base64 rather than a URL: Recraft's URLs expire after about a day, and one fewer
        # round trip; a URL answer is still accepted below.
        "response_format": "b64_json",
    }
    if request.negative_prompt and model.startswith(("recraftv3", "recraftv2")):
        body["negative_prompt"] = request.negative_prompt
    return body


def _error_text(response: httpx.Response) -> str:
    """What a failed answer says, from JSON (`code`, `message`, `error`) or plain text."""
    try:
        data = response.json()
    except ValueError:
        return response.text
    if isinstance(data, dict):
        parts = [data.get("code"), data.get("message"), data.get("error"), data.get("detail")]
        return " ".join(str(part) for part in parts if part)
    return str(data)


class RecraftProvider(HttpProvider):
    """Recraft V4 / V4 Pro / V3 raster models through Recraft's own API."""

    name = "recraft"
    key_env = "RECRAFT_API_TOKEN"
    default_base_url = "https://external.api.recraft.ai"

    async def generate(self, request: GenerationRequest, upstream_model: str) -> UpstreamImage:
        """One image; Recraft ignores seeds, so the result's seed is None."""
        outgoing = self._client.build_request(
            "POST",
            f"{self._base}/v1/images/generations",
            json=_body(request, upstream_model),
            headers={"Authorization": f"Bearer {self._key}"},
            timeout=self._timeout,
        )
        started = time.perf_counter()
        response = await send(self._client, self.name, outgoing)
        self._raise_for_failure(response)
        item = self._first_image(json_body(self.name, response))
        data = await image_from_item(self._client, self.name, item, self._timeout)
        image_id = item.get("image_id")
        return UpstreamImage(
            data=data,
            model=upstream_model,
            source="recraft",
            seed=None,
            request_id=response.headers.get("x-request-id")
            or (str(image_id) if image_id else None),
            elapsed_ms=round((time.perf_counter() - started) * 1000),
        )

    def _raise_for_failure(self, response: httpx.Response) -> None:
        if 400 <= response.status_code < 500 and response.status_code not in (401, 403, 429):
            said = _error_text(response)
            if any(word in said.lower() for word in _REFUSAL_WORDS):
                raise ContentRefused(f"{self.name} refused the prompt on content policy")
        failed = error_for_status(self.name, response)
        if failed is not None:
            raise failed

    def _first_image(self, answer: dict[str, Any]) -> dict[str, Any]:
        images = answer.get("data")
        if not isinstance(images, list) or not images or not isinstance(images[0], dict):
            raise BadUpstreamRequest(f"{self.name} answered without an image")
        first: dict[str, Any] = images[0]
        return first
