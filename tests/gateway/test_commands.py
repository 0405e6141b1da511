"""`synthforge serve` on the embedded default, paid from another process; `generate`; `ledger`."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import httpx
from PIL import Image
from x402.http.clients import x402HttpxClient

from synthforge.devnet import devnet_buyer, read_devnet_file

from ..processes import SYNTHFORGE, clean_env, running


async def test_serve_generate_and_ledger_on_the_embedded_default(tmp_path: Path):
    home = tmp_path / "state"
    env = clean_env(SYNTHFORGE_HOME=str(home), SYNTHFORGE_BUYER__JOURNAL=str(tmp_path / "spend.db"))
    with running(["serve", "--port", "0"], env, cwd=tmp_path) as server:
        base = server.wait_for(r"gateway on (http://127\.0\.0\.1:\d+)").group(1)
        assert "embedded default" in server.output and "source: local" in server.output
        assert httpx.get(base + "/healthz").json()["status"] == "ok"
        info = read_devnet_file(home / "devnet.json")

        async with x402HttpxClient(devnet_buyer(info), timeout=60) as client:
            paid = await client.post(base + "/v1/image-generate-ultra", json={"prompt": "a fox"})
        assert paid.status_code == 200, paid.text

        def command(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [*SYNTHFORGE, *args], env={**env, "COLUMNS": "200"}, cwd=tmp_path,
                capture_output=True, text=True, timeout=120,
            )  # fmt: skip

        quote = command("generate", "a lighthouse", "--tier", "grok-sota", "--url", base,
                        "--dry-run", "--json")  # fmt: skip
        assert quote.returncode == 0, quote.stderr
        assert json.loads(quote.stdout)["price_usd"] == "0.30"

        out = tmp_path / "lighthouse.png"
        generated = command("generate", "a lighthouse", "--tier", "grok-sota", "--size",
                            "640x480", "--url", base, "--out", str(out))  # fmt: skip
        assert generated.returncode == 0, generated.stderr
        assert "paid $0.30 · tx 0x" in generated.stdout and f"saved {out}" in generated.stdout
        assert Image.open(io.BytesIO(out.read_bytes())).size == (640, 480)

        as_json = command("generate", "a harbour", "--url", base, "--json")
        assert json.loads(as_json.stdout)["payment"]["amount"] == "300000"

        wallet = command("wallet")
        assert info.buyer_address in wallet.stdout
        assert "spent       $0.60" in wallet.stdout  # the two calls this CLI paid
        assert "test USDC on eip155:31337" in wallet.stdout

        summary = subprocess.run(
            [*SYNTHFORGE, "ledger"], env={**env, "COLUMNS": "200"}, cwd=tmp_path,
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert summary.returncode == 0, summary.stderr
        rows = {
            line.split("│")[2].strip(): line
            for line in summary.stdout.splitlines()
            if "image-generate-ultra" in line
        }
        assert set(rows) == {"nano-banana", "grok-sota"}
        assert "$0.30" in rows["grok-sota"]

        assert server.stop() == 0, server.output
    assert not (home / "devnet.json").exists()
