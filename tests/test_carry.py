"""store/carry.py: a correction or review made on one reading of a figure is carried, as a new
event, to the claim a newer extractor version (or the article's next version) reads for the same
figure; the projections show it as carried, and a rebuild agrees.

Regression (issue 14's review): a subject correction made at the desk was lost when a new
extractor version read the article again; the new version's claim went back to the wrong
subject and figure."""
from __future__ import annotations

import json
import re

import pytest

from store import (EventLog, advance, article_extracted, article_fetched, claim_corrected,
                   claim_extracted, claim_reviewed, rebuild, sha256_hex)
from store.reconcile import reconcile

TEXT = ("The Zephyr X1 carries 96 GB of memory, while the Zephyr X2 has 80 GB. "
        "Both ship in June.")


def _article(text=TEXT, url="https://one.example/a"):
    return article_fetched({"url": url, "canonical_url": url, "text": text,
                            "text_sha256": sha256_hex(text), "site_name": "One",
                            "published_at": "2026-06-01"})


def _claim(article, version, subject, value, figure, metric="memory capacity", **extra):
    text = article.payload["text"]
    start = text.index(figure)
    sentence = next(s for s in re.split(r"(?<=\.) ", text) if figure in s)
    return claim_extracted(article.event_id, version, {
        "subject": subject, "metric": metric, "kind": "memory", "value": value, "low": None,
        "high": None, "unit": "B", "value_text": figure, "start": start,
        "end": start + len(figure), "qualifiers": {}, "sentence": sentence,
        "approx": False, "bound": "=", "in_table": False, "confidence": 0.9, **extra})


def _reading(article, version, x2_subject="Zephyr X1"):
    """One extractor version's reading: the 80 GB pinned on x2_subject."""
    claims = [_claim(article, version, "Zephyr X1", 96e9, "96 GB"),
              _claim(article, version, x2_subject, 80e9, "80 GB")]
    return [*claims, article_extracted(article.event_id, version, len(claims))], claims


def _project(log):
    advance(log.conn)
    reconcile(log.conn)


def _row(conn, claim_id):
    return conn.execute("SELECT subject, group_key FROM claims WHERE claim_id = ?",
                        (claim_id,)).fetchone()


@pytest.fixture
def log(tmp_path):
    a = _article()
    with EventLog(tmp_path / "log.db") as log:
        log.append([a])
        events, (x1, wrong) = _reading(a, "v1")
        log.append_extraction(events)
        _project(log)
        log.append([claim_corrected(wrong.event_id, "subject",
                                    {"subject": "Zephyr X2", "subject_family": "Zephyr X2"},
                                    "the 80 GB is the X2's", "ana", "2026-06-02T10:00:00Z"),
                    claim_reviewed(x1.event_id, "preferred", "the maker's sheet", "ana",
                                   "2026-06-02T10:01:00Z")])
        _project(log)
        assert _row(log.conn, wrong.event_id)[0] == "Zephyr X2"
        yield log, a


def test_a_correction_and_a_review_carry_to_the_next_extractor_version(log):
    log, a = log
    events, (x1, x80) = _reading(a, "v2")
    added = log.append_extraction(events)
    assert added == len(events) + 2  # the reading, the carried correction and review
    _project(log)
    conn = log.conn
    # the new version's claim is about the X2, as the reviewer said, in the X2's figure
    assert tuple(_row(conn, x80.event_id)) == ("Zephyr X2", "Zephyr X2 | memory capacity")
    fix = conn.execute("SELECT corrected_by, extracted_subject, subject, carried_from_version, "
                       "carried_match FROM corrections WHERE claim_id = ?",
                       (x80.event_id,)).fetchone()
    assert tuple(fix) == ("ana", "Zephyr X1", "Zephyr X2", "v1", "span")
    review = conn.execute("SELECT rank, reviewed_by, carried_from_version FROM reviews "
                          "WHERE claim_id = ?", (x1.event_id,)).fetchone()
    assert tuple(review) == ("preferred", "ana", "v1")
    # the carried events say where they came from; the older events stay as they were
    carried = [json.loads(r[0]) for r in conn.execute(
        "SELECT payload FROM events WHERE type = 'claim.corrected' AND key = ?",
        (x80.event_id,))]
    assert len(carried) == 1 and carried[0]["carried_from"]["extractor_version"] == "v1"
    assert conn.execute("SELECT count(*) FROM events WHERE type IN "
                        "('claim.corrected', 'claim.reviewed')").fetchone()[0] == 4
    # a rebuild from the log gives the same projection
    before = conn.execute("SELECT claim_id, subject, group_key FROM claims ORDER BY 1").fetchall()
    rebuild(conn)
    reconcile(conn, full=True)
    assert conn.execute("SELECT claim_id, subject, group_key FROM claims "
                        "ORDER BY 1").fetchall() == before
    # a replay of the same reading carries nothing twice
    assert log.append_extraction(events) == 0


