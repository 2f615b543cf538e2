"""Build the claims pipeline from its config and run it: `extract_claims(text_or_html)`."""
from __future__ import annotations

from functools import lru_cache
from typing import Callable, Iterable, Iterator

import spacy
from spacy.language import Language

from . import components  # noqa: F401  (registers the factories)
from .document import looks_like_html, read_html
from .errors import ExtractError

# the version of the shipped attachment model (extract/model/attach.json, its "version"); a test
# fails when the weights change and this does not, so every new model is a new extractor version
ATTACH_MODEL_VERSION = "011ff9f4dc"
EXTRACTOR_VERSION = f"claims-extract/0.4.2+attach.{ATTACH_MODEL_VERSION}"
MAX_CHARS = 20_000_000
CHUNK_CHARS = 100_000

CONFIG = """
[nlp]
lang = "en"
pipeline = ["sentencizer", "line_breaks", "unit_periods", "subjects", "quantities", "attach"]

[components]

[components.sentencizer]
factory = "claims_sentences_v1"

[components.line_breaks]
factory = "claims_line_breaks_v1"

[components.unit_periods]
factory = "claims_unit_periods_v1"

[components.subjects]
factory = "claims_subjects_v1"
pack = "{pack}"

[components.quantities]
factory = "claims_quantities_v1"
pack = "{pack}"

[components.attach]
factory = "claims_attach_v1"
pack = "{pack}"
model = "{model}"
keep_ranking = {keep}
"""


@lru_cache(maxsize=8)
def build_pipeline(pack: str = "ai_chips", model: str = "", keep_ranking: bool = False
                   ) -> Language:
    """The pipeline for a pack. `model` is the attachment model's path ("" for the shipped one,
    "none" for the rules alone); `keep_ranking` keeps every figure's candidates and features on
    the Doc (`doc._.ranking`, for training)."""
    config = spacy.util.load_config_from_str(
        CONFIG.replace("{pack}", pack.replace('"', '\\"')).replace(
            "{model}", model.replace('"', '\\"')).replace(
            "{keep}", "true" if keep_ranking else "false"))
    nlp = spacy.util.load_model_from_config(config, auto_fill=True)
    nlp.max_length = CHUNK_CHARS * 2
    return nlp


def _cut(text: str, limit: int) -> int:
    """Where to end a chunk of at most `limit` characters: after a paragraph break, else a
    line break, else a sentence end, else at the limit."""
    cut = text.rfind("\n\n", 0, limit)
    if cut <= 0:
        cut = text.rfind("\n", 0, limit)
    if cut <= 0:
        cut = text.rfind(". ", 0, limit)
    return cut + 1 if cut > 0 else limit


def _chunks(pieces: Iterable[str], chunk_chars: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, chunk) of a text given in successive pieces, cut into chunks of at most
    `chunk_chars` at paragraph (or line) breaks, holding no more than a piece and a chunk."""
    buffer, offset = "", 0
    for piece in pieces:
        buffer += piece
        while len(buffer) > chunk_chars:
            end = _cut(buffer, chunk_chars)
            yield offset, buffer[:end]
            offset += end
            buffer = buffer[end:]
    if buffer:
        yield offset, buffer


def extract_claims(text_or_html: str, *, html: bool | None = None, doc: str = "-",
                   pack: str = "ai_chips", published: str | None = None) -> list[dict]:
    """Every claim in a text (or an HTML page), as dicts in the shape of claim.schema.json.
    `published` (an ISO date, "2026-06-05") is when the text was published: "this year" or
    "next quarter" are read against it (a page's own date when not given)."""
    text, page_date = _read_input(text_or_html, html=html, doc=doc)
    return claims_of_text(text, doc=doc, pack=pack, published=published or page_date)


def input_text(text_or_html: str, *, html: bool | None = None, doc: str = "-") -> str:
    """The text to read: checked for type and size, HTML reduced to its main text; a clear
    ExtractError naming `doc` otherwise."""
    return _read_input(text_or_html, html=html, doc=doc)[0]


def _read_input(text_or_html: str, *, html: bool | None = None,
                doc: str = "-") -> tuple[str, str | None]:
    """The text to read and, for a page, the publication date it states."""
    if not isinstance(text_or_html, str):
        raise ExtractError(f"{doc}: expected text, got {type(text_or_html).__name__}")
    if len(text_or_html) > MAX_CHARS:
        raise ExtractError(f"{doc}: {len(text_or_html):,} characters is more than the "
                           f"{MAX_CHARS:,} this command reads at once; split the input")
    text, published = text_or_html, None
    if html or (html is None and looks_like_html(text)):
        page = read_html(text)
        text, published = page.text, page.published_at
        if not text.strip() and text_or_html.strip():
            raise ExtractError(f"{doc}: no text found in this HTML (no main text could be "
                               "read: an index page, a page that needs JavaScript, or markup "
                               "too deep to parse)")
    return text, published


def _run(nlp: Language, text: str, published: str | None = None):
    """The pipeline on one chunk, the doc carrying its text from the start (spaCy would rebuild
    doc.text from every token when a component asks for it) and its publication date."""
    doc = nlp.make_doc(text)
    components._ensure_extensions()
    doc._.text = text
    doc._.published = published
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def claims_of_text(text: str, *, doc: str = "-", pack: str = "ai_chips",
                   published: str | None = None) -> list[dict]:
    return list(stream_claims([text], doc=doc, pack=pack, published=published))


def stream_claims(pieces: Iterable[str], *, doc: str = "-", pack: str = "ai_chips",
                  progress: Callable[[int], None] | None = None,
                  chunk_chars: int = CHUNK_CHARS, published: str | None = None
                  ) -> Iterator[dict]:
    """The claims of a text given in successive pieces (a file read block by block), yielded
    chunk by chunk as they are found. One chunk is parsed at a time, so memory does not grow
    with the input; offsets count from the start of the whole text. `progress(chars)` is
    called after each chunk with the characters read so far."""
    nlp = build_pipeline(pack)
    for offset, chunk in _chunks(pieces, chunk_chars):
        parsed = _run(nlp, chunk, published)
        for c in parsed._.claims:
            c["start"] += offset
            c["end"] += offset
            yield {"doc": doc, **c}
        del parsed
        if progress is not None:
            progress(offset + len(chunk))
