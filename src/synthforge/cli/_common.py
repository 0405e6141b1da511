"""What every command shares: loading settings, reporting problems, stopping on SIGTERM."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console

from ..devnet import AnvilNotFound, PublicKeyOffDevnet
from ..settings import ConfigError, Settings, load_settings

__all__ = ["ConfigOption", "console", "exit_on_sigterm", "fail", "reported", "settings_from"]

console = Console(highlight=False, soft_wrap=True)
errors = Console(stderr=True, highlight=False)

ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config", help="TOML settings file (default: $SYNTHFORGE_CONFIG, ./synthforge.toml)"
    ),
]


def fail(problems: list[str]) -> NoReturn:
    """Print every problem and exit with status 2."""
    for problem in problems:
        errors.print(f"[red]error:[/red] {problem}")
    raise typer.Exit(2)


@contextmanager
def reported() -> Iterator[None]:
    """Turn configuration and environment errors into a clean message and exit 2."""
    try:
        yield
    except ConfigError as exc:
        fail(exc.problems)
    except (AnvilNotFound, PublicKeyOffDevnet) as exc:
        fail([str(exc)])


def settings_from(config: Path | None, **overrides: Any) -> Settings:
    """Settings from the file, environment and these overrides (None means not given)."""
    with reported():
        return load_settings(config, **{k: v for k, v in overrides.items() if v is not None})


def _exit(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def exit_on_sigterm() -> None:
    """Let SIGTERM unwind like Ctrl-C, so `finally` blocks stop what was started; a stop
    asked for is a clean exit (status 0)."""
    signal.signal(signal.SIGTERM, _exit)
