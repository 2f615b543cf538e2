"""Reading a long text file block by block, so that `claims extract` holds one block and one
chunk of it at a time, whatever the file's size (see `pipeline.stream_claims`)."""
from __future__ import annotations

import codecs
from typing import BinaryIO, Callable, Iterator

from .errors import ExtractError

BLOCK_BYTES = 1 << 20


def text_blocks(fh: BinaryIO, encoding: str | None = None, name: str = "input",
                block: int = BLOCK_BYTES,
                on_read: Callable[[int], None] | None = None) -> Iterator[str]:
    """Decode a binary stream block by block: the given encoding, else UTF-8 (a BOM skipped).
    `on_read(n)` is told the bytes read so far. Errors name the byte where decoding failed."""
    try:
        decoder = codecs.getincrementaldecoder(encoding or "utf-8-sig")()
    except LookupError:
        raise ExtractError(f"{name}: unknown encoding {encoding!r}") from None
    done = 0
    while True:
        data = fh.read(block)
        if b"\x00" in data[:8192] and done == 0:
            raise ExtractError(f"{name}: looks binary (NUL bytes), not text or HTML")
        try:
            text = decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            raise ExtractError(
                f"{name}: not valid {encoding or 'UTF-8'} (byte {done + exc.start}); "
                "pass --encoding (e.g. --encoding cp1252)") from None
        done += len(data)
        if on_read is not None:
            on_read(done)
        if text:
            yield text
        if not data:
            return
