"""The landing page at /: what a person reads there, true to the catalog, prices and terms."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

from synthforge.catalog import IMAGE_GENERATE_ULTRA, TIERS, Tier, image_generate_ultra
from synthforge.discovery import DOCUMENT_PATHS, SERVICE_DESCRIPTION, SERVICE_NAME, render_landing

from .listings import BASE, MAINNET, listing

FLUX = Tier("flux-max", "flux-2-max", "bfl", "Black Forest Labs FLUX.2 max")
_VOID = {"meta", "link", "br", "img", "input", "hr", "source", "area", "base", "col", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def words(self) -> str:
        """The text as a reader sees it: runs of whitespace as one space."""
        return " ".join(self.text().split())

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def all(self, tag: str = "*", cls: str | None = None, **attrs: str) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, str):
                continue
            if (
                (tag in ("*", child.tag))
                and (cls is None or cls in child.classes())
                and all(child.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
            ):
                found.append(child)
            found.extend(child.all(tag, cls, **attrs))
        return found

    def one(self, tag: str = "*", cls: str | None = None, **attrs: str) -> Node:
        found = self.all(tag, cls, **attrs)
        assert len(found) == 1, (tag, cls, attrs, len(found))
        return found[0]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(page: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(page)
    builder.close()
    assert builder.stack == [builder.root], "unclosed elements"
    return builder.root


def page(**kwargs: Any) -> Node:
    return parse(render_landing(listing(**kwargs)))


def card(doc: Node, slug: str = IMAGE_GENERATE_ULTRA.slug) -> Node:
    return doc.one("article", "endpoint", data_slug=slug)


def tier_rows(doc: Node) -> dict[str, Node]:
    rows = card(doc).one("table", "tiers").one("tbody").all("tr")
    return {row.attrs["data-tier"]: row for row in rows}


def test_the_page_names_the_service_and_how_paying_works():
    doc = page()
    assert doc.one("h1").words() == SERVICE_NAME
    assert SERVICE_DESCRIPTION in doc.one("header", "site").words()
    viewport = doc.one("meta", name="viewport").attrs["content"]
    assert viewport == "width=device-width, initial-scale=1"
    paying = doc.one("section", id="paying").words()
    for needed in ("402 Payment Required", "PAYMENT-REQUIRED", "base64", "x402 v2", "(v1)",
                   "transferWithAuthorization", "PAYMENT-SIGNATURE", "X-PAYMENT"):  # fmt: skip
        assert needed in paying, needed
    assert doc.one("dd", "network").words() == "base mainnet eip155:8453"
    assert doc.one("dd", "token").words() == f"USDC {MAINNET.asset}"
    assert doc.one("dd", "pay-to").words() == MAINNET.pay_to


def test_the_page_links_every_document_and_the_man_page():
    doc = page()
    links = {a.attrs["href"] for a in doc.all("a")}
    for name in ("llms_txt", "registry", "openapi", "docs"):
        assert BASE + DOCUMENT_PATHS[name] in links, name
    assert BASE + "/man/image-generate-ultra" in links


def test_the_card_shows_title_route_price_status_and_description():
    article = card(page())
    assert article.one("h3").words() == IMAGE_GENERATE_ULTRA.title
    assert article.one(cls="route").words() == "POST /v1/image-generate-ultra"
    assert article.one("span", "price").words() == "$0.30"
    assert article.one("span", "status").words() == "live"
    assert article.one("p", "description").words() == IMAGE_GENERATE_ULTRA.description


def test_every_tier_row_shows_its_model_maker_price_default_and_status():
    rows = tier_rows(page())
    assert list(rows) == [t.slug for t in TIERS]
    for tier in TIERS:
        row = rows[tier.slug]
        assert row.one("td", "tier-slug").words().split()[0] == tier.slug
        assert row.one("td", "tier-model").words() == f"{tier.model} {tier.maker} · {tier.summary}"
        assert row.one("td", "tier-price").words() == "$0.30"
        assert row.one("td", "tier-status").words() == "live"
    marked = [slug for slug, row in rows.items() if row.all(cls="default-mark")]
    assert marked == [TIERS[0].slug]


def test_a_tier_priced_differently_shows_its_price_and_the_card_says_from():
    doc = page(prices={"gpt": Decimal("0.45")})
    rows = tier_rows(doc)
    assert rows["gpt"].one("td", "tier-price").words() == "$0.45"
    assert rows["nano-banana"].one("td", "tier-price").words() == "$0.30"
    assert card(doc).one("span", "price").words() == "from $0.30"


def test_an_added_tier_appears_with_its_model_and_maker():
    endpoint = image_generate_ultra(tiers=(*TIERS, FLUX))
    rows = tier_rows(page(endpoint=endpoint))
    assert list(rows)[-1] == "flux-max"
    assert rows["flux-max"].one("td", "tier-model").words() == (
        "flux-2-max bfl · Black Forest Labs FLUX.2 max"
    )
    tier_field = card(page(endpoint=endpoint)).one("table", "input").one(data_field="tier")
    assert "flux-max" in tier_field.one("td", "values").words()


def test_a_tier_without_a_route_shows_unavailable():
    doc = page(live={"gpt"})
    rows = tier_rows(doc)
    assert rows["gpt"].one("td", "tier-status").words() == "live"
    for slug in set(rows) - {"gpt"}:
        assert rows[slug].one("td", "tier-status").words() == "unavailable", slug
    assert card(doc).one("span", "status").words() == "live"
    assert card(page(live=set())).one("span", "status").words() == "unavailable"


def test_the_input_table_lists_every_request_field_with_its_values():
    table = card(page()).one("table", "input")
    heads = [th.words() for th in table.one("thead").all("th")]
    assert heads == ["Field", "Type", "Required", "Description", "Values"]
    rows = {row.attrs["data-field"]: row for row in table.one("tbody").all("tr")}
    properties = IMAGE_GENERATE_ULTRA.input_schema["properties"]
    assert list(rows) == list(properties)
    for name, schema in properties.items():
        assert rows[name].one("td", "field-description").words() == schema["description"]
    assert rows["prompt"].one("td", "field-required").words() == "required"
    assert rows["seed"].one("td", "field-required").words() == "optional"
    assert rows["seed"].one("td", "field-type").words() == "integer or null"
    assert rows["width"].one("td", "values").words() == "default 1024 range 256 to 1024"
    assert rows["negative_prompt"].one("td", "values").words() == "range ≤ 2000 chars"
    assert rows["tier"].one("td", "values").words() == (
        "default nano-banana one of " + " ".join(t.slug for t in TIERS)
    )
    assert rows["model"].one("td", "values").words() == (
        "one of " + " ".join(t.model for t in TIERS)
    )


def test_the_output_table_lists_every_response_field_and_the_payment_receipt():
    table = card(page()).one("table", "output")
    rows = {row.attrs["data-field"]: row for row in table.one("tbody").all("tr")}
    schema = IMAGE_GENERATE_ULTRA.output_schema
    receipt = schema["properties"]["payment"]["properties"]
    expected = [*schema["properties"], *(f"payment.{name}" for name in receipt)]
    assert sorted(rows) == sorted(expected)
    assert rows["payment"].one("td", "field-type").words() == "object"
    for name, field_schema in receipt.items():
        row = rows[f"payment.{name}"]
        assert row.one("td", "field-description").words() == field_schema["description"]
        assert row.one("td", "field-required").words() == "required"
    assert rows["venice_request_id"].one("td", "field-type").words() == "string or null"


def test_the_examples_are_real_commands_each_with_a_copy_button():
    article = card(page())
    examples = {pre.attrs["data-kind"]: pre for pre in article.all("pre", "example")}
    assert set(examples) == {"curl", "cli", "mcp"}
    curl = examples["curl"].text()
    assert curl.startswith(f"curl -i -X POST {BASE}/v1/image-generate-ultra ")
    assert "-H 'Content-Type: application/json'" in curl
    assert f"-d '{json.dumps(dict(IMAGE_GENERATE_ULTRA.example_request))}'" in curl
    cli = examples["cli"].text()
    assert cli.startswith("synthforge generate --tier nano-banana --out fox.png")
    assert cli.endswith(f'"{IMAGE_GENERATE_ULTRA.example_request["prompt"]}"')
    assert f"--url {BASE}" in cli
    mcp = examples["mcp"].text()
    server = json.loads(mcp)["mcpServers"]["synthforge"]
    assert server == {"command": "synthforge", "args": ["mcp"],
                      "env": {"SYNTHFORGE_BUYER__URL": BASE}}  # fmt: skip
    assert IMAGE_GENERATE_ULTRA.tool_name in article.words()
    targets = {b.attrs["data-target"] for b in article.all("button", "copy")}
    assert targets == {pre.attrs["id"] for pre in examples.values()}


def test_text_from_the_catalog_is_escaped():
    hostile = '<script>alert(1)</script> & "quoted"'
    endpoint = dataclasses.replace(
        IMAGE_GENERATE_ULTRA,
        description=hostile,
        title='Ultra "<b>bold</b>"',
        tiers=(*TIERS, Tier("evil", "m<i>x</i>", "<u>", "'\"><img src=x>")),
    )
    raw = render_landing(listing(endpoint=endpoint))
    assert "<script>alert(1)" not in raw and "<b>" not in raw and "<img" not in raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    doc = parse(raw)
    article = card(doc)
    assert article.one("p", "description").text() == hostile
    assert article.one("h3").text() == 'Ultra "<b>bold</b>"'
    assert (
        tier_rows(doc)["evil"].one("td", "tier-model").words() == "m<i>x</i> <u> · '\"><img src=x>"
    )
    assert len(doc.all("script")) == 1


def test_nothing_is_loaded_from_another_host():
    raw = render_landing(listing(base="https://gateway.example"))
    doc = parse(raw)
    for node in doc.all():
        for name in ("src", "href", "srcset", "action", "poster", "data"):
            value = node.attrs.get(name)
            if value is None:
                continue
            own = value.startswith(("https://gateway.example/", "#", "data:"))
            assert own, f"<{node.tag} {name}={value!r}> leaves the gateway"
    assert all("src" not in script.attrs for script in doc.all("script"))
    assert not doc.all("link", rel="stylesheet") and not doc.all("img") and not doc.all("iframe")
    style = "".join(s.text() for s in doc.all("style"))
    assert style.strip() and "@import" not in style and "url(" not in style
