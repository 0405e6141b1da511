"""Google Gemini image models (Nano Banana) over `generateContent`.

Gemini takes an aspect ratio and a size class, not pixels: we ask for the nearest supported
ratio at "1K" (about 1024 px on the long side), which always covers the buyer's 256..1024
request after the gateway's centre-crop. A refusal is usually not an HTTP error here: a
blocked prompt is a 200 with `promptFeedback.blockReason` and no candidates, and a blocked
image is a candidate with a safety `finishReason` and no image part.
"""

from __future__ import annotations

import re
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
from ._sizing import nearest_ratio

__all__ = ["GoogleProvider"]

# The ratios Gemini's imageConfig.aspectRatio accepts on every current image model.
ASPECT_RATIOS = ("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9")

# Models known to honour generationConfig.seed. Nano Banana Pro ignores it, and a model we
# do not know gets none: reporting a seed that did nothing would mislead the buyer.
_SEEDED_MODELS = ("gemini-3.1-flash-image", "gemini-2.5-flash-image")
# generationConfig.seed is an int32; the catalog allows seeds up to 2**32 - 1.
_SEED_RANGE = 2**31

# finishReason values that mean "blocked on content" rather than "failed". IMAGE_OTHER,
# NO_IMAGE, OTHER and MAX_TOKENS are not policy decisions, so they stay BadUpstreamRequest.
_REFUSALS = frozenset(
    {
        "SAFETY",
        "RECITATION",
        "BLOCKLIST",
        "PROHIBITED_CONTENT",
        "SPII",
        "IMAGE_SAFETY",
        "IMAGE_PROHIBITED_CONTENT",
        "IMAGE_RECITATION",
    }
)


class GoogleProvider(HttpProvider):
    """Gemini's `models/{model}:generateContent` with IMAGE output, base64 inline data."""

    name = "google"
    key_env = "GEMINI_API_KEY"
    default_base_url = "https://generativelanguage.googleapis.com"

    async def generate(self, request: GenerationRequest, upstream_model: str) -> UpstreamImage:
        """One image at the nearest Gemini aspect ratio (see generation.Provider)."""
        seed = seed_for(request, upstream_model)
        http_request = self._client.build_request(
            "POST",
            f"{self._base}/v1beta/models/{upstream_model}:generateContent",
            json=request_body(request, seed),
            headers={"x-goog-api-key": self._key},
            timeout=self._timeout,
        )
        started = time.perf_counter()
        response = await send(self._client, self.name, http_request)
        elapsed_ms = round((time.perf_counter() - started) * 1000)
        failed = _error_for(response)
        if failed is not None:
            raise failed
        answer = json_body(self.name, response)
        request_id = answer.get("responseId")
        return UpstreamImage(
            data=_image_in(answer),
            model=upstream_model,
            source="google",
            seed=seed,
            request_id=request_id if isinstance(request_id, str) else None,
            elapsed_ms=elapsed_ms,
        )


def aspect_ratio(width: int, height: int) -> str:
    """The supported ratio nearest to width:height."""
    return nearest_ratio(width, height, ASPECT_RATIOS)


def seed_for(request: GenerationRequest, upstream_model: str) -> int | None:
    """The seed to send and report, or None where the model ignores seeds."""
    if request.seed is None or not upstream_model.startswith(_SEEDED_MODELS):
        return None
    return request.seed % _SEED_RANGE


def request_body(request: GenerationRequest, seed: int | None) -> dict[str, Any]:
    """The generateContent body: the prompt alone, since Gemini has no negative prompt,
    steps or guidance scale for image output."""
    config: dict[str, Any] = {
        "responseModalities": ["IMAGE"],
        "imageConfig": {
            "aspectRatio": aspect_ratio(request.width, request.height),
            "imageSize": "1K",
        },
    }
    if seed is not None:
        config["seed"] = seed
    return {"contents": [{"parts": [{"text": request.prompt}]}], "generationConfig": config}


def _error_for(response: httpx.Response) -> GenerationError | None:
    """The shared status mapping, with Gemini's own retry delay and error status added."""
    failed = error_for_status(GoogleProvider.name, response)
    if failed is None:
        return None
    error = error_object(response)
    if isinstance(failed, RateLimited) and failed.retry_after is None:
        failed.retry_after = _retry_delay(error)
    if isinstance(failed, BadUpstreamRequest) and response.status_code not in (401, 403):
        # Google answers a wrong key with 400, not 401: say so, or it reads as our bug.
        if "API_KEY_INVALID" in _detail_values(error, "reason"):
            return BadUpstreamRequest("google rejected the API key (API_KEY_INVALID)")
        # INVALID_ARGUMENT and FAILED_PRECONDITION say which field or region is wrong:
        # worth keeping for the operator, and they never carry the key.
        detail = f"{error.get('status', '')}: {error.get('message', '')}".strip(": ")
        if detail:
            return BadUpstreamRequest(f"{failed.message}: {detail[:300]}")
    return failed


def _detail_values(error: dict[str, Any], field: str) -> list[object]:
    """`field` from each of the error's google.rpc details (ErrorInfo, RetryInfo, ...)."""
    details = error.get("details")
    return [
        detail.get(field)
        for detail in (details if isinstance(details, list) else [])
        if isinstance(detail, dict)
    ]


def _retry_delay(error: dict[str, Any]) -> float | None:
    """Seconds from a google.rpc.RetryInfo detail ("retryDelay": "30s"), which Gemini
    sends on RESOURCE_EXHAUSTED instead of a Retry-After header."""
    for delay in _detail_values(error, "retryDelay"):
        matched = re.fullmatch(r"(\d+(?:\.\d+)?)s", delay) if isinstance(delay, str) else None
        if matched:
            return float(matched.group(1))
    return None


def _image_in(answer: dict[str, Any]) -> bytes:
    """The final image's bytes; a content block is ContentRefused, anything else missing
    is BadUpstreamRequest."""
    feedback = answer.get("promptFeedback")
    block = feedback.get("blockReason") if isinstance(feedback, dict) else None
    if block:
        raise ContentRefused(f"google blocked the prompt ({block})")
    candidates = answer.get("candidates")
    candidate = candidates[0] if isinstance(candidates, list) and candidates else {}
    if not isinstance(candidate, dict):
        raise BadUpstreamRequest("google answered with a malformed candidate")
    content = candidate.get("content")
    parts = content.get("parts") if isinstance(content, dict) else None
    images = [
        part["inlineData"]
        for part in (parts if isinstance(parts, list) else [])
        if isinstance(part, dict)
        and isinstance(part.get("inlineData"), dict)
        # Thinking models may show draft images as thought parts; only the answer counts.
        and not part.get("thought")
    ]
    if images:
        # The last image part is the final render; its mimeType is not trusted (Gemini
        # labels JPEG as PNG at times), the gateway sniffs the bytes.
        return decode_b64_image(GoogleProvider.name, images[-1].get("data"))
    reason = candidate.get("finishReason")
    if reason in _REFUSALS:
        raise ContentRefused(f"google refused to draw this ({reason})")
    raise BadUpstreamRequest(f"google answered without an image (finishReason {reason})")
