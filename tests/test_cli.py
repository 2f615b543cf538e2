"""The `claims` command: output shapes, exit codes and one-line errors."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import time


import pytest


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


def test_extract_reads_this_year_against_the_date_given(tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_text("Brokers expect Acme to ship more than 70,000 Zephyr chips this year.")
    assert main(["extract", "--published", "2029-04-30", str(f)]) == 0
    claim = json.loads(capsys.readouterr().out.splitlines()[0])
    assert claim["qualifiers"]["period"] == "2029"
    p = run("extract", "--published", "April 2029", str(f))
    assert p.returncode == 2 and b"YYYY-MM-DD" in p.stderr


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


def test_status_counts_what_the_published_tables_show(crawled):
    """A newcomer found only event counts in `claims status` (claim.extracted includes
    superseded claims), nothing matching the pages."""
    import sqlite3
    snap = sqlite3.connect(crawled["snapshot"])
    claims = snap.execute("SELECT count(*) FROM claims").fetchone()[0]
    figures = snap.execute("SELECT count(*) FROM metric_groups").fetchone()[0]
    disputed = snap.execute(
        "SELECT count(*) FROM metric_groups WHERE status = 'disputed'").fetchone()[0]
    info = json.loads(run("status", "--db", str(crawled["db"]), "--format", "json").stdout)
    assert info["contents"]["claims"] == claims and info["contents"]["figures"] == figures
    assert info["contents"]["disputed"] == disputed and info["contents"]["articles"] == 12
    text = run("status", "--db", str(crawled["db"])).stdout.decode()
    assert f"{claims} claims from their newest versions, {figures} figures, {disputed} " \
        "disputed" in text


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
    line = next(ln for ln in p.stderr.splitlines() if re.match(r"\s*\S*claims export", ln))
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


# -- input errors and long inputs (issue 14) -------------------------------------------------
def test_extract_of_a_directory_says_so(tmp_path):
    p = run("extract", str(tmp_path))
    err = p.stderr.decode()
    assert p.returncode == 1 and "is a directory" in err and "no such file" not in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("content, says", [(b"", "the input is empty"),
                                           (b"  \n\n\t ", "only blank space")])
def test_extract_of_an_empty_file_says_so(tmp_path, content, says):
    f = tmp_path / "empty.txt"
    f.write_bytes(content)
    p = run("extract", str(f))
    assert p.returncode == 1 and says in p.stderr.decode() and p.stdout == b""


def test_extract_of_text_without_figures_says_none_were_found(tmp_path):
    f = tmp_path / "words.txt"
    f.write_text("Nothing here is a figure of any kind.")
    p = run("extract", str(f))
    assert p.returncode == 0 and p.stdout == b""
    assert "words.txt" in p.stderr.decode() and "no claims found" in p.stderr.decode()


def test_export_with_no_observations_says_so_and_suggests(crawled):
    """issue 14: a known subject and a known metric that never go together printed an empty
    CSV with exit 0; an unknown metric got a helpful list."""
    p = run("export", "--db", str(crawled["db"]), "--subject", "H100", "--metric", "bandwidth")
    err = p.stderr.decode()
    assert p.returncode == 1 and p.stdout == b"" and err.count("\n") == 1, err
    assert "no observations of NVIDIA H100 / bandwidth" in err
    assert "memory bandwidth" in err  # what the subject does have, closest first
    p = run("history", "--db", str(crawled["db"]), "--subject", "H100", "--metric",
            "memory bandwidth", "--qualifier", "form_factor=PCIe")
    assert p.returncode == 1 and "form_factor=PCIe" in p.stderr.decode()


def test_long_input_streams_claims_with_progress_on_stderr(tmp_path):
    """issue 14: a 5 MB text ran 50 s with no output until the end. A long plain text is read
    block by block; claims are printed as they are found, progress goes to stderr."""
    unit = "The H100 SXM5 draws 700W in a long test text, and other words follow it here.\n\n"
    text = unit * (1_300_000 // len(unit))
    f = tmp_path / "long.txt"
    f.write_text(text)
    proc = subprocess.Popen([sys.executable, "-m", "claims.cli", "extract", str(f)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        first = proc.stdout.readline()
        running = proc.poll() is None  # a claim arrived before the end
        # not communicate(): it reads the raw pipe and would skip what readline() buffered
        rest, err = proc.stdout.read(), proc.stderr.read()  # stderr: a few lines, no deadlock
        proc.wait(timeout=600)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err.decode()[-1000:]
    assert json.loads(first)["value"] == 700.0 and running
    lines = [first, *rest.splitlines()]
    assert len(lines) == text.count("700W")
    for line in lines[::997]:
        c = json.loads(line)
        assert text[c["start"]:c["end"]] == c["value_text"]
    progress = [ln for ln in err.decode().splitlines() if ln.startswith("extract: ")]
    assert sum("% of 1.3 MB read" in ln for ln in progress) >= 5, progress
    assert f"{len(lines):,} claims from 1.3 MB" in progress[-1]


def test_memory_does_not_grow_with_the_input(tmp_path):
    """Streaming holds one block and one chunk: four times the text, about the same peak."""
    import tracemalloc
    from extract.pipeline import stream_claims
    from extract.stream import text_blocks
    unit = "Huawei expects about $12 billion in 2026; the 910C draws about 400 watts.\n\n"
    stream_claims  # built once below, outside the measurement
    list(stream_claims([unit]))

    def peak(copies: int) -> int:
        f = tmp_path / f"t{copies}.txt"
        f.write_text(unit * copies)
        with open(f, "rb") as fh:
            tracemalloc.start()
            n = sum(1 for _ in stream_claims(text_blocks(fh, block=8_192), chunk_chars=4_000))
            top = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        assert n == 2 * copies
        return top

    small, large = peak(200), peak(800)
    assert large < small * 1.5, (small, large)


def test_a_command_beside_the_demo_log_says_where_it_is(crawled, tmp_path):
    """issue 14: after `make demo`, `claims export` said only 'claims.db: no such log'."""
    import os

    from .logs import copy_log
    copy_log(crawled["db"], tmp_path / "demo-log.db")
    env = {k: v for k, v in os.environ.items() if k != "CLAIMS_DB"}
    p = subprocess.run([sys.executable, "-m", "claims.cli", "export", "--subject",
                        "NVIDIA H100", "--metric", "FP16 compute"], cwd=tmp_path, env=env,
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 1 and p.stderr.count("\n") == 1
    assert "claims.db: no such log" in p.stderr and "add --db demo-log.db" in p.stderr
    p = subprocess.run([sys.executable, "-m", "claims.cli", "export", "--db", "demo-log.db",
                        "--subject", "NVIDIA H100", "--metric", "FP16 compute"], cwd=tmp_path,
                       env=env, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0 and "observations of NVIDIA H100 / FP16 compute" in p.stderr


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    """`claims ... | head` once ended in a BrokenPipeError traceback."""
    text = tmp_path / "many.txt"
    text.write_text("".join(f"The X{i} accelerator delivers {100 + i} TFLOPS of FP16 compute.\n"
                            for i in range(4000)), encoding="utf-8")
    p = subprocess.Popen([sys.executable, "-m", "claims.cli", "extract", "--format", "jsonl",
                          str(text)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        first = p.stdout.readline()
        p.stdout.close()  # the reader goes away with most of the output still to come
        _, err = p.communicate(timeout=300)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    assert json.loads(first)["value"] is not None
    assert b"Traceback" not in err and b"BrokenPipe" not in err, err[-2000:]
    assert p.returncode == 0


def test_a_busy_port_is_one_line_before_any_work(tmp_path, crawled):
    """`claims demo` crawled everything, then died in uvicorn when port 8001 was taken."""
    import socket
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        db = tmp_path / "demo-log.db"
        demo = subprocess.run([sys.executable, "-m", "claims.cli", "demo", "--db", str(db),
                               "--port", str(port), "--site-port", "0"], cwd=tmp_path,
                              capture_output=True, text=True, timeout=300)
        served = subprocess.run([sys.executable, "-m", "claims.cli", "serve", "--snapshot",
                                 str(crawled["snapshot"]), "--port", str(port)],
                                capture_output=True, text=True, timeout=300)
    for p in (demo, served):
        assert p.returncode == 1, p.stderr[-2000:]
        assert f"port {port} on 127.0.0.1 is in use" in p.stderr
        assert "Traceback" not in p.stderr
    assert not db.exists()  # refused before the crawl


def test_the_demo_prints_a_command_that_runs_where_claims_is_not_on_path(tmp_path, monkeypatch):
    from claims import cli
    script = tmp_path / ".venv" / "bin" / "claims"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", [str(script), "demo"])
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert cli.claims_command() == ".venv/bin/claims"
    monkeypatch.setattr(sys, "argv", [str(tmp_path / "bin" / "cli.py")])
    assert cli.claims_command() == "claims"


@pytest.mark.parametrize("config, says", [
    ("sources: [\n", "not valid YAML"),
    ("database: log.db\nsources: 3\n", "sources: expected a list"),
])
def test_a_config_error_says_only_what_is_wrong_with_the_config(tmp_path, config, says):
    """issue 14: `claims status --config bad.yml` beside the demo's log added "the demo's log
    is demo-log.db here: add --db demo-log.db" to a YAML error; --db has nothing to do with it."""
    import os
    (tmp_path / "demo-log.db").write_bytes(b"")
    (tmp_path / "bad.yml").write_text(config)
    env = {k: v for k, v in os.environ.items() if k != "CLAIMS_DB"}
    for command in ("status", "crawl", "schedule"):
        p = subprocess.run([sys.executable, "-m", "claims.cli", command, "--config", "bad.yml"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
        assert p.returncode == 1 and p.stderr.count("\n") == 1, (command, p.stderr)
        assert p.stderr.startswith("error: bad.yml") and says in p.stderr, p.stderr
        assert "demo" not in p.stderr and "--db" not in p.stderr, p.stderr


def test_the_commands_print_figures_and_qualifiers_in_words(crawled, tmp_path):
    """issue 14: `claims history` printed qualifiers as JSON, `claims conflicts` the internal
    group key, `claims extract --format table` no qualifiers (so no period) at all."""
    from claims.labels import group_label
    db = str(crawled["db"])
    p = run("history", "--db", db, "--subject", "h100", "--metric", "fp16 compute")
    assert p.returncode == 0, p.stderr
    rows = [ln for ln in p.stdout.decode().splitlines() if re.match(r"(\d{4}-|\?)", ln)]
    assert rows and not any(c in ln for ln in rows for c in '{}"='), rows
    assert any("sparsity sparse" in ln or "sparsity dense" in ln for ln in rows), rows
    # where each claim stands, in the web history's words, with the legend of those used
    from claims.labels import STANDING_WORDS
    assert all(any(f"  {w}  " in ln for w in STANDING_WORDS) for ln in rows), rows
    legend = p.stdout.decode().splitlines()[-1]
    assert legend.startswith("Where each claim stands") and "agrees: " in legend, legend
    p = run("conflicts", "--db", db)
    assert p.returncode == 0
    out = p.stdout.decode()
    keys = [g["group_key"] for g in json.loads(run("conflicts", "--db", db, "--format",
                                                     "json").stdout)]
    assert keys and " | " not in out and "=" not in out.split("values differ")[0]
    assert all(group_label(k) in out for k in keys), out
    text = tmp_path / "figures.txt"
    text.write_text("Our sources say the Zephyr Z9 accelerator earned the maker about $3 "
                    "billion of revenue in 2027, and the NVIDIA H100 SXM reaches 989 TFLOPS "
                    "of dense FP16 compute.\n")
    p = run("extract", "--format", "table", str(text))
    assert p.returncode == 0, p.stderr
    lines = p.stdout.decode().splitlines()
    assert any("989 TFLOPS" in ln and "sparsity dense" in ln and "form factor SXM" in ln
               for ln in lines), lines
    assert any("period 2027" in ln for ln in lines), lines
