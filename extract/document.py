"""Read a page: main text (trafilatura), tables (rendered as " | " rows), and metadata
(title, site name, author, language, canonical URL, publication date and where it came from).

Pure: bytes or str in, a `Page` out. The crawler uses it to record what it fetched; the
extractor uses it when given HTML.
"""
from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, asdict
from functools import lru_cache
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from .errors import ExtractError

TRACKING_PARAMS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content",
                   "utm_id", "fbclid", "gclid", "mc_cid", "mc_eid", "ref", "ref_src", "igshid",
                   "yclid", "_hsenc", "_hsmi", "cmpid", "smid", "sr_share")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)


@dataclass
class Page:
    text: str
    title: str | None = None
    site_name: str | None = None
    author: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    published_at: str | None = None
    date_source: str | None = None
    tables: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


# a byte-order mark names its encoding; UTF-32's marks begin with UTF-16's, so they come first
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def _wide(encoding: str) -> bool:
    """UTF-16 and UTF-32 text is full of NUL bytes: that is no sign of a binary file there."""
    return encoding.lower().replace("-", "").replace("_", "").startswith(("utf16", "utf32"))


def decode(data: bytes, encoding: str | None = None, name: str = "input") -> str:
    """Bytes to text: the given encoding, else the byte-order mark's, else UTF-8, else the
    page's declared charset."""
    if not encoding:
        encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if b"\x00" in data[:8192] and not (encoding and _wide(encoding)):
        raise ExtractError(f"{name}: looks binary (NUL bytes), not text or HTML; for UTF-16 "
                           "or UTF-32 text pass --encoding utf-16 (or utf-32)")
    if encoding:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise ExtractError(f"{name}: cannot decode as {encoding}: {exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        declared = _CHARSET.search(data[:4096])
        if declared:
            try:
                return data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
        raise ExtractError(f"{name}: not valid UTF-8 (byte {exc.start}) and no usable charset "
                           "declared; pass --encoding (e.g. --encoding cp1252)") from None


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or bool(
        re.search(r"<(?:html|body|article|p|div|table|head)[\s>]", head))


def canonical_url(url: str) -> str:
    from w3lib.url import canonicalize_url, url_query_cleaner
    cleaned = url_query_cleaner(url, TRACKING_PARAMS, remove=True, keep_fragments=False)
    return canonicalize_url(cleaned, keep_fragments=False)


def read_html(html: str | bytes, url: str | None = None) -> Page:
    import trafilatura
    if isinstance(html, bytes):
        html = decode(html, name=url or "page")
    if not html.strip():
        return Page(text="")
    try:
        tree = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return Page(text=_strip_tags(html))
    table_texts = [t for t in (_render_table(t) for t in tree.iter("table")) if t]
    # trafilatura flattens tables into the text even with include_tables=False: read the page
    # without them (they are rendered as rows below)
    prose_tree = copy.deepcopy(tree)
    for table in prose_tree.xpath("//table"):
        table.drop_tree()
    prose_html = lxml.html.tostring(prose_tree, encoding="unicode")
    text = trafilatura.extract(prose_html, include_tables=False, include_comments=False,
                               deduplicate=False, config=_trafilatura_config()) or ""
    if not text.strip():
        text = _body_text(prose_tree)
    if table_texts:
        text = text.rstrip() + "\n\n" + "\n\n".join(table_texts) + "\n"
    meta = _metadata(tree, html, url)
    meta.text = text
    meta.tables = len(table_texts)
    return meta


@lru_cache(maxsize=1)
def _trafilatura_config():
    """trafilatura's defaults, but news briefs of a few short paragraphs count as articles
    (below 250 characters it falls back to a baseline that runs the paragraphs together)."""
    from trafilatura.settings import use_config
    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "50")
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


