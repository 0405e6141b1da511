"""fal's model APIs: the queue (submit, poll the status, fetch the result) or one sync call.

The queue is the default because fal recommends it for generations that may run long: the
submit answers at once, so a slow model never holds one HTTP request open past a proxy's
patience. Either way the answer names image URLs on fal's CDN, which are fetched without our
key. Each model family has its own input schema; the table below says which fields it takes.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import httpx

from ..generation import (
    BadUpstreamRequest,
    ContentRefused,
    GenerationError,
    GenerationRequest,
    UpstreamImage,
    UpstreamTimeout,
)
from ._base import HttpProvider
from ._http import (
    MAX_IMAGE_BYTES,
    decode_b64_image,
    download_image,
    error_for_status,
    json_body,
    send,
)
from ._sizing import gpt_image_2_size as _free_size
from ._sizing import nearest_ratio

__all__ = ["FalProvider"]

# From fal's model pages (late 2026).
_NANO_RATIOS = ("21:9", "16:9", "3:2", "4:3", "5:4", "1:1", "4:5", "3:4", "2:3", "9:16")
_GROK_RATIOS = ("1:1", "16:9", "9:16", "3:4", "3:2", "2:3")
_GPT_PRESETS = ("1024x1024", "1536x1024", "1024x1536")
# gpt-image-2 takes any {width, height} with sides multiples of 16, a ratio within 3:1
# and at least 655,360 pixels.
_PENDING = ("IN_QUEUE", "IN_PROGRESS")
# A cancel is a courtesy after a timeout: it must not hold up the failover for long.
_CANCEL_TIMEOUT_S = 2.0

Size = Callable[[int, int], dict[str, Any]]


def gpt_image_2_size(width: int, height: int) -> dict[str, int]:
    """gpt-image-2's size for width x height, as fal's `image_size` object."""
    w, h = _free_size(width, height)
    return {"width": w, "height": h}


@dataclass(frozen=True)
class _Family:
    """How one family of fal models is asked for an image."""

    marker: str  # a substring of the fal model id
    maker: str
    size: Size
    seeded: bool


# First match wins, so gpt-image-2 comes before the other gpt-image models.
_FAMILIES = (
    _Family(
        "nano-banana",
        "google",
        lambda w, h: {"aspect_ratio": nearest_ratio(w, h, _NANO_RATIOS)},
        seeded=True,
    ),
    _Family(
        "grok-imagine",
        "xai",
        lambda w, h: {"aspect_ratio": nearest_ratio(w, h, _GROK_RATIOS)},
        seeded=False,
    ),
    _Family("gpt-image-2", "openai", lambda w, h: {"image_size": gpt_image_2_size(w, h)}, False),
    _Family(
        "gpt-image", "openai", lambda w, h: {"image_size": nearest_ratio(w, h, _GPT_PRESETS)}, False
    ),
    _Family("recraft", "recraft", lambda w, h: {"image_size": {"width": w, "height": h}}, False),
)


def _family(model: str) -> _Family | None:
    return next((f for f in _FAMILIES if f.marker in model.lower()), None)


def _maker(model: str) -> str:
    """A known family's maker; otherwise the app name's first word (fal-ai/flux/dev: flux)."""
    family = _family(model)
    if family is not None:
        return family.maker
    parts = model.lower().split("/")
    return (parts[1] if len(parts) > 1 else parts[0]).split("-", 1)[0]


def input_for(request: GenerationRequest, model: str) -> dict[str, Any]:
    """The model input fal expects, holding only fields that model honours."""
    family = _family(model)
    size: Size = family.size if family else (lambda w, h: {"image_size": {"width": w, "height": h}})
    arguments: dict[str, Any] = {"prompt": request.prompt, **size(request.width, request.height)}
    if family is not None and family.seeded and request.seed is not None:
        arguments["seed"] = request.seed
    arguments.update(output_format="png", num_images=1)
    return arguments


class FalProvider(HttpProvider):
    """fal.run (sync) or queue.fal.run (queue, the default) with `Authorization: Key`."""

    name = "fal"
    key_env = "FAL_KEY"
    default_base_url = "https://fal.run"
    default_queue_base_url: ClassVar[str] = "https://queue.fal.run"

    def __init__(
        self,
        client: httpx.AsyncClient,
        api_key: str,
        base_url: str | None = None,
        timeout_s: float = 120.0,
        *,
        queue_base_url: str | None = None,
        use_queue: bool = True,
        poll_interval_s: float = 0.5,
        max_image_bytes: int = MAX_IMAGE_BYTES,
    ) -> None:
        super().__init__(client, api_key, base_url, timeout_s)
        self._queue = (queue_base_url or self.default_queue_base_url).rstrip("/")
        self._use_queue = use_queue
        self._poll = poll_interval_s
        self._max_image_bytes = max_image_bytes

    async def generate(self, request: GenerationRequest, upstream_model: str) -> UpstreamImage:
        """One image from fal (see generation.Provider)."""
        arguments = input_for(request, upstream_model)
        started = time.monotonic()
        deadline = started + self._timeout
        if self._use_queue:
            output, request_id = await self._queued(upstream_model, arguments, deadline)
        else:
            output, request_id = await self._sync(upstream_model, arguments)
        _refuse_flagged(output)
        data = await self._image(output)
        family = _family(upstream_model)
        # Prefer the seed fal reports using; a seeded family without one used ours.
        seed = output.get("seed") if _is_int(output.get("seed")) else arguments.get("seed")
        return UpstreamImage(
            data=data,
            model=upstream_model,
            source=_maker(upstream_model),
            seed=seed if family and family.seeded and _is_int(seed) else None,
            request_id=request_id,
            elapsed_ms=round((time.monotonic() - started) * 1000),
        )

    async def _sync(
        self, model: str, arguments: dict[str, Any]
    ) -> tuple[dict[str, Any], str | None]:
        response = await self._send("POST", f"{self._base}/{model}", self._timeout, arguments)
        request_id = response.headers.get("x-fal-request-id")
        return json_body(self.name, response), request_id

    async def _queued(
        self, model: str, arguments: dict[str, Any], deadline: float
    ) -> tuple[dict[str, Any], str | None]:
        """Submit, poll the status until it leaves the queue, then fetch the result."""
        submit = await self._send("POST", f"{self._queue}/{model}", _left(deadline), arguments)
        ticket = json_body(self.name, submit)
        request_id, status_url, response_url = (
            ticket.get("request_id"),
            ticket.get("status_url"),
            ticket.get("response_url"),
        )
        if not (
            isinstance(request_id, str)
            and isinstance(status_url, str)
            and isinstance(response_url, str)
        ):
            raise BadUpstreamRequest("fal's queue answered without request_id and its URLs")
        try:
            while True:
                status = await self._send("GET", status_url, _left(deadline))
                if json_body(self.name, status).get("status") not in _PENDING:
                    break
                if time.monotonic() + self._poll >= deadline:
                    raise UpstreamTimeout("fal did not finish in time")
                await asyncio.sleep(self._poll)
            result = await self._send("GET", response_url, _left(deadline))
        except UpstreamTimeout:
            await self._cancel(ticket.get("cancel_url"))
            raise
        return json_body(self.name, result), request_id

    async def _send(
        self, method: str, url: str, timeout: float, body: dict[str, Any] | None = None
    ) -> httpx.Response:
        """One authorised call to fal; failures become typed errors."""
        if timeout <= 0:
            raise UpstreamTimeout("fal did not finish in time")
        request = self._client.build_request(
            method, url, json=body, headers={"Authorization": f"Key {self._key}"}, timeout=timeout
        )
        response = await send(self._client, self.name, request)
        _raise_for(response)
        return response

    async def _cancel(self, cancel_url: object) -> None:
        """Ask fal to drop a request we gave up on; a failure here changes nothing."""
        if not isinstance(cancel_url, str):
            return
        with contextlib.suppress(GenerationError):
            await self._send("PUT", cancel_url, _CANCEL_TIMEOUT_S)

    async def _image(self, output: dict[str, Any]) -> bytes:
        images = output.get("images")
        first = images[0] if isinstance(images, list) and images else None
        url = first.get("url") if isinstance(first, dict) else None
        if isinstance(url, str) and url.startswith("data:"):
            # What fal sends when sync_mode is on; handled in case a deployment sets it.
            return decode_b64_image(self.name, url, self._max_image_bytes)
        # The CDN URL is public: our key must not travel to it.
        return await download_image(
            self._client, self.name, url, limit=self._max_image_bytes, timeout=self._timeout
        )


def _left(deadline: float) -> float:
    return deadline - time.monotonic()


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _raise_for(response: httpx.Response) -> None:
    """fal's failures as typed errors. A content-checker refusal is a 422 whose `detail`
    lists an error of type `content_policy_violation` (fal's documented error shape)."""
    if response.status_code == 422 and _is_policy_violation(response):
        raise ContentRefused("fal refused the prompt on content policy")
    failed = error_for_status("fal", response)
    if failed is not None:
        raise failed


def _is_policy_violation(response: httpx.Response) -> bool:
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        return False
    errors = detail if isinstance(detail, list) else [detail]
    return any(isinstance(e, dict) and e.get("type") == "content_policy_violation" for e in errors)


def _refuse_flagged(output: dict[str, Any]) -> None:
    """Models with a safety checker answer 200 with the image blacked out and say so here."""
    flags = output.get("has_nsfw_concepts")
    if isinstance(flags, list) and any(flag is True for flag in flags):
        raise ContentRefused("fal's safety checker blocked the image")
