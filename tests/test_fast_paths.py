"""Fast paths of the extractor give exactly what the plain paths give (on generated input)."""
import dataclasses
import re

from hypothesis import given, settings, strategies as st

from extract import attach, components, ranker, subjects
from extract.pack import load_pack

# cells of flattened tables and words of prose: figures, units, empty cells, bare numbers,
# footnote marks, words; separated by every kind of whitespace the two splitters must agree on
_CHUNKS = ["197", "TFLOPs", "$5", "~40", "156/312*", "3,87", "N/A", "?", "-", "—", "TBD",
           "12%", "-3.5", "+7", "word", "Memory", "GB)Price", "x", "*", "†", "5", "2024", "(a)"]
_SPACES = [" ", "  ", "\t", "\u00a0", "\u2009", "\x1c", " \n "]


@st.composite
def _line(draw):
    chunks = draw(st.lists(st.sampled_from(_CHUNKS), min_size=1, max_size=25))
    seps = draw(st.lists(st.sampled_from(_SPACES), min_size=len(chunks) + 1,
                         max_size=len(chunks) + 1))
    text, spans = seps[0], []
    for c, sep in zip(chunks, seps[1:]):
        spans.append((len(text), len(text) + len(c)))
        text += c + sep
    # figures: non-overlapping; most cover whole chunks (a figure and its unit: a clean
    # cell), some start after a sign or end anywhere (glued, run-on)
    starts, ends = [], []
    at = 0
    for i, (a, b) in enumerate(spans):
        how = draw(st.sampled_from(["none", "none", "chunk", "chunk", "two", "lead", "cut"]))
        if how == "none" or a < at:
            continue
        if how == "lead" and b - a > 1:
            a += 1
        if how == "two" and i + 1 < len(spans):
            b = spans[i + 1][1]
        if how == "cut":
            b = draw(st.integers(a + 1, len(text)))
        starts.append(a)
        ends.append(b)
        at = b
    return text, starts, ends


@settings(max_examples=400, deadline=None)
@given(case=_line(), lead=st.sampled_from(["", "Header line\n", "x 5 5\n"]))
def test_columns_skipping_words_finds_the_same_runs(case, lead):
    text, starts, ends = case
    text = lead + text
    starts = [s + len(lead) for s in starts]
    ends = [e + len(lead) for e in ends]
    ctx = ranker.Context(text, [], [], None)
    ctx.figure_starts, ctx.figure_ends = starts, ends
    for a, b in ((len(lead), len(text)), (0, len(text)), (len(lead), len(text) - 3)):
        assert ranker._columns(ctx, a, b) == ranker._columns(ctx, a, b, skip=False)


def test_columns_reads_an_aligned_row_with_empty_cells():
    text = "Memory  80 GB  N/A  141 GB  ?  192 GB"
    figures = ("80 GB", "141 GB", "192 GB")
    ctx = ranker.Context(text, [], [], None)
    ctx.figure_starts = [text.index(x) for x in figures]
    ctx.figure_ends = [text.index(x) + len(x) for x in figures]
    runs = ranker._columns(ctx, 0, len(text))
    assert runs == ranker._columns(ctx, 0, len(text), skip=False)
    assert len(runs) == 1 and [ks for _, _, ks in runs[0]] == [[0], [], [1], [], [2]]


_NLP = []


def _blank():
    if not _NLP:
        import spacy
        _NLP.append(spacy.blank("en"))
    return _NLP[0]


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(["The", "H100", "80GB", "$5m.", "chip", "(", ")", ",",
                                       "U.S.", "it's", "  ", "\n", "\t", "-", "A100s", "x"]),
                      max_size=30),
       cuts=st.lists(st.tuples(st.integers(-2, 120), st.integers(-2, 120)), max_size=20))
def test_char_spans_in_bulk_are_char_span_expanded(words, cuts):
    text = " ".join(words)
    doc = _blank()(text)
    items = [(a, b, "L", f"k{a}") for a, b in cuts]
    assert _spans(lambda: components.char_spans(doc, items)) == _spans(lambda: [
        doc.char_span(a, b, label=label, kb_id=kb, alignment_mode="expand")
        for a, b, label, kb in items])


def _spans(make):
    """What a way of making spans gives: the spans' tokens and labels, or the error it raises
    (char_span raises on a span that ends before it starts)."""
    try:
        return [(s.start, s.end, s.label_, s.kb_id_) for s in make() if s is not None]
    except IndexError as e:
        return type(e)


_MENTION_FIELDS = st.tuples(st.integers(0, 2), st.integers(0, 2), st.sampled_from(["a", "b"]),
                            st.sampled_from(["A", "B"]), st.sampled_from(["chip", "company"]),
                            st.sampled_from([None, "V"]), st.booleans())


@settings(max_examples=200, deadline=None)
@given(a=_MENTION_FIELDS, b=_MENTION_FIELDS)
def test_mentions_are_equal_when_every_field_is(a, b):
    x, y = subjects.Mention(*a), subjects.Mention(*b)
    assert (x == y) is (a == b) and (x != y) is (a != b)
    assert x.__eq__("not a mention") is NotImplemented


def test_mention_equality_reads_every_field():
    # a field added to Mention must be added to its __eq__ too
    base = subjects.Mention(1, 2, "a", "A", "chip", None)
    for f in dataclasses.fields(subjects.Mention):
        value = getattr(base, f.name)
        other = dataclasses.replace(base, **{f.name: not value if isinstance(value, bool) else
                                             "other" if value is None or isinstance(value, str)
                                             else value + 1})
        assert base != other and base == dataclasses.replace(base), f.name


