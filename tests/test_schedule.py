"""sources.yml and `claims schedule`: validation, runs, restarts, overlap, failures, status."""
from __future__ import annotations

import json
import sqlite3
import signal
import subprocess
import sys
import time

import pytest

from claims.config import load_config
from claims.errors import ConfigError

from .sites import Site


def write(tmp_path, text, name="sources.yml"):
    p = tmp_path / name
    p.write_text(text)
    return p


@pytest.mark.parametrize("text, message", [
    ("sources: [\n  {name: a, feeds: [http://x.org/f]\n", "line"),
    ("database: x.db\nsorces: []\n", "line 2: sorces: unknown key"),
    ("sources: []\n", "sources: expected a list of sources"),
    ("sources:\n  - name: a\n    feeds: [http://x.org/f]\n    every: soon\n",
     "line 4: sources.[0].every: 'soon' is not a duration"),
    ("sources:\n  - name: a\n    feeds: [ftp://x.org/f]\n    every: 1h\n",
     "line 3: sources.[0].feeds: 'ftp://x.org/f' is not an http(s) URL"),
    ("sources:\n  - name: a\n    feeds: [http://x.org/f]\n    cron: '61 * * * *'\n",
     "line 4: sources.[0].cron"),
    ("sources:\n  - name: a\n    feeds: [http://x.org/f]\n", "say how often"),
    ("sources:\n  - name: a\n    every: 1h\n", "give at least one of feeds"),
    ("sources:\n  - {name: a, feeds: [http://x.org/f], every: 1h}\n"
     "  - {name: a, urls: [http://x.org/u], every: 1h}\n", "the name 'a' is used twice"),
    ("sources:\n  - name: a\n    feeds: [http://x.org/f]\n    every: 1h\n    politeness: "
     "{speed: fast}\n", "line 5: sources.[0].politeness"),
])
def test_broken_config_is_refused_with_file_line_and_key(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_example_config_is_valid():
    from pathlib import Path
    config = load_config(Path(__file__).resolve().parents[1] / "sources.example.yml")
    assert [s.name for s in config.sources] == ["chip-ledger", "silicon-wire"]
    assert config.sources[0].every == 1800 and config.sources[1].cron == "15 * * * *"
    assert config.sources[0].allowed_domains == ("chipledger.example",)


def test_broken_config_on_the_command_line_is_one_line(tmp_path):
    path = write(tmp_path, "sources: nope\n")
    p = subprocess.run([sys.executable, "-m", "claims.cli", "schedule", "--config", str(path),
                        "--max-runtime", "1"], capture_output=True, text=True)
    assert p.returncode == 1 and p.stderr.count("\n") == 1 and "sources" in p.stderr


@pytest.fixture(scope="module")
def scheduled(tmp_path_factory, demo_site):
    slow = Site()
    tmp = tmp_path_factory.mktemp("schedule")
    config = write(tmp, f"""
database: log.db
snapshot: public/snap.db
contact: https://example.org/tests
sources:
  - name: demo
    feeds: ["{demo_site.base}/feed.xml", "{demo_site.base}/atom.xml"]
    every: 1s
  - name: broken
    urls: ["http://127.0.0.1:1/nothing.html"]
    every: 1s
    politeness: {{retry_times: 0}}
  - name: slow
    urls: ["{slow.base}/slow.html"]
    every: 1s
    revisit_after: 0s
    politeness: {{download_timeout: 10, retry_times: 0}}
""")
    # Run until the events the tests need have happened (two runs of the demo, one of the
    # slow and the broken source), however slow the machine; then stop it as systemd does.
    err_path = tmp / "schedule.stderr"
    with open(err_path, "w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "claims.cli", "schedule", "--config",
                                 str(config), "--run-now"], stderr=err, text=True)
        try:
            done = wait_for(lambda: len(_runs(tmp / "log.db", "demo")) >= 2
                            and _runs(tmp / "log.db", "slow")
                            and "broken: " in err_path.read_text(), ceiling=300)
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=120)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    yield {"config": config, "returncode": proc.returncode, "stderr": err_path.read_text(),
           "waited": done, "db": tmp / "log.db", "tmp": tmp, "slow": slow}
    slow.close()


def wait_for(condition, ceiling: float) -> bool:
    """Poll until condition() is true or the ceiling (seconds) passes; True if it came."""
    deadline = time.monotonic() + ceiling
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except sqlite3.OperationalError:  # the log is not created yet
            pass
        time.sleep(0.2)
    return False


