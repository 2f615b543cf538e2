"""Shared fixtures: the demo site on a free loopback port, a log crawled from it once, and a
check that no test leaves a process behind."""
from __future__ import annotations

import ctypes
import os
import signal
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

from claims import stages
from claims.demo_server import DemoSite

from .logs import copy_log

SHARED = Path(__file__).resolve().parents[2] / "shared"
PR_SET_CHILD_SUBREAPER = 36
# helpers multiprocessing starts once per interpreter (Dask's nannies use it); they live as long
# as the test run and end with it
SINGLETONS = ("multiprocessing.resource_tracker", "multiprocessing.forkserver")


def _children() -> dict[int, str]:
    """Live (not zombie) child processes of this one: {pid: command line}."""
    me, out = os.getpid(), {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
            state, ppid = stat.rsplit(")", 1)[1].split()[:2]
            if int(ppid) == me and state != "Z":
                cmd = Path(entry.path, "cmdline").read_bytes().replace(b"\0", b" ")
                out[int(entry.name)] = cmd.decode(errors="replace").strip()[:200]
        except (OSError, ValueError, IndexError):
            continue  # it ended while we looked
    return out


# a per-example deadline measures the machine, not the code: on a loaded 2-core machine the
# first example (which builds the spaCy pipeline) takes half a second; pytest-timeout ends hangs
settings.register_profile("claims", deadline=None)
settings.load_profile("claims")
# Hypothesis keeps its example database and caches (written while tests are collected) in a
# temp folder removed when the run ends, not in a .hypothesis folder of the checkout
_HYPOTHESIS_HOME = tempfile.TemporaryDirectory(prefix="claims-tests-hypothesis-")
set_hypothesis_home_dir(_HYPOTHESIS_HOME.name)


def _outliving(exclude=(), grace: float = 0) -> dict[int, str]:
    """Children (not multiprocessing's helpers) still running after up to `grace` seconds."""
    deadline = time.monotonic() + grace
    while True:
        left = {p: c for p, c in _children().items()
                if p not in exclude and not any(name in c for name in SINGLETONS)}
        if not left or time.monotonic() >= deadline:
            return left
        time.sleep(0.1)


@pytest.fixture(scope="session", autouse=True)
def no_process_left_behind():
    """Fail the run when a process started by a test outlives the test run's own fixtures,
    naming the module that started it; the leftovers are killed. Linux: the test run becomes the
    subreaper of its descendants, so a grandchild whose parent exited (a server started by a
    command that was stopped) is seen too, instead of being lost to init."""
    if not Path("/proc/self/stat").exists():
        yield {}
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    started_in: dict[int, str] = {}
    yield started_in
    left = _outliving(grace=20)  # every other fixture has been torn down by now
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
    assert not left, "processes left running by the tests: " + "; ".join(
        f"{pid} (started during {started_in.get(pid, '?')}): {cmd}" for pid, cmd in left.items())


@pytest.fixture(scope="module", autouse=True)
def _processes_started_in_module(request, no_process_left_behind):
    """Remember which module started a process that outlives it (a session fixture's server
    may, legitimately; anything else is reported at the end of the run)."""
    before = set(_children())
    yield
    for pid in _outliving(exclude=before, grace=10):
        no_process_left_behind.setdefault(pid, request.module.__name__)


@pytest.fixture(scope="session")
def demo_site():
    with DemoSite(port=0) as site:
        yield site


@pytest.fixture(scope="session")
def crawled(tmp_path_factory, demo_site):
    """A log holding one crawl of the demo site, extracted and projected, plus its snapshot."""
    root = tmp_path_factory.mktemp("crawled")
    db = root / "demo-log.db"
    stats = stages.crawl(str(db), feeds=demo_site.feeds(), sitemaps=demo_site.sitemaps(),
                         settings={"CLAIMS_RUN_ID": "test"}, quiet=True)
    stages.extract_pending(str(db), quiet=True)
    stages.refresh(str(db))
    snapshot = stages.publish_snapshot(str(db), str(root / "public" / "demo.db"))
    return {"db": db, "snapshot": snapshot, "stats": stats, "site": demo_site}


@pytest.fixture(scope="session")
def revisited(tmp_path_factory):
    """The demo's two crawls (its own site on a free port): the first, extracted; then, after
    the moment `between`, the revisit that finds one figure revised (450,000 -> 600,000)."""
    from store import utc_now
    root = tmp_path_factory.mktemp("revisited")
    db = str(root / "log.db")
    with DemoSite(port=0) as site:
        stages.crawl(db, feeds=site.feeds(), sitemaps=site.sitemaps(), quiet=True, timeout=600,
                     settings={"CLAIMS_RUN_ID": "first"})
        stages.extract_pending(db, quiet=True)
        between = utc_now()
        site.revision = 2
        stages.crawl(db, feeds=site.feeds(), sitemaps=site.sitemaps(), quiet=True, timeout=600,
                     settings={"CLAIMS_RUN_ID": "revisit", "CLAIMS_REVISIT_AFTER": 0})
    stages.extract_pending(db, quiet=True)
    stages.refresh(db)
    snapshot = stages.publish_snapshot(db, str(root / "public" / "demo.db"))
    return {"db": db, "snapshot": snapshot, "between": between, "after": utc_now()}


@pytest.fixture
def crawled_copy(crawled, tmp_path):
    """A private copy of the crawled log, for tests that write to it."""
    return copy_log(crawled["db"], tmp_path / "copy.db")


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium through Playwright, one per test module (the modules that use it
    import tests/test_browser.py, which skips them when chromium is missing)."""
    from playwright.sync_api import sync_playwright

    from .test_browser import ARGS, CHROMIUM
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def public(crawled):
    """The crawled demo's snapshot on the public (read-only) server; its base URL."""
    from .servers import ClaimsServe
    with ClaimsServe("--snapshot", str(crawled["snapshot"]), "--public") as served:
        yield served.base


@pytest.fixture
def page(browser):
    """A fresh page 1280 px wide, the width a fact-checker's laptop gives."""
    p = browser.new_page(viewport={"width": 1280, "height": 900})
    yield p
    p.close()