def _strip_tags(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def _body_text(tree) -> str:
    for bad in tree.xpath("//script|//style|//nav|//footer|//table"):
        bad.drop_tree()
    return "\n".join(t.strip() for t in tree.itertext() if t.strip())


def _cell_text(cell) -> str:
    return re.sub(r"\s+", " ", cell.text_content()).strip().replace("|", "/")


def _grid(table) -> list[tuple[bool, list[str]]]:
    """The table's rows as (all header cells?, texts), with rowspan and colspan spread over the
    cells they cover, so that every row has its cells in the columns of the header's."""
    rows, carry = [], {}  # carry: column -> (rows left, text) of a rowspan from above
    for tr in table.iter("tr"):
        cells = [c for c in tr if c.tag in ("td", "th")]
        texts: list[str] = []
        col = 0

        def fill_carried():
            nonlocal col
            while col in carry:
                left, text = carry[col]
                texts.append(text)
                if left <= 1:
                    del carry[col]
                else:
                    carry[col] = (left - 1, text)
                col += 1
        for c in cells:
            fill_carried()
            text = _cell_text(c)
            span = _span(c, "colspan")
            down = _span(c, "rowspan")
            for _ in range(span):
                texts.append(text)
                if down > 1:
                    carry[col] = (down - 1, text)
                col += 1
        fill_carried()
        if any(texts):
            rows.append((all(c.tag == "th" for c in cells), texts))
    return rows


def _span(cell, name: str) -> int:
    try:
        return max(1, min(int(cell.get(name, "1")), 50))
    except ValueError:
        return 1


def _render_table(table) -> str:
    grid = _grid(table)
    # several header rows ("Revenue ($bn)" over "2024", "2025") are one: each column's header
    # is its texts from the top down
    heads = 0
    while heads < len(grid) - 1 and grid[heads][0]:
        heads += 1
    if heads > 1:
        width = max(len(r) for _, r in grid[:heads])
        merged = []
        for j in range(width):
            parts: list[str] = []
            for _, r in grid[:heads]:
                if j < len(r) and r[j] and r[j] not in parts:
                    parts.append(r[j])
            merged.append(" ".join(parts))
        grid = [(True, merged)] + grid[heads:]
    rows = [r for _, r in grid]
    if len(rows) < 2 or max(len(r) for r in rows) < 2:
        return ""
    caption = table.find("caption")
    title = _cell_text(caption) if caption is not None else ""
    if not title:
        prev = table.getprevious()
        if prev is not None and prev.tag in ("h2", "h3", "h4", "p") and len(
                _cell_text(prev)) < 120:
            title = _cell_text(prev)
    lines = [" | ".join(c or "-" for c in r) for r in rows]
    return (title + "\n" if title else "") + "\n".join(lines)


def _metadata(tree, html: str, url: str | None) -> Page:
    import trafilatura
    page = Page(text="")
    md = trafilatura.extract_metadata(html)
    if md is not None:
        page.title, page.author, page.site_name = md.title, md.author, md.sitename
    page.language = (tree.get("lang") or "").split("-")[0] or None
    canon = tree.xpath("//link[@rel='canonical']/@href") or tree.xpath(
        "//meta[@property='og:url']/@content")
    if canon:
        page.canonical_url = canonical_url(urljoin(url or "", canon[0].strip()))
    elif url:
        page.canonical_url = canonical_url(url)
    for ld in _json_ld(tree):
        if not page.published_at and ld.get("datePublished"):
            page.published_at, page.date_source = str(ld["datePublished"]), "json-ld"
        pub = ld.get("publisher")
        if isinstance(pub, dict) and pub.get("name") and not page.site_name:
            page.site_name = pub["name"]
        if not page.author:
            author = ld.get("author")
            if isinstance(author, list) and author:
                author = author[0]
            if isinstance(author, dict):
                page.author = author.get("name")
    if not page.published_at:
        for xp in ("//meta[@property='article:published_time']/@content",
                   "//meta[@name='pubdate']/@content", "//meta[@name='date']/@content",
                   "//meta[@itemprop='datePublished']/@content",
                   "//time[@datetime]/@datetime"):
            found = tree.xpath(xp)
            if found:
                page.published_at, page.date_source = found[0].strip(), "meta"
                break
    if not page.published_at:
        from htmldate import find_date
        found = find_date(html, original_date=True, extensive_search=False)
        if found:
            page.published_at, page.date_source = found, "htmldate"
    return page


def _json_ld(tree) -> list[dict]:
    out = []
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(
            data, dict) else []
        out += [d for d in items if isinstance(d, dict)]
    return out
