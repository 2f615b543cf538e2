"""extract/: read figures from text. Pure: text or HTML in, claims out; no SQLite, no Scrapy.

    >>> from extract import extract_claims
    >>> [c["value"] for c in extract_claims("The H100 delivers 989 TFLOPS of FP16 compute.")]
    [989000000000000.0]
"""
from .errors import ExtractError
from .pipeline import EXTRACTOR_VERSION, build_pipeline, claims_of_text, extract_claims

__all__ = ["ExtractError", "EXTRACTOR_VERSION", "build_pipeline", "claims_of_text",
           "extract_claims"]