# the plain forms of the fast patterns in extract.subjects
def _plain_echo(word):
    return re.compile(rf"(?<![\w'’-]){re.escape(word)}\s+(?:(?:[a-z-]+|AI)\s+)?"
                      rf"(?:chips?|ASICs?|silicon|accelerators?|processors?)(?![\w-])")


def _plain_codes(codes):
    alt = "|".join(re.escape(c) for c in sorted(codes, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alt})(?:(?![\w-])(?!\.\d)|(?=[A-Z][a-z]))")


_PIECES = ["custom", "in-house", "xcustom", "-", "'", "’", " ", "  ", "AI", "new", "chip",
           "chips", "silicon", "ASIC", "processors", "s", ".", "V3", "V3.2", "950", "P8", "Ab",
           "x", "\n", "'custom chip", "’in-house AI chips", "-custom silicon", "xcustom chip",
           "custom chips"]


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(_PIECES), max_size=30),
       word=st.sampled_from(["custom", "in-house", "x.y"]),
       codes=st.lists(st.sampled_from(["V3", "V3.2", "950", "P8", "95", "A"]), min_size=1,
                      max_size=4, unique=True))
def test_subject_patterns_match_as_their_plain_forms(pieces, word, codes):
    text = "".join(pieces)
    spans = [(m.span(), m.group(0)) for m in subjects._echo_of(word).finditer(text)]
    assert spans == [(m.span(), m.group(0)) for m in _plain_echo(word).finditer(text)]
    spans = [(m.span(), m.group(0)) for m in subjects._codes_re(tuple(codes)).finditer(text)]
    assert spans == [(m.span(), m.group(0)) for m in _plain_codes(codes).finditer(text)]


def _plain_best_metric(metrics, window):
    best, best_len = None, 0
    for m in metrics:
        for hit in (m.pattern.finditer(window) if m.pattern is not None else ()):
            if len(hit.group(0)) > best_len:
                best, best_len = m.name, len(hit.group(0))
    return best


_PACK = load_pack("ai_chips")
_KEYWORD_WORDS = sorted({w for m in _PACK.metrics for k in m.keywords for w in k.split()})
# the same words with a letter that matches an ASCII one only when ignoring case
_KEYWORD_WORDS += sorted({w.replace(a, b, 1) for w in _KEYWORD_WORDS
                          for a, b in (("s", "\u017f"), ("k", "\u212a"), ("i", "\u0131"))
                          if a in w})


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(_KEYWORD_WORDS + [" ", "-", "K", "ſ", "x", "REVENUE",
                                                         "Memory", "\n"]), max_size=12),
       kinds=st.sets(st.sampled_from(sorted({m.kind for m in _PACK.metrics})), min_size=1))
def test_best_metric_passing_metrics_whose_words_are_absent_is_the_plain_loop(words, kinds):
    window = " ".join(words)
    metrics = [m for m in _PACK.metrics if m.kind in kinds]
    assert attach._best_metric(metrics, window) == _plain_best_metric(metrics, window)


def test_only_four_letters_beyond_ascii_match_ascii_letters_ignoring_case():
    # what _best_metric's shortcut assumes: every other character that matches an ASCII
    # letter under re.IGNORECASE is one
    letters = re.compile("[a-zA-Z]", re.I)
    beyond = {chr(c) for c in range(0x80, 0x30000) if letters.fullmatch(chr(c))}
    assert beyond == set(attach._FOLDS_TO_ASCII)


@settings(max_examples=500, deadline=None)
@given(pieces=st.lists(st.sampled_from(["OpenAI", "Meta", "xAI", "'s", "’s", "'", " ", "  ",
                                        "\t", "\n", "Stargate", "Hyperion", "campus", "data",
                                        "center", "uses", ",", ".", "-", "_", "é", "Ab", "A",
                                        "Tesla Motors", "s ", "Pro", "9",
                                        "Tesla Motors's Stargate", " OpenAI’s Hyperion campus",
                                        "a.b's Pro", "ByteDance's custom AI chip", "xAI's",
                                        "chips", "AI", "ASIC", "inference"]), max_size=40))
def test_owned_things_tried_at_apostrophes_are_the_plain_matches(pieces):
    from extract.scan import reading
    text = "".join(pieces)
    for rx, inside in ((subjects._OWN_NAME, False), (subjects._OWN_THING, True)):
        assert [(m.span(), m.groupdict()) for m in subjects._owned_at_apostrophes(
            rx, text, inside)] == [(m.span(), m.groupdict()) for m in rx.finditer(text)]
    with reading(text):  # both patterns from the owners found once
        for rx, inside in ((subjects._OWN_NAME, False), (subjects._OWN_THING, True)) * 2:
            assert [(m.span(), m.groupdict()) for m in subjects._owned_at_apostrophes(
                rx, text, inside)] == [(m.span(), m.groupdict()) for m in rx.finditer(text)]


def test_a_word_run_character_is_the_pattern_class():
    # what _owner_runs assumes reading text one character at a time
    rx = re.compile(r"[\w.-]")
    assert all(bool(rx.fullmatch(chr(c))) == subjects._word_run_char(chr(c))
               for c in range(0x30000))


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(["Chinese", "AI", "labs", " ", "  ", "\n", "xChinese",
                                        "Chinese AI", "AIx", "-", "é", "_", "ChineseAI"]),
                       max_size=30))
