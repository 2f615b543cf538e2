"""`claims serve` stopped the way servers are stopped (SIGTERM from `kill` or systemd, SIGINT from
Ctrl-C) leaves no Datasette behind: the process that was started is the server itself."""
from __future__ import annotations

import os
import signal
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .servers import ClaimsServe


def _processes_naming(text: str) -> dict[int, str]:
    """Every process on the machine whose command line contains `text` (read only)."""
    found = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                cmd = Path(entry.path, "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if text in cmd:
                found[int(entry.name)] = cmd
    return found


def _descendants(pid: int) -> set[int]:
    parents = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int(
                    Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    out, todo = set(), [pid]
    while todo:
        p = todo.pop()
        kids = {c for c, pp in parents.items() if pp == p}
        out |= kids
        todo += kids
    return out


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_claims_serve_leaves_no_datasette(crawled, tmp_path, sig):
    snapshot = tmp_path / "signal-test.db"  # a path only this server's command line names
    snapshot.write_bytes(Path(crawled["snapshot"]).read_bytes())
    served = ClaimsServe("--snapshot", str(snapshot))
    try:
        running = _processes_naming(str(snapshot))
        assert running, "no process serves the snapshot"
        # the process we started is Datasette itself, not a parent waiting on one
        assert set(running) == {served.proc.pid}
        assert "datasette" in running[served.proc.pid]
        assert not _descendants(served.proc.pid)
        os.kill(served.proc.pid, sig)
        assert served.proc.wait(60) in (0, -sig)
    finally:
        served.stop()
    assert not _processes_naming(str(snapshot))
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(served.base + "/-/versions.json", timeout=5)
