"""crawler/ingest.py and `claims ingest` / `claims extract` on bad input (issue 18, point 8):
damaged archives give what they can, every file's failure is its own line, large files are
refused before they are read, UTF-16 with a byte-order mark reads, and no command prints a
traceback."""
from __future__ import annotations

import io
import sqlite3
import subprocess
import sys

import pytest

from crawler.ingest import MAX_FILE_BYTES


def run(*args, stdin=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "claims.cli", *args], input=stdin,
                          capture_output=True, timeout=timeout)


ARTICLE = ("<html><head><title>Note {i}</title></head><body><article><p>In note {i}, the "
           "Ascend 910C is said to deliver about {v} TFLOPS of FP16 compute, according to "
           "people who have tested it.</p></article></body></html>")


def _warc(path, n=4):
    """A real .warc.gz of n HTML responses (warcio writes one gzip member per record)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for i in range(n):
        body = ARTICLE.format(i=i, v=700 + i).encode()
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"http://archive.example/note-{i}", "response", payload=io.BytesIO(body),
            http_headers=http))
    path.write_bytes(buf.getvalue())
    return path


def _urls(db):
    conn = sqlite3.connect(db)
    return {r[0] for r in conn.execute(
        "SELECT json_extract(payload, '$.url') FROM events WHERE type = 'article.fetched'")}


def _texts(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("March 3, 2026\n\nThe H100 SXM5 draws 700W at full load.\n")
    b.write_text("March 4, 2026\n\nHuawei expects about $12 billion in AI chip revenue.\n")
    return a, b


def _no_traceback(p):
    assert b"Traceback" not in p.stderr and b"Traceback" not in p.stdout, p.stderr[-2000:]


@pytest.mark.parametrize("damage", ["truncated", "corrupt"])
def test_a_damaged_archive_keeps_its_good_records_and_the_batch(tmp_path, damage):
    """Regression: `ingest a.txt b.txt trunc.warc.gz` recorded nothing and ended in a
    traceback; the records before the damage were lost too."""
    a, b = _texts(tmp_path)
    whole = _warc(tmp_path / "whole.warc.gz").read_bytes()
    members = [i for i in range(len(whole)) if whole.startswith(b"\x1f\x8b\x08", i)]
    bad = tmp_path / f"{damage}.warc.gz"
    if damage == "truncated":   # cut in the middle of the third record
        bad.write_bytes(whole[:(members[2] + members[3]) // 2])
    else:                       # garbage where the third record starts
        bad.write_bytes(whole[:members[2]] + b"\x00not gzip" * 40 + whole[members[3]:])
    db = tmp_path / "log.db"
    p = run("ingest", str(a), str(b), str(bad), "--db", str(db), "--quiet")
    _no_traceback(p)
    assert p.returncode == 1
    errors = [ln for ln in p.stderr.decode().splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and f"{damage}.warc.gz: damaged after 2 records" in errors[0]
    urls = _urls(db)
    assert {"http://archive.example/note-0", "http://archive.example/note-1"} <= urls
    assert any(u.endswith("/a.txt") for u in urls) and any(u.endswith("/b.txt") for u in urls)


def test_a_whole_archive_reads_without_errors(tmp_path):
    db = tmp_path / "log.db"
    p = run("ingest", str(_warc(tmp_path / "ok.warc.gz")), "--db", str(db), "--quiet")
    assert p.returncode == 0, p.stderr.decode()
    assert len(_urls(db)) == 4


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    """Regression: a 200 MB .txt grew past 1.1 GB of memory over minutes, silently."""
    a, _ = _texts(tmp_path)
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:   # a sparse file: its size without writing its bytes
        fh.truncate(MAX_FILE_BYTES * 10)
    db = tmp_path / "log.db"
    p = run("ingest", str(big), str(a), "--db", str(db), "--quiet", timeout=120)
    _no_traceback(p)
    assert p.returncode == 1
    errors = [ln for ln in p.stderr.decode().splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and "big.txt: 200,000,000 bytes is more than" in errors[0]
    assert any(u.endswith("/a.txt") for u in _urls(db))


def test_utf16_with_a_byte_order_mark_is_text(tmp_path):
    """Regression: UTF-16 with a BOM was refused as binary even with --encoding utf-16."""
    f = tmp_path / "wide.txt"
    f.write_bytes("March 3, 2026\n\nThe H100 SXM5 draws 700W at full load.\n".encode("utf-16"))
    for extra in (["--encoding", "utf-16"], []):
        p = run("extract", str(f), *extra)
        assert p.returncode == 0, p.stderr.decode()
        assert b'"value_text": "700W"' in p.stdout
    db = tmp_path / "log.db"
    p = run("ingest", str(f), "--encoding", "utf-16", "--db", str(db), "--quiet")
    assert p.returncode == 0, p.stderr.decode()
    assert len(_urls(db)) == 1


def test_html_without_readable_text_is_an_error(tmp_path):
    """Regression: 10 MB of nested divs gave "no text found" and exit 0 from extract."""
    f = tmp_path / "deep.html"
    depth = 300_000
    f.write_text("<html><body>" + "<div>" * depth + "figures" + "</div>" * depth +
                 "</body></html>")
    p = run("extract", str(f))
    _no_traceback(p)
    assert p.returncode == 1
    err = p.stderr.decode().strip().splitlines()
    assert len(err) == 1 and "deep.html: no text found" in err[0]
