"""Start and stop an anvil process on 127.0.0.1, leaving nothing running."""

from __future__ import annotations

import ctypes
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ._accounts import ACCOUNT_COUNT, PUBLIC_TEST_MNEMONIC

__all__ = ["AnvilNotFound", "AnvilProcess", "find_anvil"]

_LISTENING = re.compile(r"Listening on ([0-9.]+):(\d+)")
_START_TIMEOUT_S = 10.0


class AnvilNotFound(Exception):
    """No anvil binary where we looked."""


def find_anvil(explicit: Path | None = None) -> Path:
    """The anvil binary: explicit, then node_modules (cwd upwards, then the source tree), PATH."""
    if explicit is not None:
        if explicit.is_file():
            return explicit
        raise AnvilNotFound(f"devnet.anvil_path {explicit} does not exist")
    os_name = {"linux": "linux", "darwin": "darwin", "win32": "win32"}.get(sys.platform, "")
    machine = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}
    arch = machine.get(platform.machine().lower(), "")
    relative = Path("node_modules/@foundry-rs") / f"anvil-{os_name}-{arch}" / "bin" / "anvil"
    roots = [Path.cwd(), *Path.cwd().parents, *Path(__file__).resolve().parents]
    for root in roots:
        if (root / relative).is_file():
            return root / relative
    on_path = shutil.which("anvil")
    if on_path:
        return Path(on_path)
    raise AnvilNotFound(
        "anvil not found: run `npm install` in the synthforge checkout (package.json pins "
        "@foundry-rs/anvil), or set SYNTHFORGE_DEVNET__ANVIL_PATH"
    )


def _die_with_parent() -> None:
    # Linux: the kernel sends SIGTERM to anvil if the Python process dies, even by SIGKILL.
    if sys.platform == "linux":
        pr_set_pdeathsig = 1
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)


class AnvilProcess:
    """One anvil child process; `rpc_url` is valid between start() and stop()."""

    def __init__(self, binary: Path, host: str, port: int, chain_id: int) -> None:
        self._args = [
            str(binary),
            "--host", host,
            "--port", str(port),
            "--chain-id", str(chain_id),
            "--mnemonic", PUBLIC_TEST_MNEMONIC,
            "--accounts", str(ACCOUNT_COUNT),
        ]  # fmt: skip
        self._process: subprocess.Popen[bytes] | None = None
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as anvil
        self.rpc_url = ""

    def start(self) -> str:
        """Start anvil, wait until it listens, and return its RPC URL."""
        # anvil logs every RPC call: into a file, never a pipe that could fill and stall it.
        self._process = subprocess.Popen(
            self._args,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent,
        )
        deadline = time.monotonic() + _START_TIMEOUT_S
        while time.monotonic() < deadline:
            found = _LISTENING.search(self._output())
            if found:
                self.rpc_url = f"http://{found.group(1)}:{found.group(2)}"
                return self.rpc_url
            if self._process.poll() is not None:
                break
            time.sleep(0.005)
        output = self._output()[-2000:]
        self.stop()
        raise RuntimeError(f"anvil did not start: {output or 'no output'}")

    def _output(self) -> str:
        self._log.seek(0)
        return self._log.read().decode(errors="replace")

    def stop(self) -> None:
        """Stop anvil and wait for it to be gone."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._log.close()

    @property
    def pid(self) -> int | None:
        """The anvil process id while it runs."""
        return self._process.pid if self._process else None
