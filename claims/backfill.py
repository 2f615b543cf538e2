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
from dataclasses import dataclass, field
from pathlib import Path

from crawler.ingest import Document, documents, payload_for
from extract import ExtractError
from store import EventLog, article_fetched

from .errors import ConfigError
from .stages import extraction_events


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


def process_document(doc: Document, encoding: str | None = None, pack: str = "ai_chips"):
    """(events, raw bytes) of one document, or an error message."""
    try:
        payload, body = payload_for(doc, encoding)
    except ExtractError as exc:
        return None, None, str(exc)
    article = article_fetched(payload)
    return [article, *extraction_events(article.event_id, payload, pack)], body, None


def process_partition(docs: list[Document], encoding: str | None = None,
                      pack: str = "ai_chips") -> list[tuple]:
    return [process_document(d, encoding, pack) for d in docs]


def _inputs(paths: list[str], url, published, result: BackfillResult) -> list[Document]:
    docs = []
    for name in paths:
        path = Path(name)
        result.files += 1
        if not path.is_file():
            result.errors.append(f"{name}: no such file")
            continue
        try:  # the documents read before an error are kept
            for doc in documents(path, url if len(paths) == 1 else None, published):
                docs.append(doc)
        except (OSError, ValueError) as exc:
            result.errors.append(f"{name}: cannot read ({exc})")
    return docs


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
    result = BackfillResult()
    started = time.perf_counter()
    docs = _inputs(paths, url, published, result)
    parts = [docs[i:i + partition_size] for i in range(0, len(docs), partition_size)]
    result.partitions = len(parts)
    with EventLog(db) as log:
        def record(outputs):
            for events, body, error in outputs:
                result.documents += 1
                if error:
                    result.errors.append(error)
                    continue
                added = log.append_extraction(events, blobs=[body])
                result.new_articles += int(added > 0)
                result.known += int(added == 0)
                result.claims += len(events) - 2 if added else 0

        if not workers:
            for i, part in enumerate(parts, 1):
                record(process_partition(part, encoding, pack))
                if progress:
                    progress(i, len(parts), result, time.perf_counter() - started)
        else:
            client, cluster = _client(workers)
            try:
                futures = client.map(process_partition, parts, encoding=encoding, pack=pack,
                                     retries=3, pure=False)
                for i, future in enumerate(futures, 1):  # in input order: one writer
                    record(future.result())
                    if progress:
                        progress(i, len(parts), result, time.perf_counter() - started)
            finally:
                client.close()
                if cluster is not None:
                    cluster.close()
    result.seconds = time.perf_counter() - started
    return result


def print_progress(done: int, total: int, r: BackfillResult, seconds: float) -> None:
    rate = r.documents / seconds if seconds else 0.0
    print(f"partition {done}/{total}: {r.documents} documents, {r.new_articles} new articles, "
          f"{len(r.errors)} errors, {rate:.1f} articles/s", file=sys.stderr)
