"""Man pages: the seed's sections, every field and tier, real prices, and roff that man reads."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from synthforge.catalog import IMAGE_GENERATE_ULTRA, TIERS, Tier, image_generate_ultra
from synthforge.discovery import Listing, Offer, render_man, render_roff
from synthforge.payments import Priced

from .listings import BASE, MAINNET, listing

# The sections of the seed man page, in its order.
SEED_SECTIONS = [
    "NAME",
    "SYNOPSIS",
    "DESCRIPTION",
    "INPUT",
    "OUTPUT",
    "EXAMPLES",
    "METADATA",
    "ADJACENT",
    "SEE ALSO",
]
SLUG = IMAGE_GENERATE_ULTRA.slug
FLUX = Tier("flux-max", "flux-2-max", "bfl", "Black Forest Labs FLUX.2 max")
GROFF, MAN = shutil.which("groff") or "", shutil.which("man") or ""
needs_groff = pytest.mark.skipif(not GROFF, reason="groff is not installed")
needs_man = pytest.mark.skipif(not MAN, reason="man is not installed")


def property_names(schema: Mapping[str, Any]) -> Iterator[str]:
    """Every property, nested objects (through $ref too) as parent.child."""

    def walk(node: Mapping[str, Any], prefix: str) -> Iterator[str]:
        ref = node.get("$ref")
        if ref:
            node = schema["$defs"][ref.rsplit("/", 1)[1]]
        for name, child in node.get("properties", {}).items():
            yield prefix + name
            yield from walk(child, f"{prefix}{name}.")

    return walk(schema, "")


def headings(page: str) -> list[str]:
    """The section headings of a text page: seed names at the left margin."""
    return [
        name
        for line in page.splitlines()
        for name in SEED_SECTIONS
        if line == name or line.startswith(name + "  ")
    ]


def section(page: str, name: str) -> str:
    """The lines of one section of a text page, heading excluded."""
    lines = page.splitlines()
    start = next(i for i, line in enumerate(lines) if line.split("  ")[0] == name)
    end = next((i for i in range(start + 1, len(lines)) if lines[i][:1].isalpha()), len(lines))
    return "\n".join(lines[start + 1 : end])


def row(text: str, first_cell: str) -> str:
    """The table row whose first cell is `first_cell`."""
    return next(line for line in text.splitlines() if line.split()[:1] == [first_cell])


def groff(source: str, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [GROFF, "-man", "-Tutf8", "-ww", *flags], input=source, capture_output=True, text=True,
        env={**os.environ, "LC_ALL": "C.UTF-8"}, timeout=30, check=False,
    )  # fmt: skip


def man_l(tmp_path: Path, source: str) -> str:
    path = tmp_path / f"{SLUG}.1"
    path.write_text(source)
    env = {**os.environ, "MANWIDTH": "100", "MANPAGER": "cat", "PAGER": "cat", "LC_ALL": "C.UTF-8"}
    env.pop("MAN_KEEP_FORMATTING", None)
    done = subprocess.run(
        [MAN, "-l", str(path)], capture_output=True, text=True, env=env, timeout=30, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_text_page_has_the_seed_sections_in_order():
    page = render_man(listing(), SLUG)
    assert headings(page) == SEED_SECTIONS
    assert page.startswith(f"{SLUG}(1)\n")
    assert "\x1b" not in page
    assert max(len(line) for line in section(page, "DESCRIPTION").splitlines()) <= 78


def test_every_input_and_output_property_is_a_row():
    page = render_man(listing(), SLUG)
    inputs, outputs = section(page, "INPUT"), section(page, "OUTPUT")
    for name in property_names(IMAGE_GENERATE_ULTRA.input_schema):
        assert row(inputs, name)
    names = list(property_names(IMAGE_GENERATE_ULTRA.output_schema))
    assert {"payment.transaction", "payment.network", "payment.payer", "payment.amount"} <= set(
        names
    )
    for name in names:
        assert row(outputs, name)


def test_input_rows_say_type_required_default_and_range():
    inputs = section(render_man(listing(), SLUG), "INPUT")
    assert row(inputs, "prompt").split()[1:3] == ["string", "required"]
    assert row(inputs, "width").split()[1:3] == ["integer", "optional"]
    flat = " ".join(inputs.split())
    assert "Output width in pixels. Range [256, 1024]. Default 1024." in flat
    assert row(inputs, "seed").split()[1] == "integer|null"
    assert row(inputs, "tier").split()[1] == "enum"
    assert row(inputs, "model").split()[1] == "enum|null"
    assert "Negative prompt. At most 2000 characters. Default null." in flat
    assert "Length 1 to 5000 characters." in flat


def test_every_tier_is_listed_with_model_maker_and_price_and_the_default_marked():
    description = section(render_man(listing(), SLUG), "DESCRIPTION")
    for tier in TIERS:
        cells = row(description, tier.slug).split()
        assert tier.model in cells and tier.maker in cells and "$0.30" in cells
        assert tier.summary in description
    assert row(description, "nano-banana").split()[:2] == ["nano-banana", "*"]
    assert "default tier, marked with *, is nano-banana" in " ".join(description.split())


def test_the_page_uses_the_listings_url_price_and_network():
    page = render_man(listing(base="https://images.example.org"), SLUG)
    url = "https://images.example.org/v1/image-generate-ultra"
    assert f"POST {url}" in section(page, "SYNOPSIS")
    assert f"curl -i -X POST {url}" in section(page, "EXAMPLES")
    assert "PRICE / CALL  $0.30  USDC · base mainnet · scheme: exact" in page
    assert "PAYMENT-SIGNATURE" in page and "X-PAYMENT" in page and "PAYMENT-REQUIRED" in page
    see_also = section(page, "SEE ALSO")
    for path in ("/llms.txt", "/registry.json", "/openapi.json", "/"):
        assert f"https://images.example.org{path}" in see_also.split()
    assert MAINNET.pay_to in page and MAINNET.asset in page


def test_the_examples_are_curl_mcp_and_the_buyer_tools():
    examples = section(render_man(listing(), SLUG), "EXAMPLES")
    assert """-d '{"prompt": "a red fox in fresh snow, golden hour", "tier": "nano-banana"}'""" in (
        examples
    )
    config = examples[examples.index("\n    {\n") : examples.index("\n    }\n") + 6]
    assert json.loads(config) == {"mcpServers": {"synthforge": {
        "command": "synthforge", "args": ["mcp"],
        "env": {"SYNTHFORGE_BUYER__URL": "https://gateway.example"},
    }}}  # fmt: skip
    assert "image_generate_ultra" in examples
    assert "synthforge generate" in examples and "--out fox.png" in examples


def test_unavailable_tiers_are_marked():
    description = section(render_man(listing(live={"nano-banana"}), SLUG), "DESCRIPTION")
    assert row(description, "gpt").split()[-1] == "unavailable"
    assert row(description, "nano-banana").split()[-1] == "live"
    assert "answer 503" in description


def test_adjacent_names_the_other_endpoints_or_none():
    assert "None: image-generate-ultra is the only endpoint" in render_man(listing(), SLUG)
    draft = dataclasses.replace(
        image_generate_ultra(price_usd=Decimal("0.05")),
        slug="image-generate-draft",
        path="/v1/image-generate-draft",
        title="Image generate (draft)",
    )
    both = Listing.of(
        BASE,
        [
            Offer(Priced(e, MAINNET, {}, BASE + e.path), frozenset(t.slug for t in e.tiers))
            for e in (IMAGE_GENERATE_ULTRA, draft)
        ],
    )
    adjacent = section(render_man(both, SLUG), "ADJACENT")
    assert row(adjacent, "image-generate-draft").split()[1] == "$0.05"
    assert f"{BASE}/man/image-generate-draft" in adjacent
    assert row(section(render_man(both, draft.slug), "ADJACENT"), SLUG).split()[1] == "$0.30"


def test_an_unknown_slug_is_a_key_error():
    with pytest.raises(KeyError):
        render_man(listing(), "image-generate-nothing")
    with pytest.raises(KeyError):
        render_roff(listing(), "image-generate-nothing")


@needs_groff
@pytest.mark.parametrize(
    ("priced", "tier", "price", "label"),
    [
        (listing(prices={"gpt": Decimal("0.45")}), "gpt", "$0.45", "from $0.30"),
        (listing(image_generate_ultra(price_usd=Decimal("0.50"))), "gpt", "$0.50", "$0.50"),
        (listing(image_generate_ultra(tiers=(*TIERS, FLUX))), "flux-max", "$0.30", "$0.30"),
    ],
    ids=["tier-price", "endpoint-price", "added-tier"],
)
def test_prices_and_tiers_show_in_text_and_roff(priced: Listing, tier: str, price: str, label: str):
    text = render_man(priced, SLUG)
    model = priced.offer(SLUG).endpoint.tier(tier).model
    assert row(section(text, "DESCRIPTION"), tier).split()[1:4:2] == [model, price]
    assert f"PRICE / CALL  {label}  USDC" in text
    maker = priced.offer(SLUG).endpoint.tier(tier).maker
    shown = groff(render_roff(priced, SLUG), "-P-cbou").stdout
    assert f"{tier} ({model}, {maker}, {price}, live)" in shown
    assert f"PRICE / CALL  {label}  USDC" in shown


@needs_groff
def test_roff_renders_without_a_single_warning():
    done = groff(render_roff(listing(), SLUG), "-z")
    assert (done.returncode, done.stderr) == (0, "")


@needs_man
def test_man_shows_every_section_and_field(tmp_path: Path):
    source = render_roff(listing(), SLUG)
    assert source.startswith('.TH IMAGE\\-GENERATE\\-ULTRA 1 "" "synthforge" "Paid endpoints"\n')
    shown = man_l(tmp_path, source)
    assert [line for line in shown.splitlines() if line in SEED_SECTIONS] == SEED_SECTIONS
    assert f"{SLUG} - Image generate (ultra) / flagship text-to-image" in shown
    words = set(shown.split())
    for schema in (IMAGE_GENERATE_ULTRA.input_schema, IMAGE_GENERATE_ULTRA.output_schema):
        assert set(property_names(schema)) <= words
    assert "https://gateway.example/v1/image-generate-ultra" in words
    assert "\b" not in shown


@needs_man
@needs_groff
def test_a_description_that_looks_like_roff_is_printed_as_written(tmp_path: Path):
    tricky = dataclasses.replace(
        IMAGE_GENERATE_ULTRA,
        description=".SH INJECTED\n'bp then C:\\temp\\new and \\fBnot bold\\fR -- done.",
    )
    source = render_roff(listing(tricky), SLUG)
    assert groff(source).stderr == ""
    shown = man_l(tmp_path, source)
    assert "INJECTED" not in [line.strip() for line in shown.splitlines()]
    written = ".SH INJECTED 'bp then C:\\temp\\new and \\fBnot bold\\fR -- done."
    assert written in " ".join(shown.split())
    text = render_man(listing(tricky), SLUG)
    assert ".SH INJECTED 'bp then C:\\temp\\new" in " ".join(section(text, "DESCRIPTION").split())
