"""`synthforge man`: an endpoint's man page, as the gateway these settings describe serves it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..catalog import IMAGE_GENERATE_ULTRA, Endpoint
from ..devnet import DevnetInfo, preview_devnet, read_devnet_file
from ..discovery import Listing, Offer, render_man, render_roff
from ..payments import Priced
from ..runtime import payment_terms, tier_prices
from ..settings import ConfigError, Settings
from ._common import ConfigOption, console, fail, reported, settings_from

__all__ = ["man_command", "settings_listing"]

# What `synthforge serve` sells.
SOLD: tuple[Endpoint, ...] = (IMAGE_GENERATE_ULTRA,)


def man_command(
    slug: Annotated[
        str | None, typer.Argument(help="endpoint slug (default: the first endpoint)")
    ] = None,
    config: ConfigOption = None,
    roff: Annotated[bool, typer.Option("--roff", help="print roff source for man(1)")] = False,
    install: Annotated[
        bool, typer.Option("--install", help="write DIR/man1/SLUG.1 so `man SLUG` finds it")
    ] = False,
    directory: Annotated[
        Path | None,
        typer.Option("--dir", help="man directory for --install (default: {sys.prefix}/share/man)"),
    ] = None,
) -> None:
    """Print an endpoint's man page, priced and placed as these settings serve it."""
    settings = settings_from(config)
    with reported():
        listing = settings_listing(settings)
    known = [offer.endpoint.slug for offer in listing.offers]
    chosen = slug or known[0]
    if chosen not in known:
        fail([f"no endpoint {chosen!r}; known: {', '.join(known)}"])
    if not install:
        page = render_roff(listing, chosen) if roff else render_man(listing, chosen)
        sys.stdout.write(page)
        return
    target = (directory or Path(sys.prefix) / "share" / "man") / "man1" / f"{chosen}.1"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render_roff(listing, chosen), encoding="utf-8")
    except OSError as exc:
        fail([f"cannot write {target}: {exc.strerror or exc}"])
    console.print(f"wrote {target.resolve()}", markup=False)
    if directory is None:  # man(1) looks in ../share/man of every directory on PATH
        hint = f"man {chosen}  (with {Path(sys.prefix) / 'bin'} on PATH)"
    else:
        hint = f"MANPATH={target.parent.parent.resolve()} man {chosen}"
    console.print(f"read it with: {hint}", markup=False)


def settings_listing(settings: Settings) -> Listing:
    """What a gateway started with `settings` would list, worked out without starting it."""
    options = settings.gateway
    host = f"[{options.host}]" if ":" in options.host else options.host
    public_url = (options.public_url or f"http://{host}:{options.port}").rstrip("/")
    terms = payment_terms(options, _devnet(settings))
    offers = []
    for endpoint in SOLD:
        prices = tier_prices(options.prices, endpoint)
        priced = Priced(endpoint, terms, prices, public_url + endpoint.path)
        offers.append(Offer(priced, frozenset(t.slug for t in endpoint.tiers)))
    return Listing.of(public_url, offers)


def _devnet(settings: Settings) -> DevnetInfo | None:
    """The devnet the embedded default runs on: the running one, else the one it would start."""
    if settings.gateway.network is not None:
        return None
    path = settings.devnet_file
    if not path.is_file():
        return preview_devnet(settings.devnet)
    try:
        return read_devnet_file(path)
    except ValueError:
        raise ConfigError([f"{path} is not a devnet description; remove it"]) from None