def test_a_correction_carries_on_through_a_third_version(log):
    log, a = log
    log.append_extraction(_reading(a, "v2")[0])
    _project(log)
    events, (_, x80) = _reading(a, "v3")
    log.append_extraction(events)
    _project(log)
    assert _row(log.conn, x80.event_id)[0] == "Zephyr X2"


def test_a_reading_that_already_agrees_gets_no_correction(log):
    log, a = log
    events, (_, x80) = _reading(a, "v2", x2_subject="Zephyr X2")
    assert log.append_extraction(events) == len(events) + 1  # the review only
    _project(log)
    assert _row(log.conn, x80.event_id)[0] == "Zephyr X2"
    assert log.conn.execute("SELECT count(*) FROM corrections WHERE claim_id = ?",
                            (x80.event_id,)).fetchone()[0] == 0


def test_the_next_article_version_gets_it_by_its_sentence_and_value(log):
    log, a = log
    revised = _article("Updated on 3 June. " + TEXT)  # the spans move; the sentence and values stay
    events, (_, x80) = _reading(revised, "v1")
    log.append([revised])
    log.append_extraction(events)
    _project(log)
    assert _row(log.conn, x80.event_id)[0] == "Zephyr X2"
    assert log.conn.execute("SELECT carried_match FROM corrections WHERE claim_id = ?",
                            (x80.event_id,)).fetchone()[0] == "quote"


def test_a_sentence_that_gives_one_value_twice_carries_nothing_by_quote(tmp_path):
    """Which of two equal figures in a sentence the reviewer corrected cannot be told by the
    sentence and value: without the same span, nothing is carried."""
    text = "The Zephyr X1 has 80 GB, while the Zephyr X2 has 80 GB too."
    a = _article(text)
    with EventLog(tmp_path / "log.db") as log:
        first = claim_extracted(a.event_id, "v1", {
            "subject": "Zephyr X1", "metric": "memory capacity", "kind": "memory",
            "value": 80e9, "unit": "B", "value_text": "80 GB", "start": 45, "end": 50,
            "sentence": text, "qualifiers": {}})
        other = claim_extracted(a.event_id, "v1", {
            "subject": "Zephyr X1", "metric": "memory capacity", "kind": "memory",
            "value": 80e9, "unit": "B", "value_text": "80 GB", "start": 18, "end": 23,
            "sentence": text, "qualifiers": {}})
        log.append([a, first, other])
        log.append([claim_corrected(first.event_id, "subject", {"subject": "Zephyr X2"}, None,
                                    "ana", "2026-06-02T10:00:00Z")])
        revised = _article("Updated. " + text)
        again = claim_extracted(revised.event_id, "v1", {
            "subject": "Zephyr X1", "metric": "memory capacity", "kind": "memory",
            "value": 80e9, "unit": "B", "value_text": "80 GB", "start": 54, "end": 59,
            "sentence": text, "qualifiers": {}})
        log.append([revised])
        assert log.append_extraction([again]) == 1  # the claim, nothing carried


def test_a_judgement_on_a_page_older_than_the_reading_goes_on_to_it(tmp_path):
    """A reviewer corrects and deprecates claims of v1 after v2 has read the article (the page
    was loaded before): both go on to v2's claims for the same figures."""
    a = _article()
    with EventLog(tmp_path / "log.db") as log:
        log.append([a])
        _, (x1, wrong) = _reading(a, "v1")
        log.append_extraction(_reading(a, "v1")[0])
        events, (new_x1, new_x80) = _reading(a, "v2")
        log.append_extraction(events)
        assert log.append_judgement(claim_corrected(
            wrong.event_id, "subject", {"subject": "Zephyr X2", "subject_family": "Zephyr X2"},
            None, "ana", "2026-06-02T10:00:00Z")) == 2
        assert log.append_judgement(claim_reviewed(
            x1.event_id, "deprecated", "a misprint", "ana", "2026-06-02T10:01:00Z")) == 2
        _project(log)
        assert _row(log.conn, new_x80.event_id)[0] == "Zephyr X2"
        assert tuple(log.conn.execute(
            "SELECT rank, carried_from_version FROM reviews WHERE claim_id = ?",
            (new_x1.event_id,)).fetchone()) == ("deprecated", "v1")
        # a judgement of a current claim is just itself
        assert log.append_judgement(claim_reviewed(
            new_x1.event_id, "normal", None, "ana", "2026-06-02T10:02:00Z")) == 1
