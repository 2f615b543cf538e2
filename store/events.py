"""Event constructors with deterministic ids.

An event's id is the sha256 of its type and identity (not of its timestamps), so recording the
same fetch or the same extraction twice yields the same id, and the log's UNIQUE constraint drops
the copy.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

EXTRACTED_FIELDS = ("subject", "metric", "kind", "start", "end", "value", "low", "high", "unit")


def sha256_hex(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def event_id(type_: str, *identity: Any) -> str:
    return sha256_hex(json.dumps([type_, *identity], sort_keys=True, ensure_ascii=False,
                                 default=str))


@dataclass(frozen=True)
class Event:
    type: str
    event_id: str
    key: str | None
    payload: dict = field(hash=False)


def article_fetched(payload: dict) -> Event:
    """A page as fetched. Identity: canonical URL + hash of its main text (a changed text is a
    new version)."""
    required = ("url", "canonical_url", "text_sha256")
    missing = [k for k in required if not payload.get(k)]
    if missing:
        raise ValueError(f"article.fetched needs {missing}")
    eid = event_id("article.fetched", payload["canonical_url"], payload["text_sha256"])
    return Event("article.fetched", eid, payload["canonical_url"], payload)


def claim_extracted(article_event_id: str, extractor_version: str, claim: dict) -> Event:
    identity = [claim.get(k) for k in EXTRACTED_FIELDS]
    eid = event_id("claim.extracted", article_event_id, extractor_version, identity)
    payload = {"article_event_id": article_event_id, "extractor_version": extractor_version,
               **claim}
    return Event("claim.extracted", eid, article_event_id, payload)


def article_extracted(article_event_id: str, extractor_version: str, n_claims: int) -> Event:
    """Marks that an extractor version has read an article (even when it found no claim)."""
    eid = event_id("article.extracted", article_event_id, extractor_version)
    payload = {"article_event_id": article_event_id, "extractor_version": extractor_version,
               "claims": n_claims}
    return Event("article.extracted", eid, article_event_id, payload)


def claim_reviewed(claim_id: str, rank: str, reason: str | None, by: str | None,
                   reviewed_at: str, carried_from: dict | None = None) -> Event:
    """A reviewer's rank for a claim. `carried_from` (see store/carry.py) names the review of
    an earlier reading of the same figure that this one carries to a newer claim."""
    if rank not in ("preferred", "normal", "deprecated"):
        raise ValueError(f"rank must be preferred, normal or deprecated, not {rank!r}")
    payload = {"claim_id": claim_id, "rank": rank, "reason": reason, "by": by,
               "reviewed_at": reviewed_at}
    identity = [claim_id, rank, reason, by, reviewed_at]
    if carried_from:
        payload["carried_from"] = carried_from
        identity.append(carried_from["event_id"])
    return Event("claim.reviewed", event_id("claim.reviewed", *identity), claim_id, payload)


CORRECTIONS = ("subject", "metric", "not_a_claim")


def claim_corrected(claim_id: str, correction: str, fields: dict, reason: str | None,
                    by: str, corrected_at: str, carried_from: dict | None = None) -> Event:
    """A fact-checker's correction of what the extractor read; the claim.extracted event stays.

    `correction` is "subject" (fields: subject, subject_family), "metric" (fields: metric,
    qualifiers) or "not_a_claim" (no fields). The projections apply the latest correction of a
    claim on top of its extracted values. `carried_from` (see store/carry.py) names the
    correction of an earlier reading of the same figure that this one carries to a newer claim:
    {"event_id", "claim_id", "extractor_version", "match"}."""
    if correction not in CORRECTIONS:
        raise ValueError(f"correction must be one of {', '.join(CORRECTIONS)}, not {correction!r}")
    if not by:
        raise ValueError("a correction names its reviewer")
    payload = {"claim_id": claim_id, "correction": correction, **fields, "reason": reason,
               "by": by, "corrected_at": corrected_at}
    identity = [claim_id, correction, fields, reason, by, corrected_at]
    if carried_from:
        payload["carried_from"] = carried_from
        identity.append(carried_from["event_id"])
    return Event("claim.corrected", event_id("claim.corrected", *identity), claim_id, payload)


def crawl_finished(run_id: str, sources: list[str], seen_event_ids: list[str],
                   stats: dict) -> Event:
    """A crawl's outcome. Identity: its run id (a start time, a scheduled slot, or "demo") and
    its sources, so replaying the same run records nothing new."""
    eid = event_id("crawl.finished", run_id, sorted(sources))
    payload = {"run_id": run_id, "sources": sources, "articles_seen": len(seen_event_ids),
               **stats}
    return Event("crawl.finished", eid, None, payload)
