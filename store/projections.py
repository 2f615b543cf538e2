"""Projections: tables a user browses, built from the log and rebuildable at any time.

One function, `apply_events`, turns events into rows; `advance` feeds it the events after the
checkpoint, `rebuild` drops the tables and feeds it everything. Both run the same code, so an
incremental projection equals a full rebuild by construction (and a test checks it).
"""
from __future__ import annotations

import json
import sqlite3
from typing import Iterable

PROJECTION = "core"
# bump when a projection table changes shape: logs projected by an older version rebuild
# (14: a ratio's reference, relative_to, separates its groups: 0.8x of an H100 is not 0.8x of an H20;
# 15: claims.figure, the group a claim counts in, filled with its status by store.publish)
PROJECTION_VERSION = 15

TABLES = {
    # who, what and when first; the text, hashes and event ids last
    "articles": """CREATE TABLE IF NOT EXISTS articles (
        canonical_url TEXT PRIMARY KEY, title TEXT, publisher TEXT, author TEXT,
        published_at TEXT, versions INTEGER NOT NULL, fetched_at TEXT, language TEXT,
        date_source TEXT, url TEXT, final_url TEXT, first_recorded_at TEXT, recorded_at TEXT,
        text TEXT, extractor_version TEXT, blob_sha256 TEXT, article_event_id TEXT NOT NULL)""",
    "article_versions": """CREATE TABLE IF NOT EXISTS article_versions (
        event_id TEXT PRIMARY KEY, canonical_url TEXT NOT NULL, version INTEGER NOT NULL,
        url TEXT, title TEXT, published_at TEXT, fetched_at TEXT, recorded_at TEXT,
        text_sha256 TEXT, blob_sha256 TEXT, seq INTEGER NOT NULL)""",
    # the columns a reader needs first (what, how much, who, when, verdict), ids last. (seq as
    # the INTEGER PRIMARY KEY would give Datasette a short row link, but cost the rebuild 15%
    # CPU: claim_id stays the key)
    "claims": """CREATE TABLE IF NOT EXISTS claims (
        subject TEXT, metric TEXT, value_text TEXT, publisher TEXT, published_at TEXT,
        status TEXT, figure TEXT, qualifiers TEXT, quote TEXT, url TEXT, title TEXT, kind TEXT,
        value REAL, low REAL, high REAL, unit TEXT, approx INTEGER, bound TEXT,
        subject_text TEXT, in_table INTEGER, confidence REAL, year TEXT, recorded_at TEXT,
        family TEXT, base_metric TEXT, group_key TEXT, start INTEGER, "end" INTEGER,
        extractor_version TEXT, seq INTEGER NOT NULL, canonical_url TEXT NOT NULL,
        article_event_id TEXT NOT NULL, claim_id TEXT PRIMARY KEY)""",
    "figure_changes": """CREATE TABLE IF NOT EXISTS figure_changes (
        canonical_url TEXT NOT NULL, subject TEXT, metric TEXT, kind TEXT, qualifiers TEXT,
        unit TEXT, old_value REAL, new_value REAL, old_value_text TEXT, new_value_text TEXT,
        old_article_event_id TEXT, new_article_event_id TEXT, old_fetched_at TEXT,
        new_fetched_at TEXT, old_recorded_at TEXT, new_recorded_at TEXT, quote TEXT,
        PRIMARY KEY (new_article_event_id, subject, metric, kind, qualifiers, old_value))""",
    "reviews": """CREATE TABLE IF NOT EXISTS reviews (
        claim_id TEXT PRIMARY KEY, rank TEXT NOT NULL, reason TEXT, reviewed_by TEXT,
        reviewed_at TEXT, carried_from_version TEXT, carried_match TEXT,
        event_id TEXT NOT NULL)""",
    # the latest correction of each kind per claim, with what the extractor had read; one
    # carried from an earlier reading of the figure (store/carry.py) names that reading's
    # extractor version and how the figure was matched (span or quote)
    "corrections": """CREATE TABLE IF NOT EXISTS corrections (
        claim_id TEXT NOT NULL, correction TEXT NOT NULL, subject TEXT, metric TEXT,
        qualifiers TEXT, extracted_subject TEXT, extracted_metric TEXT,
        extracted_qualifiers TEXT, reason TEXT, corrected_by TEXT, corrected_at TEXT,
        carried_from_version TEXT, carried_match TEXT,
        canonical_url TEXT, event_id TEXT NOT NULL, PRIMARY KEY (claim_id, correction))""",
    # what reconciliation reads, clustered by family and metric so that a group's claims sit on
    # neighbouring pages (the claims table is in log order); quotes only as a hash
    "reconcile_inputs": """CREATE TABLE IF NOT EXISTS reconcile_inputs (
        family TEXT NOT NULL, base_metric TEXT NOT NULL, claim_id TEXT NOT NULL,
        group_key TEXT, qualifiers TEXT, publisher TEXT, value REAL, low REAL, high REAL,
        approx INTEGER, bound TEXT, quote_key TEXT, kind TEXT, unit TEXT, published_at TEXT,
        value_text TEXT, PRIMARY KEY (family, base_metric, claim_id)) WITHOUT ROWID""",
    # new claims wait here (cheap appends) until the reconciliation files them in order
    "pending_inputs": """CREATE TABLE IF NOT EXISTS pending_inputs (
        family TEXT NOT NULL, base_metric TEXT NOT NULL, claim_id TEXT NOT NULL,
        group_key TEXT, qualifiers TEXT, publisher TEXT, value REAL, low REAL, high REAL,
        approx INTEGER, bound TEXT, quote_key TEXT, kind TEXT, unit TEXT, published_at TEXT,
        value_text TEXT)""",
    # family/metric bundles that lost claims (a new article version, a newer extractor): the
    # reconciliation recomputes them and empties this table
    "dirty_bundles": """CREATE TABLE IF NOT EXISTS dirty_bundles (
        family TEXT, base_metric TEXT, PRIMARY KEY (family, base_metric))""",
    "crawls": """CREATE TABLE IF NOT EXISTS crawls (
        seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL, recorded_at TEXT, source TEXT,
        pages INTEGER, new_articles INTEGER, errors INTEGER, stats TEXT)""",
}

