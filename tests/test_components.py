"""extract.components: the sentence component sets the sentence starts spaCy's rule-based
sentencizer sets, on texts of every shape."""
import spacy
from hypothesis import given, settings, strategies as st

from extract.components import Sentences

_nlp = spacy.blank("en")
_spacy_rule = _nlp.add_pipe("sentencizer")
_ours = Sentences(_nlp, "sentences")
_pieces = st.sampled_from(["a", "Bb", " ", "\n", ".", "!", "?", "...", ",", ";", "\"", "'", ")",
                           "(", "-", "。", "U.S.", "e.g.", "700W.", "?!", "1.5", "“", "”"])


def _starts(doc) -> list:
    return doc.to_array("SENT_START").tolist()


@settings(max_examples=400, deadline=None)
@given(st.lists(_pieces, max_size=40))
def test_same_sentence_starts_as_spacys_sentencizer(pieces):
    text = "".join(pieces)
    assert _starts(_ours(_nlp.make_doc(text))) == _starts(_spacy_rule(_nlp.make_doc(text)))


def test_sentences_of_a_paragraph():
    doc = _ours(_nlp.make_doc("The chip ships in May. It is fast! He said so... Then? Yes."))
    assert [s.text for s in doc.sents] == ["The chip ships in May.", "It is fast!",
                                            "He said so... Then?", "Yes."]


def test_a_start_set_before_is_kept():
    docs = [_nlp.make_doc("one two three") for _ in range(2)]
    for doc in docs:
        doc[1].is_sent_start = True
    assert _starts(_ours(docs[0])) == _starts(_spacy_rule(docs[1]))
    assert [t.is_sent_start for t in docs[0]] == [True, True, False]