def test_a_place_and_topic_counted_where_the_place_stands_is_the_plain_count(pieces):
    text = "".join(pieces)
    rx = subjects._place_topic("Chinese", "AI")
    assert subjects._twice(rx, text, "Chinese") == (len(rx.findall(text)) >= 2)


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(["Acme", "chip", "the", "ships", "X7", "\n", " ", "  ",
                                        "|", "80 GB", "it's", "Q4", "-", "é", "a" * 50]),
                       max_size=60),
       ats=st.lists(st.integers(0, 400), max_size=30))
def test_prose_lines_kept_by_line_are_the_plain_reading(pieces, ats):
    text = " ".join(pieces)
    lines: dict = {}
    for at in ats:
        at = min(at, len(text))
        assert ranker._prose_line(text, at, lines) == _plain_prose_line(text, at)


def _plain_prose_line(text, at):
    a = text.rfind("\n", 0, at) + 1
    b = text.find("\n", at)
    words = re.findall(r"[A-Za-z][\w'’-]*", text[a:b if b >= 0 else len(text)][:600])
    return len(words) >= 4 and sum(w[0].islower() for w in words) >= 0.4 * len(words)


class _EveryLength:
    """Within it, texts of every length are searched by the fast paths of extract.scan (which
    search short texts with the pattern itself)."""

    def __enter__(self):
        from extract import scan
        self.short, scan.SHORT = scan.SHORT, 0

    def __exit__(self, *exc):
        from extract import scan
        scan.SHORT = self.short


def _prefixed_patterns():
    """Every pattern the extractor searches by its beginnings (extract.scan.prefixed), with a
    few made to try the reading: case folding, a lookbehind, repeats, classes, alternatives."""
    from extract import quantities
    from extract.pipeline import build_pipeline
    from extract.scan import Prefixed, prefixed
    finder = dict(build_pipeline().pipeline)["subjects"].finder
    found = [p for p in [*vars(quantities).values(), *vars(ranker).values(),
                         *vars(finder).values()] if isinstance(p, Prefixed)]
    assert len(found) >= 12   # (the fast path is in use)
    made = [prefixed(re.compile(p, f)) for p, f in (
        (r"(?<![\w-])(?:two|three|twenty)(?:\s+times|[\s-]fold)(?![\w-])", re.I),
        (r"(?<![\w'’-])[Ii]ts?\s+(?:sk|ks)+[a-c]{1,3}", 0),
        (r"(?<=\s)(?:kit|ski)(?:ss)?", re.I),
        (r"(?:ab|a[bc]d?)x*(?:yz)?", 0))]
    assert all(isinstance(p, Prefixed) for p in made)
    return found + made


_PREFIXED = []
_PREFIX_PIECES = ["two", "Two", "TWO", "three", "twenty", "times", "fold", "-", " ", "  ", "\n",
                  "it", "Its", "its", "sk", "ks", "Sk", "ſk", "\u212ait", "ski", "SS", "abc",
                  "abd", "acx", "yz", "x", "the", "The", "chip", "company", "'", "’", "a",
                  "half", "of", "by", "cut", "dozen", "hundred", "ratio", "segment", "group",
                  "\u0130ts", "\u0131ts", "é", "1/2", "5", "'s", "their", "dollar", "billion"]


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(_PREFIX_PIECES), max_size=40),
       cut=st.tuples(st.integers(0, 60), st.integers(0, 400)), which=st.integers(0, 10 ** 6))
def test_prefixed_searches_find_the_plain_matches(pieces, cut, which):
    if not _PREFIXED:
        _PREFIXED.extend(_prefixed_patterns())
    text = "".join(pieces)
    pos, endpos = min(cut[0], len(text)), min(cut[1], len(text))
    with _EveryLength():
        for p in (_PREFIXED[which % len(_PREFIXED)], *_PREFIXED[-4:]):
            for args in ((text,), (text, pos, max(pos, endpos))):
                assert [(m.span(), m.groups()) for m in p.finditer(*args)] == \
                    [(m.span(), m.groups()) for m in p.rx.finditer(*args)], p.pattern


def test_prefixed_finds_letters_that_match_ascii_ones_ignoring_case():
    from extract.scan import Prefixed, prefixed
    p = prefixed(re.compile(r"(?<=\s)(?:kit|ski)(?:ss)?", re.I))
    assert isinstance(p, Prefixed)
    for text in (" \u212ait", " \u017fki", " KIT", " sKiSS", "\n\u212aIT \u017fKI"):
        with _EveryLength():
            assert [m.span() for m in p.finditer(text)] == \
                [m.span() for m in p.rx.finditer(text)]
            assert list(p.finditer(text))


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(st.sampled_from(["Jensen", "Huang", "Lisa", "T.", "Su", "said", "says",
                                        "told", ",", ", who", ", the", "CEO", "analyst",
                                        "President", "Mr.", "co-founder", "chief", " ", "  ",
                                        "\n", "-", "'", "’", "x", "Ab", "A", "aid", "the",
                                        "Zhang", "Wei", "headed", "Rep.", "Dr"]), max_size=40),
       glue=st.sampled_from(["", " "]))
def test_person_matches_tried_near_titles_and_speech_are_the_plain_matches(pieces, glue):
    text = glue.join(pieces)
    assert [(m.span(), m.groupdict()) for m in ranker._persons(text)] == \
        [(m.span(), m.groupdict()) for m in ranker._PERSON.finditer(text)]


