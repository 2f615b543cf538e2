"""spaCy components of the claims pipeline, registered as versioned factories.

    claims_sentences_v1 -> claims_line_breaks_v1 -> claims_subjects_v1 -> claims_quantities_v1
                -> claims_attach_v1   (spaCy forbids dots in factory names)

Each takes the domain pack by name (config key `pack`) and leaves its results on the Doc:
`doc._.mentions`, `doc._.quantities`, `doc._.claims`, plus `doc.spans["subjects"]` and
`doc.spans["quantities"]` for anyone who wants spaCy spans.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

import numpy
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Span

from . import attach, flat_tables, ranker, tables
from .pack import load_pack
from .quantities import QuantityFinder
from .scan import matches_at, skipping
from .units import currency_code
from .subjects import CHIP_NOUN, COUNTED, OUTRANKED, Mention, SubjectFinder


def _ensure_extensions() -> None:
    for name in ("mentions", "quantities", "claims", "text", "ranking", "published"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def _text(doc: Doc) -> str:
    """The doc's text, made once: spaCy rebuilds doc.text from every token on each call."""
    if doc._.text is None:
        doc._.text = doc.text
    return doc._.text


def _start_sentences(doc: Doc, starts, offsets) -> None:
    """Start a sentence at the token beginning at or after each offset (`starts`: the tokens'
    offsets, sorted), set through the SENT_START array: a Token's is_sent_start setter checks
    the whole doc's annotation on each call. All offsets at once: the first token at or after
    each (bisect_left), but the first token of the doc or none."""
    starts = numpy.asarray(starts, dtype="int64")
    at = numpy.searchsorted(starts, numpy.asarray(offsets, dtype="int64"), side="left")
    at = at[(at > 0) & (at < len(starts))]
    if not len(at):
        return
    flags = doc.to_array("SENT_START")
    if (flags[at] != 1).any():
        flags[at] = 1
        doc.from_array(["SENT_START"], flags)


def _sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """(start_char, end_char) of each sentence, as doc.sents gives them, read from the token
    arrays instead of one Span and Token object per token."""
    if not len(doc):
        return []
    arr = doc.to_array(["IDX", "LENGTH", "SENT_START"])
    # the first token of each sentence, found by the array (a Python loop over every token
    # cost as much as a pipeline component)
    firsts = (arr[:, 2] == 1).nonzero()[0].tolist()
    if not firsts or firsts[0] != 0:
        firsts.insert(0, 0)
    lasts = [i - 1 for i in firsts[1:]] + [len(arr) - 1]
    starts = arr[firsts, 0].tolist()
    ends = (arr[lasts, 0] + arr[lasts, 1]).tolist()
    return list(zip(starts, ends))


class Sentences:
    """Sentence starts exactly as spaCy's rule-based sentencizer sets them, read from the token
    arrays instead of one Token object per token (which cost more than the rule itself).

    The sentencizer starts a sentence at the first token that is neither punctuation nor a
    sentence-final character (".", "!", "?" and their kin) after such a character; that is, at
    each word token with a sentence-final character between it and the word token before."""

    def __init__(self, nlp: Language, name: str, punct_chars: list[str] | None = None):
        self.name = name
        chars = punct_chars or Sentencizer.default_punct_chars
        self.final = numpy.array(sorted({nlp.vocab.strings.add(c) for c in chars}),
                                 dtype="uint64")

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        arr = doc.to_array(["ORTH", "IS_PUNCT"])
        # (numpy.isin, as a search in the sorted characters: a few times faster)
        at = numpy.minimum(numpy.searchsorted(self.final, arr[:, 0]), len(self.final) - 1)
        final = self.final[at] == arr[:, 0]
        words = numpy.flatnonzero(~final & (arr[:, 1] == 0))
        finals_upto = numpy.concatenate(([0], numpy.cumsum(final)))  # before each token
        before = numpy.concatenate(([0], words[:-1] + 1))  # just after the previous word
        starts = words[finals_upto[words] > finals_upto[before]]
        guess = numpy.full(len(doc), -1, dtype="int64")
        guess[0] = 1
        guess[starts] = 1
        current = doc.to_array("SENT_START")  # set ones stay, as the sentencizer leaves them
        doc.from_array(["SENT_START"], numpy.where(current == 0, guess.astype(current.dtype),
                                                   current))
        return doc


@Language.factory("claims_sentences_v1", default_config={"punct_chars": None})
def make_sentences(nlp: Language, name: str, punct_chars: list[str] | None) -> Sentences:
    return Sentences(nlp, name, punct_chars)


