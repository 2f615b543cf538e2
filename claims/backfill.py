"""Backfill: read archived pages (HTML and text files, WARC records) into article and claim
events, in this process or on a Dask cluster.

`process_partition` reads each document (main text, metadata: crawler/ingest.py) and extracts its
claims (extract/): pure work that returns events and raw bytes. The only writer, this process,
appends each document's events in one transaction, in input order, so the log is the same
whether the work ran here or on workers: the same event ids in the same order. Without
`workers` the same function runs in-process. With `workers` ("local:N" starts a LocalCluster on
127.0.0.1, "tcp://HOST:8786" uses a running scheduler) partitions are mapped over Dask workers;
a worker that dies loses nothing: Dask runs its partition again (retries), and deterministic
event ids make a replay harmless.
"""
from __future__ import annotations

import sys
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from crawler.ingest import Document, documents, payload_for
from extract import EXTRACTOR_VERSION, ExtractError
from store import EventLog, article_fetched

from .errors import ConfigError
from .stages import extraction_events

# about the most bytes of documents one partition holds (a partition ends at this or at
# partition_size documents, whichever comes first)
PARTITION_BYTES = 16 * 1024 * 1024


@dataclass
class BackfillResult:
    files: int = 0
    documents: int = 0
    new_articles: int = 0
    known: int = 0
    claims: int = 0
    partitions: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


def process_document(doc: Document, encoding: str | None = None, pack: str = "ai_chips",
                     read=None):
    """(events, raw bytes) of one document, or an error message. `read(article_event_id)` says
    whether this extractor version has read the article already (a rerun after a stop): then
    only the article event is returned, which the log already holds."""
    try:
        payload, body = payload_for(doc, encoding)
    except ExtractError as exc:
        return None, None, str(exc)
    article = article_fetched(payload)
    if read is not None and read(article.event_id):
        return [article], body, None
    return [article, *extraction_events(article.event_id, payload, pack)], body, None


def process_partition(docs: list[Document], encoding: str | None = None,
                      pack: str = "ai_chips", read=None) -> list[tuple]:
    return [process_document(d, encoding, pack, read) for d in docs]


def _inputs(paths: list[str], url, published, result: BackfillResult) -> Iterator[Document]:
    """The documents of every path, one at a time: a WARC's records are read as they are
    needed (warcio's ArchiveIterator on the open file), never the whole archive at once."""
    for name in paths:
        path = Path(name)
        result.files += 1
        if not path.is_file():
            result.errors.append(f"{name}: no such file")
            continue
        try:  # the documents read before an error are kept
            yield from documents(path, url if len(paths) == 1 else None, published)
        except (OSError, ValueError) as exc:
            result.errors.append(f"{name}: cannot read ({exc})")


def _partitions(docs: Iterator[Document], size: int, max_bytes: int = PARTITION_BYTES
                ) -> Iterator[list[Document]]:
    """Runs of at most `size` documents and about `max_bytes` of their bytes (a partition is
    what one worker holds at once, so large records make short partitions)."""
    part: list[Document] = []
    held = 0
    for doc in docs:
        part.append(doc)
        held += len(doc.body)
        if len(part) >= size or held >= max_bytes:
            yield part
            part, held = [], 0
    if part:
        yield part


def _client(workers: str):
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise ConfigError("--workers needs Dask: pip install 'claims-tracker[cluster]'") from None
    if workers.startswith("local:"):
        try:
            n = int(workers.split(":", 1)[1])
        except ValueError:
            raise ConfigError(f"--workers {workers!r}: write local:N, e.g. local:2") from None
        # dashboard_address=None still binds the scheduler's HTTP routes to 8787; ":0" takes
        # any free port, so two backfills (or a running Dask) never collide
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=":0")
        return Client(cluster), cluster
    if workers.startswith("tcp://"):
        return Client(workers, timeout=30), None
    raise ConfigError(f"--workers {workers!r}: write local:N or tcp://HOST:8786")


def backfill(db: str, paths: list[str], *, url: str | None = None,
             published: str | None = None, encoding: str | None = None, pack: str = "ai_chips",
             workers: str | None = None, partition_size: int = 50,
             progress=None) -> BackfillResult:
    """Record every document of `paths` with its claims. Documents stream from the files
    through partitions to the log, so memory holds a few partitions, whatever the input's size;
    each document is one transaction, so a run stopped anywhere leaves a consistent log, and a
    second run records only what the first did not (event ids are deterministic)."""
    result = BackfillResult()
    started = time.perf_counter()
    parts = _partitions(_inputs(paths, url, published, result), partition_size)
    with EventLog(db) as log:
        def record(outputs):
            result.partitions += 1
            for events, body, error in outputs:
                result.documents += 1
                if error:
                    result.errors.append(error)
                    continue
                added = log.append_extraction(events, blobs=[body])
                result.new_articles += int(added > 0)
                result.known += int(added == 0)
                result.claims += len(events) - 2 if added else 0
            if progress:
                progress(result.partitions, None, result, time.perf_counter() - started)

        if not workers:
            def read(article_event_id):
                return log.is_extracted(article_event_id, EXTRACTOR_VERSION)
            for part in parts:
                record(process_partition(part, encoding, pack, read))
        else:
            client, cluster = _client(workers)
            try:
                # a bounded window of partitions in flight, recorded in input order (one
                # writer); the next is read from the input only when one is done
                window = max(4, 2 * len(client.nthreads()))
                flying: deque = deque()
                for part in parts:
                    flying.append(client.submit(process_partition, part, encoding=encoding,
                                                pack=pack, retries=3, pure=False))
                    if len(flying) >= window:
                        record(flying.popleft().result())
                while flying:
                    record(flying.popleft().result())
            finally:
                client.close()
                if cluster is not None:
                    cluster.close()
    result.seconds = time.perf_counter() - started
    return result


def print_progress(done: int, total: int | None, r: BackfillResult, seconds: float) -> None:
    rate = r.documents / seconds if seconds else 0.0
    of = f"/{total}" if total else ""
    print(f"partition {done}{of}: {r.documents} documents, {r.new_articles} new articles, "
          f"{len(r.errors)} errors, {rate:.1f} articles/s", file=sys.stderr)