_RANKED_TEXT = """Zorvex unveils its Q9 accelerator for AI training
Zorvex said on Tuesday that the Q9 (built on a 3nm process) delivers 1,800 TFLOPS of FP8, \
compared with 990 TFLOPS for the NVIDIA H100, while drawing 700W. Analyst Mara Quill said \
the chip costs about $30,000, and Huawei's Ascend 910C reaches 800 TFLOPS.
Its memory holds 192 GB of HBM3e, up from 141 GB on the H200; Zorvex shipped 40,000 units \
in 2025 and plans 120,000 next year.
| Chip | FP8 TFLOPS | Memory |
|---|---|---|
| Q9 | 1,800 | 192 GB |
| NVIDIA H100 | 990 | 80 GB |
The company's custom inference chip, Lumen, draws 350W.
NVIDIA H200 (like the AMD MI300X, Q9 and H100) holds 141 GB; Q9 in turn holds 192 GB.
"""


def _plain_name_places(ctx, cands):
    return [(ctx.line_of(c.start), ctx.sentence_of(c.start)) for c in cands]


def _plain_sentence_place(ctx, at, s0):
    return (bool(ranker._SENTENCE_START.match(ctx.text, s0, at)),
            bool(ranker._PAREN_OPEN.search(ctx.text[max(s0, at - 60):at])))


def test_features_read_with_the_document_caches_are_those_read_plainly(monkeypatch):
    # name_features keeps what depends only on a name (its line, sentence, whether it opens
    # its sentence, ...) in Context.memo across the figures of a document; read plainly, for
    # every figure afresh, each figure's features are the same
    from extract.pipeline import _run, build_pipeline
    nlp = build_pipeline("ai_chips", "", True)
    doc = _run(nlp, _RANKED_TEXT)
    ranking = doc._.ranking
    assert sum(1 for _, cands, _ in ranking if len(cands) > 1) >= 8
    finder = dict(nlp.pipeline)["attach"].finder
    monkeypatch.setattr(ranker, "_name_places", _plain_name_places)
    monkeypatch.setattr(ranker, "_sentence_place", _plain_sentence_place)
    for fig, cands, feats in ranking:
        ctx = ranker.Context.read(_RANKED_TEXT, components._sentence_spans(doc),
                                  doc._.mentions, finder, [q.start for q in doc._.quantities])
        ctx.figure_ends = [q.end for q in doc._.quantities]
        ctx.memo["plain names"] = {}
        assert ranker.features(ctx, fig, cands) == feats


_SOURCE_PIECES = ["according", " to", "as", " per", "per", "via", "citing", "cited", " by",
                  "reported", "told", "the", "The", " ", "  ", "\n", "Analysts", "analyst",
                  " at", " from", " with", "data", "report", "estimates", "survey", "research",
                  "researchers", "economist", "strategists", "firm", "market", " group", "CNBC",
                  "Acme", "&", "ſurvey", "ANALYST", "\u212a", "x", "BY", "Per"]


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(st.sampled_from(_SOURCE_PIECES), max_size=30), back=st.integers(0, 5))
def test_source_cues_passing_windows_without_their_words_are_the_plain_searches(pieces, back):
    text = "".join(pieces) + " Name"
    at = len(text) - 4 - back
    assert ranker._source_lead(text, at) == bool(
        ranker._SOURCE_LEAD.search(text, max(0, at - 50), at))
    assert ranker._source_before(text, at) == bool(
        attach._SOURCE_BEFORE.search(text, max(0, at - 40), at))
    pre = text[max(0, at - 30):at]
    assert not subjects.OUTRANKED.search(pre) or subjects.COMPARED_WITH.search(pre)


def test_source_cues_read_letters_that_match_ascii_ones_ignoring_case():
    for text in ("a ſurvey by Name", "a \u212aR ſurvey from Name", "cited by Name"):
        at = text.index("Name")
        assert ranker._source_before(text, at) == bool(
            attach._SOURCE_BEFORE.search(text, max(0, at - 40), at)) is True


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(st.sampled_from(["WSE", "-", "3", "n300d", "TPU", " ", "v5p", ".", "x",
                                        "GPT", "4o", "$", "5", "/", "'", "’", "٣", "_", "A",
                                        "\n", "12", "Q4", "mm", "é", "H100", "B"]), max_size=30))
def test_codes_tried_before_digits_are_the_plain_matches(pieces):
    text = "".join(pieces)
    assert [(m.span(), m.group(0)) for m in ranker._codes(text)] == \
        [(m.span(), m.group(0)) for m in ranker._CODE.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(st.sampled_from(["Acme", "ships", ".", "!", "?", " ", "  ", "\n", "\n\n",
                                        "\"", "”", "’", ")", "(", "“", "‘", "4", "x", "U.S.",
                                        "The", "\t", "é"]), max_size=40))
def test_sentence_breaks_tried_after_stops_are_the_plain_matches(pieces):
    from extract.scan import sentence_breaks, split_at_breaks
    text = "".join(pieces)
    assert [(m.span()) for m in sentence_breaks(subjects._SENTENCE_BREAK, text)] == \
        [m.span() for m in subjects._SENTENCE_BREAK.finditer(text)]
    assert [m.end() for m in subjects._SENTENCE_END.finditer(text)] == \
        [m.end() for m in subjects._SENTENCE_BREAK.finditer(text)]
    assert split_at_breaks(ranker._SENTENCE_SPLIT, text) == ranker._SENTENCE_SPLIT.split(text)


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(["(", ")", "$", "US", "USD", "M", "mn", "million", "B",
                                        "bn", "K", "thousand", "s", " ", "in", "in ", "millions",
                                        "billions", "Revenue", "1,210", "\n", "US$", "(in"]),
                       max_size=30))
def test_money_scale_labels_found_by_their_parenthesis_are_the_plain_ones(pieces):
    from extract import tables
    text = "".join(pieces)
    assert [m.span() for m in tables._MONEY_SCALE.finditer(text) if m["s"]] == \
        [m.span() for m in tables._MONEY_SCALE_PAREN.finditer(text)]


