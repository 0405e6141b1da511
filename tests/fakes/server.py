"""An upstream's stand-in: real HTTP on 127.0.0.1 in its own thread, answering per script."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Self

from starlette.requests import Request
from starlette.responses import Response

from synthforge.serving import bind, serve, url_of


@dataclass(frozen=True)
class Recorded:
    """One request the fake received, as the upstream would have seen it."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


Handler = Callable[[Recorded], Awaitable[Response]]


@dataclass
class FakeServer:
    """Start with `with FakeServer(handler) as fake:`; `fake.url`, `fake.requests`."""

    handler: Handler
    url: str = ""
    requests: list[Recorded] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    async def _app(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        request = Request(scope, receive)
        recorded = Recorded(
            method=request.method,
            path=request.url.path,
            query=dict(request.query_params),
            headers={k.lower(): v for k, v in request.headers.items()},
            body=await request.body(),
        )
        self.requests.append(recorded)
        response = await self.handler(recorded)
        await response(scope, receive, send)

    def __enter__(self) -> FakeServer:
        sock = bind("127.0.0.1", 0)
        self.url = url_of(sock)
        ready = threading.Event()

        async def app(scope: Any, receive: Any, send: Any) -> None:
            # a plain coroutine function: uvicorn takes a bound method for an ASGI2 app
            await self._app(scope, receive, send)

        async def main() -> None:
            stop = asyncio.Event()
            server = asyncio.ensure_future(serve(app, sock, on_ready=ready.set, until=stop))
            await asyncio.to_thread(self._stop.wait)
            stop.set()
            await server

        self._thread = threading.Thread(target=asyncio.run, args=(main(),), daemon=True)
        self._thread.start()
        assert ready.wait(10), "fake upstream did not start"
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(15)


class Upstream:
    """Base of the scripted upstream fakes: define `handle`; `with Fake() as fake:` serves it
    on 127.0.0.1, and `fake.url` / `fake.requests` say where and what it received."""

    server: FakeServer | None = None

    async def handle(self, request: Recorded) -> Response:
        raise NotImplementedError

    def __enter__(self) -> Self:
        self.server = FakeServer(self.handle).__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.server is not None
        self.server.__exit__(*exc)

    @property
    def url(self) -> str:
        assert self.server is not None
        return self.server.url

    @property
    def requests(self) -> list[Recorded]:
        assert self.server is not None
        return self.server.requests
