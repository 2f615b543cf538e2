"""extract/: read figures from text. Pure: text or HTML in, claims out; no SQLite, no Scrapy.

    >>> from extract import extract_claims
    >>> [c["value"] for c in extract_claims("The H100 delivers 989 TFLOPS of FP16 compute.")]
    [989000000000000.0]

The pipeline (and spaCy with it) loads on first use of one of its names, not when the package
is imported: the servers import extract.errors and extract.pack, and never extract.
"""
from __future__ import annotations

from importlib import import_module

from .errors import ExtractError

_PIPELINE = ("EXTRACTOR_VERSION", "build_pipeline", "claims_of_text", "extract_claims")

__all__ = ["ExtractError", *_PIPELINE]


def __getattr__(name: str):
    if name in _PIPELINE:
        value = getattr(import_module(".pipeline", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