INDEXES = [
    # one index by content: each such index costs the incremental projection a write of most of
    # its pages (new claims land all over it); a family's claims are found through
    # group_claims(family, metric), which the reconciliation keeps anyway
    "CREATE INDEX IF NOT EXISTS claims_subject_metric ON claims(subject, metric)",
    "CREATE INDEX IF NOT EXISTS claims_article ON claims(canonical_url)",
    "CREATE INDEX IF NOT EXISTS claims_seq ON claims(seq)",
    "CREATE INDEX IF NOT EXISTS claims_article_event ON claims(article_event_id)",
    "CREATE INDEX IF NOT EXISTS versions_url ON article_versions(canonical_url)",
]

CLAIM_COLUMNS = ("subject", "subject_text", "metric", "kind", "value", "low", "high", "unit",
                 "value_text", "approx", "bound", "start", "end", "in_table", "confidence")
_INSERT_CLAIM = (
    "INSERT OR REPLACE INTO claims(claim_id, article_event_id, canonical_url, url, publisher, "
    "title, published_at, recorded_at, qualifiers, quote, extractor_version, seq, family, "
    "base_metric, group_key, " + ", ".join(f'"{c}"' for c in CLAIM_COLUMNS) + ", year) VALUES ("
    + ", ".join("?" * (16 + len(CLAIM_COLUMNS))) + ")")
# the qualifiers that make a different figure (dense vs sparse, 2025 vs 2026); hedges such as
# "projected" or "estimate" describe a claim, not which figure it is
GROUP_QUALIFIERS = ("precision", "sparsity", "form_factor", "period", "half", "quarter",
                    "relative_to")


