"""Venice's native image API: one synchronous POST answered with base64 images.

Venice answers 400 to any field it does not know, and its models differ in what they take:
the flagship (closed) models are sized by an aspect ratio, most of them also by a resolution
tier, and ignore width/height; open models take width/height and honour seed, steps,
cfg_scale and negative_prompt. So the body is built from a small per-family table and a field
goes in only where the model uses it.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

import httpx

from ..generation import ContentRefused, GenerationRequest, UpstreamImage, UpstreamUnavailable
from ._base import HttpProvider
from ._http import MAX_IMAGE_BYTES, decode_b64_image, error_for_status, json_body, send
from ._sizing import nearest_ratio

__all__ = ["VeniceProvider"]

# Aspect ratios from Venice's model pages (late 2026).
_MOST = ("1:1", "3:2", "16:9", "21:9", "9:16", "2:3", "3:4", "4:5")
_GROK = ("1:1", "16:9", "9:16", "3:4", "3:2", "2:3")
_GPT_1_5 = ("1:1", "3:2", "2:3")

# Venice documents seeds as -999,999,999..999,999,999; the catalog allows up to 2**32 - 1.
_SEED_SPAN = 1_000_000_000
# Open models take width/height up to 1280; rounding to a multiple of 8 keeps every
# diffusion backend happy and only ever grows the image.
_MAX_SIDE = 1280
_SIDE_STEP = 8


@dataclass(frozen=True)
class _Family:
    """How one family of Venice models is asked for an image."""

    prefix: str  # matched against the model id, '.' read as '-'
    maker: str
    ratios: tuple[str, ...]
    resolution: str | None  # the smallest tier, where the model has tiers
    seeded: bool


# First match wins, so the more specific prefix comes first.
_FAMILIES = (
    # Venice: seed is ignored by Nano Banana Pro, but not by Nano Banana 2.
    _Family("nano-banana-pro", "google", _MOST, "1K", seeded=False),
    _Family("nano-banana", "google", _MOST, "1K", seeded=True),
    _Family("gpt-image-1-5", "openai", _GPT_1_5, None, seeded=False),
    _Family("gpt-image", "openai", _MOST, "1K", seeded=False),
    _Family("recraft", "recraft", _MOST, None, seeded=False),
    _Family("grok-imagine", "xai", _GROK, "1K", seeded=False),
)


class VeniceProvider(HttpProvider):
    """POST /api/v1/image/generate with a Bearer key; the image comes back as base64."""

    name = "venice"
    key_env = "VENICE_API_KEY"
    default_base_url = "https://api.venice.ai"

    def __init__(
        self,
        client: httpx.AsyncClient,
        api_key: str,
        base_url: str | None = None,
        timeout_s: float = 120.0,
        *,
        max_image_bytes: int = MAX_IMAGE_BYTES,
    ) -> None:
        super().__init__(client, api_key, base_url, timeout_s)
        self._max_image_bytes = max_image_bytes

    async def generate(self, request: GenerationRequest, upstream_model: str) -> UpstreamImage:
        """One image from Venice (see generation.Provider)."""
        family = _family(upstream_model)
        body = request_body(request, upstream_model)
        started = time.perf_counter()
        response = await send(
            self._client,
            self.name,
            self._client.build_request(
                "POST",
                f"{self._base}/api/v1/image/generate",
                json=body,
                headers={"Authorization": f"Bearer {self._key}"},
                timeout=self._timeout,
            ),
        )
        _raise_for(response)
        answer = json_body(self.name, response)
        images = answer.get("images")
        first = images[0] if isinstance(images, list) and images else None
        data = decode_b64_image(self.name, first, self._max_image_bytes)
        elapsed_ms = round((time.perf_counter() - started) * 1000)
        request_id = answer.get("id")
        return UpstreamImage(
            data=data,
            model=upstream_model,
            source=family.maker if family else _first_word(upstream_model),
            seed=_seed_used(family, body, answer),
            request_id=request_id if isinstance(request_id, str) else None,
            elapsed_ms=elapsed_ms,
        )


def request_body(request: GenerationRequest, model: str) -> dict[str, Any]:
    """The JSON body Venice expects for `model`, holding only fields that model honours."""
    body: dict[str, Any] = {"model": model, "prompt": request.prompt}
    family = _family(model)
    if family is None:
        # An open model: sized in pixels, and every sampling knob matters.
        body["width"] = _side(request.width)
        body["height"] = _side(request.height)
        if request.steps is not None:
            body["steps"] = request.steps
        if request.cfg_scale is not None:
            body["cfg_scale"] = request.cfg_scale
        if request.negative_prompt:
            body["negative_prompt"] = request.negative_prompt
    else:
        body["aspect_ratio"] = nearest_ratio(request.width, request.height, family.ratios)
        if family.resolution is not None:
            body["resolution"] = family.resolution
    if request.seed is not None and (family is None or family.seeded):
        body["seed"] = request.seed % _SEED_SPAN
    body.update(format="png", return_binary=False, safe_mode=False, hide_watermark=True)
    body["variants"] = 1
    return body


def _family(model: str) -> _Family | None:
    normalised = model.lower().replace(".", "-")
    return next((f for f in _FAMILIES if normalised.startswith(f.prefix)), None)


def _side(pixels: int) -> int:
    return min(_MAX_SIDE, math.ceil(pixels / _SIDE_STEP) * _SIDE_STEP)


def _first_word(model: str) -> str:
    """For a model outside the table, its id's first word is the best guess at its maker."""
    return model.lower().split("-", 1)[0] or model


def _seed_used(family: _Family | None, body: dict[str, Any], answer: dict[str, Any]) -> int | None:
    """The seed sent or, where Venice chose one, the seed it echoes back; None if ignored."""
    if family is not None and not family.seeded:
        return None
    if "seed" in body:
        return int(body["seed"])
    echoed = answer.get("request")
    seed = echoed.get("seed") if isinstance(echoed, dict) else None
    return seed if isinstance(seed, int) and not isinstance(seed, bool) else None


def _raise_for(response: httpx.Response) -> None:
    """Venice's failures as typed errors; a blocked image is a 200 with a header."""
    if response.status_code == 402:
        # Our Venice balance is spent: another upstream can still serve the request.
        raise UpstreamUnavailable("venice account has insufficient balance (402)")
    failed = error_for_status("venice", response)
    if failed is not None:
        raise failed
    if response.headers.get("x-venice-is-content-violation", "").lower() == "true":
        raise ContentRefused("venice blocked the image on content policy")
