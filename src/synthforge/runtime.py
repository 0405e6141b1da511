"""Assemble a running gateway from settings: chain, facilitator, ledger, store, routes.

With no network configured this is the embedded default: a devnet (started here, described
in devnet.json), the in-process facilitator, the `local` provider for every tier, SQLite and
an image directory under `home`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import httpx

from .catalog import IMAGE_GENERATE_ULTRA, Endpoint
from .devnet import Devnet, DevnetInfo
from .facilitator import Facilitator, LocalFacilitator, RemoteFacilitator, v1_network_name
from .generation import Provider, Route, Router
from .http import Gateway, ImageWork
from .ledger import Ledger
from .payments import PaymentGate, PaymentTerms, Priced, Reconciler
from .providers import DEFAULT_ROUTES, LocalProvider, build_providers, parse_routes
from .settings import ConfigError, GatewaySettings, ProviderKeys, Settings, load_provider_keys
from .storage import FalImageStore, ImageStore, LocalImageStore

__all__ = [
    "KNOWN_USDC",
    "LOCAL_ROUTE",
    "Runtime",
    "open_gateway",
    "payment_terms",
    "sqlite_url",
    "tier_prices",
    "tier_routes",
]

logger = logging.getLogger("synthforge.runtime")

# USDC per network: address, EIP-712 name, version.
KNOWN_USDC = {
    "eip155:8453": ("0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", "USD Coin", "2"),
    "eip155:84532": ("0x036CbD53842c5426634e7929541eC2318f3dCF7e", "USDC", "2"),
}
LOCAL_ROUTE = Route("local", "local-procedural", Decimal(0))
RECONCILE_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class Runtime:
    """A running gateway and what an operator or the demo wants to know about it."""

    gateway: Gateway
    devnet: DevnetInfo | None
    embedded: bool


def tier_routes(
    configured: Mapping[str, Sequence[str]],
    providers: Mapping[str, Provider],
    endpoint: Endpoint = IMAGE_GENERATE_ULTRA,
) -> dict[str, tuple[Route, ...]]:
    """Each tier's routes: settings over the defaults, those whose provider is configured;
    the local renderer serves a tier left with none, where it is enabled."""
    try:
        table = {**DEFAULT_ROUTES, **parse_routes(configured)}
    except ValueError as exc:
        raise ConfigError([str(exc)]) from None
    unknown = sorted(set(configured) - {t.slug for t in endpoint.tiers})
    if unknown:
        raise ConfigError([f"gateway.routes names unknown tier(s): {', '.join(unknown)}"])
    chosen = {}
    for tier in endpoint.tiers:
        usable = tuple(r for r in table.get(tier.slug, ()) if r.provider in providers)
        if not usable and "local" in providers:
            usable = (LOCAL_ROUTE,)
        chosen[tier.slug] = usable
    return chosen


def _image_store(
    settings: Settings,
    public_url: str,
    keys: ProviderKeys,
    client: httpx.AsyncClient,
    given: ImageStore | None,
) -> ImageStore:
    if given is not None:
        return given
    options = settings.gateway
    if options.storage == "fal":
        key = keys.get("fal")
        if not key:
            raise ConfigError(["gateway.storage = fal needs FAL_KEY"])
        return FalImageStore(client, key, options.fal_storage_url)
    return LocalImageStore(options.images_dir or settings.home / "images", public_url)


def payment_terms(options: GatewaySettings, devnet: DevnetInfo | None) -> PaymentTerms:
    """What buyers pay in and to: the devnet's token and payee, or the configured network's."""
    if devnet is not None:
        return PaymentTerms(
            network=devnet.network, v1_network=devnet.network, asset=devnet.token,
            asset_name=devnet.token_name, asset_version=devnet.token_version,
            decimals=devnet.decimals, pay_to=options.pay_to or devnet.pay_to,
            max_timeout_seconds=options.max_timeout_seconds,
        )  # fmt: skip
    problems = []
    network = options.network or ""
    known = KNOWN_USDC.get(network)
    asset = options.asset or (known[0] if known else None)
    name = options.asset_name or (known[1] if known else None)
    version = options.asset_version or (known[2] if known else None)
    if not (asset and name and version):
        problems.append(
            f"gateway.asset, asset_name and asset_version are needed for {network} "
            f"(known: {', '.join(KNOWN_USDC)})"
        )
    if not options.pay_to:
        problems.append("gateway.pay_to is not set: where should buyers' money go?")
    if problems:
        raise ConfigError(problems)
    assert asset and name and version and options.pay_to
    return PaymentTerms(
        network=network, v1_network=v1_network_name(network), asset=asset, asset_name=name,
        asset_version=version, decimals=options.asset_decimals, pay_to=options.pay_to,
        max_timeout_seconds=options.max_timeout_seconds,
    )  # fmt: skip


def tier_prices(configured: Mapping[str, Decimal], endpoint: Endpoint) -> dict[str, Decimal]:
    """The configured per-tier prices, checked against the endpoint's tiers.

    An environment variable cannot carry a hyphen, so `recraft_pro` names `recraft-pro`.
    """
    slugs = {t.slug for t in endpoint.tiers}
    prices: dict[str, Decimal] = {}
    problems = []
    for name, usd in configured.items():
        slug = name if name in slugs else name.replace("_", "-")
        if slug not in slugs:
            problems.append(f"gateway.prices names unknown tier {name!r}")
        elif usd <= 0:
            problems.append(f"gateway.prices.{name} must be more than 0 (got {usd})")
        prices[slug] = usd
    if problems:
        raise ConfigError(problems)
    return prices


async def _facilitator(settings: Settings, devnet: DevnetInfo | None) -> Facilitator:
    if settings.gateway.facilitator_url:
        return RemoteFacilitator(settings.gateway.facilitator_url)
    local = (
        LocalFacilitator.from_devnet(devnet)
        if devnet is not None
        else LocalFacilitator.from_settings(settings.facilitator)
    )
    await local.start()
    return local


@contextlib.asynccontextmanager
async def open_gateway(
    settings: Settings,
    public_url: str,
    *,
    devnet: DevnetInfo | None = None,
    providers: Mapping[str, Provider] | None = None,
    routes: Mapping[str, Sequence[Route]] | None = None,
    store: ImageStore | None = None,
    keys: ProviderKeys | None = None,
    endpoint: Endpoint = IMAGE_GENERATE_ULTRA,
) -> AsyncIterator[Runtime]:
    """Open every part of a gateway, and close them all on exit.

    `devnet`, `providers`, `routes`, `store` and `keys` replace what settings and the
    environment would give (tests and embedders use them); with no network and no
    `devnet`, a devnet is started here. `endpoint` is what is sold.
    """
    options = settings.gateway
    chain: Devnet | None = None
    async with contextlib.AsyncExitStack() as stack:
        embedded = options.network is None
        if embedded and devnet is None:
            chain = Devnet(settings.devnet)
            devnet = await asyncio.to_thread(chain.start)
            stack.callback(chain.stop)
            stack.callback(settings.devnet_file.unlink, missing_ok=True)
            chain.write(settings.devnet_file)
        terms = payment_terms(options, devnet if embedded else None)
        facilitator = await _facilitator(settings, devnet if embedded else None)
        stack.push_async_callback(facilitator.aclose)
        ledger = await Ledger.open(options.database_url or sqlite_url(settings))
        stack.push_async_callback(ledger.close)
        # a request can't outlive its payment window; twice that is surely abandoned
        window = timedelta(seconds=2 * options.max_timeout_seconds)
        reconciler = Reconciler(ledger, facilitator, terms.network, window)
        stack.push_async_callback(
            _cancel, asyncio.ensure_future(reconciler.run_forever(RECONCILE_EVERY))
        )
        client = httpx.AsyncClient(limits=httpx.Limits(max_connections=200), timeout=120.0)
        stack.push_async_callback(client.aclose)
        keys = keys or load_provider_keys()
        images = _image_store(settings, public_url, keys, client, store)
        if providers is None:
            providers = build_providers(settings.providers, keys, client)
            if embedded or options.local_provider:
                providers["local"] = LocalProvider()
        if routes is None:
            routes = tier_routes(options.routes, providers, endpoint)
        router = Router(routes, providers)
        for tier in endpoint.tiers:
            if not router.routes(tier.slug):
                logger.warning("tier %s has no usable route: its calls will answer 503", tier.slug)
        priced = Priced(
            endpoint,
            terms,
            tier_prices(options.prices, endpoint),
            public_url.rstrip("/") + endpoint.path,
        )
        gateway = Gateway(
            priced=priced,
            gate=PaymentGate(facilitator, ledger),
            work=ImageWork(router, images, ledger),
            local_images=images if isinstance(images, LocalImageStore) else None,
        )
        yield Runtime(gateway=gateway, devnet=devnet if embedded else None, embedded=embedded)


async def _cancel(task: asyncio.Future[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


def sqlite_url(settings: Settings) -> str:
    """The default ledger: SQLite under `home`."""
    return f"sqlite+aiosqlite:///{(settings.home / 'ledger.db').resolve()}"