def _reconcile_input(row: tuple) -> tuple:
    """The reconcile_inputs row of a claims row (in _INSERT_CLAIM's column order)."""
    (claim_id, _, _, _, publisher, _, published_at, _, qualifiers, quote, _, _, family, base,
     key, _subject, _subject_text, _metric, kind, value, low, high, unit, value_text, approx,
     bound, *_rest) = row
    return (family, base, claim_id, key, qualifiers, publisher, value, low, high,
            approx, bound, quote.lower() if quote else None, kind, unit, published_at,
            value_text)


_RECONCILE_INPUT_COLUMNS = (
    "family, base_metric, claim_id, group_key, qualifiers, publisher, value, low, high, "
    "approx, bound, lower(quote), kind, unit, published_at, value_text ")
FILL_RECONCILE_INPUTS = (
    "INSERT OR REPLACE INTO reconcile_inputs SELECT " + _RECONCILE_INPUT_COLUMNS +
    # one scan and a sort: walking the (family, base_metric) index instead would fetch a
    # million rows in random order (seen: rebuild of 1M events 29 s -> 34 s)
    "FROM claims NOT INDEXED ORDER BY 1, 2, 3")


def publisher_of(url: str | None) -> str | None:
    """Who published a page that does not name its site: the URL's host, or a local file's name."""
    from urllib.parse import urlsplit
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme == "file":
        return parts.path.rsplit("/", 1)[-1] or None
    host = parts.hostname or ""
    return host[4:] if host.startswith("www.") else host or None


UNKNOWN = "?"  # the family or metric of a claim that names none


def base_metric(metric: str | None, qualifiers: dict | None) -> str:
    """'FP16 compute' with precision FP16 is 'compute' (precision is a qualifier), so that an
    unqualified 'compute' figure can be reconciled with it."""
    metric = metric or UNKNOWN
    precision = (qualifiers or {}).get("precision")
    if precision and metric.startswith(f"{precision} "):
        return metric[len(precision) + 1:]
    return metric


def group_key(family: str | None, metric: str | None, qualifiers: dict | None) -> str:
    """A readable key of the figure a claim is about:
    'NVIDIA H100 | compute | precision=FP16 | sparsity=dense'."""
    quals = qualifiers or {}
    metric = base_metric(metric, quals)
    parts = [f"{k}={quals[k]}" for k in GROUP_QUALIFIERS if quals.get(k) not in (None, "")]
    return " | ".join([family or UNKNOWN, metric or UNKNOWN, *parts])


def create_tables(conn: sqlite3.Connection, indexes: bool = True) -> None:
    for ddl in TABLES.values():
        conn.execute(ddl)
    if indexes:
        create_indexes(conn)
    conn.execute("CREATE TABLE IF NOT EXISTS projection_state "
                 "(name TEXT PRIMARY KEY, seq INTEGER NOT NULL)")


def create_indexes(conn: sqlite3.Connection) -> None:
    for ddl in INDEXES:
        conn.execute(ddl)


def checkpoint(conn: sqlite3.Connection, name: str = PROJECTION) -> int:
    row = conn.execute("SELECT seq FROM projection_state WHERE name = ?", (name,)).fetchone()
    return row[0] if row else 0


def _set_checkpoint(conn: sqlite3.Connection, seq: int, name: str = PROJECTION) -> None:
    conn.execute("INSERT INTO projection_state(name, seq) VALUES (?, ?) "
                 "ON CONFLICT(name) DO UPDATE SET seq = excluded.seq", (name, seq))


