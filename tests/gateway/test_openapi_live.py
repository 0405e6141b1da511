"""Schemathesis against the live OpenAPI document of a gateway on the devnet.

Generated requests, some of them really paid, must never meet a 5xx and must get answers
exactly as documented (status, content type, headers, body schema). Directed calls then
reach the statuses random data cannot (a reused payment, a refusal, a failed upstream),
and every status the document promises must have been seen.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import count
from pathlib import Path
from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from synthforge.devnet import Devnet
from synthforge.generation import BadUpstreamRequest, ContentRefused, UpstreamUnavailable

from ..signing import sign_authorization
from .conftest import encode
from .harness import CountingProvider, running_gateway

CONFORMANCE = [
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
PAID = "POST /v1/image-generate-ultra"


def _payment(devnet: Devnet) -> str:
    """A fresh v1 X-PAYMENT header from the devnet buyer for $0.30."""
    info = devnet.info
    v1 = {"x402Version": 1, "scheme": "exact", "network": info.network,
          "payload": sign_authorization(info)}  # fmt: skip
    return encode(v1)


def _explore(op: Any, mode: GenerationMode, examples: int, devnet: Devnet, seen: Any) -> None:
    """Generated cases for `op`; every third valid paid-endpoint case is really paid."""
    turn = count()
    paid_op = op.label == PAID

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(case=op.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        paying = paid_op and mode is GenerationMode.POSITIVE and next(turn) % 3 == 0
        if paying:
            case.headers = {"X-PAYMENT": _payment(devnet)}
        response = case.call(timeout=60)
        case.validate_response(response, checks=[not_a_server_error, *CONFORMANCE])
        seen[op.label].add(response.status_code)
        if paying:
            assert response.status_code == 200, response.text
        elif paid_op:
            body = response.json()
            assert response.status_code in (400, 402), response.text
            assert body.get("charged") is False or "accepts" in body
            if mode is GenerationMode.POSITIVE and not (case.headers or {}):
                assert response.status_code == 402 and body["error"] == "payment required"

    run()


def _directed(schema: Any, devnet: Devnet, gw: Any, provider: CountingProvider, seen: Any) -> None:
    """The statuses only a particular situation produces, each checked against the document."""
    paid = schema[PAID.split()[1]]["POST"]

    def call(op: Any, *, allow_5xx: bool = False, **data: Any) -> Any:
        case = op.Case(**data)
        response = case.call(timeout=60)
        checks = CONFORMANCE if allow_5xx else [not_a_server_error, *CONFORMANCE]
        case.validate_response(response, checks=checks)
        seen[op.label].add(response.status_code)
        return response

    header = {"X-PAYMENT": _payment(devnet)}
    image_url = call(paid, body={"prompt": "a kite"}, headers=header).json()["image_url"]
    reused = call(paid, body={"prompt": "another kite"}, headers=header)
    assert reused.status_code == 409 and reused.json()["error"] == "payment_reused"
    key = image_url.rsplit("/", 1)[1].removesuffix(".png")
    assert call(schema["/images/{key}.png"]["GET"], path_parameters={"key": key}).status_code == 200
    man = schema["/man/{page}"]["GET"]
    for page in ("image-generate-ultra", "image-generate-ultra.1"):
        assert call(man, path_parameters={"page": page}).status_code == 200
    for failure, status in (
        (ContentRefused("blocked by policy"), 422),
        (BadUpstreamRequest("upstream rejected the key"), 502),
        (UpstreamUnavailable("upstream down"), 503),  # last: it opens the circuit breaker
    ):
        provider.fail_with = failure
        answer = call(paid, body={"prompt": "x"}, headers={"X-PAYMENT": _payment(devnet)},
                      allow_5xx=True)  # fmt: skip
        assert answer.status_code == status and answer.json()["charged"] is False


def test_every_answer_is_as_documented_and_every_documented_status_happens(
    devnet: Devnet, tmp_path: Path
):
    provider = CountingProvider()
    before = devnet.balance(devnet.info.buyer_address)
    with running_gateway(devnet, tmp_path, providers={"local": provider}) as gw:
        schema = schemathesis.openapi.from_url(gw.base + "/openapi.json")
        seen: dict[str, set[int]] = defaultdict(set)
        operations = [result.ok() for result in schema.get_all_operations()]
        for op in operations:
            _explore(op, GenerationMode.POSITIVE, 45 if op.label == PAID else 10, devnet, seen)
            if op.label == PAID:
                _explore(op, GenerationMode.NEGATIVE, 30, devnet, seen)
        _directed(schema, devnet, gw, provider, seen)
        document = httpx.get(gw.base + "/openapi.json").json()
        paid_calls = provider.calls
    documented = {
        f"{method.upper()} {path}": {int(status) for status in operation["responses"]}
        for path, operations_ in document["paths"].items()
        for method, operation in operations_.items()
    }
    assert {label: seen[label] for label in documented} == documented
    # the buyer paid for the 200s only: one per successful generation
    successes = paid_calls - 3  # the three directed failures were not charged
    assert before - devnet.balance(devnet.info.buyer_address) == successes * 300_000
    assert all(ref.startswith("#/components/schemas/") for ref in _refs(document))


def _refs(node: Any) -> list[str]:
    """Every $ref of the document outside its examples (which are data, not schema)."""
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [r for k, v in node.items() if k != "example" for r in _refs(v)]
    if isinstance(node, list):
        return [r for item in node for r in _refs(item)]
    return []
