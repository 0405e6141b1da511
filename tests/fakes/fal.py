"""fal's model APIs as its clients see them, on two hosts like the real ones.

- run host (fal.run): POST /{model_id} answers the output at once; it also serves the
  generated files, as fal's CDN would, at /files/{name}.
- queue host (queue.fal.run): POST /{model_id} answers {request_id, status_url,
  response_url, cancel_url}; GET the status (202 IN_QUEUE, 202 IN_PROGRESS, 200 COMPLETED),
  then GET the response URL; PUT the cancel URL to drop a request.

Failures use fal's shapes: `{"detail": [...typed errors...]}` with 422 for invalid input and
content-policy refusals, `has_nsfw_concepts` for images a safety checker blacked out.
"""

from __future__ import annotations

import asyncio
import io
import random
from dataclasses import dataclass, field
from typing import Any

from PIL import Image
from starlette.responses import JSONResponse, Response

from .server import FakeServer, Recorded

KEY = "fal-test-key"

NANO_RATIOS = ("auto", "21:9", "16:9", "3:2", "4:3", "5:4", "1:1", "4:5", "3:4", "2:3", "9:16")
GPT_PRESETS = ("1024x1024", "1536x1024", "1024x1536")


def image_bytes(width: int = 64, height: int = 48, fmt: str = "PNG", noise: bool = False) -> bytes:
    """A real image; `noise` makes it large, since noise barely compresses."""
    if noise:
        pixels = random.Random(11).randbytes(width * height * 3)
        image = Image.frombytes("RGB", (width, height), pixels)
    else:
        image = Image.new("RGB", (width, height), (30, 90, 200))
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def _detail(status: int, *errors: dict[str, Any]) -> JSONResponse:
    return JSONResponse({"detail": list(errors)}, status)


def _input_error(model: str, arguments: Any) -> JSONResponse | None:
    """A light copy of each model's input validation (pydantic-style 422s)."""
    if not isinstance(arguments, dict) or not isinstance(arguments.get("prompt"), str):
        return _detail(422, {"loc": ["body", "prompt"], "msg": "Field required", "type": "missing"})
    ratio = arguments.get("aspect_ratio")
    if "nano-banana" in model and ratio not in NANO_RATIOS:
        return _detail(
            422, {"loc": ["body", "aspect_ratio"], "msg": "bad", "type": "literal_error"}
        )
    size = arguments.get("image_size")
    if model == "fal-ai/gpt-image-1.5" and size not in GPT_PRESETS:
        return _detail(422, {"loc": ["body", "image_size"], "msg": "bad", "type": "literal_error"})
    if model == "openai/gpt-image-2":
        w, h = (size or {}).get("width", 0), (size or {}).get("height", 0)
        if w % 16 or h % 16 or w * h < 655_360 or max(w, h) > 3 * min(w, h):
            msg = "image_size must be multiples of 16, within 3:1, at least 655,360 pixels"
            return _detail(422, {"loc": ["body", "image_size"], "msg": msg, "type": "value_error"})
    return None


