"""What the pages for judging read: one figure (a metric group) with every claim about it, and
one article with its figures. Plain dicts; the Datasette plugin renders them.

Works on the live log (the desk) and on a published snapshot alike.
"""
from __future__ import annotations

import json
import sqlite3

_MEMBER_SQL = """
SELECT c.claim_id, c.subject, c.subject_text, c.metric, c.qualifiers, c.value_text, c.value,
  c.low, c.high, c.unit, c.kind, c.approx, c.bound, c.quote, c.url, c.canonical_url,
  c.publisher, c.title, c.published_at, c.recorded_at, c.confidence, c.in_table,
  g.inferred, g.cluster, g.in_consensus, g.counted, coalesce(g.rank, 'normal') AS rank,
  g.review_reason, g.low AS interval_low, g.high AS interval_high,
  r.reviewed_by, r.reviewed_at, r.carried_from_version AS review_carried_from
FROM group_claims g JOIN claims c USING (claim_id)
  LEFT JOIN reviews r USING (claim_id)
WHERE g.group_key = ?
ORDER BY coalesce(c.published_at, c.recorded_at), c.publisher, c.claim_id
"""


def _rows(cursor: sqlite3.Cursor) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


def _has(conn: sqlite3.Connection, table: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                        (table,)).fetchone() is not None


def corrections_of(conn: sqlite3.Connection, claim_ids: list[str]) -> dict[str, list[dict]]:
    """claim id -> its corrections (subject, metric), newest first."""
    if not claim_ids or not _has(conn, "corrections"):
        return {}
    out: dict[str, list[dict]] = {}
    marks = ",".join("?" * len(claim_ids))
    for row in _rows(conn.execute(
            f"SELECT * FROM corrections WHERE claim_id IN ({marks}) "
            "ORDER BY corrected_at DESC", claim_ids)):
        out.setdefault(row["claim_id"], []).append(row)
    return out


def figure(conn: sqlite3.Connection, key: str) -> dict | None:
    """A metric group: its verdict, its competing values and every claim in it."""
    cur = conn.execute("SELECT * FROM metric_groups WHERE group_key = ?", (key,))
    found = _rows(cur)
    if not found:
        return None
    group = found[0]
    group["qualifiers"] = json.loads(group["qualifiers"] or "{}")
    members = _rows(conn.execute(_MEMBER_SQL, (key,)))
    fixes = corrections_of(conn, [m["claim_id"] for m in members])
    for m in members:
        m["qualifiers"] = json.loads(m["qualifiers"] or "{}")
        m["corrections"] = fixes.get(m["claim_id"], [])
    group["members"] = members
    group["sides"] = _rows(conn.execute(
        "SELECT cluster, value, low, high, publishers, claims, is_consensus, value_texts "
        "FROM conflicts WHERE group_key = ? ORDER BY value", (key,)))
    group["siblings"] = [r[0] for r in conn.execute(
        "SELECT group_key FROM metric_groups WHERE family = ? AND group_key != ? "
        "ORDER BY metric, group_key", (group["family"], key))]
    return group


def group_of_claim(conn: sqlite3.Connection, claim_id: str) -> str | None:
    """The figure a claim counts in (its own group first, an inferred one else)."""
    row = conn.execute("SELECT group_key FROM group_claims WHERE claim_id = ? "
                       "ORDER BY inferred IS NOT NULL LIMIT 1", (claim_id,)).fetchone()
    return row[0] if row else None


def figures_of_stated_key(conn: sqlite3.Connection, key: str) -> list[str]:
    """The figures that claims stated under `key` count in, when `key` is no figure itself (a
    claim that did not state a qualifier is placed in the one group it agrees with; its own
    key, shown among the claims' columns, names no figure). Read by the key's family, which
    group_claims indexes."""
    family = key.split(" | ", 1)[0]
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT g.group_key FROM group_claims g JOIN claims c USING (claim_id) "
        "WHERE g.family = ? AND c.group_key = ? ORDER BY g.group_key", (family, key))]


def claim(conn: sqlite3.Connection, claim_id: str) -> dict | None:
    rows = _rows(conn.execute("SELECT * FROM claims WHERE claim_id = ?", (claim_id,)))
    return rows[0] if rows else None