def _ranked(text):
    from extract.pipeline import _run, build_pipeline
    doc = _run(build_pipeline("ai_chips", "", True), text)
    return doc, components._sentence_spans(doc)


def _texts_to_rank():
    from .conftest import SHARED
    return [_RANKED_TEXT] + [p.read_text(encoding="utf-8")
                             for p in sorted((SHARED / "seeds").glob("*.txt"))]


def test_grammar_cues_by_index_are_the_plain_cues_in_their_order():
    # the ranker reads grammar_cues_of (only the candidates with a cue, by index); a model's
    # score sums a candidate's features in their order, so the order must be the same too
    from extract.cues import grammar_cues, grammar_cues_of
    pairs = 0
    for text in _texts_to_rank():
        doc, sents = _ranked(text)
        plain_cache, fast_cache = {}, {}
        for fig, cands, _ in doc._.ranking:
            s0, s1 = sents[fig.sentence] if sents else (0, len(text))
            plain = grammar_cues(text, s0, s1, fig, cands, plain_cache)
            fast = grammar_cues_of(text, s0, s1, fig, cands, fast_cache)
            assert [(i, list(g.items())) for i, g in enumerate(plain) if g] == \
                [(i, list(g.items())) for i, g in sorted(fast.items())]
            assert grammar_cues_of(text, s0, s1, fig, cands) == fast   # (without a cache)
            pairs += len(fast)
    assert pairs >= 10


@settings(max_examples=400, deadline=None)
@given(feats=st.lists(st.tuples(st.sampled_from(sorted(ranker.load_model("").weights)[:40] +
                                                ["not_a_feature", "zz"]),
                                st.sampled_from([0.0, 1.0, 1.0, 1.0, 0.693, 2.4849, 0.37])),
                      max_size=25))
def test_model_score_is_the_plain_sum_over_the_true_features(feats):
    model = ranker.load_model("")
    f = dict(feats)
    plain = sum([model.weights.get(k, 0.0) * v for k, v in f.items() if v])
    # (bit for bit; with no true feature the plain sum is the int 0, the same number as 0.0)
    assert repr(float(model.score(f))) == repr(float(plain))


_BEFORE_PIECES = [" ", "  ", "\n", ",", "the", "The", " a", "an", "its", "THEIR", "than", "vs.",
                  "outperformed", "beats", "of", "to", "on", "with", "x", "Acme", "(", "5", "٣",
                  "2,048", "two", "Thousands", "millions", "more", "fewer", "ſeveral", "\u212a",
                  "İ", "ı", "é", "-", "of the", "billion", "total"]


@settings(max_examples=800, deadline=None)
@given(pieces=st.lists(st.sampled_from(_BEFORE_PIECES), max_size=14), back=st.integers(0, 3))
def test_comparisons_and_counts_before_a_name_are_the_plain_searches(pieces, back):
    from extract.subjects import COMPARED_WITH, COUNTED
    text = "".join(pieces) + " Name"
    start = len(text) - 4 - back
    pre = text[max(0, start - 30):start]
    assert attach.compared_before(pre) == bool(COMPARED_WITH.search(pre))
    assert ranker._counted_before(text, start) == bool(
        COUNTED.search(text, max(0, start - 20), start))


_CLAUSE_PIECES = [" ", "  ", "\n", ";", "(", ")", "—", "–", ",", ", ", ",5", ".", ". ", ". The",
                  ". x", "compared with", "Compared  to", "versus", "While", "whereas", "awhile",
                  "Q3", "q4", "Q5", "H1", "h2", "first quarter", "Second-Half", "third quarter",
                  "half", "word", "ſ", "\u212a", "ı", "İ", "é", "2025", "x"]


@settings(max_examples=600, deadline=None)
@given(pieces=st.lists(st.sampled_from(_CLAUSE_PIECES), max_size=16))
def test_metric_clause_breaks_and_quarters_are_the_plain_matches(pieces):
    window = "".join(pieces)
    assert [m.span() for m in attach.metric_clause_breaks(window)] == \
        [m.span() for m in attach._METRIC_CLAUSE.finditer(window)]
    if attach._QUARTER.search(window):
        assert attach._may_name_a_quarter(window)


def test_count_metrics_read_once_are_the_plain_filter():
    pack = load_pack("ai_chips")
    nouns = {n.lower(): label.lower() for n, label in pack.count_nouns.items()}
    for noun in [*nouns, "people", "staff", "chips", "images"]:
        same = attach.PEOPLE_NOUNS if noun in attach.PEOPLE_NOUNS else {noun}
        plain = [m for m in pack.metrics_for("count") if not any(
            nouns.get(k.lower(), noun) not in same | attach._GENERIC_NOUNS for k in m.keywords)]
        assert attach._count_metrics(pack, noun) == plain


def _plain_occurrences(text, word, pos, endpos):
    out, i = [], text.find(word, pos, endpos)
    while i >= 0:
        out.append(i)
        i = text.find(word, i + 1, endpos)
    return out


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(_PREFIX_PIECES), max_size=40),
       cut=st.tuples(st.integers(0, 60), st.integers(0, 400)), which=st.integers(0, 10 ** 6),
       word=st.sampled_from(["two", "t", "ks", "the", "half", "zz"]))
