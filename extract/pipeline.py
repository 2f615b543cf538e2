"""Build the claims pipeline from its config and run it: `extract_claims(text_or_html)`."""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from . import components  # noqa: F401  (registers the factories)
from .document import looks_like_html, read_html
from .errors import ExtractError

# the version of the shipped attachment model (extract/model/attach.json, its "version"); a test
# fails when the weights change and this does not, so every new model is a new extractor version
ATTACH_MODEL_VERSION = "48bc9361a2"
EXTRACTOR_VERSION = f"claims-extract/0.4.0+attach.{ATTACH_MODEL_VERSION}"
MAX_CHARS = 20_000_000
CHUNK_CHARS = 100_000

CONFIG = """
[nlp]
lang = "en"
pipeline = ["sentencizer", "line_breaks", "unit_periods", "subjects", "quantities", "attach"]

[components]

[components.sentencizer]
factory = "sentencizer"

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


def _chunks(text: str) -> list[tuple[int, str]]:
    """Cut long text at paragraph (or line) breaks into pieces spaCy handles comfortably."""
    out, pos = [], 0
    while pos < len(text):
        end = min(len(text), pos + CHUNK_CHARS)
        if end < len(text):
            cut = text.rfind("\n\n", pos, end)
            if cut <= pos:
                cut = text.rfind("\n", pos, end)
            if cut <= pos:
                cut = text.rfind(". ", pos, end)
            end = cut + 1 if cut > pos else end
        out.append((pos, text[pos:end]))
        pos = end
    return out


def extract_claims(text_or_html: str, *, html: bool | None = None, doc: str = "-",
                   pack: str = "ai_chips") -> list[dict]:
    """Every claim in a text (or an HTML page), as dicts in the shape of claim.schema.json."""
    if not isinstance(text_or_html, str):
        raise ExtractError(f"{doc}: expected text, got {type(text_or_html).__name__}")
    if len(text_or_html) > MAX_CHARS:
        raise ExtractError(f"{doc}: {len(text_or_html):,} characters is more than the "
                           f"{MAX_CHARS:,} this command reads at once; split the input")
    text = text_or_html
    if html or (html is None and looks_like_html(text)):
        text = read_html(text).text
        if not text.strip() and text_or_html.strip():
            raise ExtractError(f"{doc}: no text found in this HTML (no main text could be "
                               "read: an index page, a page that needs JavaScript, or markup "
                               "too deep to parse)")
    return claims_of_text(text, doc=doc, pack=pack)


def _run(nlp: Language, text: str):
    """The pipeline on one chunk, the doc carrying its text from the start (spaCy would rebuild
    doc.text from every token when a component asks for it)."""
    doc = nlp.make_doc(text)
    components._ensure_extensions()
    doc._.text = text
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def claims_of_text(text: str, *, doc: str = "-", pack: str = "ai_chips") -> list[dict]:
    nlp = build_pipeline(pack)
    chunks = _chunks(text)
    claims: list[dict] = []
    for offset, parsed in ((o, _run(nlp, c)) for o, c in chunks):
        for c in parsed._.claims:
            c["start"] += offset
            c["end"] += offset
            claims.append({"doc": doc, **c})
    return claims
