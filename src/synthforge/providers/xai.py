"""xAI's Grok Imagine API: `POST {base}/v1/images/generations`, one image per call.

Grok takes an aspect ratio and a resolution, never a size: `size`, `quality` and `style` are
rejected, so they are never sent. Seeds, steps, cfg and negative prompts do not exist there
either. Grok answers with JPEG bytes whatever was asked; the gateway sniffs the format later.

Moderation shows up three ways (xAI's API reference and what its SDKs handle): a 400 whose
`error` says the prompt or image was rejected by content moderation, a 200 whose
`block_reason` is set, or a 200 image entry with `respect_moderation: false` and no usable
image. Each is a ContentRefused.
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
from ._sizing import nearest_ratio

__all__ = ["XaiProvider", "xai_aspect_ratio"]

# The ratios xAI's API reference lists for `aspect_ratio`, less "auto".
_RATIOS = (
    "1:1", "4:3", "3:4", "16:9", "9:16", "3:2", "2:3", "2:1", "1:2",
    "20:9", "9:20", "19.5:9", "9:19.5",
)  # fmt: skip

# xAI gives a refusal no code of its own (the code is the generic invalid-argument one), so
# a 400 is a refusal when its message says so. 5xx answers are never read this way.
_REFUSAL_WORDS = ("moderation", "content policy", "usage guidelines", "safety")


def xai_aspect_ratio(width: int, height: int) -> str:
    """The documented aspect ratio nearest width:height."""
    return nearest_ratio(width, height, _RATIOS)


def _body(request: GenerationRequest, model: str) -> dict[str, Any]:
    return {
        "model": model,
        "prompt": request.prompt,
        "n": 1,
        # base64: xAI's URLs are short-lived, and this saves a second round trip.
        "response_format": "b64_json",
        "aspect_ratio": xai_aspect_ratio(request.width, request.height),
        # 1k covers every size the gateway sells (at most 1024 a side).
        "resolution": "1k",
    }


def _error_text(response: httpx.Response) -> str:
    """The message of an xAI error: `{"code", "error": "..."}` or OpenAI's nested shape."""
    try:
        data = response.json()
    except ValueError:
        return response.text
    if not isinstance(data, dict):
        return str(data)
    error = data.get("error")
    if isinstance(error, dict):
        return str(error.get("message") or error.get("code") or "")
    return " ".join(str(part) for part in (data.get("code"), error) if part)


class XaiProvider(HttpProvider):
    """Grok Imagine (grok-imagine-image, grok-imagine-image-quality) through xAI's own API."""

    name = "xai"
    key_env = "XAI_API_KEY"
    default_base_url = "https://api.x.ai"

    async def generate(self, request: GenerationRequest, upstream_model: str) -> UpstreamImage:
        """One image; Grok ignores seeds, so the result's seed is None."""
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
        return UpstreamImage(
            data=data,
            model=upstream_model,
            source="xai",
            seed=None,
            request_id=response.headers.get("x-request-id"),
            elapsed_ms=round((time.perf_counter() - started) * 1000),
        )

    def _raise_for_failure(self, response: httpx.Response) -> None:
        if 400 <= response.status_code < 500 and response.status_code != 429:
            said = _error_text(response).lower()
            if any(word in said for word in _REFUSAL_WORDS):
                raise ContentRefused(f"{self.name} refused the prompt on content policy")
            if "api key" in said:
                # xAI answers a wrong key with 400, not 401: say what it really is.
                raise BadUpstreamRequest(
                    f"{self.name} rejected the API key ({response.status_code})"
                )
        failed = error_for_status(self.name, response)
        if failed is not None:
            raise failed

    def _first_image(self, answer: dict[str, Any]) -> dict[str, Any]:
        if answer.get("block_reason"):
            raise ContentRefused(f"{self.name} blocked the image on content policy")
        images = answer.get("data")
        if not isinstance(images, list) or not images or not isinstance(images[0], dict):
            raise BadUpstreamRequest(f"{self.name} answered without an image")
        first: dict[str, Any] = images[0]
        if first.get("respect_moderation") is False:
            raise ContentRefused(f"{self.name} blocked the image on content policy")
        return first
