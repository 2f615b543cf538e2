"""What `claims status` reports of the log: runs per source, sizes and counts."""
from __future__ import annotations

import json
import sqlite3


def last_run(conn: sqlite3.Connection, source_name: str) -> dict | None:
    """The latest crawl.finished of a configured source, with the claims its articles gave."""
    row = conn.execute(
        "SELECT recorded_at, payload FROM events WHERE type = 'crawl.finished' AND "
        "json_extract(payload, '$.source_name') = ? ORDER BY seq DESC LIMIT 1",
        (source_name,)).fetchone()
    if row is None:
        return None
    p = json.loads(row[1])
    claims = conn.execute(
        "SELECT count(*) FROM events c JOIN events a ON a.event_id = c.key "
        "WHERE c.type = 'claim.extracted' AND a.type = 'article.fetched' "
        "AND json_extract(a.payload, '$.run_id') = ?", (p.get("run_id"),)).fetchone()[0]
    runs = conn.execute(
        "SELECT count(*) FROM events WHERE type = 'crawl.finished' AND "
        "json_extract(payload, '$.source_name') = ?", (source_name,)).fetchone()[0]
    return {"finished_at": row[0], "run_id": p.get("run_id"), "pages": p.get("pages", 0),
            "new_articles": p.get("new_articles", 0), "unchanged": p.get("unchanged", 0),
            "errors": p.get("errors", 0), "new_claims": claims, "runs": runs}


def contents(conn: sqlite3.Connection) -> dict:
    """What a reader of the projections sees: articles (and how many were revised), claims in
    their newest versions, figures (metric groups) and how many are disputed."""
    def one(sql: str) -> int:
        try:
            return conn.execute(sql).fetchone()[0] or 0
        except sqlite3.OperationalError:  # projections not built yet
            return 0
    return {"articles": one("SELECT count(*) FROM articles"),
            "revised": one("SELECT count(*) FROM articles WHERE versions > 1"),
            "claims": one("SELECT count(*) FROM claims"),
            "figures": one("SELECT count(*) FROM metric_groups"),
            "disputed": one("SELECT count(*) FROM metric_groups WHERE status = 'disputed'")}
