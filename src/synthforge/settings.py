"""The one place every knob is read: `SYNTHFORGE_*` environment variables and a TOML file.

Precedence, highest first: keyword arguments, environment (`SYNTHFORGE_FACILITATOR__PORT=9000`),
the TOML file (`--config`, else `$SYNTHFORGE_CONFIG`, else `./synthforge.toml` when present),
defaults. Nothing else in the package reads `os.environ`.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, SecretStr, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

__all__ = [
    "BuyerSettings",
    "ConfigError",
    "DevnetSettings",
    "FacilitatorSettings",
    "GatewaySettings",
    "ProviderKeys",
    "ProviderSettings",
    "ProvidersSettings",
    "Settings",
    "load_provider_keys",
    "load_settings",
]

DEFAULT_CONFIG_FILE = "synthforge.toml"


class ConfigError(Exception):
    """Configuration that cannot work; `problems` lists every reason at once."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


class _Section(BaseModel):
    # a misspelt key is an error, not a silently ignored setting
    model_config = ConfigDict(extra="forbid")


class DevnetSettings(_Section):
    """The local development chain (anvil + test USDC)."""

    host: str = "127.0.0.1"
    port: int = Field(default=0, ge=0, le=65535, description="0 picks a free port")
    chain_id: int = Field(default=31337, gt=0)
    buyer_funds: int = Field(
        default=1_000_000_000, ge=0, description="test USDC minted to the buyer, atomic units"
    )
    anvil_path: Path | None = Field(
        default=None, description="anvil binary; default: node_modules/@foundry-rs, then PATH"
    )


class FacilitatorSettings(_Section):
    """The self-hosted x402 facilitator: one chain, one gas key, one process."""

    host: str = "127.0.0.1"
    port: int = Field(default=8403, ge=0, le=65535)
    network: str | None = Field(default=None, description="CAIP-2, e.g. eip155:8453")
    # An RPC URL often carries a provider's API key in its path: treat it as a secret.
    rpc_url: SecretStr | None = None
    private_key: SecretStr | None = None
    private_key_file: Path | None = None
    workers: int = Field(default=16, ge=1, le=256, description="threads for blocking chain calls")
    confirmation_timeout_s: float = Field(default=60.0, gt=0)

    def key(self) -> SecretStr | None:
        """The gas key, from `private_key` or the file named by `private_key_file`."""
        if self.private_key is not None:
            return self.private_key
        if self.private_key_file is not None:
            return SecretStr(self.private_key_file.read_text().strip())
        return None

    def problems(self) -> list[str]:
        """Every reason this configuration cannot run a facilitator, all at once."""
        found: list[str] = []
        if not self.network:
            found.append("facilitator.network is not set (SYNTHFORGE_FACILITATOR__NETWORK)")
        elif not _is_evm_caip2(self.network):
            found.append(
                f"facilitator.network {self.network!r} is not a CAIP-2 EVM network like eip155:8453"
            )
        if self.rpc_url is None:
            found.append("facilitator.rpc_url is not set (SYNTHFORGE_FACILITATOR__RPC_URL)")
        if self.private_key is not None and self.private_key_file is not None:
            found.append("set only one of facilitator.private_key and facilitator.private_key_file")
        elif self.private_key is None and self.private_key_file is None:
            found.append(
                "no gas key: set SYNTHFORGE_FACILITATOR__PRIVATE_KEY or "
                "SYNTHFORGE_FACILITATOR__PRIVATE_KEY_FILE"
            )
        elif self.private_key_file is not None and not self.private_key_file.is_file():
            found.append(f"facilitator.private_key_file {self.private_key_file} is not a file")
        else:
            key = self.key()
            if key is not None and not _is_private_key(key.get_secret_value()):
                found.append("the facilitator gas key is not a 32-byte hex private key")
        return found


class GatewaySettings(_Section):
    """The paid gateway. Without a network it runs the embedded default on a devnet."""

    host: str = "127.0.0.1"
    port: int = Field(default=8402, ge=0, le=65535)
    public_url: str | None = Field(
        default=None, description="base URL buyers reach; default http://host:port"
    )
    network: str | None = Field(default=None, description="CAIP-2; unset: embedded devnet")
    pay_to: str | None = None
    asset: str | None = Field(default=None, description="token address; default: USDC of network")
    asset_name: str | None = None
    asset_version: str | None = None
    asset_decimals: int = Field(default=6, ge=0, le=36)
    facilitator_url: str | None = Field(
        default=None, description="remote facilitator; unset: in-process with [facilitator] key"
    )
    database_url: str | None = Field(default=None, description="default: SQLite under home")
    images_dir: Path | None = Field(default=None, description="default: home/images")
    prices: dict[str, Decimal] = Field(
        default_factory=dict, description="USD per call by tier slug; default 0.30 each"
    )
    max_timeout_seconds: int = Field(default=300, ge=30, le=3600)
    storage: Literal["local", "fal"] = Field(
        default="local", description="local: images_dir served at /images; fal: fal's CDN"
    )
    fal_storage_url: str = Field(default="https://rest.fal.ai", description="fal's REST API")
    routes: dict[str, list[str]] = Field(
        default_factory=dict,
        description='per tier, ordered "provider:model@cost"; unset tiers use the defaults',
    )
    local_provider: bool = Field(
        default=False, description="serve tiers with the local procedural renderer (devnet: on)"
    )


