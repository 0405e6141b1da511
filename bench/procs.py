"""Start a command, wait for the URL it announces, stop it afterwards."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def bench_env(**extra: str) -> dict[str, str]:
    """This environment without SYNTHFORGE_* settings, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SYNTHFORGE_")}
    return {**env, **extra}


@contextmanager
def announced(args: list[str], env: dict[str, str], cwd: Path, pattern: str) -> Iterator[str]:
    """Run `python ARGS` until the block ends; yields the first `pattern` group it prints."""
    process = subprocess.Popen(
        [sys.executable, *args], env=env, cwd=cwd,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    try:
        for line in process.stdout:
            found = re.search(pattern, line)
            if found:
                break
        else:
            raise SystemExit(f"{args} exited {process.wait()} without announcing itself")
        yield found.group(1)
    finally:
        process.terminate()
        process.wait(timeout=30)
