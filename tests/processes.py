"""Run synthforge commands as real child processes and wait for them to say they are ready."""

from __future__ import annotations

import os
import re
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SYNTHFORGE = [sys.executable, "-m", "synthforge"]


def clean_env(**extra: str) -> dict[str, str]:
    """This environment without SYNTHFORGE_* variables, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SYNTHFORGE_")}
    env.update(extra)
    return env


class Child:
    """A started command: its process and everything it printed so far."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.output = ""

    def wait_for(self, pattern: str, timeout: float = 30) -> re.Match[str]:
        """Read output until `pattern` matches; fail with the output if it exits or stalls."""
        deadline = time.monotonic() + timeout
        selector = selectors.DefaultSelector()
        assert self.process.stdout is not None
        selector.register(self.process.stdout, selectors.EVENT_READ)
        try:
            while True:
                found = re.search(pattern, self.output)
                if found:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no {pattern!r} within {timeout}s:\n{self.output}")
                if selector.select(timeout=left):
                    line = self.process.stdout.readline()
                    if not line:
                        self.process.wait()
                        raise AssertionError(
                            f"exited {self.process.returncode} before {pattern!r}:\n{self.output}"
                        )
                    self.output += line
        finally:
            selector.close()

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15) -> int:
        """Signal the process, collect the rest of its output, return its exit status."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        rest, _ = self.process.communicate(timeout=timeout)
        self.output += rest or ""
        return self.process.returncode


@contextmanager
def running(args: list[str], env: dict[str, str], cwd: Path | None = None) -> Iterator[Child]:
    """Start `synthforge ARGS`, merged stdout+stderr, and make sure it is gone afterwards."""
    process = subprocess.Popen(
        SYNTHFORGE + args,
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    child = Child(process)
    try:
        yield child
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=15)