@dataclass
class FakeFal:
    """`with FakeFal() as fake:`; `mode` scripts a failure, `image` is the file it serves.

    Modes: ok, rate_limited, down, hang, bad_key, invalid, refused, nsfw, garbage, stuck.
    """

    mode: str = "ok"
    image: bytes = field(default_factory=image_bytes)
    hang_s: float = 1.0
    jobs: dict[str, tuple[str, Any]] = field(default_factory=dict)
    polls: dict[str, int] = field(default_factory=dict)
    cancelled: list[str] = field(default_factory=list)
    run: FakeServer | None = None
    queue: FakeServer | None = None

    async def handle_run(self, request: Recorded) -> Response:
        if request.method == "GET" and request.path.startswith("/files/"):
            return Response(self.image, 200, media_type="image/png")
        if request.method != "POST":
            return _detail(404, {"msg": "Not Found", "type": "not_found"})
        model = request.path.strip("/")
        refused = await self._refuse_call(request)
        if refused is not None:
            return refused
        response = self._result(model, request.json, "sync-req-1")
        response.headers["x-fal-request-id"] = "sync-req-1"
        return response

    async def handle_queue(self, request: Recorded) -> Response:
        refused = await self._refuse_call(request)
        if refused is not None:
            return refused
        parts = request.path.strip("/").split("/")
        if request.method == "POST":
            return self._submit("/".join(parts), request.json)
        if len(parts) < 4 or parts[2] != "requests" or parts[3] not in self.jobs:
            return _detail(404, {"msg": "Request not found", "type": "not_found"})
        request_id = parts[3]
        if request.method == "PUT" and parts[4:] == ["cancel"]:
            self.cancelled.append(request_id)
            return JSONResponse({"status": "CANCELLATION_REQUESTED"}, 202)
        if request.method == "GET" and parts[4:] == ["status"]:
            return self._status(request_id)
        if request.method == "GET" and not parts[4:]:
            model, arguments = self.jobs[request_id]
            return self._result(model, arguments, request_id)
        return _detail(405, {"msg": "Method Not Allowed", "type": "not_allowed"})

    async def _refuse_call(self, request: Recorded) -> Response | None:
        """Failures fal gives before running anything: auth, limits, outages, a hang."""
        if self.mode == "hang":
            await asyncio.sleep(self.hang_s)
        if request.headers.get("authorization") != f"Key {KEY}" or self.mode == "bad_key":
            return JSONResponse({"detail": "Unauthorized"}, 401)
        if self.mode == "rate_limited":
            return JSONResponse({"detail": "Too many requests"}, 429, headers={"Retry-After": "9"})
        if self.mode == "down":
            return JSONResponse({"detail": "Internal Server Error"}, 503)
        return None

    def _submit(self, model: str, arguments: Any) -> Response:
        request_id = f"req-{len(self.jobs) + 1}"
        self.jobs[request_id] = (model, arguments)
        # fal's URLs name the app (owner/name), not the full endpoint path.
        base = f"{self.queue_url}/{'/'.join(model.split('/')[:2])}/requests/{request_id}"
        return JSONResponse(
            {
                "status": "IN_QUEUE",
                "request_id": request_id,
                "response_url": base,
                "status_url": f"{base}/status",
                "cancel_url": f"{base}/cancel",
                "queue_position": 0,
            }
        )

    def _status(self, request_id: str) -> Response:
        seen = self.polls[request_id] = self.polls.get(request_id, 0) + 1
        if self.mode == "stuck" or seen < 3:
            state = "IN_QUEUE" if seen == 1 else "IN_PROGRESS"
            return JSONResponse({"status": state, "queue_position": 0}, 202)
        return JSONResponse({"status": "COMPLETED", "logs": None, "metrics": {}}, 200)

    def _result(self, model: str, arguments: Any, request_id: str) -> Response:
        invalid = _input_error(model, arguments)
        if invalid is not None:
            return invalid
        if self.mode == "invalid":
            loc = ["body", "aspect_ratio"]
            return _detail(422, {"loc": loc, "msg": "Input should be 1:1", "type": "literal_error"})
        if self.mode == "refused":
            return _detail(
                422,
                {
                    "loc": ["body", "prompt"],
                    "msg": "The content was flagged by a content checker.",
                    "type": "content_policy_violation",
                    "url": "https://docs.fal.ai/errors#content_policy_violation",
                    "input": arguments["prompt"],
                    "categories": ["sexual"],
                },
            )
        if self.mode == "garbage":
            return Response(b"<html>upstream hiccup</html>", 200, media_type="text/html")
        image = {
            "url": f"{self.run_url}/files/{request_id}.png",
            "content_type": "image/png",
            "file_name": f"{request_id}.png",
            "width": 64,
            "height": 48,
        }
        output: dict[str, Any] = {"images": [image], "description": ""}
        if self.mode == "nsfw":
            output["has_nsfw_concepts"] = [True]
        return JSONResponse(output)

    def __enter__(self) -> FakeFal:
        self.run = FakeServer(self.handle_run).__enter__()
        self.queue = FakeServer(self.handle_queue).__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        for server in (self.queue, self.run):
            if server is not None:
                server.__exit__(*exc)

    @property
    def run_url(self) -> str:
        assert self.run is not None
        return self.run.url

    @property
    def queue_url(self) -> str:
        assert self.queue is not None
        return self.queue.url

    @property
    def run_requests(self) -> list[Recorded]:
        """What the run host received: sync calls and file downloads."""
        assert self.run is not None
        return self.run.requests

    @property
    def queue_requests(self) -> list[Recorded]:
        assert self.queue is not None
        return self.queue.requests
