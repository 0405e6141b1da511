"""Start a command, wait for the URL it announces, stop it afterwards."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


def bench_env(**extra: str) -> dict[str, str]:
    """This environment without SYNTHFORGE_* settings, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SYNTHFORGE_")}
    return {**env, **extra}


@dataclass(frozen=True)
class Started:
    url: str
    pid: int

    def cpu_seconds(self) -> float:
        """User + system CPU the process has used so far."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def announced(args: list[str], env: dict[str, str], cwd: Path, pattern: str) -> Iterator[Started]:
    """Run `python ARGS` until the block ends; yields the URL it announces and its pid."""
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
        yield Started(found.group(1), process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)