class BuyerSettings(_Section):
    """The buyer tools (client, `generate`, MCP server): whom to pay, with what, how much."""

    url: str = Field(default="http://127.0.0.1:8402", description="the seller's base URL")
    private_key: SecretStr | None = None
    private_key_file: Path | None = None
    keystore_file: Path | None = Field(default=None, description="an encrypted JSON keystore")
    keystore_password: SecretStr | None = None
    max_per_call_usd: Decimal = Field(default=Decimal("1.00"), gt=0)
    budget_usd: Decimal | None = Field(default=None, gt=0, description="across processes")
    journal: Path | None = Field(default=None, description="default: user data dir")

    def key(self) -> SecretStr | None:
        """The wallet key: `private_key`, the file `private_key_file`, or the keystore."""
        if self.private_key is not None:
            return self.private_key
        if self.private_key_file is not None:
            return SecretStr(self.private_key_file.read_text().strip())
        if self.keystore_file is not None:
            from eth_account import Account

            password = self.keystore_password.get_secret_value() if self.keystore_password else ""
            try:
                key = Account.decrypt(self.keystore_file.read_text(), password)
            except ValueError:
                raise ConfigError(
                    [f"buyer.keystore_file {self.keystore_file}: wrong password or not a keystore"]
                ) from None
            return SecretStr("0x" + bytes(key).hex())
        return None

    def journal_path(self) -> Path:
        """Where spends are recorded: the setting, else the user's data directory."""
        if self.journal is not None:
            return self.journal
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        return Path(base) / "synthforge" / "spend.db"


class ProviderSettings(_Section):
    """One upstream: where it is and how long a generation may take there."""

    base_url: str | None = Field(default=None, description="default: the vendor's API")
    timeout_s: float = Field(default=120.0, gt=0, description="one generation, end to end")


class ProvidersSettings(_Section):
    """Every upstream adapter's settings; keys come from ProviderKeys."""

    venice: ProviderSettings = ProviderSettings()
    fal: ProviderSettings = ProviderSettings()
    google: ProviderSettings = ProviderSettings()
    openai: ProviderSettings = ProviderSettings()
    recraft: ProviderSettings = ProviderSettings()
    xai: ProviderSettings = ProviderSettings()


class ProviderKeys(BaseSettings):
    """Upstream API keys, from each vendor's usual environment variable."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    venice: SecretStr | None = Field(default=None, validation_alias="VENICE_API_KEY")
    fal: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("FAL_KEY", "FAL_API_KEY")
    )
    google: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("GEMINI_API_KEY", "GOOGLE_API_KEY")
    )
    openai: SecretStr | None = Field(default=None, validation_alias="OPENAI_API_KEY")
    recraft: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("RECRAFT_API_TOKEN", "RECRAFT_API_KEY")
    )
    xai: SecretStr | None = Field(default=None, validation_alias="XAI_API_KEY")

    def get(self, provider: str) -> str | None:
        """The key for `provider`, if its variable is set."""
        value = getattr(self, provider, None)
        return value.get_secret_value() if isinstance(value, SecretStr) else None


def load_provider_keys() -> ProviderKeys:
    """Read the upstream keys from the environment."""
    return ProviderKeys()


class Settings(BaseSettings):
    """Everything synthforge can be told, in one object passed down from the command."""

    model_config = SettingsConfigDict(
        env_prefix="SYNTHFORGE_",
        env_nested_delimiter="__",
        extra="forbid",
    )

    home: Path = Field(default=Path(".synthforge"), description="state: devnet.json, data")
    devnet: DevnetSettings = DevnetSettings()
    facilitator: FacilitatorSettings = FacilitatorSettings()
    gateway: GatewaySettings = GatewaySettings()
    providers: ProvidersSettings = ProvidersSettings()
    buyer: BuyerSettings = BuyerSettings()

    @property
    def devnet_file(self) -> Path:
        """Where a running devnet describes itself for other commands and tools."""
        return self.home / "devnet.json"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_file = settings_cls.model_config.get("toml_file")
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if toml_file:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=toml_file))
        return tuple(sources)


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Read the settings, naming every invalid value at once in a ConfigError."""
    path = config_file or _default_config_file()
    if path is not None and not path.is_file():
        raise ConfigError([f"config file {path} does not exist"])

    class _FromFile(Settings):
        model_config = SettingsConfigDict(**{**Settings.model_config, "toml_file": path})

    try:
        loaded = _FromFile(**overrides)
    except ValidationError as exc:
        raise ConfigError(
            [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        ) from None
    return loaded


def _default_config_file() -> Path | None:
    named = os.environ.get("SYNTHFORGE_CONFIG")
    if named:
        return Path(named)
    local = Path(DEFAULT_CONFIG_FILE)
    return local if local.is_file() else None


def _is_evm_caip2(network: str) -> bool:
    namespace, _, reference = network.partition(":")
    return namespace == "eip155" and reference.isdigit()


def _is_private_key(value: str) -> bool:
    hex_part = value.removeprefix("0x")
    return len(hex_part) == 64 and all(c in "0123456789abcdefABCDEF" for c in hex_part)
