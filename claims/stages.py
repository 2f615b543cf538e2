"""The stages of the road, each a plain function: crawl (in a subprocess), extract what the log
has not read yet, advance projections, publish a snapshot."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tqdm import tqdm

from crawler.errors import CrawlError
from store import EventLog, advance, article_extracted, claim_extracted, publish

REPO_ROOT = Path(__file__).resolve().parent.parent


# a backstop, not a schedule: a crawl is bounded by its sources and politeness, so one still
# running after this long is stuck; it is stopped and the next run resumes from the log
CRAWL_TIMEOUT = 4 * 3600


def crawl(db: str, feeds=(), sitemaps=(), urls=(), allowed_domains=(), settings=None,
          quiet: bool = False, timeout: float = CRAWL_TIMEOUT) -> dict:
    """Run one crawl in a subprocess (Twisted's reactor cannot restart in one process); stop it
    (SIGTERM, then SIGKILL) after `timeout` seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        stats_path = os.path.join(tmp, "stats.json")
        cmd = [sys.executable, "-m", "crawler.run", "--db", str(db), "--stats-json", stats_path]
        for flag, values in (("--feed", feeds), ("--sitemap", sitemaps), ("--url", urls),
                             ("--allowed-domain", allowed_domains)):
            for v in values:
                cmd += [flag, v]
        for name, value in (settings or {}).items():
            cmd += ["--set", f"{name}={json.dumps(value)}"]
        proc = subprocess.Popen(cmd, stderr=subprocess.DEVNULL if quiet else None)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise CrawlError(f"the crawler process did not finish within {timeout:g} s and was "
                             "stopped; what it recorded is kept, run it again to resume") from None
        finally:
            _stop(proc)
        if proc.returncode != 0 or not os.path.exists(stats_path):
            raise CrawlError(f"the crawler process failed (exit {proc.returncode}); "
                             "run it again with the same options to resume")
        with open(stats_path, encoding="utf-8") as fh:
            return json.load(fh)


def _stop(proc: subprocess.Popen, grace: float = 30) -> None:
    """End a child process that is still running: SIGTERM (Scrapy closes cleanly), then SIGKILL."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def extraction_events(article_event_id: str, payload: dict, pack: str = "ai_chips") -> list:
    """The claim.extracted events of one recorded article, then its article.extracted marker."""
    from extract import EXTRACTOR_VERSION, claims_of_text  # spaCy: only where text is read
    found = claims_of_text(payload.get("text") or "", doc=payload["canonical_url"], pack=pack,
                           published=payload.get("published_at"))
    events = [claim_extracted(article_event_id, EXTRACTOR_VERSION,
                              {k: v for k, v in c.items() if k != "doc"}) for c in found]
    events.append(article_extracted(article_event_id, EXTRACTOR_VERSION, len(found)))
    return events


def extract_pending(db: str, pack: str = "ai_chips", quiet: bool = False) -> dict:
    """Extract claims from every article this extractor version has not read yet.

    Each article's claims and its `article.extracted` marker go in one transaction, so an
    interrupted run resumes where it stopped and duplicates nothing."""
    from extract import EXTRACTOR_VERSION
    articles = claims = 0
    with EventLog(db) as log:
        pending = log.pending_extraction(EXTRACTOR_VERSION)
        for event_id in tqdm(pending, desc="extract", unit="article", disable=quiet or None,
                             file=sys.stderr):
            events = extraction_events(event_id, log.payload(event_id), pack)
            log.append_extraction(events)
            articles += 1
            claims += len(events) - 1
    return {"articles": articles, "claims": claims}


def reconcile_settings(pack: str = "ai_chips", config: dict | None = None):
    """Reconciliation settings: the pack's ratio rules plus the config's `reconcile:` block."""
    from extract.pack import load_pack
    from store.reconcile import Settings
    loaded = load_pack(pack)
    try:
        return Settings.from_config((config or {}).get("reconcile"), loaded.ratio_rules,
                                    generic_metrics(loaded))
    except (TypeError, ValueError) as exc:
        from .errors import ConfigError
        raise ConfigError(f"reconcile settings: {exc}") from None


def generic_metrics(pack) -> dict[str, list[str]]:
    """A kind's catch-all metric (no keywords: the text did not say which) and the specific
    metrics of that kind it may stand for, for the kinds of a product's specifications and
    their ratios ("0.81x" of a rival): they do not change with the date, so agreeing figures
    are the same figure."""
    from extract.attach import TECHNICAL
    out = {}
    for kind in sorted(TECHNICAL | {"ratio"}):
        named = [m.name for m in pack.metrics_for(kind) if m.keywords]
        for m in pack.metrics_for(kind):
            if not m.keywords and m.name not in named and named:
                out[m.name] = sorted(set(named))
    return out


def refresh(db: str, pack: str = "ai_chips", config: dict | None = None) -> int:
    """Advance the projections to the end of the log and reconcile what changed."""
    from store.reconcile import reconcile
    with EventLog(db) as log:
        n = advance(log.conn)
        reconcile(log.conn, reconcile_settings(pack, config))
        return n


def rebuild_all(db: str, pack: str = "ai_chips", config: dict | None = None) -> int:
    """Drop and rebuild every projection (and the reconciliation) from the log."""
    from store import rebuild
    from store.reconcile import reconcile
    with EventLog(db) as log:
        n = rebuild(log.conn)
        reconcile(log.conn, reconcile_settings(pack, config), full=True)
        return n


def read_connection(log: EventLog, as_of: str | None, pack: str = "ai_chips"):
    """Projections to read: the live ones, or those of the events recorded up to `as_of`."""
    from store.asof import connection_as_of
    from store.reconcile import reconcile
    if not as_of:
        return log.conn
    conn = connection_as_of(log.conn, as_of)
    reconcile(conn, reconcile_settings(pack), full=True)
    return conn


def snapshot_path(db: str) -> Path:
    """Where `claims publish` writes, and `claims serve` and `claims demo` serve, the snapshot of
    a log: public/ beside it, named like it without a '-log' ending (demo-log.db ->
    public/demo.db), so that every command agrees on one file."""
    p = Path(db)
    stem = p.stem[:-4] if p.stem.endswith("-log") and len(p.stem) > 4 else p.stem
    return p.parent / "public" / f"{stem}{p.suffix}"


def publish_snapshot(db: str, out: str | None = None) -> Path:
    refresh(db)
    return publish(db, out or snapshot_path(db))
