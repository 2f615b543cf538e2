"""A fact-checker's judgement outlives the reading it was made on.

A correction (claim.corrected) or a review (claim.reviewed) names one claim.extracted event. When
a newer extractor version reads the same article again (or the article's next version is read),
its claims are new events with new ids, and the projections drop the older claims: without this
module the judgement would drop with them. Here, while a new reading is appended, each of its
claims that is the same figure as a judged claim of the same article gets the judgement again,
as a new event of the same type whose payload says where it was carried from:

    {"carried_from": {"event_id": <the judgement>, "claim_id": <the judged claim>,
                      "extractor_version": <the version that read it>, "match": "span" | "quote"}}

The same figure: the same article version and the same characters (span), or else the same
sentence with the same value and unit, when that sentence gives the value once (quote). A
review carries only to the same value (a rank judges a value the article printed); a correction
of the subject or metric carries to a span match whatever the new value, since it judges
whose figure it is. A correction the new reading already agrees with is not carried.

A judgement made on a claim that a later reading has already replaced (the reviewer's page was
older than the reading) is carried on to that reading as it is appended
(carried_to_later_readings). Event ids are deterministic, so a replay carries nothing twice; the projections apply carried
events as they apply any correction or review, so a rebuild agrees with the incremental path.
"""
from __future__ import annotations

import json
import sqlite3
from typing import Iterable

from .events import Event, claim_corrected, claim_reviewed

JUDGEMENTS = ("claim.corrected", "claim.reviewed")

_JUDGED_CLAIMS_OF_ARTICLE = """
SELECT j.seq, j.event_id, j.type, j.payload, x.event_id, x.payload
FROM events a
JOIN events x ON x.type = 'claim.extracted' AND x.key = a.event_id
JOIN events j ON j.type IN ('claim.corrected', 'claim.reviewed') AND j.key = x.event_id
WHERE a.type = 'article.fetched' AND a.key = ?
ORDER BY j.seq
"""


def _canonical_urls(conn: sqlite3.Connection, events: list[Event]) -> dict[str, str]:
    """article event id -> canonical URL, for the articles the new claims belong to."""
    out = {e.event_id: e.payload["canonical_url"] for e in events if e.type == "article.fetched"}
    for e in events:
        aid = e.payload.get("article_event_id") if e.type == "claim.extracted" else None
        if aid and aid not in out:
            row = conn.execute("SELECT key FROM events WHERE type = 'article.fetched' AND "
                               "event_id = ?", (aid,)).fetchone()
            if row:
                out[aid] = row[0]
    return out


def _quote_key(p: dict) -> tuple:
    return (p.get("article_event_id"), p.get("extractor_version"), p.get("sentence"),
            p.get("value"), p.get("unit"))


def _unique_quotes(claims: Iterable[dict]) -> set:
    """(article, reading, sentence, value, unit) keys that name one figure: one span in their
    sentence."""
    spans: dict[tuple, set] = {}
    for p in claims:
        if p.get("sentence") and p.get("value") is not None:
            spans.setdefault(_quote_key(p), set()).add((p.get("start"), p.get("end")))
    return {k for k, s in spans.items() if len(s) == 1}


def _agrees(fix: dict, p: dict) -> bool:
    """Whether the new reading already says what the correction said."""
    if fix["correction"] == "subject":
        return p.get("subject") == fix.get("subject")
    if fix["correction"] == "metric":
        return p.get("metric") == fix.get("metric") and (
            fix.get("qualifiers") is None or (p.get("qualifiers") or {}) == fix["qualifiers"])
    return False


def carried_events(conn: sqlite3.Connection, events: list[Event]) -> list[Event]:
    """The judgements of earlier readings that the claims among `events` carry forward."""
    new = [e for e in events if e.type == "claim.extracted"]
    if not new:
        return []
    urls = _canonical_urls(conn, events)
    new_ids = {e.event_id for e in new}
    out: list[Event] = []
    for url in sorted(set(urls.values())):
        judged = [(r[0], r[1], r[2], json.loads(r[3]), r[4], json.loads(r[5]))
                  for r in conn.execute(_JUDGED_CLAIMS_OF_ARTICLE, (url,)) if r[4] not in new_ids]
        if not judged:
            continue
        old_quotes = _unique_quotes(_claims_of(conn, {r[5]["article_event_id"] for r in judged}))
        mine = [e for e in new if urls.get(e.payload["article_event_id"]) == url]
        new_quotes = _unique_quotes(e.payload for e in mine)
        for e in mine:
            out += _carry_to(e, judged, old_quotes, new_quotes)
    return out


