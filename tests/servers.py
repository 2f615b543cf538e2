"""`claims serve` as a real process on a port the system picks (port 0): no free-port guess that
another test or engineer could take between the guess and the bind."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import urllib.request

RUNNING = re.compile(r"Uvicorn running on http://127\.0\.0\.1:(\d+)")


class ClaimsServe:
    """`claims serve --port 0 ...` (or `command`: `claims desk`); `base` is its URL once it
    answers. Use as a context manager: leaving it stops the server (SIGTERM, then SIGKILL after
    a ceiling) and waits for it."""

    def __init__(self, *args: str, start_timeout: float = 120, command: str = "serve",
                 env: dict | None = None):
        self.proc = subprocess.Popen([sys.executable, "-m", "claims.cli", command, "--port", "0",
                                      *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True, env={**os.environ, **(env or {})})
        self.log: list[str] = []
        found = threading.Event()
        self.port: int | None = None

        def read():  # keep draining stderr so the server never blocks on a full pipe
            for line in self.proc.stderr:
                self.log.append(line)
                m = RUNNING.search(line)
                if m and self.port is None:
                    self.port = int(m.group(1))
                    found.set()
            found.set()
        threading.Thread(target=read, daemon=True).start()
        if not found.wait(start_timeout) or self.port is None:
            self.stop()
            raise RuntimeError("claims serve did not start: " + "".join(self.log)[-2000:])
        self.base = f"http://127.0.0.1:{self.port}"
        urllib.request.urlopen(self.base + "/robots.txt", timeout=30).read()  # /-/: not public

    def stop(self, timeout: float = 30) -> int:
        if self.proc.poll() is None:
            self.proc.terminate()
        try:
            return self.proc.wait(timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait(timeout)

    def __enter__(self) -> "ClaimsServe":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
