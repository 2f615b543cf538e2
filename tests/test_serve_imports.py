"""The servers never extract, so they never load spaCy (a second or more of start-up and some
50 MB a process): what `claims serve` and `claims desk` import, and the running server itself
after its pages (a history asked by another spelling uses the pack's aliases) have answered."""
from __future__ import annotations

import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from claims.serve import CONFIG_DIR

from .servers import ClaimsServe

REPO = Path(__file__).resolve().parents[1]


def _imports_spacy(code: str) -> bool:
    """Run `code` in a fresh interpreter; whether spaCy was imported by its end."""
    probe = code + "\nimport sys\nprint('spacy' in sys.modules)\n"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip().splitlines()[-1] == "True"


def _maps_spacy(pid: int) -> bool:
    """Whether spaCy's compiled modules are mapped into a running process."""
    return "/spacy/" in Path(f"/proc/{pid}/maps").read_text()


def test_the_probe_sees_spacy_when_the_pipeline_is_imported():
    assert _imports_spacy("from extract import extract_claims")


def test_what_the_servers_import_does_not_import_spacy():
    plugins = sorted(str(p) for p in (CONFIG_DIR / "plugins").glob("*.py"))
    assert plugins
    code = (
        "import importlib.util\n"
        "import claims.cli, claims.serve, claims.desk, claims.lookup, claims.stages, extract\n"
        "from claims.errors import USER_ERRORS\n"
        "claims.lookup.aliases()\n"
        f"for path in {plugins!r}:\n"
        "    spec = importlib.util.spec_from_file_location(path.rsplit('/', 1)[1][:-3], path)\n"
        "    spec.loader.exec_module(importlib.util.module_from_spec(spec))\n"
    )
    assert not _imports_spacy(code)


def test_the_public_server_answers_its_pages_without_loading_spacy(crawled):
    if not Path("/proc/self/maps").exists():
        import pytest
        pytest.skip("needs /proc to read the server's memory map")
    name = crawled["snapshot"].stem
    with ClaimsServe("--snapshot", str(crawled["snapshot"]), "--public") as served:
        asked = urlencode({"subject": "h100", "metric": "fp16 compute"})
        for path in ("/", f"/{name}", f"/{name}/claims",
                     f"/{name}/metric_history?{asked}"):
            with urllib.request.urlopen(served.base + path, timeout=60) as r:
                assert r.status == 200, path
        # the history was sent to the log's own names by the pack's aliases
        with urllib.request.urlopen(served.base + f"/{name}/metric_history?{asked}",
                                    timeout=60) as r:
            assert "NVIDIA+H100" in r.url or "NVIDIA%20H100" in r.url, r.url
        assert not _maps_spacy(served.proc.pid)