def test_searches_sharing_what_they_find_of_a_text_find_the_plain_matches(pieces, cut, which,
                                                                          word):
    from extract.scan import lower, occurrences, reading, same_positions_lower
    if not _PREFIXED:
        _PREFIXED.extend(_prefixed_patterns())
    text = "".join(pieces)
    pos, endpos = min(cut[0], len(text)), min(cut[1], len(text))
    with reading(text), _EveryLength():
        for _ in range(2):  # the second time from what the first kept
            for p in (_PREFIXED[which % len(_PREFIXED)], *_PREFIXED[-4:]):
                for args in ((text,), (text, pos, max(pos, endpos))):
                    assert [(m.span(), m.groups()) for m in p.finditer(*args)] == \
                        [(m.span(), m.groups()) for m in p.rx.finditer(*args)], p.pattern
            assert lower(text) == text.lower()
            low = same_positions_lower(text)
            assert low is None or (low == text.lower() and len(low) == len(text))
            for t in (text, lower(text)):
                assert occurrences(t, word) == _plain_occurrences(t, word, 0, len(t))
                assert occurrences(t, word, pos, endpos) == \
                    _plain_occurrences(t, word, pos, endpos)
        with reading(text[1:]):  # another text read within: its own
            assert occurrences(text[1:], word) == _plain_occurrences(text[1:], word, 0,
                                                                     len(text) - 1)
        assert occurrences(text, word) == _plain_occurrences(text, word, 0, len(text))


# the plain forms of the patterns in extract.subjects that begin with their first letter
_PLAIN_FORMS = {
    "_NAMED_NUMBER": r"(?<![\w-])(?P<name>(?P<word>i?[A-Z][a-z]{2,})\s\d{1,2}"
                     r"(?:\s(?:Pro|Max|Ultra|Plus|Mini))?)(?![\w.,-]*\d)(?![\w-])",
    "_MODEL_NAME": r"(?<![\w-])(?P<name>(?:[A-Z][A-Za-z]{1,15}-|[A-Z][a-z]+)\d{1,2}"
                   r"(?:\.\d{1,2})?[A-Za-z]?(?:-[A-Z][a-z]+)?)(?![\w-])",
    "_PLAIN": r"(?<![\w$€£¥.'’-])([A-Z][a-z]+(?:[A-Z][a-z]*)*|[A-Z][a-z]*[A-Z]\w*)"
              r"(?![\w-]|\s+[A-Z][a-z])",
    "_CODE_RE": r"(?<![\w-])(?P<code>[A-Z]{1,3}\d{2,4}[A-Z]{0,2})(?![\w-])",
}


@settings(max_examples=500, deadline=None)
@given(pieces=st.lists(st.sampled_from(["iPhone", "i", "Pixel", "Gaudi", " ", "  ", "\n", "9",
                                        "16", "123", "Pro", "Max", "-", "$", "€", ".", "'",
                                        "’", ",", "x", "Ab", "A", "AB", "MI", "300", "X", "é",
                                        "_", "Qwen", "GPT-", "5.2", "Kunlun", "Groq", "xAI",
                                        "OpenAI", "Ultra", "H100", "Ü", "ǅ"]), max_size=40))
def test_subject_patterns_beginning_with_their_letter_are_the_plain_matches(pieces):
    text = "".join(pieces)
    for name, plain in _PLAIN_FORMS.items():
        fast = getattr(subjects, name)
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == \
            [(m.span(), m.groups()) for m in re.finditer(plain, text)], name
    finder = subjects.SubjectFinder(_PACK)
    assert finder.code_re.pattern == subjects._CODE_RE.pattern


_PROPER_PLAIN = (r"(?<![\w$€£¥.'’/-])(?P<name>[A-Z][\w&.-]*[A-Za-z0-9](?:\s+(?:[A-Z][\w&-]*"
                 r"[A-Za-z0-9]|\d[\w.-]*-[\w.-]*\d\w*|[A-Z](?![\w'’]))){1,3})(?![\w-])")


@settings(max_examples=500, deadline=None)
@given(pieces=st.lists(st.sampled_from(["Acme", "Corvo", "A", "B", "X", "e-Lark", " ", "  ", "\n",
                                        "9", "2-3", "4-5x", "$", "€", ".", "'", "’", "/", "-",
                                        "&", "_", "é", "Ü", "ǅ", "Model", "Q", "x", "ab"]),
                       max_size=40))
def test_proper_names_with_the_lookbehind_after_the_capital_are_the_plain_matches(pieces):
    # ranker._PROPER reads its lookbehind after the first capital (the engine skips to capitals)
    from extract import ranker
    text = "".join(pieces)
    assert [(m.span(), m.groups()) for m in ranker._PROPER.finditer(text)] == \
        [(m.span(), m.groups()) for m in re.finditer(_PROPER_PLAIN, text)]


def test_word_run_characters_by_str_methods_are_the_pattern_s():
    # subjects._word_run_char stands for _WORD_RUN_CHAR.match on one character
    for code in list(range(0x3000)) + [0x1D400, 0x1F600, 0x20000]:
        ch = chr(code)
        assert subjects._word_run_char(ch) == bool(subjects._WORD_RUN_CHAR.match(ch)), hex(code)


def _plain_alternatives():
    """(guarded, plain) forms of the long alternations built by extract.scan's
    guarded_alternation: the unit table, the currency signs before a figure, the hedges."""
    from extract import quantities, units
    from extract.scan import guarded_alternation
    units_plain = "|".join(f"(?:{r})" for r, *_ in units._TABLE)
    cur_items = units._CURRENCY_SIGNS
    hedges = [re.escape(h) for h in sorted(quantities.HEDGES, key=len, reverse=True)
              if h not in "~≈"]
    return [(units.UNIT_PATTERN, units_plain),
            (units.CURRENCY_PREFIX, "(?:" + "|".join(f"(?:{a})" for a in cur_items) + ")"),
            (quantities._HEDGE_ALT, "~|≈|(?<![A-Za-z])(?:" + "|".join(hedges) + ")"),
            (guarded_alternation(["(?i:ab)c", "x?y", r"\d+", "(?<!q)zz", "é|ß"], 2),
             "(?:(?i:ab)c)|(?:x?y)|(?:\\d+)|(?:(?<!q)zz)|(?:é|ß)")]


