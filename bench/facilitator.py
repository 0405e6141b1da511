"""Facilitator latency and throughput against the devnet, over real HTTP to a real process.

Prints verify and settle latency (median, p95, sequential) and verifications and
settlements per second with concurrent callers. Usage: python bench/facilitator.py [N]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

from procs import announced, bench_env
from synthforge.devnet import Devnet, DevnetInfo, devnet_requirements, sign_devnet_payment
from synthforge.settings import DevnetSettings

PRICE = 300_000
CONCURRENCY = 16


async def _bodies(info: DevnetInfo, count: int) -> list[dict]:
    requirements = devnet_requirements(info, PRICE)
    reqs = requirements.model_dump(by_alias=True)
    bodies = []
    for _ in range(count):
        payment = await sign_devnet_payment(info, requirements)
        bodies.append(
            {
                "x402Version": 2,
                "paymentPayload": payment.model_dump(by_alias=True, exclude_none=True),
                "paymentRequirements": reqs,
            }
        )
    return bodies


async def _sequential(
    client: httpx.AsyncClient, path: str, bodies: list[dict], ok: str
) -> list[float]:
    latencies = []
    for body in bodies:
        started = time.perf_counter()
        answer = (await client.post(path, json=body)).json()
        latencies.append((time.perf_counter() - started) * 1000)
        assert answer[ok] is True, answer
    return latencies


async def _concurrent(client: httpx.AsyncClient, path: str, bodies: list[dict], ok: str) -> float:
    queue: asyncio.Queue[dict] = asyncio.Queue()
    for body in bodies:
        queue.put_nowait(body)

    async def worker() -> None:
        while not queue.empty():
            answer = (await client.post(path, json=queue.get_nowait())).json()
            assert answer[ok] is True, answer

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    return len(bodies) / (time.perf_counter() - started)


def _row(name: str, latencies: list[float]) -> str:
    p95 = statistics.quantiles(latencies, n=20)[-1]
    return f"{name:<28}{statistics.median(latencies):>10.1f}{p95:>10.1f}{len(latencies):>8}"


async def _measure(url: str, info: DevnetInfo, n: int) -> None:
    print(f"signing {4 * n} payments with the x402 SDK client ...", flush=True)
    verify_seq, settle_seq, verify_par, settle_par = [await _bodies(info, n) for _ in range(4)]
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        await _sequential(client, "/verify", (await _bodies(info, 5)), "isValid")  # warm up
        verify_ms = await _sequential(client, "/verify", verify_seq, "isValid")
        settle_ms = await _sequential(client, "/settle", settle_seq, "success")
        verify_rate = await _concurrent(client, "/verify", verify_par, "isValid")
        settle_rate = await _concurrent(client, "/settle", settle_par, "success")
    print(f"\n{'sequential (ms)':<28}{'median':>10}{'p95':>10}{'n':>8}")
    print(_row("POST /verify", verify_ms))
    print(_row("POST /settle", settle_ms))
    print(f"\nwith {CONCURRENCY} concurrent callers")
    print(f"{'verifications per second':<28}{verify_rate:>10.1f}")
    print(f"{'settlements per second':<28}{settle_rate:>10.1f}")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    # enough test USDC for every payment the run makes
    funds = DevnetSettings(buyer_funds=10 * n * PRICE)
    with Devnet(funds) as chain, tempfile.TemporaryDirectory() as tmp:
        info = chain.info
        key_file = Path(tmp) / "facilitator.key"
        key_file.write_text(info.facilitator_key)
        env = bench_env(
            SYNTHFORGE_FACILITATOR__NETWORK=info.network,
            SYNTHFORGE_FACILITATOR__RPC_URL=info.rpc_url,
            SYNTHFORGE_FACILITATOR__PRIVATE_KEY_FILE=str(key_file),
            SYNTHFORGE_FACILITATOR__PORT="0",
        )
        command = ["-m", "synthforge", "facilitator"]
        with announced(command, env, Path(tmp), r"on (http://\S+) ") as started:
            url = started.url
            print(f"devnet {info.rpc_url} (anvil, automine), facilitator {url}, n={n}")
            asyncio.run(_measure(url, info, n))


if __name__ == "__main__":
    main()
