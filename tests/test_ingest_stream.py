"""`claims ingest` of a .warc streams its records (issue 14's review, point 4): memory does not
grow with the archive, a run killed halfway leaves a consistent log, and a rerun records the
rest and duplicates nothing. Bad records (cut short, in another encoding, too large) are each one
line naming the file and the record, and cost none of the other records.

Regression: the backfill read every document of every file into a list before it extracted
one, so a 128 MB archive took 128 MB more memory than a 32 MB one."""
from __future__ import annotations

import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from crawler.ingest import MAX_FILE_BYTES

RECORD = ("<html><head><title>Note {i}</title></head><body><article><p>In note {i}, the Zephyr "
          "X{i} board is said to carry {gb} GB of memory, by the maker's own sheet.</p>"
          "</article>{pad}</body></html>")


def _warc(path: Path, n: int, size: int = 0, records=None) -> Path:
    """An uncompressed .warc of n HTML responses of about `size` bytes each (padded with a
    comment), or of the given (content type, body) records; written one record at a time, so
    that this process stays small."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    pad = ("<!-- " + "x" * 9990 + " -->\n") * (size // 10_000)
    records = records or (("text/html", RECORD.format(i=i, gb=40 + i % 50, pad=pad).encode())
                          for i in range(n))
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        for i, (ctype, body) in enumerate(records):
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"http://archive.example/note-{i}", "response", payload=io.BytesIO(body),
                http_headers=http))
    return path


# a small process that runs the command and writes its peak RSS (KB) to a file: measured from
# the test process itself, a forked child would start from the test process's own peak (Linux
# keeps the highest RSS across exec), and pytest with spaCy loaded is larger than an ingest
PEAK = ("import os, subprocess, sys\n"
        "p = subprocess.Popen(sys.argv[2:])\n"
        "_, status, usage = os.wait4(p.pid, 0)\n"
        "open(sys.argv[1], 'w').write(str(usage.ru_maxrss))\n"
        "sys.exit(os.waitstatus_to_exitcode(status))\n")


def _ingest(*args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "claims.cli", "ingest", *args, "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(proc: subprocess.Popen, timeout: float = 600) -> tuple[int, str]:
    """(exit code, stderr) of one `claims ingest` run."""
    _, err = proc.communicate(timeout=timeout)
    return proc.returncode, err


def _peak_of_ingest(tmp_path: Path, *args) -> tuple[int, str, int]:
    """(exit code, stderr, peak RSS in KB) of `claims ingest ARGS`."""
    out = tmp_path / "peak.txt"
    proc = subprocess.Popen([sys.executable, "-c", PEAK, str(out), sys.executable, "-m",
                             "claims.cli", "ingest", *args, "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    code, err = _finish(proc)
    return code, err, int(out.read_text())


def _count(db, sql, *params):
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchone()[0]
    finally:
        conn.close()


def test_memory_does_not_grow_with_the_archive(tmp_path):
    """Four times the archive (32 MB -> 128 MB of 2 MB records) costs at most a fifth more
    peak memory (measured: 178 -> 183 MB); reading every record first cost half as much again
    (189 -> 283 MB)."""
    small = _warc(tmp_path / "small.warc", 16, 2_000_000)
    large = _warc(tmp_path / "large.warc", 64, 2_000_000)
    assert large.stat().st_size > 3.9 * small.stat().st_size > 120_000_000
    peaks = {}
    for path in (small, large):
        db = tmp_path / f"{path.stem}.db"
        code, err, peaks[path.stem] = _peak_of_ingest(tmp_path, str(path), "--db", str(db))
        assert code == 0, err[-2000:]
        n = 16 if path is small else 64
        assert f"{n} new articles" in err
        assert _count(db, "SELECT count(*) FROM events WHERE type = 'article.fetched'") == n
    ratio = peaks["large"] / peaks["small"]
    assert ratio < 1.2, f"peak RSS {peaks}: x{ratio:.2f} for 4x the archive"


def _consistent(db) -> int:
    """The log after a kill: intact, and every recorded article with its claims' marker (an
    article and its reading are one transaction). Returns the articles recorded."""
    assert _count(db, "PRAGMA integrity_check") == "ok"
    articles = _count(db, "SELECT count(*) FROM events WHERE type = 'article.fetched'")
    read = _count(db, "SELECT count(*) FROM events a WHERE a.type = 'article.fetched' AND "
                  "EXISTS (SELECT 1 FROM events x WHERE x.type = 'article.extracted' AND "
                  "x.key = a.event_id)")
    orphans = _count(db, "SELECT count(*) FROM events c WHERE c.type = 'claim.extracted' AND "
                     "NOT EXISTS (SELECT 1 FROM events x WHERE x.type = 'article.extracted' "
                     "AND x.key = c.key)")
    blobs = _count(db, "SELECT count(*) FROM events a WHERE a.type = 'article.fetched' AND NOT "
                   "EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = "
                   "json_extract(a.payload, '$.blob_sha256'))")
    assert read == articles and orphans == 0 and blobs == 0
    return articles


def test_an_ingest_killed_halfway_leaves_a_consistent_log_and_a_rerun_adds_the_rest(tmp_path):
    n = 60
    warc = _warc(tmp_path / "notes.warc", n, 100_000)
    db = tmp_path / "log.db"
    proc = _ingest(str(warc), "--db", str(db))
    deadline = time.monotonic() + 300
    while True:  # kill it once some records, not all, are in the log
        if db.exists():
            try:
                done = _count(db, "SELECT count(*) FROM events WHERE type = 'article.extracted'")
            except sqlite3.OperationalError:  # not created yet
                done = 0
            if done >= 5:
                break
        assert proc.poll() is None, "the ingest ended before it could be killed"
        assert time.monotonic() < deadline, "no record was ingested"
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    first = _consistent(db)
    assert 5 <= first < n

    code, err = _finish(_ingest(str(warc), "--db", str(db)))
    assert code == 0, err[-2000:]
    assert f"{n - first} new articles, {first} already known" in err
    assert _consistent(db) == n
    # the same events as one uninterrupted run, none twice
    clean = tmp_path / "clean.db"
    code, err = _finish(_ingest(str(warc), "--db", str(clean)))
    assert code == 0, err[-2000:]
    ids = "SELECT group_concat(event_id) FROM (SELECT event_id FROM events ORDER BY event_id)"
    assert _count(db, ids) == _count(clean, ids)
    assert _count(db, "SELECT count(*) FROM events") == _count(clean,
                                                               "SELECT count(*) FROM events")


def _errors(err: str) -> list[str]:
    return [ln for ln in err.splitlines() if ln.startswith("error:")]


def test_bad_records_are_one_line_each_and_cost_no_other_record(tmp_path):
    """A record in Latin-1 that says so in its Content-Type is read in Latin-1; one that says
    nothing and is not UTF-8, and one over the size limit, are each one error line naming the
    archive and the record; the records between them are recorded."""
    good = RECORD.format(i=0, gb=48, pad="").encode()
    latin = ("<html><body><article><p>La carte Zéphyr X5 porte 96 Go de mémoire, selon "
             "la fiche du fabricant.</p></article></body></html>").encode("latin-1")
    huge = RECORD.format(i=9, gb=12, pad="<!-- " + "y" * (MAX_FILE_BYTES + 10) + " -->").encode()
    after = RECORD.format(i=3, gb=64, pad="").encode()
    warc = _warc(tmp_path / "mixed.warc", 0, records=[
        ("text/html", good), ("text/html; charset=ISO-8859-1", latin), ("text/html", latin),
        ("text/html", huge), ("text/html", after)])
    db = tmp_path / "log.db"
    code, err = _finish(_ingest(str(warc), "--db", str(db)))
    assert code == 1 and "Traceback" not in err, err[-2000:]
    errors = _errors(err)
    assert len(errors) == 2, errors
    assert errors[0].startswith("error: mixed.warc:http://archive.example/note-2: not valid "
                                "UTF-8") and "--encoding" in errors[0]
    assert errors[1].startswith("error: mixed.warc:http://archive.example/note-3: ") and \
        "is more than the" in errors[1]
    conn = sqlite3.connect(db)
    texts = dict(conn.execute("SELECT json_extract(payload, '$.url'), "
                              "json_extract(payload, '$.text') FROM events "
                              "WHERE type = 'article.fetched'"))
    assert set(texts) == {f"http://archive.example/note-{i}" for i in (0, 1, 4)}
    assert "Zéphyr X5 porte 96 Go de mémoire" in texts["http://archive.example/note-1"]


def test_an_archive_cut_in_a_record_keeps_the_records_before_it_and_the_batch(tmp_path):
    """An uncompressed .warc cut in the middle of its third record (the .warc.gz case is in
    test_ingest_input): one line naming the file, the two whole records and the next file
    recorded, the cut record not recorded as a shorter article."""
    whole = _warc(tmp_path / "whole.warc", 4, 20_000).read_bytes()
    starts = [i for i in range(len(whole)) if whole.startswith(b"WARC/1.", i)]
    cut = tmp_path / "cut.warc"
    cut.write_bytes(whole[:(starts[2] + starts[3]) // 2])
    other = tmp_path / "other.txt"
    other.write_text("March 3, 2026\n\nThe Zephyr X7 board carries 32 GB of memory.\n")
    db = tmp_path / "log.db"
    code, err = _finish(_ingest(str(cut), str(other), "--db", str(db)))
    assert code == 1 and "Traceback" not in err, err[-2000:]
    errors = _errors(err)
    assert len(errors) == 1 and errors[0].startswith("error: cut.warc: damaged after 2 records")
    urls = {r[0] for r in sqlite3.connect(db).execute(
        "SELECT json_extract(payload, '$.url') FROM events WHERE type = 'article.fetched'")}
    assert {"http://archive.example/note-0", "http://archive.example/note-1"} < urls
    assert "http://archive.example/note-2" not in urls
    assert any(u.endswith("/other.txt") for u in urls)