class Projector:
    """Applies events to the projection tables of `target`, reading earlier events from `source`."""

    def __init__(self, target: sqlite3.Connection, source: sqlite3.Connection | None = None,
                 bulk: bool = False):
        self.db = target
        self.bulk = bulk  # a rebuild fills reconcile_inputs at the end, in one sorted insert
        self.source = source or target
        self._latest: dict[str, dict] = {}  # canonical_url -> articles row (cache)
        self._canon: dict[str, str | None] = {}  # article event id -> canonical_url (cache)
        self._pending: list[tuple] = []  # claim rows not yet inserted

    def flush(self) -> None:
        """Insert the claim rows gathered so far (one executemany instead of one per event)."""
        if self._pending:
            self.db.executemany(_INSERT_CLAIM, self._pending)
            if not self.bulk:
                self.db.executemany("INSERT INTO pending_inputs VALUES "
                                    "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                                    [_reconcile_input(row) for row in self._pending])
            self._pending.clear()

    def _article(self, canonical_url: str) -> dict | None:
        if canonical_url not in self._latest:
            row = self.db.execute(
                "SELECT canonical_url, article_event_id, publisher, title, published_at, "
                "canonical_url, versions, extractor_version, fetched_at FROM articles "
                "WHERE canonical_url = ?",
                (canonical_url,)).fetchone()
            self._latest[canonical_url] = dict(zip(
                ("canonical_url", "article_event_id", "publisher", "title", "published_at", "url",
                 "versions", "extractor_version", "fetched_at"), row)) if row else None
        return self._latest[canonical_url]

    def apply(self, seq: int, event_id: str, type_: str, key: str | None, recorded_at: str,
              payload: dict) -> None:
        handler = getattr(self, "_on_" + type_.replace(".", "_"))
        handler(seq, event_id, key, recorded_at, payload)

    # handlers --------------------------------------------------------------------------------
    def _on_article_fetched(self, seq, event_id, key, recorded_at, p):
        url = p["canonical_url"]
        prev = self._article(url)
        version = (prev["versions"] if prev else 0) + 1
        self.db.execute(
            "INSERT INTO article_versions VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (event_id, url, version, p.get("url"), p.get("title"), p.get("published_at"),
             p.get("fetched_at"), recorded_at, p.get("text_sha256"), p.get("blob_sha256"), seq))
        self._canon[event_id] = url
        if prev:
            self._drop_claims(url)
        first = self.db.execute("SELECT min(recorded_at) FROM article_versions "
                                "WHERE canonical_url = ?", (url,)).fetchone()[0]
        row = {"canonical_url": url, "article_event_id": event_id, "url": p.get("url"),
               "final_url": p.get("final_url"), "title": p.get("title"),
               "publisher": p.get("site_name") or publisher_of(url), "author": p.get("author"),
               "language": p.get("language"), "published_at": p.get("published_at"),
               "date_source": p.get("date_source"), "fetched_at": p.get("fetched_at"),
               "first_recorded_at": first, "recorded_at": recorded_at, "versions": version,
               "blob_sha256": p.get("blob_sha256"), "text": p.get("text"),
               "extractor_version": None}
        cols = ", ".join(row)
        self.db.execute(f"INSERT OR REPLACE INTO articles({cols}) VALUES "
                        f"({', '.join('?' * len(row))})", tuple(row.values()))
        self._latest[url] = {k: row[k] for k in (
            "canonical_url", "article_event_id", "publisher", "title", "published_at",
            "versions", "extractor_version", "fetched_at")}
        self._latest[url]["url"] = url  # claims link the clean, canonical URL

    def _on_claim_extracted(self, seq, event_id, key, recorded_at, p):
        canonical = self._canonical_of(p["article_event_id"])
        art = self._article(canonical) if canonical else None
        if not art or art["article_event_id"] != p["article_event_id"]:
            return  # a claim of an older version of the article
        version = p.get("extractor_version")
        if art["extractor_version"] != version:
            if art["extractor_version"] is not None:  # claims of an older extractor go
                self._drop_claims(canonical)
            self.db.execute("UPDATE articles SET extractor_version = ? WHERE canonical_url = ?",
                            (version, canonical))
            art["extractor_version"] = version
        family = p.get("subject_family") or p.get("subject") or UNKNOWN
        self._pending.append(
            (event_id, p["article_event_id"], canonical, art["url"], art["publisher"],
             art["title"], art["published_at"], recorded_at,
             json.dumps(p["qualifiers"], sort_keys=True) if p.get("qualifiers") else "{}",
             p.get("sentence"), version, seq, family,
             base_metric(p.get("metric"), p.get("qualifiers")),
             group_key(family, p.get("metric"), p.get("qualifiers")),
             *[p.get(c) for c in CLAIM_COLUMNS], (art["published_at"] or "")[:4] or None))
        if len(self._pending) >= 50_000:
            self.flush()

    def _drop_claims(self, canonical_url: str) -> None:
        self.flush()
        self.db.execute("INSERT OR IGNORE INTO dirty_bundles SELECT DISTINCT family, base_metric "
                        "FROM claims WHERE canonical_url = ?", (canonical_url,))
        self.db.execute("DELETE FROM reconcile_inputs WHERE (family, base_metric, claim_id) IN "
                        "(SELECT family, base_metric, claim_id "
                        "FROM claims WHERE canonical_url = ?)", (canonical_url,))
        self.db.execute("DELETE FROM pending_inputs WHERE claim_id IN "
                        "(SELECT claim_id FROM claims WHERE canonical_url = ?)", (canonical_url,))
        self.db.execute("DELETE FROM claims WHERE canonical_url = ?", (canonical_url,))

    def _on_article_extracted(self, seq, event_id, key, recorded_at, p):
        canonical = self._canonical_of(p["article_event_id"])
        art = self._article(canonical) if canonical else None
        if not art or art["article_event_id"] != p["article_event_id"] or art["versions"] < 2:
            return
        self.flush()
        if art["extractor_version"] is None:
            art["extractor_version"] = p["extractor_version"]
            self.db.execute("UPDATE articles SET extractor_version = ? WHERE canonical_url = ?",
                            (p["extractor_version"], canonical))
        self._record_figure_changes(canonical, p["article_event_id"], p["extractor_version"],
                                    recorded_at)

    def _on_claim_reviewed(self, seq, event_id, key, recorded_at, p):
        carried = p.get("carried_from") or {}
        self.db.execute(
            "INSERT OR REPLACE INTO reviews VALUES (?,?,?,?,?,?,?,?)",
            (p["claim_id"], p["rank"], p.get("reason"), p.get("by"), p.get("reviewed_at"),
             carried.get("extractor_version"), carried.get("match"), event_id))

    def _on_claim_corrected(self, seq, event_id, key, recorded_at, p):
        """A correction replaces the claim's subject or metric in the projection (or takes it
        out: not a claim); the claim.extracted event keeps what the extractor read."""
        self.flush()
        claim_id, kind = p["claim_id"], p["correction"]
        extracted = self.source.execute(
            "SELECT payload FROM events WHERE event_id = ?", (claim_id,)).fetchone()
        was = json.loads(extracted[0]) if extracted else {}
        row = self.db.execute("SELECT family, base_metric, metric, qualifiers, canonical_url "
                              "FROM claims WHERE claim_id = ?", (claim_id,)).fetchone()
        quals = p.get("qualifiers")
        carried = p.get("carried_from") or {}
        self.db.execute(
            "INSERT OR REPLACE INTO corrections VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (claim_id, kind, p.get("subject"), p.get("metric"),
             json.dumps(quals, sort_keys=True) if quals is not None else None,
             was.get("subject"), was.get("metric"),
             json.dumps(was.get("qualifiers") or {}, sort_keys=True), p.get("reason"),
             p.get("by"), p.get("corrected_at"), carried.get("extractor_version"),
             carried.get("match"), row[4] if row else None, event_id))
        if not row:
            return  # the claim is no longer current (a newer version or extractor)
        self._leave_reconciliation(claim_id, row[0], row[1])
        if kind == "not_a_claim":
            self.db.execute("DELETE FROM claims WHERE claim_id = ?", (claim_id,))
            return
        family, metric = row[0], row[2]
        qualifiers = json.loads(row[3] or "{}")
        if kind == "subject":
            self.db.execute("UPDATE claims SET subject = ? WHERE claim_id = ?",
                            (p["subject"], claim_id))
            family = p.get("subject_family") or p["subject"]
        else:
            metric = p["metric"]
            if quals is not None:
                qualifiers = quals
        base = base_metric(metric, qualifiers)
        self.db.execute(
            "UPDATE claims SET family = ?, metric = ?, qualifiers = ?, base_metric = ?, "
            "group_key = ? WHERE claim_id = ?",
            (family, metric, json.dumps(qualifiers, sort_keys=True), base,
             group_key(family, metric, qualifiers), claim_id))
        self.db.execute("INSERT OR IGNORE INTO dirty_bundles VALUES (?, ?)", (family, base))
        if not self.bulk:
            self.db.execute("INSERT INTO pending_inputs SELECT " + _RECONCILE_INPUT_COLUMNS +
                            "FROM claims WHERE claim_id = ?", (claim_id,))

    def _leave_reconciliation(self, claim_id: str, family: str, base: str) -> None:
        """Take one claim out of its family/metric bundle; the reconciliation redoes it."""
        self.db.execute("INSERT OR IGNORE INTO dirty_bundles VALUES (?, ?)", (family, base))
        self.db.execute("DELETE FROM reconcile_inputs WHERE family = ? AND base_metric = ? "
                        "AND claim_id = ?", (family, base, claim_id))
        self.db.execute("DELETE FROM pending_inputs WHERE claim_id = ?", (claim_id,))

    def _on_crawl_finished(self, seq, event_id, key, recorded_at, p):
        self.db.execute(
            "INSERT OR REPLACE INTO crawls VALUES (?,?,?,?,?,?,?,?)",
            (seq, event_id, recorded_at, ", ".join(p.get("sources") or []), p.get("pages"),
             p.get("new_articles"), p.get("errors"), json.dumps(p, sort_keys=True)))

    # helpers ---------------------------------------------------------------------------------
    def _canonical_of(self, article_event_id: str) -> str | None:
        if article_event_id not in self._canon:
            row = self.db.execute("SELECT canonical_url FROM article_versions WHERE event_id = ?",
                                  (article_event_id,)).fetchone()
            self._canon[article_event_id] = row[0] if row else None
        return self._canon[article_event_id]

    def _record_figure_changes(self, canonical: str, new_event: str, version: str,
                               recorded_at: str) -> None:
        prev = self.db.execute(
            "SELECT event_id, fetched_at, recorded_at FROM article_versions "
            "WHERE canonical_url = ? AND event_id != ? ORDER BY version DESC LIMIT 1",
            (canonical, new_event)).fetchone()
        if not prev:
            return
        old_claims = [json.loads(r[0]) for r in self.source.execute(
            "SELECT payload FROM events WHERE type = 'claim.extracted' AND key = ?", (prev[0],))]
        same_version = [c for c in old_claims if c.get("extractor_version") == version]
        old_claims = same_version or old_claims

        def group(c):
            return (c.get("subject"), c.get("metric"), c.get("kind"),
                    json.dumps(c.get("qualifiers") or {}, sort_keys=True))

        new_rows = self.db.execute(
            "SELECT subject, metric, kind, qualifiers, value, value_text, quote, unit, "
            "fetched_at FROM claims JOIN articles USING (canonical_url) "
            "WHERE claims.article_event_id = ?", (new_event,)).fetchall()
        new_by_group: dict = {}
        for r in new_rows:
            new_by_group.setdefault(tuple(r[:4]), []).append(r)
        old_by_group: dict = {}
        for c in old_claims:
            old_by_group.setdefault(group(c), []).append(c)
        for g, olds in old_by_group.items():
            news = new_by_group.get(g)
            if not news:
                continue
            old_values = {c.get("value") for c in olds}
            new_values = {r[4] for r in news}
            if None in old_values or None in new_values or old_values == new_values:
                continue
            for c in olds:
                if c.get("value") in new_values:
                    continue
                for r in news:
                    if r[4] in old_values:
                        continue
                    self.db.execute(
                        "INSERT OR IGNORE INTO figure_changes VALUES "
                        "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        (canonical, g[0], g[1], g[2], g[3], r[7], c.get("value"), r[4],
                         c.get("value_text"), r[5], prev[0], new_event, prev[1], r[8], prev[2],
                         recorded_at, r[6]))


