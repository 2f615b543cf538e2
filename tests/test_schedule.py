"""sources.yml and `claims schedule`: validation, runs, restarts, overlap, failures, status."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

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
    # a first run of the demo (crawl, extract, reconcile, publish, beside two other sources)
    # takes about 6 s here; 12 s leaves room for a second run on a loaded CI machine
    p = subprocess.run([sys.executable, "-m", "claims.cli", "schedule", "--config", str(config),
                        "--run-now", "--max-runtime", "12"], capture_output=True, text=True,
                       timeout=180)
    yield {"config": config, "first": p, "db": tmp / "log.db", "tmp": tmp}
    slow.close()


def _runs(db, name):
    conn = sqlite3.connect(db)
    return [json.loads(r[0]) for r in conn.execute(
        "SELECT payload FROM events WHERE type = 'crawl.finished' AND "
        "json_extract(payload, '$.source_name') = ? ORDER BY seq", (name,))]


def test_at_least_two_runs_are_recorded(scheduled):
    assert scheduled["first"].returncode == 0, scheduled["first"].stderr[-2000:]
    runs = _runs(scheduled["db"], "demo")
    assert len(runs) >= 2 and len({r["run_id"] for r in runs}) == len(runs)
    assert runs[0]["new_articles"] == 12 and runs[-1]["new_articles"] == 0
    assert (scheduled["tmp"] / "public" / "snap.db").exists()


def test_a_broken_source_is_reported_and_the_others_run(scheduled):
    err = scheduled["first"].stderr
    assert "broken: 0 pages, 0 new articles" in err and "1 errors" in err
    assert "demo: 12 pages, 12 new articles" in err


def test_a_long_run_is_not_overlapped(scheduled):
    err = scheduled["first"].stderr
    assert "maximum number of running instances reached" in err
    # each run takes about 3 s: in 7 s at most three can have finished
    assert 1 <= len(_runs(scheduled["db"], "slow")) <= 3


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
