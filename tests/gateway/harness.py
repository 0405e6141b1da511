"""A gateway on a real socket in its own thread and event loop; tests speak HTTP to it."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from pydantic import SecretStr

from synthforge.catalog import IMAGE_GENERATE_ULTRA, Endpoint
from synthforge.devnet import Devnet
from synthforge.generation import GenerationError, GenerationRequest, Provider, Route, UpstreamImage
from synthforge.http import create_gateway_app
from synthforge.providers import LocalProvider
from synthforge.runtime import Runtime, open_gateway
from synthforge.serving import bind, serve, url_of
from synthforge.settings import ProviderKeys, Settings
from synthforge.storage import LocalImageStore, StorageError


@dataclass
class CountingProvider:
    """The local renderer, counting calls; optionally failing or slow."""

    name: str = "local"
    calls: int = 0
    fail_with: GenerationError | None = None
    gate: threading.Event | None = None  # when set, each call waits for it
    entered: threading.Event = field(default_factory=threading.Event)  # set on the first call
    _inner: LocalProvider = field(default_factory=LocalProvider)

    async def generate(self, request: GenerationRequest, upstream_model: str) -> UpstreamImage:
        self.calls += 1
        self.entered.set()
        if self.gate is not None:
            await asyncio.to_thread(self.gate.wait, 30)
        if self.fail_with is not None:
            raise self.fail_with
        return await self._inner.generate(request, upstream_model)


class BrokenStore(LocalImageStore):
    """A store whose disk is gone."""

    async def put(self, png: bytes) -> str:
        raise StorageError("disk unavailable")


@dataclass
class RunningGateway:
    base: str
    url: str
    runtime: Runtime
    chain: Devnet
    database_url: str


@contextmanager
def running_gateway(
    chain: Devnet,
    home: Path,
    *,
    providers: Mapping[str, Provider] | None = None,
    routes: Mapping[str, Sequence[Route]] | None = None,
    store_cls: type[LocalImageStore] = LocalImageStore,
    facilitator_url: str | None = None,
    prices: Mapping[str, Decimal] | None = None,
    upstreams: Mapping[str, tuple[str, str]] | None = None,
    endpoint: Endpoint = IMAGE_GENERATE_ULTRA,
) -> Iterator[RunningGateway]:
    """`upstreams` maps a provider to (base URL, key): real adapters against fakes."""
    database_url = f"sqlite+aiosqlite:///{home / 'ledger.db'}"
    settings = Settings(
        home=home,
        gateway={
            "database_url": database_url,
            "facilitator_url": facilitator_url,
            "prices": dict(prices or {}),
        },
        providers={
            name: {"base_url": url, "timeout_s": 10} for name, (url, _) in (upstreams or {}).items()
        },
    )
    # never the developer's own keys from the environment
    keys = ProviderKeys.model_construct(
        **{name: SecretStr(key) for name, (_, key) in (upstreams or {}).items()}
    )
    sock = bind("127.0.0.1", 0)
    base = url_of(sock)
    ready, stop_requested = threading.Event(), threading.Event()
    holder: dict[str, object] = {}

    async def main() -> None:
        stop = asyncio.Event()
        store = store_cls(home / "images", base)
        try:
            async with open_gateway(
                settings, base, devnet=chain.info, providers=providers, routes=routes,
                store=store, keys=keys, endpoint=endpoint,
            ) as runtime:  # fmt: skip
                holder["runtime"] = runtime
                server = asyncio.ensure_future(
                    serve(create_gateway_app(runtime.gateway), sock, on_ready=ready.set, until=stop)
                )
                await asyncio.to_thread(stop_requested.wait)
                stop.set()
                await server
        except BaseException as exc:
            holder["error"] = exc
            ready.set()
            raise

    thread = threading.Thread(target=asyncio.run, args=(main(),), daemon=True)
    thread.start()
    assert ready.wait(30), "gateway did not start"
    if "error" in holder:
        raise AssertionError(f"gateway failed to start: {holder['error']!r}")
    try:
        runtime = holder["runtime"]
        assert isinstance(runtime, Runtime)
        yield RunningGateway(base, base + endpoint.path, runtime, chain, database_url)
    finally:
        stop_requested.set()
        thread.join(30)