def apply_events(target: sqlite3.Connection, rows: Iterable, source=None,
                 bulk: bool = False) -> int:
    """Apply event rows (seq, event_id, type, key, recorded_at, payload); return the last seq."""
    projector = Projector(target, source, bulk)
    last = 0
    for seq, event_id, type_, key, recorded_at, payload in rows:
        projector.apply(seq, event_id, type_, key, recorded_at, json.loads(payload))
        last = seq
    projector.flush()
    return last


def _projection_version(conn: sqlite3.Connection) -> int | None:
    has = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'projection_state'").fetchone()
    if not has:
        return None
    row = conn.execute("SELECT seq FROM projection_state WHERE name = 'version'").fetchone()
    return row[0] if row else None


def advance(conn: sqlite3.Connection) -> int:
    """Apply every event after the checkpoint, in one transaction. Returns events applied.

    Projections written by an older version of this code are rebuilt from the log instead."""
    found = _projection_version(conn)
    has_claims = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'claims'").fetchone()
    if has_claims and found != PROJECTION_VERSION:
        return rebuild(conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        create_tables(conn)
        return _apply_after(conn, checkpoint(conn))
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _apply_after(conn: sqlite3.Connection, start: int, indexes_after: bool = False) -> int:
    """Apply the events after `start`, move the checkpoint, commit. Returns events applied."""
    counted = _Counted(conn.execute(
        "SELECT seq, event_id, type, key, recorded_at, payload FROM events WHERE seq > ? "
        "ORDER BY seq", (start,)))
    last = apply_events(conn, counted, bulk=indexes_after)
    if indexes_after:
        create_indexes(conn)
        conn.execute(FILL_RECONCILE_INPUTS)
    if counted.n:
        _set_checkpoint(conn, last)
    _set_checkpoint(conn, PROJECTION_VERSION, "version")
    conn.execute("COMMIT")
    return counted.n


class _Counted:
    """Iterate rows and count them."""

    def __init__(self, rows):
        self.rows, self.n = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.n += 1
            yield row


def drop_tables(conn: sqlite3.Connection) -> None:
    for name in TABLES:
        conn.execute(f"DROP TABLE IF EXISTS {name}")
    conn.execute("CREATE TABLE IF NOT EXISTS projection_state "
                 "(name TEXT PRIMARY KEY, seq INTEGER NOT NULL)")
    conn.execute("DELETE FROM projection_state WHERE name = ?", (PROJECTION,))


def rebuild(conn: sqlite3.Connection) -> int:
    """Drop every projection and rebuild it from the log, in one transaction.

    Secondary indexes are built after the rows are in: a bulk load is faster that way."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        drop_tables(conn)
        for name in ("claims_subject_metric", "claims_family_metric", "claims_article",
                     "claims_seq", "claims_article_event", "versions_url"):
            conn.execute(f"DROP INDEX IF EXISTS {name}")
        create_tables(conn, indexes=False)
        conn.execute("CREATE INDEX IF NOT EXISTS versions_url ON article_versions(canonical_url)")
        return _apply_after(conn, 0, indexes_after=True)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