@Language.component("claims_line_breaks_v1")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, list items and table rows stand alone."""
    _ensure_extensions()
    text = _text(doc)
    if "\n" not in text:
        return doc
    starts = doc.to_array("IDX").astype("int64")  # each token's offset, without Token objects
    _start_sentences(doc, starts, [m.end() for m in _NEWLINES.finditer(text)])
    return doc


_NEWLINES = re.compile(r"\n+")
_DIGIT = re.compile(r"\d")
# how far from a figure, within its sentence, a name can own it (in characters)
NEAR_BEFORE, NEAR_AFTER = 1500, 800


@Language.component("claims_unit_periods_v1")
def unit_periods(doc: Doc) -> Doc:
    """A period after a figure's unit ends a sentence: the tokenizer keeps "700W.", "120 kW." or
    "$5m." whole, as if an abbreviation, and the sentencizer then runs two sentences together
    ("It draws 700W. Alibaba plans ..."). Not "U.S. Next", which has no figure."""
    _ensure_extensions()
    text = _text(doc)
    ends = [m.end() for m in _unit_periods(text)] if "." in text else []
    if ends and len(doc):
        starts = doc.to_array("IDX").astype("int64")
        ends = numpy.asarray(ends, dtype="int64")
        # (only ends where a token starts)
        at = numpy.minimum(numpy.searchsorted(starts, ends), len(starts) - 1)
        _start_sentences(doc, starts, ends[starts[at] == ends])
    return doc


def _unit_periods(text: str):
    """_UNIT_PERIOD.finditer(text), tried only before the periods where one can end: a period
    after an ASCII letter and before a space, with a digit in the 11 characters before it (a
    figure's unit is at most 11 characters, digit to period) or a slash just before ("q/q.");
    there the pattern is tried at each of those 11 positions (extract.scan.matches_at)."""
    starts = []
    for p in _PERIOD_AFTER_LETTER.finditer(text):
        k = p.start()
        lo = max(0, k - 11)
        if _DIGIT.search(text, lo, k - 1) or "/" in text[max(0, k - 4):k]:
            starts.extend(range(lo, k - 1))
    return matches_at(_UNIT_PERIOD, text, sorted(set(starts)))


# a digit, a unit of letters (and "/s"), a period, space, then a capital: where the next
# sentence starts
_PERIOD_AFTER_LETTER = re.compile(r"\.(?<=[A-Za-z]\.)(?=\s)")  # (found from its period)
_UNIT_PERIOD = re.compile(r"(?:\d\s?[A-Za-z]{1,5}(?:/[A-Za-z]{1,3})?|(?<![\w/])[a-z]/[a-z])\.\s+"
                          r"(?=[\"“(]?[A-Z])")  # also "up 5.2% q/q. Costs ..."


def char_spans(doc: Doc, items: list[tuple[int, int, str, str | int]]) -> list[Span]:
    """The spans of (start_char, end_char, label, kb_id) items, as doc.char_span(...,
    alignment_mode="expand") makes them, skipping those it makes none of. The tokens are found
    for all items at once from the token arrays (char_span makes a Token object or two per
    span, which cost more than the rest of the component)."""
    if not items or not len(doc):
        return [x for x in (doc.char_span(a, b, label=label, kb_id=kb, alignment_mode="expand")
                            for a, b, label, kb in items) if x is not None]
    arr = doc.to_array(["IDX", "LENGTH", "SPACY"])
    idx = arr[:, 0].astype("int64")
    word_end = idx + arr[:, 1].astype("int64")
    token_end = word_end + arr[:, 2].astype("int64")
    chars = numpy.array([(a, b - 1) for a, b, _, _ in items], dtype="int64")
    # the token holding each character (token_by_char): the last one starting at or before it,
    # if the character is within it or its trailing space
    at = numpy.searchsorted(idx, chars, side="right") - 1
    held = (at >= 0) & (chars < token_end[numpy.maximum(at, 0)])
    first, last = at[:, 0], at[:, 1]
    # "expand": a start in the trailing space of a token begins at the next token
    first = first + (held[:, 0] & (chars[:, 0] == word_end[numpy.maximum(first, 0)]))
    out = []
    for (a, b, label, kb), i, j, ok in zip(items, first.tolist(), last.tolist(),
                                          (held[:, 0] & held[:, 1]).tolist()):
        if ok and i <= j:
            out.append(Span(doc, i, j + 1, label=label, kb_id=kb))
        else:  # no token there, or an empty span: as char_span says it
            span = doc.char_span(a, b, label=label, kb_id=kb, alignment_mode="expand")
            if span is not None:
                out.append(span)
    return out


class _PackComponent:
    def __init__(self, nlp: Language, name: str, pack: str):
        _ensure_extensions()
        self.name = name
        self.pack = load_pack(pack)


class Subjects(_PackComponent):
    def __init__(self, nlp, name, pack):
        super().__init__(nlp, name, pack)
        self.finder = SubjectFinder(self.pack)

    def __call__(self, doc: Doc) -> Doc:
        mentions = self.finder.find(_text(doc))
        doc._.mentions = mentions
        doc.spans["subjects"] = char_spans(doc, [(m.start, m.end, m.type, m.canonical)
                                                 for m in mentions])
        return doc


class Quantities(_PackComponent):
    def __init__(self, nlp, name, pack):
        super().__init__(nlp, name, pack)
        self.finder = QuantityFinder(self.pack.count_nouns, generic_counts=True)

    def __call__(self, doc: Doc) -> Doc:
        text = _text(doc)
        names = sorted((m.start, m.end) for m in doc._.mentions or [] if _DIGIT.search(m.text))
        # a number inside a name ("GPT-5.2", "Atlas 900") is not a figure; a name the figure
        # counts is ("two 910Bs")
        name_starts = [s for s, _ in names]
        found = [q for q in self.finder.find(text)
                 if not any(s <= q.start < e for s, e in names[max(0, bisect.bisect_right(
                     name_starts, q.start) - 8):bisect.bisect_right(name_starts, q.start)])]
        glued = self._glued_to_names(text, names)
        if glued:
            found = [q for q in found if not any(q.start < g.end and g.start < q.end
                                                 for g in glued)] + glued
        found += self._bare_table_cells(text, found)
        found.sort(key=lambda q: q.start)
        doc._.quantities = found
        doc.spans["quantities"] = char_spans(doc, [(q.start, q.end, q.kind, 0) for q in found])
        return doc

    def _glued_to_names(self, text, names):
        """A figure glued to a name in a flattened table: "NVIDIA H800236B" holds 236B (read
        from the name's end, it wins over a reading that starts inside it)."""
        extra = []
        for _, e in names:
            if e < len(text) and text[e].isdigit():
                line_end = text.find("\n", e)
                line_end = len(text) if line_end < 0 else line_end
                for q in self.finder.find(text[e:line_end]):
                    if q.start == 0:
                        q.start, q.end = q.start + e, q.end + e
                        extra.append(q)
                    break
        return extra

    def _bare_table_cells(self, text, found):
        """A cell holding a bare number takes its unit from the row or column header."""
        return tables.cell_quantities(text, self.finder, found)


class Attach(_PackComponent):
    def __init__(self, nlp, name, pack, model="", keep_ranking=False):
        super().__init__(nlp, name, pack)
        self.model = ranker.load_model(model)
        self.keep_ranking = keep_ranking
        self.finder = SubjectFinder(self.pack)  # for table headers and unknown names
        # a table's header and caption are read once, not once per figure in the table
        self.names_in = lru_cache(maxsize=512)(lambda text: tuple(self.finder.find(text)))
        self.entities = {e.name: e for e in self.pack.entities}
        self.generic = attach.generic_metrics(self.pack)

    def __call__(self, doc: Doc) -> Doc:
        text = _text(doc)
        sents = _sentence_spans(doc)
        sent_starts = [s for s, _ in sents]
        cells = tables.find_cells(text) if "|" in text else []
        cell_starts = [c.start for c in cells]
        mentions = doc._.mentions or []
        quantities = doc._.quantities or []
        self._row_first_figure = {}
        rows = flat_tables.find_rows(text, [q.start for q in quantities])
        row_starts = [r.start for r in rows]
        row_figures: dict[int, list] = {}
        claims = []
        focus = None
        seen_figures: dict = {}
        mention_starts = [m.start for m in mentions]
        quantity_starts = [q.start for q in quantities]
        own_chips = _own_chips(mentions)
        converted = None  # the figure before: (end, kind, subject, metric, family)
        figures = []
        plain_names: dict[int, list] = {}  # capitalised words of each sentence, read once
        for q in quantities:
            cell = row = None
            if cells:
                i = bisect.bisect_right(cell_starts, q.start) - 1
                if i >= 0 and cells[i].start <= q.start < cells[i].end:
                    cell = cells[i]
            si = max(0, bisect.bisect_right(sent_starts, q.start) - 1)
            s0, s1 = sents[si] if sents else (0, len(text))
            if not cell and rows:
                i = bisect.bisect_right(row_starts, q.start) - 1
                if i >= 0 and rows[i].start <= q.start < rows[i].end:
                    row = rows[i]
            at = None
            how = "cell" if cell else "row" if row else "sentence"
            if cell:
                subject, conf, window, near, quote = self._from_cell(cell, q)
            elif row:
                index = len(row_figures.setdefault(row.start, []))
                row_figures[row.start].append(q)
                in_row = mentions[bisect.bisect_left(mention_starts, row.start):
                                  bisect.bisect_left(mention_starts, row.end)]
                subject, conf, window, near, quote = self._from_row(
                    text, row, q, index, in_row, row_figures[row.start][-2] if index else None)
                chip = _own_chip(subject, own_chips)
                if chip is not None and re.search(
                        rf"\b{re.escape(subject.canonical)}\b[\w\s-]{{0,30}}?\b(?:chip|ASIC|"
                        rf"processor|accelerator)s?\b", row.caption, re.I):
                    # a table captioned "ByteDance In-House Chip: Key Facts": the chip the
                    # article describes, not the company
                    subject = chip
            else:
                # names are short; a run-on "sentence" (a flattened page, thousands of words
                # without a stop) is read only near the figure
                lo = bisect.bisect_left(mention_starts, max(s0, q.start - NEAR_BEFORE) - 300)
                hi = bisect.bisect_left(mention_starts, min(s1, q.end + NEAR_AFTER))
                subject, conf = attach.choose_subject(text, q, mentions[lo:hi], s0, s1)
                w0 = max(s0, q.start - 90)
                window = text[w0:min(s1, q.end + 50)]
                at = (q.start + q.end) / 2 - w0
                near = text[max(s0, q.start - 45):min(s1, q.end + 30)]
                quote = _quote(text, s0, s1, q)
            if subject is None and not cell and not row:
                # no name the pack knows in the sentence: a capitalised word may be one it does
                # not ("Groq raised $640 million")
                if si not in plain_names:
                    plain_names[si] = self.finder.plain_names(text, s0, s1)
                plain = [m for m in plain_names[si]
                         if q.start - NEAR_BEFORE <= m.start <= q.end + NEAR_AFTER]
                if plain:
                    subject, conf = attach.choose_subject(text, q, plain, s0, s1)
            if subject is None:
                # a figure repeated without a name ("The $12 billion figure...") is about what
                # it was about before; else the previous sentence's subject
                repeated = seen_figures.get((q.kind, q.value, q.low, q.high))
                subject = repeated or \
                    _previous_subject(text, mentions, mention_starts, sents, si, q, focus)
                conf = 0.4 if subject else 0.2
                how = "repeated" if repeated else "carried"
            else:
                focus = subject
                if conf >= 0.8 and q.kind not in ("percent", "ratio"):
                    # "40%" or "2x" recur by chance; "$12 billion" or "350,000 units" do not
                    seen_figures.setdefault((q.kind, q.value, q.low, q.high), subject)
            if not (cell or row):
                described = _described_subject(text, q, subject, mentions, mention_starts,
                                               own_chips, s0, s1)
                how = "described" if described is not subject else how
                subject = described
            others = ()
            if not (cell or row):
                n0 = max(s0, q.start - 45)
                others = tuple((o.start - n0, o.end - n0) for o in quantities[
                    max(0, bisect.bisect_left(quantity_starts, n0) - 1):
                    bisect.bisect_left(quantity_starts, q.end + 30)]
                    if o is not q and o.start >= n0 and o.end <= min(s1, q.end + 30))
            quals = attach.qualifiers(self.pack, q, window, near, at, others)
            if q.kind == "compute" and "precision" not in quals and not (cell or row) and si \
                    and _GOES_ON.match(text, s0):
                # "...measured in FP16. That trails the H100, near 2,000 TFLOPS"
                previous = text[sents[si - 1][0]:sents[si - 1][1]]
                found = attach.qualifiers(self.pack, q, previous, "", len(previous))
                if found.get("precision"):
                    quals["precision"] = found["precision"]
            family = None
            if subject is not None:
                entity = self.entities.get(subject.canonical)
                if entity is not None and entity.variant_of:
                    family = entity.variant_of
                    for k, v in entity.qualifiers.items():
                        quals.setdefault(k, v)
            if row:
                _row_qualifiers(row, q, index, quals, row_figures[row.start])
                _row_currency(text, row, q)
            elif cell:
                prices = flat_tables.price_columns(cell.col_header)
                if prices and q.kind == "money":
                    _per_million_tokens(q, prices[0] or None)
            metric = attach.metric_label(attach.choose_metric(self.pack, q, window, at), quals)
            if (conf <= 0.4 and subject is not None and subject.is_product and subject.vendor
                    and metric in _COMPANY_METRICS):
                # "Biren's BR100 packs ... Its IPO raised HK$5.6 billion": money raised or earned
                # by the maker, not by the product named before
                subject = Mention(subject.start, subject.end, subject.text, subject.vendor,
                                  "company", None)
                family, how = None, "maker"
            if converted is not None and converted[1] == q.kind and not (cell or row) and \
                    _CONVERSION.fullmatch(text, converted[0], q.start):
                # "380 billion yuan ($53 billion)": the same figure in another currency or unit
                subject, metric, family = converted[2], converted[3], converted[4]
                how = "converted"
            converted = (q.end, q.kind, subject, metric, family)
            if _vague_count(q, metric, subject):
                continue
            figures.append(ranker.Figure(q.start, q.end, q.kind, si, bool(cell or row),
                                         q.hyphen_compound, subject.canonical if subject
                                         else None, subject, conf, how))
            claims.append({
                "subject": subject.canonical if subject else None,
                "subject_text": subject.text if subject else None,
                "subject_family": family,
                "metric": metric, "kind": q.kind, "qualifiers": quals,
                "value": q.value, "low": q.low, "high": q.high, "unit": q.unit,
                "value_text": q.value_text, "approx": q.approx, "bound": q.bound,
                "start": q.start, "end": q.end, "sentence": quote,
                "in_table": cell is not None or row is not None,
                "confidence": round(q.confidence * conf, 3),
            })
        self._respectively(claims, text, sents, mentions)
        if self.model is not None or self.keep_ranking:
            ranking = self._rank(text, sents, mentions, quantities, claims, figures, plain_names)
            doc._.ranking = ranking if self.keep_ranking else None
        _name_variants(claims, text, {m.name for m in self.pack.metrics if m.variants})
        # with the subjects settled: a period said once holds for the figures it is said of,
        # and one figure has one metric name in one text
        attach.carry_periods(claims, text, sents, _GOES_ON)
        if doc._.published:
            attach.relative_periods(claims, text, sents, doc._.published)
        attach.headline_times(text, claims)
        attach.carry_projected(claims, text, sents)
        attach.later_than_published(claims, doc._.published)
        attach.one_metric_label(claims, self.generic)
        attach.one_owner_per_figure(claims, self.entities)
        claims = attach.ratio_references(claims, text, sents, mentions, self.generic)
        doc._.claims = claims
        return doc

    def _rank(self, text, sents, mentions, quantities, claims, figures, plain_names=None
              ) -> list:
        """Every figure's candidates and their features (kept on the Doc for training); with a
        model, the best-scoring candidate becomes the claim's subject. `plain_names` are the
        capitalised words of the sentences the rules read, by sentence (read once)."""
        ctx = ranker.Context.read(text, sents, mentions, self.finder, [q.start for q in quantities])
        ctx.memo["plain names"] = plain_names if plain_names is not None else {}
        ctx.figure_ends = [q.end for q in quantities]
        ranking = []
        before = None
        for claim, fig in zip(claims, figures):
            fig.rule_subject = claim["subject"]  # after "respectively"
            if before is not None and before.sentence == fig.sentence:
                fig.previous = before.rule_subject
                fig.listed = bool(ranker.LIST_GAP.fullmatch(text, before.end, fig.start))
            before = fig
            owner = ranker.table_owner(ctx, fig)
            if owner is not None:
                self._table_rule(claim, fig, owner)
            cands = ranker.candidates(ctx, fig)
            # one candidate or none: nothing to rank (unless training wants its features, or a
            # lone place must say whether it acts: ranker.choose)
            feats = ranker.features(ctx, fig, cands) if len(cands) > 1 or self.keep_ranking \
                or cands and cands[0].type == "place" else [{}] * len(cands)
            ranking.append((fig, cands, feats))
        if self.model is not None:
            ranker.rerank(claims, ranking, self.model, self.entities)
            claims += ranker.joint_claims(text, claims, ranking)
            ranker.headline_echoes(text, claims)
        return ranking

    def _table_rule(self, claim, fig, owner) -> None:
        """A figure in a table belongs, by the rules, to the owner its table's shape gives
        (ranker.table_owner): the name over its column, labelling its row, or captioning it."""
        if owner.canonical != claim["subject"]:
            entity = self.entities.get(owner.canonical)
            claim["subject"], claim["subject_text"] = owner.canonical, owner.text
            claim["subject_family"] = entity.variant_of if entity is not None else None
            for k, v in (entity.qualifiers.items() if entity is not None else ()):
                claim["qualifiers"].setdefault(k, v)
        fig.rule_subject = owner.canonical
        fig.rule_mention = Mention(owner.start, owner.end, owner.text, owner.canonical,
                                   owner.type, None, owner.described)
        fig.rule_how, fig.rule_conf = "table", 0.9

    def _respectively(self, claims, text, sents, mentions) -> None:
        """"Alibaba, Tencent and Baidu plan $15 billion, $10 billion and $6 billion
        respectively": the n-th figure of a list belongs to the n-th name of a list."""
        prose = sorted((c for c in claims if not c["in_table"]), key=lambda c: c["start"])
        starts = [c["start"] for c in prose]
        starts_m = [m.start for m in mentions]
        for s0, s1 in sents:
            here = prose[bisect.bisect_left(starts, s0):bisect.bisect_left(starts, s1)]
            if len(here) < 2:
                continue
            figures = _longest_list(here, text, lambda c: (c["start"], c["end"]))
            if len(figures) < 2:
                continue
            names = _longest_list(
                [m for m in mentions[bisect.bisect_left(starts_m, s0):
                                     bisect.bisect_left(starts_m, figures[0]["start"])]
                 if m.end <= figures[0]["start"]], text, lambda m: (m.start, m.end))
            if len(figures) != len(names):
                continue
            # said outright, or the two lists side by side ("The H100 and H200 carry 80 GB and
            # 141 GB"), with nothing else named between them
            if not (_RESPECTIVELY.search(text, figures[-1]["end"], s1) or
                    figures[0]["start"] - names[-1].end <= 40):
                continue
            periods = {c["qualifiers"].get("period") for c in figures} - {None}
            for c, m in zip(figures, names):
                entity = self.entities.get(m.canonical)
                c["subject"], c["subject_text"] = m.canonical, m.text
                c["subject_family"] = entity.variant_of if entity else None
                if len(periods) == 1:  # "... in 2026" is said of the whole list
                    c["qualifiers"].setdefault("period", next(iter(periods)))

    def _from_row(self, text, row, q, index, mentions, previous=None):
        """A figure in a flattened table row: its column's entity, else the row's first name
        (`mentions` are the row's names; `previous` is the row's figure before this one)."""
        header_names = [m for m in self.names_in(row.header)
                        if not re.search(r"\bvs\.?\s*$", row.header[:m.start])]
        first = q if index == 0 else None
        label_end = first.start if first else self._row_first_figure.get(row.start, q.start)
        self._row_first_figure[row.start] = label_end
        row_names = [m for m in mentions if row.start <= m.start < label_end]
        subject = None
        column = self._column_name(text, row, q, header_names, mentions)
        if column is not None:
            subject = column
        elif len(header_names) >= 2:
            subject = header_names[min(index, len(header_names) - 1)]
        elif row_names:
            subject = row_names[0]
            nxt = row_names[1] if len(row_names) > 1 else None
            if (nxt and nxt.start - subject.end <= 1 and nxt.is_product
                    and nxt.vendor in (subject.canonical, subject.vendor)):
                subject = nxt  # "OpenAIGPT-5.2": the vendor's product
            if index:
                # a later cell that names its own subject: "TSMC 3nm/4nmSMIC 7nm-equiv"
                since = [m for m in mentions if previous.end <= m.start and m.end <= q.start
                         and not text[m.end:q.start].strip()]
                subject = since[-1] if since else subject
        else:
            found = self.names_in(row.caption) or header_names
            subject = found[0] if found else None
        label = text[row.start:label_end]
        window = f"{label} {flat_tables.unglue(row.header)} {row.caption}"
        near = f"{label} {row.caption}"
        return subject, 0.8 if subject else 0.0, window, near, text[row.start:row.end].strip()

    def _column_name(self, text, row, q, header_names, mentions):
        """The name over a figure's column, when the row's cells can be told apart and line up
        with the header's; a name in the figure's own cell comes first ("CUDA (15+ years)")."""
        header_cells = flat_tables.split_cells(
            row.header, [(m.start, m.end) for m in header_names])
        in_row = mentions  # the row's names
        line = text[row.start:row.end]
        cells = flat_tables.split_cells(
            line, [(m.start - row.start, m.end - row.start) for m in in_row])
        if len(header_cells) < 3 or len(cells) not in (len(header_cells), len(header_cells) - 1):
            return None
        at = q.start - row.start
        col = next((i for i, (a, b) in enumerate(cells) if a <= at < b), None)
        if not col:
            return None
        a, _ = cells[col]
        if not header_names and any(m.start - row.start < cells[0][1] for m in in_row):
            return None  # a list of named rows ("DeepSeek-V2 | NVIDIA H800 | 236B"): the row's
        # under a product's column, "TSMC 4N (5nm)" and "NVLink 900 GB/s" are the product's
        # node and link; "CUDA (15+ years)" is CUDA's age
        own = [m for m in in_row if a <= m.start - row.start and m.end <= q.start
               and (not header_names or q.kind not in attach.TECHNICAL | {"ratio"})]
        if own:
            return own[-1]
        a, b = header_cells[col]
        over = [m for m in header_names if a <= m.start < b]
        if over:
            return over[0]
        if header_names:
            return None
        # columns that are things without a known name ("Western AI Stack", "Chinese AI Stack")
        labels = [row.header[x:y].strip() for x, y in header_cells[1:]]
        things = [x for x in labels if self._is_thing_label(x)]
        label = row.header[a:b].strip()
        if len(things) >= 2 and label in things:
            return Mention(row.header_start + a, row.header_start + b, label, label, "group",
                           None)
        return None

    def _is_thing_label(self, label: str) -> bool:
        """A header label that names a thing, not a year, a metric or an assessment."""
        if (not label or any(ch.isdigit() for ch in label) or len(label.split()) > 5
                or label.split()[0] in _COLUMN_WORDS or label.split()[-1] in _COLUMN_WORDS):
            return False
        return not any(m.pattern is not None and m.pattern.search(label)
                       for m in self.pack.metrics)

    def _from_cell(self, cell, q):
        subject = None
        for header in (cell.row_header, cell.col_header, cell.table_title):
            found = self.names_in(header)
            if found:
                subject = found[0]
                break
        other = cell.col_header if subject and subject.text in cell.row_header else cell.row_header
        window = f"{cell.row_header} {cell.col_header} {cell.table_title}"
        near = f"{other} {cell.col_header}"
        return subject, 0.9 if subject else 0.0, window, near, cell.row_text.strip()


_LIST_GAP = re.compile(r"^\s*(?:,|,?\s*and|,?\s*or|vs\.?|versus)\s*$")


def _vague_count(q, metric: str, subject) -> bool:
    """"once thousands of chips are linked": a magnitude word counting plain hardware, with
    nothing saying what the count measures, pinned on one chip or model, is no figure of that
    chip. "Millions of developers" or "a system built from hundreds of chips" stay."""
    return (q.kind == "count" and q.bound == ">=" and q.approx
            and not any(ch.isdigit() for ch in q.value_text)
            and metric.lower() in attach._GENERIC_NOUNS
            and (subject is None or subject.type in ("chip", "model")))


def _name_variants(claims, text, metrics) -> None:
    """"Qianfan-VL comes in sizes of 3 billion, 8 billion or 70 billion parameters": a list of
    values of a variant-naming metric names three models, "Baidu Qianfan-VL 3B" and so on."""
    if not metrics:
        return
    run: list[dict] = []
    for c in claims + [None]:
        if (c is not None and run and c["subject"] == run[-1]["subject"]
                and c["metric"] == run[-1]["metric"] and c["value"] is not None
                and _LIST_GAP.match(text[run[-1]["end"]:c["start"]])):
            run.append(c)
            continue
        if len(run) >= 2 and run[0]["subject"] and len({x["value"] for x in run}) == len(run):
            for x in run:
                x["subject"] = f"{x['subject']} {_short_size(x['value'])}"
        run = [c] if c is not None and c["metric"] in metrics and c["value"] is not None else []


_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)


def _longest_list(items, text, span) -> list:
    """The longest run of items joined by ", " / "and" / ", and" ("A, B and C")."""
    best: list = []
    run: list = []
    for x in items:
        if run and _LIST_GAP.match(text[span(run[-1])[1]:span(x)[0]]):
            run.append(x)
        else:
            run = [x]
        if len(run) > len(best):
            best = list(run)
    return best


def _short_size(value: float) -> str:
    for scale, letter in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if value >= scale:
            return f"{value / scale:g}{letter}"
    return f"{value:g}"


# "a 30,000-chip cluster": the figure describes a system that has no name of its own
_SYSTEM_NP = re.compile(r"(?:-[\w]+)?(?P<np>(?:\s+[A-Z][\w-]*){0,2}\s+(?:cluster|supercomputer|"
                        r"system|pod|supernode|super-node|SuperPoD|data cent(?:er|re)|server|"
                        r"rack|machine|computer)s?)(?![\w-])")
_SYSTEM_THAT = re.compile(r"(?<![\w-])(?P<np>(?:[a-z][\w-]*\s+){0,3}(?:cluster|supercomputer|"
                          r"system|pod|supernode|data cent(?:er|re)|server|rack|machine|"
                          r"computer)s?)\s+"
                          r"(?:that|which)\s+(?:[a-z]+\s+){1,2}(?:up to\s+|over\s+|some\s+)?$")
_NOT_IN_NP = {"on", "in", "of", "to", "the", "a", "an", "its", "their", "for", "with", "by",
              "at", "and", "or", "is", "are", "was", "were", "be", "into", "from"}
_UNIT_NOUNS = {"chips", "GPUs", "accelerators", "processors", "nodes", "servers", "racks",
               "cards", "CPUs"}


_CONVERSION = re.compile(r"\s*\(\s*(?:about|around|roughly|approximately|or|~|≈)?\s*",
                         re.I)
# a sentence that goes on from the one before ("That's shy of ...", "It also ...")
_GOES_ON = re.compile(r"\s*[\"“]?(?:That|This|It|These|Those|Which|Both|Still|But|And|Yet)\b")
_BOUGHT = re.compile(r"\b(?:order|orders|ordered|ordering|bought|buys?|buying|purchas\w+|"
                     r"acquir\w+|rent\w*|import\w*|stockpil\w+)\b", re.I)


def _described_subject(text, q, subject, mentions, starts, own_chips, s0, s1):
    """A prose figure's subject, corrected where the thing it is about has no name of its own:
    a system described by its chip count, a line's roadmap, a company's one described chip."""
    if q.kind != "count":
        return _each_generation(text, q, mentions, starts, s0) or subject
    subject = _counted_system(text, q, subject, s0) or \
        _generations_of(text, q, mentions, starts) or subject
    chip = _own_chip(subject, own_chips)
    if chip is not None and q.count_noun in ("units", "chips") and \
            not _BOUGHT.search(text, s0, s1):
        # "ByteDance's plan of 350,000 units a year...": a company is not counted in units;
        # the one chip of its own the article describes is
        return chip
    return subject


def _own_chips(mentions):
    """The hardware each company makes by the article's description ("ByteDance is building
    an in-house inference chip"): {company: {canonical: mention}}."""
    out: dict[str, dict] = {}
    for m in mentions:
        if m.described and m.type == "product" and m.vendor and CHIP_NOUN.search(m.canonical):
            out.setdefault(m.vendor, {}).setdefault(m.canonical.rstrip("s"), m)
    named = {m.vendor for m in mentions if m.is_product and not m.described
             and m.type not in ("model", "software")}
    return {k: v for k, v in out.items() if k not in named}  # Huawei's units may be any Ascend


def _own_chip(subject, own_chips):
    """The one chip of its own the article describes for a company subject, else None."""
    own = own_chips.get(subject.canonical, {}) if subject is not None and \
        subject.type == "company" else {}
    return next(iter(own.values())) if len(own) == 1 else None


def _counted_system(text, q, subject, sent_start):
    """"Baidu switched on a 30,000-chip cluster", "Acme is building rack-scale clusters that
    join hundreds of chips": the claim is about that system, named by its owner and the words
    that describe it ("Baidu 30,000-chip cluster"), unless it has a name ("a 384-chip Atlas 900
    cluster" is the Atlas 900's)."""
    if q.kind != "count" or q.count_noun not in _UNIT_NOUNS:
        return None
    if subject is not None and (subject.is_product or subject.start > q.start):
        return None
    m = _SYSTEM_NP.match(text, q.end) if q.hyphen_compound else None
    if m:
        start, end = q.start, m.end()
    else:
        m = _SYSTEM_THAT.search(text, max(sent_start, q.start - 120), q.start)
        if not m or (subject is not None and subject.start >= m.start("np")):
            return None
        start, end = m.start("np"), m.end("np")
        # the noun phrase's own words only: "betting on rack-scale clusters" -> "rack-scale
        # clusters", "runs pods" -> "pods"
        words = text[start:end].split()
        keep = len(words) - 1
        while keep > 0 and words[keep - 1].lower() not in _NOT_IN_NP and \
                not re.search(r"(?:[^s]s|ed)$", words[keep - 1]):
            keep -= 1
        start = end - len(" ".join(words[keep:]))
    described = text[start:end].strip()
    owner = subject.canonical if subject is not None and subject.type == "company" else None
    name = f"{owner} {described}" if owner else described
    return Mention(start, end, described, name, "system", owner)


def _generations_of(text, q, mentions, starts):
    """"four generations of its Ascend AI chips": a count of generations is a fact about the
    product line's roadmap ("Huawei Ascend roadmap")."""
    if q.count_noun != "generations":
        return None
    k = bisect.bisect_left(starts, q.end)
    if k >= len(mentions) or mentions[k].start - q.end > 30:
        return None
    line = mentions[k]
    if not _OF_ITS.fullmatch(text[q.end:line.start]) or not line.canonical.endswith(" chips"):
        return None
    name = line.canonical[:-len(" chips")] + " roadmap"
    return Mention(line.start, line.end, line.text, name, "product", line.vendor)


def _each_generation(text, q, mentions, starts, sent_start):
    """"three generations of the Ascend line, each generation about twice as fast as the
    last": a figure said of each generation is about the roadmap too."""
    m = _EACH_GENERATION.search(text, sent_start, q.start)
    if m is None:
        return None
    k = bisect.bisect_left(starts, m.end())
    if k >= len(mentions) or mentions[k].start > m.end() + 5:
        return None
    line = mentions[k]
    if not line.canonical.endswith(" chips") or \
            not _EACH.search(text, line.end, q.start):
        return None
    return Mention(line.start, line.end, line.text, line.canonical[:-len(" chips")] + " roadmap",
                   "product", line.vendor)


_EACH_GENERATION = re.compile(r"\bgenerations\s+of\s+(?:its\s+|their\s+|the\s+)?", re.I)
_EACH = re.compile(r"\beach\s+(?:iteration|generation|version|new\s+chip|successor)\b", re.I)
_OF_ITS = re.compile(r"\s+of\s+(?:its\s+|their\s+|the\s+)?", re.I)
_COMPANY_METRICS = {"revenue", "AI chip revenue", "profit", "valuation", "funding", "capex"}
# header words of columns that hold assessments, changes or notes rather than things
_COLUMN_WORDS = set("""Metric Metrics Specification Specifications Spec Ratio Gap Assessment
Trajectory Notes Note Change Growth Difference Delta Status Source Sources Comment Comments Total
Share Trend Outlook Impact Verdict Winner Advantage Description Details Remarks Category
Dimension Capability Feature Item Factor Year Period Date Rank Score Unit Units""".split())


def _row_qualifiers(row, q, index, quals, figures) -> None:
    """Column facts of a flattened table: the year of the column, token prices per column."""
    if len(row.header_years) >= 2 and index < len(row.header_years):
        quals["period"] = row.header_years[index]
        if row.header_years_projected[index]:
            quals["projected"] = True
    if row.price_columns and q.kind == "money":
        money_index = sum(1 for f in figures[:-1] if f.kind in ("money", "price_per_unit"))
        _per_million_tokens(q, row.price_columns[money_index] or None
                            if money_index < len(row.price_columns) else None)


def _row_currency(text, row, q) -> None:
    """"Revenue (yuan)1.17B6.4B": a row label with a currency makes its bare figures money."""
    if q.kind != "count" or q.count_noun:
        return
    label = text[row.start:row.end]
    m = _LABEL_CURRENCY.search(label)
    if m and row.start + m.end() <= q.start:
        q.kind, q.unit = "money", currency_code(m.group(1))


_LABEL_CURRENCY = re.compile(r"\((?:in\s+)?(\$|US\$|USD|yuan|RMB|CNY|€|EUR|£|HK\$)"
                             r"(?:\s*(?:bn|m|mn|million|billion))?\)", re.I)


def _per_million_tokens(q, per: str | None) -> None:
    """A money figure under a '$/M tokens' header is a price per token."""
    q.kind, q.unit = "price_per_unit", f"{q.unit}/token"
    q.value = q.value / 1e6 if q.value is not None else None
    q.low = q.low / 1e6 if q.low is not None else None
    q.high = q.high / 1e6 if q.high is not None else None
    q.per = per


def _previous_subject(text, mentions, starts, sents, si, q, focus):
    """With no name in the sentence ("The company's revenue...", "It draws 700W"): the first
    name of the nearest earlier sentence that has one (its grammatical subject, usually),
    within about two paragraphs; else the last subject."""
    k = bisect.bisect_left(starts, q.start) - 1
    while k >= 0 and attach.FIGURE_COMPARED.search(text, max(0, mentions[k].start - 40),
                                                   mentions[k].start):
        k -= 1  # "85% of H100, but power was 40% lower": what an earlier figure was compared with
    if k < 0 or q.start - mentions[k].end > 1500:
        return focus
    j = si - 1
    while j >= 0 and sents[j][1] > mentions[k].start:
        j -= 1
    last = mentions[k]
    while True:
        s0 = sents[j + 1][0] if j + 1 < len(sents) else 0
        first = bisect.bisect_left(starts, s0)
        in_sentence = [m for m in mentions[first:k + 1] if m.start >= s0]
        # "We ported our pipeline from H100 to Ascend 910C": not what was moved away from,
        # nor what something was compared with ("more than Intel's"), nor what was counted
        kept = [m for m in in_sentence
                if not OUTRANKED.search(text[max(s0, m.start - 30):m.start])
                and not COUNTED.search(text, max(s0, m.start - 20), m.start)]
        if kept or first == 0 or q.start - mentions[first - 1].end > 1500:
            break
        # only such names here: the sentence before that has a name
        k = first - 1
        while j >= 0 and sents[j][1] > mentions[k].start:
            j -= 1
    in_sentence = kept or in_sentence
    if q.kind in attach.TECHNICAL or q.kind == "ratio" or (
            q.kind == "count" and q.count_noun not in attach.PEOPLE_NOUNS):
        products = [m for m in in_sentence if m.is_product]
        if products:
            return products[0]
    return in_sentence[0] if in_sentence else last


def _quote(text: str, s0: int, s1: int, q) -> str:
    """The sentence around a figure, cut to about 400 characters around it when longer."""
    if s1 - s0 <= 400:
        return text[s0:s1].strip()
    a = max(s0, q.start - 200)
    b = min(s1, q.end + 200)
    return re.sub(r"\s+", " ", text[a:b]).strip()


@Language.factory("claims_subjects_v1", default_config={"pack": "ai_chips"})
def make_subjects(nlp: Language, name: str, pack: str) -> Subjects:
    return Subjects(nlp, name, pack)


@Language.factory("claims_quantities_v1", default_config={"pack": "ai_chips"})
def make_quantities(nlp: Language, name: str, pack: str) -> Quantities:
    return Quantities(nlp, name, pack)


@Language.factory("claims_attach_v1", default_config={"pack": "ai_chips", "model": "",
                                                     "keep_ranking": False})
def make_attach(nlp: Language, name: str, pack: str, model: str, keep_ranking: bool) -> Attach:
    return Attach(nlp, name, pack, model, keep_ranking)


# searched before every figure or through whole texts: each skips the positions where no
# match can start (extract.scan.skipping; the same matches)
for _name in ("_BOUGHT", "_GOES_ON", "_SYSTEM_NP", "_EACH_GENERATION", "_EACH", "_RESPECTIVELY"):
    globals()[_name] = skipping(globals()[_name])
del _name
