"""`synthforge routes`: what an operator reads before taking money."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..processes import SYNTHFORGE, clean_env


def _routes(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SYNTHFORGE, "routes"], env=clean_env(COLUMNS="200", **env), cwd=tmp_path,
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_keys_and_thin_margins_are_shown(tmp_path: Path):
    done = _routes(tmp_path, VENICE_API_KEY="v-key")
    assert done.returncode == 0, done.stderr
    lines = {line.split("│")[3].strip(): line for line in done.stdout.splitlines() if "│" in line}
    assert "yes" in lines["venice:recraft-v4-pro"] and "3%" in lines["venice:recraft-v4-pro"]
    assert "no (XAI_API_KEY)" in lines["xai:grok-imagine-image-quality"]
    assert "recraft-pro via venice:recraft-v4-pro: margin 3% is under 10%" in done.stdout
    assert "v-key" not in done.stdout


def test_a_configured_network_without_keys_warns_of_503s(tmp_path: Path):
    done = _routes(tmp_path, SYNTHFORGE_GATEWAY__NETWORK="eip155:8453")
    assert done.returncode == 0, done.stderr
    assert "tier gpt has no route with a key: its calls will answer 503" in done.stdout
    assert "local:local-procedural" not in done.stdout


def test_bad_route_settings_are_named(tmp_path: Path):
    (tmp_path / "synthforge.toml").write_text('[gateway.routes]\ngpt = ["openai-gpt-image-2"]\n')
    done = _routes(tmp_path)
    assert done.returncode == 2
    assert (
        "gateway.routes.gpt: route 'openai-gpt-image-2' is not provider:model@cost" in done.stderr
    )
