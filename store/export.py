"""Reading the projections: the history of one figure, the conflicts, the names known.

Every query a command prints lives here, so the CLI formats and store/ owns the SQL."""
from __future__ import annotations

import json
import sqlite3

HISTORY_COLUMNS = ["published_at", "recorded_at", "publisher", "url", "subject", "metric",
                   "group_qualifiers", "value_text", "value", "low", "high", "unit", "approx",
                   "bound", "status", "in_consensus", "inferred", "rank", "review_reason",
                   "quote", "group_key", "claim_id"]


def names(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """The subjects, families and metrics the projections hold."""
    subjects = [r[0] for r in conn.execute(
        "SELECT DISTINCT subject FROM claims WHERE subject IS NOT NULL UNION "
        "SELECT DISTINCT family FROM group_claims WHERE family IS NOT NULL ORDER BY 1")]
    metrics = [r[0] for r in conn.execute(
        "SELECT DISTINCT metric FROM claims WHERE metric IS NOT NULL UNION "
        "SELECT DISTINCT base_metric FROM claims WHERE base_metric IS NOT NULL ORDER BY 1")]
    return {"subjects": subjects, "metrics": metrics}


def history(conn: sqlite3.Connection, subject: str, metric: str,
            qualifiers: dict[str, str] | None = None) -> list[dict]:
    """Every observation of one figure, in date order, with its group's verdict.

    'FP16 compute' means the groups of 'compute' with precision FP16, including the figures
    inferred into them from claims that did not state the precision."""
    qualifiers = dict(qualifiers or {})
    base = metric
    known_precision = conn.execute(
        "SELECT json_extract(qualifiers, '$.precision') FROM claims WHERE metric = ? AND "
        "base_metric != metric LIMIT 1", (metric,)).fetchone()
    if known_precision and known_precision[0]:
        qualifiers.setdefault("precision", known_precision[0])
        base = metric[len(known_precision[0]) + 1:]
    select = (
        "SELECT c.published_at, c.recorded_at, c.publisher, c.url, c.subject, c.metric, "
        "mg.qualifiers, c.value_text, c.value, c.low, c.high, c.unit, c.approx, c.bound, "
        "mg.status, g.in_consensus, g.inferred, coalesce(g.rank, 'normal') AS rank, "
        "g.review_reason, c.quote, g.group_key, c.claim_id "
        "FROM group_claims g JOIN claims c USING (claim_id) "
        "JOIN metric_groups mg ON mg.group_key = g.group_key ")
    # a family's claims through group_claims(family, metric), a subject's through
    # claims(subject, metric): a group's family is its claims' family
    rows = conn.execute(
        f"SELECT * FROM ({select} WHERE g.family = ? AND g.metric = ? "
        f"UNION {select} WHERE c.subject = ? AND g.metric = ?) "
        "ORDER BY published_at, recorded_at, claim_id", (subject, base, subject, base))
    out = []
    wanted = {k: str(v).lower() for k, v in qualifiers.items()}
    for r in rows:
        row = dict(zip(HISTORY_COLUMNS, r))
        quals = json.loads(row["group_qualifiers"] or "{}")
        if any(str(quals.get(k, "")).lower() != v for k, v in wanted.items()):
            continue
        row["approx"] = bool(row["approx"])
        row["in_consensus"] = bool(row["in_consensus"])
        out.append(row)
    return out


def conflicts(conn: sqlite3.Connection) -> list[dict]:
    """Disputed groups with their competing values and who stands behind each."""
    groups = conn.execute(
        "SELECT group_key, family, metric, qualifiers, unit, consensus_value, explanation, "
        "sources_for, sources_against FROM metric_groups WHERE status = 'disputed' "
        "ORDER BY family, metric, group_key").fetchall()
    out = []
    for g in groups:
        sides = [dict(zip(("value", "low", "high", "publishers", "claims", "is_consensus",
                           "value_texts"), r)) for r in conn.execute(
            "SELECT value, low, high, publishers, claims, is_consensus, value_texts "
            "FROM conflicts WHERE group_key = ? ORDER BY value", (g[0],))]
        for side in sides:
            side["is_consensus"] = bool(side["is_consensus"])
        out.append({"group_key": g[0], "subject": g[1], "metric": g[2], "qualifiers": g[3],
                    "unit": g[4], "consensus_value": g[5], "explanation": g[6],
                    "sources_for": g[7], "sources_against": g[8], "values": sides})
    return out


def claim_ids(conn: sqlite3.Connection, prefix: str) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT claim_id FROM claims WHERE claim_id LIKE ? LIMIT 5", (prefix + "%",))]
