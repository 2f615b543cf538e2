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


def known_exactly(conn: sqlite3.Connection, subject: str | None = None,
                  metric: str | None = None) -> bool:
    """Whether the log knows these names as written (by indexed look-ups, so a question asked in
    the log's own names is answered without listing every name)."""
    if subject is not None and not (
            conn.execute("SELECT 1 FROM claims WHERE subject = ? LIMIT 1", (subject,)).fetchone()
            or conn.execute("SELECT 1 FROM group_claims WHERE family = ? LIMIT 1",
                            (subject,)).fetchone()):
        return False
    if metric is not None and not conn.execute(
            "SELECT 1 FROM claims WHERE metric = ? LIMIT 1", (metric,)).fetchone():
        return False
    return True


# Which claims are the history of one figure (:subject, :metric): every claim of the groups that
# hold a claim of that metric ('FP16 compute', or the base metric 'compute') about that subject
# or its family. The one definition of the selection: history() below runs it, and so does the
# web's "History of one figure" (datasette/metadata.yml's metric_history writes
# {history_groups} where claims/serve.py puts this text), so the page and `claims history`
# select the same claims. A family's claims come through group_claims(family, metric), a
# subject's through claims(subject, metric): both by their indexes.
HISTORY_GROUPS = """select g2.group_key from group_claims g2 join claims c2 using (claim_id)
    where g2.family = :subject and (c2.metric = :metric or c2.base_metric = :metric)
  union
  select g2.group_key from group_claims g2 join claims c2 using (claim_id)
    where c2.subject = :subject and (c2.metric = :metric or c2.base_metric = :metric)"""
# the parts of store's SQL that canned queries name in braces (claims/serve.py fills them in)
CANNED_PARTS = {"history_groups": HISTORY_GROUPS}


def history(conn: sqlite3.Connection, subject: str, metric: str,
            qualifiers: dict[str, str] | None = None) -> list[dict]:
    """Every observation of one figure (HISTORY_GROUPS), in date order, with its group's
    verdict; `qualifiers` keep the groups whose qualifiers have those values.

    'FP16 compute' means the groups of 'compute' with precision FP16, including the figures
    inferred into them from claims that did not state the precision."""
    rows = conn.execute(
        "SELECT c.published_at, c.recorded_at, c.publisher, c.url, c.subject, c.metric, "
        "mg.qualifiers, c.value_text, c.value, c.low, c.high, c.unit, c.approx, c.bound, "
        "mg.status, g.in_consensus, g.inferred, coalesce(g.rank, 'normal') AS rank, "
        "g.review_reason, c.quote, g.group_key, c.claim_id "
        "FROM group_claims g JOIN claims c USING (claim_id) "
        "JOIN metric_groups mg ON mg.group_key = g.group_key "
        f"WHERE g.group_key IN ({HISTORY_GROUPS}) "
        "ORDER BY c.published_at, c.recorded_at, c.claim_id",
        {"subject": subject, "metric": metric})
    out = []
    wanted = {k: str(v).lower() for k, v in (qualifiers or {}).items()}
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


# ../shared/eval/gold-format.md: each kind in one unit (compute in TFLOPS, memory in GB...)
GOLD_UNITS = {
    "FLOP/s": ("TFLOPS", 1e-12), "OP/s": ("TOPS", 1e-12), "B": ("GB", 1e-9),
    "B/s": ("GB/s", 1e-9), "W": ("W", 1.0), "m": ("nm", 1e9),
    "USD/token": ("USD/1M tokens", 1e6), "1": ("1", 1.0), "%": ("%", 1.0), "x": ("x", 1.0),
}


def _gold_value(value, unit):
    target, factor = GOLD_UNITS.get(unit, (unit, 1.0))
    return (None if value is None else round(value * factor, 9)), target


def _evidence(quote: str, figure: str, limit: int = 200) -> str:
    """The quote, or a window of it around the figure when it is longer than `limit`."""
    quote = " ".join((quote or "").split())
    if len(quote) <= limit:
        return quote
    at = max(0, quote.find(figure)) if figure else 0
    start = max(0, min(at - limit // 2, len(quote) - limit))
    return quote[start:start + limit].strip()


def gold_claims(conn: sqlite3.Connection, negatives: bool = False) -> list[dict]:
    """The claims fact-checkers judged (reviewed or corrected), as gold annotations in
    ../shared/eval/gold-format.md form, with the corrected subject, metric and qualifiers.

    With `negatives`, the figures a reviewer marked as not a claim come too, as
    {"doc", "evidence", "value_text", "not_a_claim": true, ...}: a scorer must not read them."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    fixes = "corrections" in tables
    rows = conn.execute(
        "SELECT c.*, r.rank AS review_rank, r.reviewed_by, "
        + ("(SELECT group_concat(DISTINCT x.corrected_by) FROM corrections x "
           "WHERE x.claim_id = c.claim_id) AS corrected_by "
           if fixes else "NULL AS corrected_by ")
        + "FROM claims c LEFT JOIN reviews r USING (claim_id) WHERE r.claim_id IS NOT NULL"
        + (" OR c.claim_id IN (SELECT claim_id FROM corrections)" if fixes else "")
        + " ORDER BY c.canonical_url, c.start, c.claim_id")
    names = [d[0] for d in rows.description]
    out = []
    for row in map(lambda r: dict(zip(names, r)), rows):
        value, unit = _gold_value(row["value"], row["unit"])
        low, _ = _gold_value(row["low"], row["unit"])
        high, _ = _gold_value(row["high"], row["unit"])
        subject_text = row["subject_text"]
        out.append({
            "doc": row["canonical_url"], "subject": row["subject"],
            "aliases": [subject_text] if subject_text and subject_text != row["subject"] else [],
            "kind": row["kind"], "metric": row["metric"],
            "qualifiers": json.loads(row["qualifiers"] or "{}"),
            "value": value, "low": low, "high": high, "unit": unit,
            "approx": bool(row["approx"]), "bound": row["bound"] or "=",
            "date": (row["published_at"] or "")[:10] or None,
            "evidence": _evidence(row["quote"], row["value_text"]),
            "in_table": bool(row["in_table"]),
            # beyond the gold format: where the annotation came from
            "source": "desk", "claim_id": row["claim_id"],
            "rank": row["review_rank"] or "normal",
            "judged_by": sorted({n for n in (row["reviewed_by"], *(row["corrected_by"] or "")
                                             .split(",")) if n}),
        })
    if negatives and fixes:
        for row in conn.execute(
                "SELECT x.claim_id, x.canonical_url, x.corrected_by, e.payload FROM "
                "corrections x JOIN events e ON e.event_id = x.claim_id "
                "WHERE x.correction = 'not_a_claim' ORDER BY x.canonical_url, x.claim_id"):
            p = json.loads(row[3])
            out.append({"doc": row[1], "evidence": _evidence(p.get("sentence"),
                                                             p.get("value_text")),
                        "value_text": p.get("value_text"), "extracted_subject": p.get("subject"),
                        "not_a_claim": True, "source": "desk", "claim_id": row[0],
                        "judged_by": [row[2]]})
    return out


def metrics_of(conn: sqlite3.Connection, subject: str) -> list[str]:
    """The metrics a subject (or a family) has figures for."""
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT metric FROM claims WHERE (family = ? OR subject = ?) AND metric IS NOT "
        "NULL ORDER BY 1", (subject, subject))]