def article(conn: sqlite3.Connection, canonical_url: str) -> dict | None:
    """An article's newest version, its versions, its figures and the figures that changed."""
    found = _rows(conn.execute("SELECT * FROM articles WHERE canonical_url = ?",
                               (canonical_url,)))
    if not found:
        return None
    art = found[0]
    art["versions_seen"] = _rows(conn.execute(
        "SELECT version, title, published_at, fetched_at, recorded_at FROM article_versions "
        "WHERE canonical_url = ? ORDER BY version", (canonical_url,)))
    art["claims"] = _rows(conn.execute(
        "SELECT c.claim_id, c.subject, c.metric, c.value_text, c.value, c.low, c.high, c.unit, "
        "c.start, "
        "c.\"end\", c.quote, (SELECT g.group_key FROM group_claims g WHERE g.claim_id = "
        "c.claim_id ORDER BY g.inferred IS NOT NULL LIMIT 1) AS group_key, "
        "(SELECT mg.status FROM group_claims g JOIN metric_groups mg USING (group_key) "
        "WHERE g.claim_id = c.claim_id ORDER BY g.inferred IS NOT NULL LIMIT 1) AS status, "
        "coalesce((SELECT rank FROM reviews r WHERE r.claim_id = c.claim_id), 'normal') AS rank "
        "FROM claims c WHERE c.canonical_url = ? ORDER BY c.start", (canonical_url,)))
    art["changes"] = _rows(conn.execute(
        "SELECT subject, metric, unit, old_value, new_value, old_value_text, new_value_text, "
        "old_fetched_at, new_fetched_at, quote FROM figure_changes WHERE canonical_url = ? "
        "ORDER BY new_fetched_at", (canonical_url,)))
    art["names"] = article_names(conn, canonical_url)
    return art


def article_names(conn: sqlite3.Connection, canonical_url: str) -> list[str]:
    """The subjects named in an article: the choices for a subject correction."""
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT subject FROM claims WHERE canonical_url = ? AND subject IS NOT NULL "
        "ORDER BY subject", (canonical_url,))]


def family_of(conn: sqlite3.Connection, subject: str) -> str:
    """The family the log already files a subject under (itself when it knows none)."""
    row = conn.execute("SELECT family FROM claims WHERE subject = ? AND family IS NOT NULL "
                       "GROUP BY family ORDER BY count(*) DESC LIMIT 1", (subject,)).fetchone()
    return row[0] if row else subject


def metrics(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT metric FROM claims WHERE metric IS NOT NULL ORDER BY metric")]


def recorded_span(conn: sqlite3.Connection) -> tuple[str, str] | None:
    """When the log's readings begin and end (recorded_at of the first and last extraction)."""
    row = conn.execute("SELECT min(recorded_at), max(recorded_at) FROM events "
                       "WHERE type = 'claim.extracted'").fetchone()
    return (row[0], row[1]) if row and row[0] else None


def metrics_of_subject(conn: sqlite3.Connection, subject: str) -> list[str]:
    """The metrics a subject (or a family) has figures for, the most claimed first."""
    # by the indexes on claims(subject) and group_claims(family): an OR of the two columns
    # scanned the whole claims table on every history page (0.6 s at 200,000 claims)
    return [r[0] for r in conn.execute(
        "WITH ids AS (SELECT claim_id FROM claims WHERE subject = :s "
        "UNION SELECT claim_id FROM group_claims WHERE family = :s) "
        "SELECT c.metric FROM ids CROSS JOIN claims c ON c.claim_id = ids.claim_id "
        "WHERE c.metric IS NOT NULL GROUP BY c.metric ORDER BY count(*) DESC, c.metric",
        {"s": subject})]


def best_known_subjects(conn: sqlite3.Connection, limit: int = 12) -> list[str]:
    """The subjects with the most claims."""
    return [r[0] for r in conn.execute(
        "SELECT subject FROM claims WHERE subject IS NOT NULL GROUP BY subject "
        "ORDER BY count(*) DESC, subject LIMIT ?", (limit,))]
