"""Settings: environment over TOML over defaults; every bad value named at once; no secret shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from synthforge.settings import ConfigError, load_settings


@pytest.fixture(autouse=True)
def _no_ambient_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    for name in list(__import__("os").environ):
        if name.startswith("SYNTHFORGE_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def test_environment_beats_toml_beats_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    config = tmp_path / "synthforge.toml"
    config.write_text(
        '[facilitator]\nport = 9100\nnetwork = "eip155:8453"\n[devnet]\nport = 8545\n'
    )
    monkeypatch.setenv("SYNTHFORGE_FACILITATOR__PORT", "9200")

    settings = load_settings()  # ./synthforge.toml is picked up

    assert settings.facilitator.port == 9200
    assert settings.facilitator.network == "eip155:8453"
    assert settings.devnet.port == 8545
    assert settings.devnet.chain_id == 31337


def test_config_named_by_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    config = tmp_path / "elsewhere.toml"
    config.write_text('home = "/srv/synthforge"\n')
    monkeypatch.setenv("SYNTHFORGE_CONFIG", str(config))
    assert load_settings().devnet_file == Path("/srv/synthforge/devnet.json")


def test_every_invalid_value_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    config = tmp_path / "bad.toml"
    config.write_text('[facilitator]\nport = "many"\nworkers = 0\n[devnet]\ncolour = "blue"\n')
    with pytest.raises(ConfigError) as raised:
        load_settings(config)
    text = " | ".join(raised.value.problems)
    assert "facilitator.port" in text
    assert "facilitator.workers" in text
    assert "devnet.colour" in text


def test_missing_config_file_is_an_error(tmp_path: Path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.toml")


def test_key_from_file_and_secrets_never_printed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    key = "0x" + "ab" * 32
    key_file = tmp_path / "gas.key"
    key_file.write_text(key + "\n")
    monkeypatch.setenv("SYNTHFORGE_FACILITATOR__PRIVATE_KEY_FILE", str(key_file))
    monkeypatch.setenv("SYNTHFORGE_FACILITATOR__RPC_URL", "https://rpc.example/v2/SECRET")
    monkeypatch.setenv("SYNTHFORGE_FACILITATOR__NETWORK", "eip155:8453")

    settings = load_settings()

    assert settings.facilitator.problems() == []
    assert settings.facilitator.key() is not None
    assert settings.facilitator.key().get_secret_value() == key  # type: ignore[union-attr]
    shown = repr(settings) + str(settings.model_dump())
    assert "SECRET" not in shown and "ab" * 32 not in shown


def test_key_problems(tmp_path: Path):
    both = load_settings(
        facilitator={"private_key": "0x" + "1" * 64, "private_key_file": str(tmp_path / "k")}
    )
    assert "only one of" in " ".join(both.facilitator.problems())
    short = load_settings(facilitator={"private_key": "0x1234", "network": "base"})
    problems = " ".join(short.facilitator.problems())
    assert "not a 32-byte hex private key" in problems
    assert "not a CAIP-2 EVM network" in problems