def _claims_of(conn: sqlite3.Connection, article_event_ids: set[str]) -> Iterable[dict]:
    """Every reading's claims of these article versions (a quote is a figure only when its
    reading found the value once in that sentence)."""
    for aid in sorted(article_event_ids):
        for (payload,) in conn.execute("SELECT payload FROM events WHERE type = "
                                       "'claim.extracted' AND key = ?", (aid,)):
            yield json.loads(payload)


def _match(p: dict, old: dict, old_quotes: set, new_quotes: set) -> str | None:
    if old.get("article_event_id") == p["article_event_id"] and \
            (old.get("start"), old.get("end")) == (p.get("start"), p.get("end")):
        return "span"
    if old.get("sentence") and old.get("sentence") == p.get("sentence") and \
            old.get("value") == p.get("value") and old.get("unit") == p.get("unit") and \
            _quote_key(old) in old_quotes and _quote_key(p) in new_quotes:
        return "quote"
    return None


def _carry_to(claim: Event, judged: list, old_quotes: set, new_quotes: set) -> list[Event]:
    p = claim.payload
    latest: dict[tuple, tuple] = {}  # (type, correction kind) -> the newest judgement
    for seq, eid, type_, j, old_id, old in judged:
        how = _match(p, old, old_quotes, new_quotes)
        if how:
            kind = (type_, j.get("correction"))
            latest[kind] = (seq, eid, j, old_id, old, how)
    out = []
    for (type_, _), (seq, eid, j, old_id, old, how) in sorted(latest.items(),
                                                              key=lambda kv: kv[1][0] or 0):
        origin = {"event_id": eid, "claim_id": old_id,
                  "extractor_version": old.get("extractor_version"), "match": how}
        if type_ == "claim.reviewed":
            same_value = (old.get("value"), old.get("unit")) == (p.get("value"), p.get("unit"))
            if j["rank"] == "normal" or not same_value:
                continue
            out.append(claim_reviewed(claim.event_id, j["rank"], j.get("reason"), j.get("by"),
                                      j["reviewed_at"], carried_from=origin))
            continue
        if _agrees(j, p):
            continue
        fields = {k: j[k] for k in ("subject", "subject_family", "metric", "qualifiers")
                  if k in j}
        out.append(claim_corrected(claim.event_id, j["correction"], fields, j.get("reason"),
                                   j["by"], j["corrected_at"], carried_from=origin))
    return out


def carried_to_later_readings(conn: sqlite3.Connection, judgement: Event) -> list[Event]:
    """A judgement made on a claim that a later reading of its article has already replaced
    (a reviewer on a page loaded before the article was read again) goes on to that reading's
    claim for the same figure, as carried_events would have carried it."""
    row = conn.execute("SELECT seq, payload FROM events WHERE type = 'claim.extracted' AND "
                       "event_id = ?", (judgement.payload["claim_id"],)).fetchone()
    if not row:
        return []
    seq, old = row[0], json.loads(row[1])
    found = conn.execute("SELECT key FROM events WHERE type = 'article.fetched' AND "
                         "event_id = ?", (old["article_event_id"],)).fetchone()
    if not found:
        return []
    reading = (old["article_event_id"], old.get("extractor_version"))
    later = [Event("claim.extracted", eid, key, json.loads(payload))
             for eid, key, payload in conn.execute(
                 "SELECT x.event_id, x.key, x.payload FROM events a JOIN events x ON "
                 "x.type = 'claim.extracted' AND x.key = a.event_id "
                 "WHERE a.type = 'article.fetched' AND a.key = ? AND x.seq > ? ORDER BY x.seq",
                 (found[0], seq))]
    later = [e for e in later
             if (e.payload["article_event_id"], e.payload.get("extractor_version")) != reading]
    if not later:
        return []
    judged = [(None, judgement.event_id, judgement.type, judgement.payload,
               judgement.payload["claim_id"], old)]
    old_quotes = _unique_quotes(_claims_of(conn, {old["article_event_id"]}))
    new_quotes = _unique_quotes(e.payload for e in later)
    return [ev for e in later for ev in _carry_to(e, judged, old_quotes, new_quotes)]