def _runs(db, name):
    if not db.exists():
        return []
    conn = sqlite3.connect(db)
    return [json.loads(r[0]) for r in conn.execute(
        "SELECT payload FROM events WHERE type = 'crawl.finished' AND "
        "json_extract(payload, '$.source_name') = ? ORDER BY seq", (name,))]


def test_at_least_two_runs_are_recorded(scheduled):
    assert scheduled["waited"], scheduled["stderr"][-2000:]
    assert scheduled["returncode"] == 0, scheduled["stderr"][-2000:]
    runs = _runs(scheduled["db"], "demo")
    assert len(runs) >= 2 and len({r["run_id"] for r in runs}) == len(runs)
    assert runs[0]["new_articles"] == 12 and runs[-1]["new_articles"] == 0
    assert (scheduled["tmp"] / "public" / "snap.db").exists()


def test_stopping_is_clean(scheduled):
    """SIGTERM while runs are going: no traceback (APScheduler's loop used to submit a due job
    to its executor after shutdown: "cannot schedule new futures after shutdown")."""
    err = scheduled["stderr"]
    assert scheduled["returncode"] == 0
    assert "Traceback" not in err and "RuntimeError" not in err, err[-3000:]
    assert "scheduler stopped" in err


def test_a_broken_source_is_reported_and_the_others_run(scheduled):
    err = scheduled["stderr"]
    assert "broken: 0 pages, 0 new articles" in err and "1 errors" in err
    assert "demo: 12 pages, 12 new articles" in err


def test_a_long_run_is_not_overlapped(scheduled):
    err = scheduled["stderr"]
    runs = _runs(scheduled["db"], "slow")
    assert runs
    # the page answers after 3 s; a run waits for it, so no two fetches of it can be closer
    hits = [t for path, t in scheduled["slow"].hits if path.startswith("/slow.html")]
    assert hits and all(b - a >= 2.9 for a, b in zip(hits, hits[1:])), hits
    # skipped runs of a 1 s schedule are said once per run, not once a second
    skipped = err.count("slow: the previous run is still going")
    assert 1 <= skipped <= len(runs) + 1, err[-2000:]
    assert "Execution of job" not in err


def test_restart_keeps_the_same_jobs(scheduled):
    p = subprocess.run([sys.executable, "-m", "claims.cli", "schedule", "--config",
                        str(scheduled["config"]), "--max-runtime", "1"], capture_output=True,
                       text=True, timeout=120)
    assert p.returncode == 0
    for name in ("demo", "broken", "slow"):
        assert f"job source:{name} kept" in p.stderr
    conn = sqlite3.connect(scheduled["tmp"] / "log-scheduler.db")
    ids = sorted(r[0] for r in conn.execute("SELECT id FROM apscheduler_jobs"))
    assert ids == ["source:broken", "source:demo", "source:slow"]


def test_status_per_source(scheduled):
    p = subprocess.run([sys.executable, "-m", "claims.cli", "status", "--config",
                        str(scheduled["config"]), "--format", "json"], capture_output=True,
                       text=True)
    info = json.loads(p.stdout)
    demo = info["sources"]["demo"]
    assert demo["last_run"]["runs"] >= 2 and demo["next_run"]
    assert info["sources"]["broken"]["last_run"]["errors"] == 1
    assert info["events"]["article.fetched"] >= 12
    first = _runs(scheduled["db"], "demo")[0]["run_id"]
    conn = sqlite3.connect(scheduled["db"])
    claims_of_first = conn.execute(
        "SELECT count(*) FROM events c JOIN events a ON a.event_id = c.key WHERE "
        "c.type = 'claim.extracted' AND json_extract(a.payload, '$.run_id') = ?",
        (first,)).fetchone()[0]
    assert claims_of_first > 30


@pytest.mark.parametrize("unit", ["claims-schedule.service", "claims-serve.service"])
def test_systemd_units_run_real_commands(unit):
    """The units' ExecStart lines are commands the CLI accepts, with the deploy config."""
    import shlex
    from pathlib import Path
    from claims.cli import build_parser
    root = Path(__file__).resolve().parents[1]
    text = (root / "deploy" / unit).read_text()
    line = next(ln for ln in text.splitlines() if ln.startswith("ExecStart="))
    argv = shlex.split(line.split("=", 1)[1])
    assert argv[0].endswith("/claims")
    args = build_parser().parse_args(argv[1:])
    assert args.config.endswith("sources.yml")
    config = load_config(root / "deploy" / "sources.yml")
    assert config.snapshot.name == "claims.db"
    if unit == "claims-serve.service":
        assert args.public and args.command == "serve"
    assert "ReadWritePaths=/srv/claims-tracker/data" in text or "ReadOnlyPaths" in text