_ALTERNATIVES = []
_UNIT_PIECES = ["TFLOPS", "tflops", "Tflop/s", "GB", "gb", "GB/s", "TB/sec", "W", "watts", "kW",
                "KW", "\u212aW", "ſec", "secs", "%", "percent", "x", "X", "×", "-fold", "years",
                "-year", "hours", "GPU-hours", "A100-hours", "°C", "mm²", "m2", "nm", "-nm",
                "µm", "μm", "$", "US$", "US $", "$US", "HK$", "€", "£", "RMB", "Rs.", "RM",
                "about", "ABOUT", "nearly", "up to", "more than", "at least", "~", "≈", "some",
                "between", "from", " ", "  ", "\n", "-", "5", "12", "3.5", "1,200", "per",
                "second", "a", "the", "ab", "AB", "c", "y", "xy", "zz", "qzz", "é", "ß", "ss",
                "exaflops", "EFLOPS", "PF", "OPS", "TOPs", "mAh", "kWh", "ft", "lb", "psi",
                "bpd", "cups", "-carat", "carats", "stone", "dB", "MP", "bits", "ppm", "bps",
                "pp", "pc", "p.c.", "NZ$", "Y=", "₹", "₪", "CNY", "eur", "\u0130", "\u0131"]


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(st.sampled_from(_UNIT_PIECES), max_size=20),
       glue=st.sampled_from(["", " "]))
def test_alternations_in_guarded_blocks_match_as_the_plain_alternations(pieces, glue):
    if not _ALTERNATIVES:
        _ALTERNATIVES.extend(_plain_alternatives())
    text = glue.join(pieces)
    for guarded, plain in _ALTERNATIVES:
        for wrap, flags in (("(?P<u>{})", 0), ("(?P<u>{})", re.I), ("\\s?(?P<u>{}) # x", re.X),
                            ("(?P<u>{})(?![a-z])$", re.I | re.X)):
            fast = re.compile(wrap.format(guarded), flags)
            slow = re.compile(wrap.format(plain), flags)
            for i in range(len(text) + 1):
                a, b = fast.match(text, i), slow.match(text, i)
                assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))
            assert [m.span() for m in fast.finditer(text)] == \
                [m.span() for m in slow.finditer(text)]


_KEYED_PIECES = ["half", "Half", "HALF", "third", "thirds", "quarter", "quarters", "fourth",
                 "fifth", "sixth", "tenth", "a", "an", "A", "one", "two", "three", "Three",
                 "nearly", "almost", "roughly", "about", "around", "approximately", "to", "less",
                 "more", "of", "thousand", "million", "billion", "trillion", "Million", "-",
                 "factor", "hundreds", "tens", "millions", "billions", "Billions", "dollars",
                 "in", "revenue", "multi", "dollar", " ", "  ", "\n", "\t", "x", "é", "_",
                 "\u212a", "5", "'", "three-quarters of a million", "multi-trillion-dollar",
                 "multitrillion-dollar", "multi-billion-dollar", "nearly two-thirds",
                 "approximately one third", "three half", "hundreds of millions of dollars",
                 "tens of billions in revenue", "a factor of", "an  factor of", "one million-",
                 "a\tthousand-", "half a billion", "an quarter of a thousand", "an third of a",
                 "roughly  three-fifths", "about a half", "around an tenth", "TRILLION-DOLLAR",
                 "seventeen times", "ten-fold", "six fold", "Nineteen  times", "dozen\ttimes",
                 "twelvefold", "one", "times", "fold", "eleven", "cut costs by more than half",
                 "slashed prices by half", "halved", "HALVES", "saving nearly half", "fell",
                 "over", "by", "costs", "halving", "reduced  over\thalf", "trimmed half",
                 "declined_x by about half", "cut-half", "cut é half", "dropped   almost half"]


@settings(max_examples=500, deadline=None)
@given(pieces=st.lists(st.sampled_from(_KEYED_PIECES), max_size=30),
       glue=st.sampled_from(["", " ", "-"]))
def test_patterns_tried_from_their_words_are_the_plain_matches(pieces, glue):
    from extract import quantities
    from extract.scan import Keyed, reading
    text = glue.join(pieces)
    keyed = [p for p in vars(quantities).values() if isinstance(p, Keyed)]
    assert len(keyed) >= 8
    for p in keyed:
        plain = [(m.span(), m.groups()) for m in p.rx.finditer(text)]
        assert [(m.span(), m.groups()) for m in p.finditer(text)] == plain, p.pattern
        with _EveryLength():
            assert [(m.span(), m.groups()) for m in p.finditer(text)] == plain, p.pattern
            with reading(text):
                assert [(m.span(), m.groups()) for m in p.finditer(text)] == plain, p.pattern


def _plain_split_cells(line, names):
    from extract.flat_tables import _letters_before
    cuts = [0]
    for p in range(1, len(line)):
        if not line[p].isupper() or any(s < p < e for s, e in names):
            continue
        prev = line[p - 1]
        if prev == ")" or any(e == p or (s == p and prev.islower()) for s, e in names) or (
                prev.islower() and _letters_before(line, p) >= 3):
            cuts.append(p)
    cuts.append(len(line))
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if line[a:b].strip()]


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(st.sampled_from(["PyTorch", "native", "support", "Native", "Compatible",
                                        "(98%+)", "Closing", "MindSpore", "É", "Éclair", "é",
                                        "ǅ", "x", " ", "80GB", ")", "A", "ab", "Ascend"]),
                       max_size=25),
       names=st.lists(st.tuples(st.integers(0, 120), st.integers(1, 12)), max_size=4))
