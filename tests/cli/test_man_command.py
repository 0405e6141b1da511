"""`synthforge man`: the page a gateway with these settings serves, printed or installed."""

from __future__ import annotations

import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from synthforge.devnet import Devnet, preview_devnet

from ..gateway.harness import running_gateway
from ..processes import SYNTHFORGE, clean_env

SLUG = "image-generate-ultra"
SECTIONS = ["NAME", "SYNOPSIS", "DESCRIPTION", "INPUT", "OUTPUT", "EXAMPLES", "METADATA"]
MAINNET_USDC = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"
PAY_TO = "0x209693Bc6afc0C5328bA36FaF03C514EF312287C"
MAN = shutil.which("man") or ""


def _man(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SYNTHFORGE, "man", *args], env=clean_env(HOME=str(tmp_path), **env), cwd=tmp_path,
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def _headings(page: str) -> list[str]:
    return [line.split("  ")[0] for line in page.splitlines() if line[:1].isupper()]


def _tier_row(page: str, slug: str) -> list[str]:
    return next(line.split() for line in page.splitlines() if line.split()[:1] == [slug])


def test_the_page_carries_the_configured_prices_and_url(tmp_path: Path):
    (tmp_path / "synthforge.toml").write_text(
        '[gateway]\npublic_url = "https://img.example.net"\n'
        '[gateway.prices]\n"recraft-pro" = 0.60\n'
    )
    done = _man(tmp_path, SYNTHFORGE_GATEWAY__PRICES__GPT="0.45")
    assert done.returncode == 0, done.stderr
    page = done.stdout
    assert [h for h in _headings(page) if h in SECTIONS] == SECTIONS
    assert "PRICE / CALL  from $0.30  USDC" in page
    assert _tier_row(page, "gpt")[3] == "$0.45"
    assert _tier_row(page, "recraft-pro")[3] == "$0.60"
    assert "POST https://img.example.net/v1/image-generate-ultra" in page


def test_unconfigured_it_describes_the_embedded_devnet(tmp_path: Path):
    done = _man(tmp_path)
    assert done.returncode == 0, done.stderr
    devnet = preview_devnet()
    assert "POST http://127.0.0.1:8402/v1/image-generate-ultra" in done.stdout
    assert f"asset      {devnet.token} (USD Coin" in done.stdout
    assert f"pay to     {devnet.pay_to}" in done.stdout
    assert "eip155:31337" in done.stdout


def test_a_running_devnets_description_is_preferred(tmp_path: Path):
    running = preview_devnet().model_copy(update={"token": "0x" + "ab" * 20})
    (tmp_path / ".synthforge").mkdir()
    (tmp_path / ".synthforge" / "devnet.json").write_text(json.dumps(running.model_dump()))
    done = _man(tmp_path)
    assert done.returncode == 0, done.stderr
    assert "0x" + "ab" * 20 in done.stdout


def test_a_configured_mainnet_says_base_mainnet(tmp_path: Path):
    done = _man(
        tmp_path, SYNTHFORGE_GATEWAY__NETWORK="eip155:8453", SYNTHFORGE_GATEWAY__PAY_TO=PAY_TO
    )
    assert done.returncode == 0, done.stderr
    assert "PRICE / CALL  $0.30  USDC · base mainnet · scheme: exact" in done.stdout
    assert MAINNET_USDC in done.stdout and PAY_TO in done.stdout


@pytest.mark.skipif(not MAN, reason="man is not installed")
def test_install_writes_a_page_man_finds(tmp_path: Path):
    done = _man(tmp_path, "--install", "--dir", str(tmp_path / "man"))
    assert done.returncode == 0, done.stderr
    page = tmp_path / "man" / "man1" / f"{SLUG}.1"
    assert page.is_file()
    assert str(page) in done.stdout and f"man {SLUG}" in done.stdout
    shown = subprocess.run(
        [MAN, SLUG], capture_output=True, text=True, timeout=30, check=False,
        env=clean_env(MANPATH=str(tmp_path / "man"), MANPAGER="cat", PAGER="cat", MANWIDTH="100"),
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert all(name in lines for name in [*SECTIONS, "ADJACENT", "SEE ALSO"])


def test_an_unknown_slug_names_the_known_ones(tmp_path: Path):
    done = _man(tmp_path, "image-generate-nothing")
    assert done.returncode == 2
    assert "no endpoint 'image-generate-nothing'; known: image-generate-ultra" in done.stderr
    assert done.stdout == ""


def test_prices_are_refused_as_the_gateway_refuses_them(tmp_path: Path):
    done = _man(
        tmp_path, SYNTHFORGE_GATEWAY__PRICES__FLUX="0.10", SYNTHFORGE_GATEWAY__PRICES__GPT="0"
    )
    assert done.returncode == 2
    assert "gateway.prices names unknown tier 'flux'" in done.stderr
    assert "gateway.prices.gpt must be more than 0 (got 0)" in done.stderr


def test_the_page_is_the_one_the_gateway_serves(devnet: Devnet, tmp_path: Path):
    home = tmp_path / "home"
    with running_gateway(devnet, home, prices={"gpt": Decimal("0.45")}) as gateway:
        served = httpx.get(f"{gateway.base}/man/{SLUG}", timeout=30)
        served_roff = httpx.get(f"{gateway.base}/man/{SLUG}.1", timeout=30)
    env = {
        "SYNTHFORGE_GATEWAY__PUBLIC_URL": gateway.base,
        "SYNTHFORGE_GATEWAY__PRICES__GPT": "0.45",
    }
    assert served.status_code == 200
    assert _man(tmp_path, **env).stdout == served.text
    roff = _man(tmp_path, SLUG, "--roff", **env).stdout
    assert roff.startswith(".TH IMAGE\\-GENERATE\\-ULTRA 1 ")
    assert roff == served_roff.text
