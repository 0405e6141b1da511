"""Gateway benchmarks, one uvicorn worker each, on this machine.

1. 402 answers per second: synthforge's POST /v1/image-generate-ultra next to the x402
   SDK's own FastAPI middleware guarding a trivial route, same load generator, same run,
   and a bare ASGI app answering a fixed 402: the most one uvicorn worker can do here.
2. The paid path with the local provider: end-to-end latency and its split (verify,
   reserve, generate, normalise, store, settle) from the gateway's Server-Timing header.

Usage: python bench/gateway.py [SECONDS] [PAID_CALLS]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from x402.http.clients import x402HttpxClient

from load import run_load
from procs import Started, announced, bench_env
from synthforge.devnet import DevnetInfo, devnet_buyer, read_devnet_file

BODY = b'{"prompt": "a red fox in fresh snow, golden hour"}'
CONNECTIONS = 32
PHASES = ("verify", "reserve", "generate", "normalise", "store", "settle")


async def _unpaid(name: str, server: Started, seconds: float) -> float:
    url = server.url + "/v1/image-generate-ultra"
    await run_load(url, BODY, 1.0, CONNECTIONS)  # warm up
    cpu_before = server.cpu_seconds()
    result = await run_load(url, BODY, seconds, CONNECTIONS)
    cpu_us = (server.cpu_seconds() - cpu_before) / result.requests * 1e6
    assert set(result.statuses) == {402}, result.statuses
    print(f"{name:<44}{result.rate:>10.0f}{result.p50:>10.1f}{cpu_us:>12.1f}")
    return cpu_us


async def _paid(url: str, info: DevnetInfo, calls: int) -> None:
    phases: dict[str, list[float]] = {p: [] for p in PHASES}
    total: list[float] = []
    async with x402HttpxClient(devnet_buyer(info), timeout=120) as client:
        for i in range(calls + 2):
            started = time.perf_counter()
            answer = await client.post(url, json={"prompt": f"bench image {i}", "seed": i})
            elapsed = (time.perf_counter() - started) * 1000
            assert answer.status_code == 200, answer.text
            if i < 2:
                continue  # warm-up
            total.append(elapsed)
            for part in answer.headers["Server-Timing"].split(","):
                name, _, duration = part.strip().partition(";dur=")
                phases[name].append(float(duration))
    print(f"\npaid path, local provider, 1024x1024, n={calls} (median / p95 ms)")
    for name in PHASES:
        print(f"  {name:<12}{statistics.median(phases[name]):>8.1f}{_p95(phases[name]):>8.1f}")
    print(f"  {'end to end':<12}{statistics.median(total):>8.1f}{_p95(total):>8.1f}"
          "  (402 round trip + signing + paid request, client side)")  # fmt: skip


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
    calls = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "state"
        env = bench_env(SYNTHFORGE_HOME=str(home))
        gateway = announced(
            ["-m", "synthforge", "serve", "--port", "0"], env, Path(tmp), r"gateway on (\S+) "
        )
        with gateway as ours:
            info = read_devnet_file(home / "devnet.json")
            facilitator = announced(
                ["-m", "synthforge", "facilitator", "--devnet", "--port", "0"], env, Path(tmp),
                r"facilitator for \S+ on (\S+) ",
            )  # fmt: skip
            with facilitator as started:
                sdk_args = [str(Path(__file__).with_name("sdk_app.py")), started.url,
                            info.network, info.token, info.pay_to]  # fmt: skip
                bare_args = [str(Path(__file__).with_name("bare_app.py"))]
                with (
                    announced(sdk_args, env, Path(tmp), r"sdk app on (\S+)") as sdk,
                    announced(bare_args, env, Path(tmp), r"bare app on (\S+)") as bare,
                ):
                    asyncio.run(_compare(ours, sdk, bare, seconds))
            asyncio.run(_paid(ours.url + "/v1/image-generate-ultra", info, calls))


async def _compare(ours: Started, sdk: Started, bare: Started, seconds: float) -> None:
    print(f"unpaid POST -> 402, {CONNECTIONS} keep-alive connections, {seconds:.0f} s each")
    print("(req/s moves with this shared machine's load; server CPU per request holds still)")
    print(f"{'':<44}{'req/s':>10}{'p50 ms':>10}{'CPU us/req':>12}")
    ours_us = await _unpaid("synthforge", ours, seconds)
    sdk_us = await _unpaid("x402 SDK FastAPI middleware, trivial route", sdk, seconds)
    bare_us = await _unpaid("bare ASGI sending the same 402 bytes", bare, seconds)
    print(f"{'synthforge vs SDK (CPU per 402)':<44}{sdk_us / ours_us:>9.1f}x cheaper")
    print(f"{'synthforge own work per 402':<44}{ours_us - bare_us:>9.1f} us above the ceiling")


if __name__ == "__main__":
    main()