def test_cells_cut_at_capitals_found_by_pattern_are_the_plain_cuts(pieces, names):
    from extract.flat_tables import split_cells
    line = "".join(pieces)
    spans = [(s, s + n) for s, n in names]
    assert split_cells(line, spans) == _plain_split_cells(line, spans)


@settings(max_examples=500, deadline=None)
@given(pieces=st.lists(st.sampled_from(["700W", "5m", "120 kW", "$5m", "q/q", "x/y", "U.S.",
                                        ".", ". ", " ", "\n", "Next", "Costs", "\"A", "“B",
                                        "(C", "words", "a", "5", "12", "GB/s", "TFLOPS", "٣",
                                        "/", "w/", "é", "products", "2024"]), max_size=40))
def test_unit_periods_tried_before_their_periods_are_the_plain_matches(pieces):
    text = "".join(pieces)
    assert [m.span() for m in components._unit_periods(text)] == \
        [m.span() for m in components._UNIT_PERIOD.finditer(text)]


def _plain_sentence_starts(nlp, text):
    """The first components as spaCy's sentencizer and Token setters would set them."""
    from spacy.pipeline import Sentencizer
    doc = Sentencizer()(nlp.make_doc(text))
    starts = [t.idx for t in doc]
    for at in [m.end() for m in re.finditer(r"\n+", text)] + \
            [m.end() for m in components._UNIT_PERIOD.finditer(text) if m.end() in starts]:
        i = next((k for k, s in enumerate(starts) if s >= at), len(starts))
        if 0 < i < len(starts):
            doc[i].is_sent_start = True
    return [t.is_sent_start for t in doc]


@settings(max_examples=200, deadline=None)
@given(pieces=st.lists(st.sampled_from(["It draws 700W.", " ", "Alibaba plans", "\n", "\n\n",
                                        "U.S.", "Next", "!", "?", "...", "up 5.2% q/q.",
                                        "Costs rose", "$5m.", "A", "“Quoted.”", "x",
                                        "| a | b |",
                                        "3.5", "e.g.", "Dr.", "Smith"]), max_size=30))
def test_sentence_starts_read_from_arrays_are_the_plain_ones(pieces):
    from extract.pipeline import build_pipeline
    nlp = build_pipeline()
    text = " ".join(pieces)
    doc = nlp.make_doc(text)
    components._ensure_extensions()
    doc._.text = text
    for name in ("sentencizer", "line_breaks", "unit_periods"):
        doc = nlp.get_pipe(name)(doc)
    assert [t.is_sent_start for t in doc] == _plain_sentence_starts(nlp, text)


@settings(max_examples=500, deadline=None)
@given(pieces=st.lists(st.sampled_from(["minus", "MINUS", "minuſ", "-", " ", "\n", "\t", "5",
                                        "233", "x", "sub", "s", "degrees", "-4", "é", "_"]),
                       max_size=20))
def test_a_minus_word_is_looked_for_only_where_it_can_end(pieces):
    from extract import quantities
    text = "".join(pieces)
    for start in range(len(text) + 1):
        if quantities._MINUS_WORD.search(text, max(0, start - 7), start):
            assert quantities._may_be_minus(text, start)


@settings(max_examples=500, deadline=None)
@given(pieces=st.lists(st.sampled_from(["96", "14.5", "~815", "210/420*", "1,450", "?", "N/A",
                                        "NA", "n/a", "na", "-", "—", "–", "+7", "−3", "≈5",
                                        " ", "  ", "\t", "\n", "x", "China", "Memory", "|",
                                        "5%", "$5", "a", "A", ".", ",", "†", "3rd"]),
                       max_size=30))
def test_lines_holding_runs_of_values_are_the_plain_ones(pieces):
    from extract import tables
    from extract.table_model import RUN
    text = "".join(pieces)
    assert tables._run_lines(text) == {text.rfind("\n", 0, m.start()) + 1
                                       for m in RUN.finditer(text)}


@settings(max_examples=300, deadline=None)
@given(nouns=st.lists(st.sampled_from(sorted(_PACK.count_nouns)), min_size=1, max_size=40,
                      unique=True),
       words=st.lists(st.sampled_from(["5", " ", "  ", "-", "new", "Ascend", "of", "its",
                                       "\u212a", "CHIPS", "Chips", "GPUs", "x", "910C"]),
                      max_size=12))
def test_count_nouns_in_guarded_blocks_match_as_the_plain_alternation(nouns, words):
    from extract.quantities import CountNouns
    counts = CountNouns({n: _PACK.count_nouns[n] for n in nouns})
    alt = "|".join(re.escape(n) for n in sorted(counts.nouns, key=len, reverse=True))
    after = re.compile(rf"(?P<gap>(?:\s+[A-Za-z0-9][\w.+/'’-]*){{0,5}}?)\s+(?P<noun>{alt})"
                       r"(?![\w-])", re.I)
    hyphen = re.compile(rf"-(?P<noun>{alt})(?![\w])", re.I)
    text = " ".join(words + nouns[:3] + words[::-1] + [n.upper() for n in nouns[-2:]])
    for i in range(len(text) + 1):
        for fast, slow in ((counts.after, after), (counts.hyphen, hyphen)):
            a, b = fast.match(text, i), slow.match(text, i)
            assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))
