"""OpenAI GPT Image models over `/v1/images/generations`.

GPT Image takes no seed and no negative prompt, and always answers in base64. Sizes differ
by model: gpt-image-1 and 1.5 offer three fixed shapes, gpt-image-2 any WxH within its
limits, so we ask for the smallest valid size that covers the buyer's request. A content
refusal is a 400 whose error code says so; every other 400 is our mistake.
"""

from __future__ import annotations

import time
from typing import Any

import httpx

from ..generation import (
    BadUpstreamRequest,
    ContentRefused,
    GenerationError,
    GenerationRequest,
    RateLimited,
    UpstreamImage,
)
from ._base import HttpProvider
from ._http import decode_b64_image, error_for_status, error_object, json_body, send
from ._sizing import gpt_image_2_size, nearest_size

__all__ = ["OpenAIProvider"]

# The three shapes every GPT Image model accepts; a model not known to take free sizes
# gets one of these, which cannot be rejected.
FIXED_SIZES = ((1024, 1024), (1536, 1024), (1024, 1536))
# Models taking any WxH (gpt-image-2 and its snapshots) within these limits: both sides a
# multiple of 16, long side at most 3x the short, 655,360..8,294,400 pixels in all.
_FREE_SIZE_MODELS = ("gpt-image-2",)

# error.code values that mean a content-policy block: moderation_blocked from GPT Image,
# content_policy_violation from the DALL-E generation before it.
_REFUSALS = frozenset({"moderation_blocked", "content_policy_violation"})


class OpenAIProvider(HttpProvider):
    """OpenAI's Images API: Bearer key, JSON in, `data[0].b64_json` out."""

    name = "openai"
    key_env = "OPENAI_API_KEY"
    default_base_url = "https://api.openai.com"

    async def generate(self, request: GenerationRequest, upstream_model: str) -> UpstreamImage:
        """One high-quality PNG at the size nearest the request (see generation.Provider)."""
        http_request = self._client.build_request(
            "POST",
            f"{self._base}/v1/images/generations",
            json=request_body(request, upstream_model),
            headers={"Authorization": f"Bearer {self._key}"},
            timeout=self._timeout,
        )
        started = time.perf_counter()
        response = await send(self._client, self.name, http_request)
        elapsed_ms = round((time.perf_counter() - started) * 1000)
        failed = _error_for(response)
        if failed is not None:
            raise failed
        answer = json_body(self.name, response)
        data = answer.get("data")
        first = data[0] if isinstance(data, list) and data else None
        if not isinstance(first, dict):
            raise BadUpstreamRequest("openai answered without an image")
        return UpstreamImage(
            data=decode_b64_image(self.name, first.get("b64_json")),
            model=upstream_model,
            source="openai",
            seed=None,  # GPT Image has no seed
            request_id=response.headers.get("x-request-id"),
            elapsed_ms=elapsed_ms,
        )


def size_for(width: int, height: int, upstream_model: str) -> tuple[int, int]:
    """The size to ask `upstream_model` for: its nearest shape, at least the asked pixels
    where the model allows free sizes."""
    if upstream_model.startswith(_FREE_SIZE_MODELS):
        return gpt_image_2_size(width, height)
    return nearest_size(width, height, FIXED_SIZES)


def request_body(request: GenerationRequest, upstream_model: str) -> dict[str, Any]:
    """The generations body. No response_format: GPT Image rejects it and answers b64."""
    width, height = size_for(request.width, request.height, upstream_model)
    return {
        "model": upstream_model,
        "prompt": request.prompt,
        "n": 1,
        "size": f"{width}x{height}",
        "quality": "high",
        "output_format": "png",
    }


def _error_for(response: httpx.Response) -> GenerationError | None:
    """The shared status mapping, after recognising OpenAI's content refusals."""
    failed = error_for_status(OpenAIProvider.name, response)
    if failed is None:
        return None
    error = error_object(response)
    code = error.get("code")
    if response.status_code == 400 and code in _REFUSALS:
        return ContentRefused(f"openai refused to draw this ({code})")
    if isinstance(failed, RateLimited) and failed.retry_after is None:
        failed.retry_after = _retry_after_ms(response)
    if isinstance(failed, BadUpstreamRequest) and response.status_code not in (401, 403):
        # invalid_request_error names the bad parameter: worth keeping for the operator.
        detail = f"{code or error.get('type') or ''}: {error.get('message') or ''}".strip(": ")
        if detail:
            return BadUpstreamRequest(f"{failed.message}: {detail[:300]}")
    return failed


def _retry_after_ms(response: httpx.Response) -> float | None:
    """OpenAI's `retry-after-ms` header in seconds, used when no Retry-After came."""
    try:
        return max(0.0, float(response.headers["retry-after-ms"]) / 1000)
    except (KeyError, ValueError):
        return None
