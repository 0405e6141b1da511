"""The landing page in a real browser: readable on a phone and a desktop, self-contained, copyable.

Drives Debian's chromium (/usr/bin/chromium) through Playwright against a running gateway,
and checks the screenshots by program: each key element's pixels hold visible content.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from PIL import Image, ImageChops, ImageStat
from playwright.sync_api import Browser, Page, expect, sync_playwright

from synthforge.catalog import IMAGE_GENERATE_ULTRA
from synthforge.devnet import Devnet
from synthforge.discovery import SERVICE_NAME

from .harness import RunningGateway, running_gateway

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
VIEWPORTS: dict[str, dict[str, Any]] = {
    "phone": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
              "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 900}, "device_scale_factor": 1},
}  # fmt: skip
CARD = f"article.endpoint[data-slug={IMAGE_GENERATE_ULTRA.slug}]"
CURL = f"{CARD} pre.example[data-kind=curl]"
KEY = {
    "title": "header.site h1",
    "card": CARD,
    "price": f"{CARD} .card-head .price",
    "status": f"{CARD} .card-head .status",
    "tiers": f"{CARD} table.tiers",
    "curl": CURL,
    "copy": f"{CARD} button.copy[data-target=example-{IMAGE_GENERATE_ULTRA.slug}-curl]",
}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the landing page tests need Debian's chromium"
            " (apt-get install chromium; `make` installs it on a fresh machine)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def gateway(devnet: Devnet, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningGateway]:
    with running_gateway(devnet, tmp_path_factory.mktemp("landing")) as gw:
        yield gw


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _boxes(page: Page) -> dict[str, dict[str, float]]:
    """Each key element's box in page coordinates (the full-page screenshot's)."""
    return {
        name: page.eval_on_selector(
            selector,
            """el => { const r = el.getBoundingClientRect();
               return {x: r.left + scrollX, y: r.top + scrollY, width: r.width,
                       height: r.height}; }""",
        )
        for name, selector in KEY.items()
    }


def _crop(shot: Image.Image, box: dict[str, float], scale: float) -> Image.Image:
    edges = (box["x"], box["y"], box["x"] + box["width"], box["y"] + box["height"])
    return shot.crop(tuple(round(v * scale) for v in edges))  # type: ignore[arg-type]


def _colours(image: Image.Image) -> list[tuple[int, tuple[int, int, int]]]:
    """(count, colour) of every colour in `image`."""
    found = image.getcolors(maxcolors=image.width * image.height)
    assert found is not None
    return found  # type: ignore[return-value]


def _dominant(image: Image.Image) -> tuple[int, int, int]:
    return max(_colours(image))[1]


def _distance(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    return max(abs(x - y) for x, y in zip(a, b, strict=True))


def _assert_drawn(name: str, crop: Image.Image) -> None:
    """The crop shows something: a background plus marks (text, borders) well apart from it."""
    background = _dominant(crop)
    # per pixel, its largest channel difference from the background
    difference = ImageChops.difference(crop, Image.new("RGB", crop.size, background))
    apart = ImageChops.lighter(ImageChops.lighter(*difference.split()[:2]), difference.split()[2])
    ink = sum(apart.histogram()[81:])
    assert ink >= 20, f"{name}: {ink} pixels stand out from its background {background}"
    assert len(_colours(crop)) >= 4, f"{name}: fewer than 4 colours"
    assert max(ImageStat.Stat(crop.convert("L")).stddev) > 8, f"{name}: nearly uniform"


def _save(shot: Path) -> None:
    """Also keep the screenshot where $SYNTHFORGE_SCREENSHOTS says, for a person to look at."""
    if target := os.environ.get("SYNTHFORGE_SCREENSHOTS"):
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(target) / shot.name)


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_the_landing_page_reads_well_and_loads_nothing_from_elsewhere(
    browser: Browser, gateway: RunningGateway, tmp_path: Path, device: str
):
    options = VIEWPORTS[device]
    context = browser.new_context(**options)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=gateway.base)
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        answer = page.goto(gateway.base + "/", wait_until="load")
        assert answer is not None and answer.status == 200
        expect(page.locator(KEY["title"])).to_have_text(SERVICE_NAME)
        expect(page.locator(KEY["price"])).to_have_text("$0.30")
        expect(page.locator(KEY["status"])).to_have_text("live")

        width = page.evaluate("window.innerWidth")
        assert width == options["viewport"]["width"]
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        boxes = _boxes(page)
        for name, selector in KEY.items():
            expect(page.locator(selector)).to_be_visible()
            box = boxes[name]
            assert box["width"] > 0 and box["height"] > 0, name
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (name, box, width)

        shot_path = tmp_path / f"landing-{device}.png"
        page.screenshot(path=shot_path, full_page=True)
        _save(shot_path)
        _check_screenshot(page, shot_path, boxes, options.get("device_scale_factor", 1))
        _check_copy(page)

        assert requests and all(
            url.startswith("data:") or _origin(url) == gateway.base for url in requests
        ), requests
        assert errors == []
    finally:
        context.close()


def _check_screenshot(
    page: Page, path: Path, boxes: dict[str, dict[str, float]], scale: float
) -> None:
    shot = Image.open(path).convert("RGB")
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert shot.width == round(page_width * scale)
    for name, box in boxes.items():
        _assert_drawn(name, _crop(shot, box, scale))
    body = page.evaluate("getComputedStyle(document.body).backgroundColor")
    background = tuple(int(v) for v in body.removeprefix("rgb(").rstrip(")").split(","))
    # the price is a badge of its own colour, not text floating on the page
    assert _distance(_dominant(_crop(shot, boxes["price"], scale)), background) > 16


def _check_copy(page: Page) -> None:
    button = page.locator(KEY["copy"])
    expect(button).to_have_text("Copy")
    button.click()
    expect(button).to_have_text("Copied")
    shown = page.locator(CURL).text_content()
    assert shown and shown.startswith("curl -i -X POST http://")
    assert page.evaluate("navigator.clipboard.readText()") == shown
