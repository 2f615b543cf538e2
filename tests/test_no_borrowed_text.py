"""The project ships only text written for it: no ten-word run of other people's articles.

Every ten-word window of the seed articles, the development texts and the NewsQuant sentences
(../shared; read at run time, never copied) is hashed; no tracked file of the repository may
contain one. Words are compared lowercased, punctuation and layout dropped, so a sentence
flattened into a table row, re-wrapped into a comment or quoted in a test string still counts.
"""
from __future__ import annotations

import hashlib
import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import SHARED

REPO = Path(__file__).resolve().parents[1]
WINDOW = 10
WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def _key(words: list[str]) -> bytes:
    return hashlib.blake2b(" ".join(words).encode(), digest_size=8).digest()


def _windows(words: list[str]):
    for i in range(len(words) - WINDOW + 1):
        yield i, _key(words[i:i + WINDOW])


def _shared_texts() -> list[tuple[str, str]]:
    texts = [(str(p.relative_to(SHARED)), p.read_text(encoding="utf-8", errors="replace"))
             for folder in ("seeds", "eval/dev/texts")
             for p in sorted((SHARED / folder).glob("*.txt"))]
    newsquant = SHARED / "eval" / "newsquant" / "newsquant-dev.json"
    if newsquant.exists():
        for n, item in enumerate(json.loads(newsquant.read_text(encoding="utf-8"))):
            texts.append((f"eval/newsquant sentence {n}", item["text"]))
    return texts


def _tracked_files() -> list[Path]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True,
                         timeout=60).stdout.decode()
    return [REPO / name for name in out.split("\0") if name and (REPO / name).is_file()]


class _Windows(dict):
    """Hashed window -> the shared text it came from; short repr, for readable failures."""

    def __repr__(self) -> str:
        return f"<{len(self)} hashed windows of shared text>"


@pytest.fixture(scope="module")
def borrowed_windows() -> dict[bytes, str]:
    if not (SHARED / "seeds").is_dir():
        pytest.skip(f"{SHARED} is absent: nothing to compare the repository with")
    sources = _Windows()
    for name, text in _shared_texts():
        for _, key in _windows(_words(text)):
            sources.setdefault(key, name)
    return sources


def test_the_window_set_covers_every_shared_text(borrowed_windows):
    """The guard has something to guard: each shared text gives windows (a broken reader gives none)."""
    texts = _shared_texts()
    assert len([n for n, _ in texts if n.startswith("seeds/")]) >= 5
    assert len([n for n, _ in texts if n.startswith("eval/dev/texts/")]) >= 40
    named = set(borrowed_windows.values())
    missing = [n for n, t in texts if len(_words(t)) >= WINDOW and n not in named
               and not n.startswith("eval/newsquant")]
    assert not missing


def test_a_copied_sentence_is_found_however_it_is_laid_out(borrowed_windows):
    """A seed sentence re-wrapped as a comment, in another case, is still found."""
    name, text = next((n, t) for n, t in _shared_texts() if n.startswith("seeds/"))
    words = _words(text)[40:40 + WINDOW + 2]
    disguised = "# " + "\n#   ".join(w.upper() if i % 3 else w for i, w in enumerate(words)) + "."
    hits = {borrowed_windows.get(key) for _, key in _windows(_words(disguised))}
    assert name in hits


def test_no_tracked_file_carries_ten_words_of_shared_text(borrowed_windows):
    found: dict[str, list[str]] = {}
    for path in _tracked_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        words = _words(text)
        for i, key in _windows(words):
            source = borrowed_windows.get(key)
            if source is not None:
                found.setdefault(str(path.relative_to(REPO)), []).append(
                    f"{' '.join(words[i:i + WINDOW])!r} (from {source})")
    report = "\n".join(f"{name}: {len(hits)} windows, e.g. " + "; ".join(hits[:3])
                       for name, hits in sorted(found.items()))
    if found:
        pytest.fail("ten-word runs of other people's text in the repository:\n" + report,
                    pytrace=False)
