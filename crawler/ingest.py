"""Read local files as articles: .html/.htm, .txt, and .warc/.warc.gz archives (warcio).

Like the spider, this only reads what a document says (main text, metadata, raw bytes) into an
`article.fetched` payload; claims/backfill.py records it and runs the extractor, in this process
or on Dask workers.

A file larger than MAX_FILE_BYTES (the most `claims extract` reads at once) is refused before it
is read, and so is such a WARC record. A damaged archive (truncated, corrupt) gives the records
before the damage, then a Document carrying the error, so the batch goes on.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from extract.document import canonical_url, decode, looks_like_html, read_html
from extract.errors import ExtractError
from extract.pipeline import MAX_CHARS
from store import sha256_hex

MAX_FILE_BYTES = MAX_CHARS


_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|"
           "december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_TEXT_DATE = re.compile(rf"\b({_MONTHS})\.?\s+(\d{{1,2}}),?\s+(20\d\d|19\d\d)\b", re.I)
_ISO_DATE = re.compile(r"\b(20\d\d|19\d\d)-(\d\d)-(\d\d)\b")


@dataclass
class Document:
    """One document to record: its bytes, where it came from, what the caller says of it."""
    body: bytes
    url: str
    name: str
    content_type: str | None = None
    published: str | None = None
    status: int | None = None
    fetched_at: str | None = None   # the file's mtime, the WARC record's date
    error: str | None = None        # why this file or record could not be read


def _too_big(name: str, size: int) -> str:
    return (f"{name}: {size:,} bytes is more than the {MAX_FILE_BYTES:,} ingest reads from one "
            "document; split it")


def text_date(text: str) -> str | None:
    """A date written near the top of a plain-text article ("June 22, 2026" or 2026-06-22)."""
    head = text[:1500]
    m = _TEXT_DATE.search(head)
    if m:
        try:
            month = m.group(1)[:3].title()
            return datetime.strptime(f"{month} {m.group(2)} {m.group(3)}", "%b %d %Y").date(
            ).isoformat()
        except ValueError:
            pass
    m = _ISO_DATE.search(head)
    if m:
        try:
            return datetime(int(m[1]), int(m[2]), int(m[3])).date().isoformat()
        except ValueError:
            return None
    return None


def documents(path: Path, url: str | None = None, published: str | None = None
              ) -> Iterator[Document]:
    suffixes = "".join(path.suffixes[-2:]).lower()
    if suffixes.endswith((".warc", ".warc.gz")):
        yield from _warc_documents(path)
        return
    stat = path.stat()
    if stat.st_size > MAX_FILE_BYTES:
        yield Document(b"", url or path.resolve().as_uri(), path.name,
                       error=_too_big(path.name, stat.st_size))
        return
    mtime = datetime.fromtimestamp(stat.st_mtime, timezone.utc).isoformat(timespec="seconds")
    yield Document(path.read_bytes(), url or path.resolve().as_uri(), path.name,
                   "text/html" if path.suffix.lower() in (".html", ".htm") else None, published,
                   None, mtime)


def _warc_documents(path: Path) -> Iterator[Document]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed
    size, records = path.stat().st_size, 0
    with path.open("rb") as fh:
        archive = ArchiveIterator(fh)
        try:
            for record in archive:
                doc = _warc_document(path, record)
                records += 1
                if doc is not None:
                    yield doc
        except _CutShort as exc:
            yield _damaged(path, records, str(exc))
            return
        except (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error) as exc:
            reason = "not a valid WARC record" if isinstance(exc, ArchiveLoadFailed) else \
                re.sub(r"[^ -~]+", "?", " ".join(str(exc).split()))[:120]
            yield _damaged(path, records, reason)
            return
        if archive.offset < size:  # a truncated archive ends early without a word
            yield _damaged(path, records, f"{size - archive.offset:,} bytes at the end "
                           "cannot be read (truncated?)")


def _damaged(path: Path, records: int, reason: str) -> Document:
    return Document(b"", path.resolve().as_uri(), path.name,
                    error=f"{path.name}: damaged after {records} record"
                    f"{'' if records == 1 else 's'} ({reason}); the "
                    "records before the damage were read")


class _CutShort(Exception):
    """A WARC record whose bytes end before its Content-Length says (a truncated file)."""


def _warc_document(path: Path, record) -> Document | None:
    if record.rec_type != "response":
        return None
    ctype = (record.http_headers.get_header("Content-Type") or "") if \
        record.http_headers else ""
    if "html" not in ctype.lower():
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI")
    name = f"{path.name}:{uri}"
    body = record.content_stream().read(MAX_FILE_BYTES + 1)
    if len(body) > MAX_FILE_BYTES:
        return Document(b"", uri, name, error=_too_big(name, record.length or len(body)))
    missing = getattr(record.raw_stream, "limit", 0) or 0  # what the record said and did not give
    if missing > 0:
        raise _CutShort(f"the record of {uri} is cut short, {missing:,} of its "
                        f"{record.length:,} bytes missing: truncated?")
    status = record.http_headers.get_statuscode() if record.http_headers else None
    return Document(body, uri, name, ctype, None, int(status) if status else None,
                    record.rec_headers.get_header("WARC-Date"))


_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.I)


def _charset(content_type: str | None) -> str | None:
    """The charset an HTTP Content-Type names (a WARC record's, "text/html; charset=..."),
    which the server sent with the bytes and so outranks a guess."""
    m = _CHARSET.search(content_type or "")
    if not m:
        return None
    import codecs
    try:
        return codecs.lookup(m.group(1)).name
    except LookupError:
        return None  # an unknown name: read it as if none was given


def payload_for(doc: Document, encoding: str | None = None) -> tuple[dict, bytes]:
    """Read one document into an article.fetched payload. Raises ExtractError when unreadable."""
    if doc.error:
        raise ExtractError(doc.error)
    text = decode(doc.body, encoding or _charset(doc.content_type), name=doc.name)
    is_html = (doc.content_type or "").find("html") >= 0 or looks_like_html(text)
    if is_html:
        page = read_html(text, url=doc.url)
        main, date, date_source = page.text, page.published_at, page.date_source
        meta = {"title": page.title, "site_name": page.site_name, "author": page.author,
                "language": page.language}
        canon = page.canonical_url or canonical_url(doc.url)
    else:
        main = text
        first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
        meta = {"title": first[:300] or None, "site_name": None, "author": None,
                "language": None}
        date = text_date(text)
        date_source = "text" if date else None
        canon = canonical_url(doc.url) if not doc.url.startswith("file:") else doc.url
    if not main.strip():
        raise ExtractError(f"{doc.name}: no text found")
    if doc.published:
        date, date_source = doc.published, "given"
    payload = {"source": "ingest", "url": doc.url, "final_url": doc.url, "canonical_url": canon,
               "status": doc.status, "content_type": doc.content_type, **meta, "text": main,
               "published_at": date, "date_source": date_source,
               "fetched_at": doc.fetched_at or datetime.now(timezone.utc).isoformat(
                   timespec="seconds"),
               "blob_sha256": sha256_hex(doc.body), "size": len(doc.body),
               "text_sha256": sha256_hex(main)}
    return payload, doc.body
