"""store/: every byte of SQLite. The append-only event log, the projections built from it,
reconciliation, publishing and export. Nothing outside this package writes SQL."""
from .errors import StoreError
from .events import (Event, article_extracted, article_fetched, claim_corrected, claim_extracted,
                     claim_reviewed, crawl_finished, sha256_hex)
from .log import EventLog, utc_now
from .projections import advance, rebuild
from .publish import publish

__all__ = ["StoreError", "Event", "EventLog", "article_extracted", "article_fetched",
           "claim_corrected", "claim_extracted", "claim_reviewed", "crawl_finished", "sha256_hex", "utc_now",
           "advance", "rebuild", "publish"]
