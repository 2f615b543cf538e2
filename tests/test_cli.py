"""The `claims` command: output shapes, exit codes and one-line errors."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import time


from claims.cli import main


def run(*args, stdin=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "claims.cli", *args], input=stdin,
                          capture_output=True, timeout=timeout)


def test_extract_prints_jsonl_from_a_file(tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_text("The H100 SXM5 draws 700W.")
    assert main(["extract", str(f)]) == 0
    lines = capsys.readouterr().out.splitlines()
    claim = json.loads(lines[0])
    assert claim["doc"] == "a.txt" and claim["value"] == 700.0 and claim["unit"] == "W"


def test_extract_reads_stdin():
    p = run("extract", "-", stdin=b"Huawei expects about $12 billion in 2026.")
    assert p.returncode == 0
    assert json.loads(p.stdout.splitlines()[0])["doc"] == "-"


def test_invalid_utf8_is_one_clear_line():
    p = run("extract", "-", stdin=b"caf\xe9 costs $5")
    assert p.returncode == 1
    err = p.stderr.decode().strip().splitlines()
    assert len(err) == 1 and "not valid UTF-8" in err[0] and "--encoding" in err[0]
    p = run("extract", "--encoding", "cp1252", "-", stdin=b"caf\xe9 costs $5 billion")
    assert p.returncode == 0 and json.loads(p.stdout.splitlines()[0])["value"] == 5e9


def test_binary_input_is_refused(tmp_path):
    f = tmp_path / "x.bin"
    f.write_bytes(b"\x00\x01\x02" * 100)
    p = run("extract", str(f))
    assert p.returncode == 1 and "binary" in p.stderr.decode()


def test_missing_file_is_exit_1(tmp_path):
    p = run("extract", str(tmp_path / "nope.txt"))
    assert p.returncode == 1 and "no such file" in p.stderr.decode()


def test_usage_error_is_exit_2():
    p = run("frobnicate")
    assert p.returncode == 2


def test_status_of_a_missing_log_is_exit_1(tmp_path):
    p = run("status", "--db", str(tmp_path / "none.db"))
    assert p.returncode == 1 and "no such log" in p.stderr.decode()
    assert "Traceback" not in p.stderr.decode()


def test_status_json(crawled):
    p = run("status", "--db", str(crawled["db"]), "--format", "json")
    info = json.loads(p.stdout)
    assert info["events"]["article.fetched"] == 12


def test_rebuild_gives_the_same_claims(crawled_copy):
    import sqlite3
    before = sorted(sqlite3.connect(crawled_copy).execute(
        "SELECT claim_id, value FROM claims").fetchall())
    assert run("rebuild", "--db", str(crawled_copy)).returncode == 0
    after = sorted(sqlite3.connect(crawled_copy).execute(
        "SELECT claim_id, value FROM claims").fetchall())
    assert before == after and len(after) > 30


def test_demo_twice_adds_nothing_the_second_time(tmp_path):
    """`claims demo --no-serve` ends with a snapshot named demo.db (served at /demo), and a
    second run on the same site address records no new event. What it prints matches what
    the tables then hold (issue 14: it said '103 claims from 13 new articles' over a table of
    99 rows and 12 articles, and '(one article has since been revised)' on a run that found
    nothing), and the command it suggests finds the demo's log."""
    import shlex
    import sqlite3
    p = subprocess.run([sys.executable, "-m", "claims.cli", "demo", "--no-serve",
                        "--site-port", "0"], cwd=tmp_path, capture_output=True, text=True,
                       timeout=600)
    assert p.returncode == 0, p.stderr[-2000:]
    assert (tmp_path / "public" / "demo.db").exists()
    snap = sqlite3.connect(tmp_path / "public" / "demo.db")
    claims = snap.execute("SELECT count(*) FROM claims").fetchone()[0]
    articles = snap.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert "This run recorded 12 new articles and 1 revised version." in p.stderr
    assert f"holds {articles} articles (1 revised since first seen) and {claims} claims" \
        in p.stderr
    assert "revisit: 1 pages, 0 new articles, 1 revised" in p.stderr
    # the command the demo prints works as printed, from the same folder
    line = next(ln for ln in p.stderr.splitlines() if ln.strip().startswith("claims export"))
    argv = shlex.split(line)
    out = subprocess.run([sys.executable, "-m", "claims.cli", *argv[1:]], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert re.search(r"^[1-9]\d* observations of NVIDIA H100 / FP16 compute", out.stderr, re.M)
    count = "SELECT count(*) FROM events"
    db = tmp_path / "demo-log.db"
    before = sqlite3.connect(db).execute(count).fetchone()[0]
    # the same address again: the port the system gave the first run
    port = re.search(r"Demo news site at http://127\.0\.0\.1:(\d+)/", p.stderr).group(1)
    for attempt in range(5):  # someone may hold the port for a moment: retry on collision
        again = subprocess.run([sys.executable, "-m", "claims.cli", "demo", "--no-serve",
                                "--site-port", port], cwd=tmp_path, capture_output=True,
                               text=True, timeout=600)
        if again.returncode == 0 or "in use" not in again.stderr:
            break
        time.sleep(1 + attempt)
    assert again.returncode == 0, again.stderr[-2000:]
    assert "Nothing new: the log already held every article" in again.stderr
    assert "revised version." not in again.stderr
    assert f"holds {articles} articles (1 revised since first seen) and {claims} claims" \
        in again.stderr
    assert sqlite3.connect(db).execute(count).fetchone()[0] == before


def test_a_demo_site_port_in_use_is_one_clear_line(tmp_path):
    import socket
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = str(held.getsockname()[1])
        p = run("demo", "--no-serve", "--db", str(tmp_path / "log.db"), "--site-port", port)
    err = p.stderr.decode().strip().splitlines()
    assert p.returncode == 1 and len(err) == 1, err
    assert f"127.0.0.1:{port}" in err[0] and "--site-port" in err[0]


def test_every_command_is_in_the_readme():
    """Docs beside code: a subcommand missing from the README's command table fails here."""
    from pathlib import Path
    from claims.cli import build_parser
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    sub = next(a for a in build_parser()._actions if a.__class__.__name__ == "_SubParsersAction")
    missing = [name for name in sub.choices if f"`claims {name}" not in readme]
    assert not missing, f"document these commands in README.md: {missing}"


def test_publish_writes_the_snapshot_the_demo_serves(tmp_path):
    """The demo's log (demo-log.db) publishes to public/demo.db, the file `claims demo`
    serves at /demo: a review published afterwards reaches the running server."""
    from claims.stages import snapshot_path
    assert snapshot_path(str(tmp_path / "demo-log.db")) == tmp_path / "public" / "demo.db"
    assert snapshot_path(str(tmp_path / "claims.db")) == tmp_path / "public" / "claims.db"
    assert snapshot_path(str(tmp_path / "-log.db")) == tmp_path / "public" / "-log.db"


def test_readme_sends_the_demo_user_to_the_guide(crawled):
    """issue 14: the README's demo URL (/demo) was the bare list of tables; the guide is /."""
    import asyncio
    import re
    from pathlib import Path
    from claims.cli import build_parser
    from claims.serve import datasette_app
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    line = next(ln for ln in readme.splitlines() if ln.startswith("make demo"))
    url = re.search(r"http://127\.0\.0\.1:(\d+)(/\S*)", line)
    assert url, line
    assert int(url.group(1)) == build_parser().parse_args(["demo"]).port
    page = asyncio.run(datasette_app(crawled["snapshot"], False).client.get(url.group(2)))
    assert page.status_code == 200 and "Every numeric claim" in page.text


def test_make_clean_removes_what_the_demo_writes():
    """issue 14: `make clean` left demo-log.db behind."""
    from pathlib import Path
    from claims.cli import build_parser
    from claims.stages import snapshot_path
    root = Path(__file__).resolve().parents[1]
    dry = subprocess.run(["make", "-n", "clean"], cwd=root, capture_output=True, text=True,
                         timeout=60)
    assert dry.returncode == 0, dry.stderr
    removed = dry.stdout.split()
    demo = build_parser().parse_args(["demo"])
    for path in (demo.db, f"{demo.db}-*", snapshot_path(demo.db).parts[0]):
        assert path in removed, (path, dry.stdout)
