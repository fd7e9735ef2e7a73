"""Plain-text reader: find the encoding, decode, turn CRLF and CR into LF.

Chinese government text files come as UTF-8 (with or without a BOM), GBK/GB18030 or, from
Taiwan and Hong Kong, Big5, and now and then UTF-16 from Windows Notepad. The order tried: a
BOM; UTF-16 without a BOM when the NUL bytes fall on one side of the byte pairs; strict UTF-8;
strict GB18030 (a superset of GBK and GB2312); strict Big5; then, for a file that is almost
valid in UTF-8 or GB18030, that encoding with the bad bytes dropped; and last charset-normalizer
above a confidence threshold.

Undecodable bytes are DROPPED, not replaced by U+FFFD, and reported in ``Extraction.warnings``
with their byte offsets: a replacement character glued to a word ("\ufffd细颗粒物") breaks
matching downstream while the warning keeps the evidence. In a double-byte encoding a lead byte
followed by an ASCII space and then more double-byte text is one damaged pair, so that space is
dropped with it. C0 control characters (NUL, BEL ...; not tab, line ends or form feed) are dropped
too, with a warning; a file that is mostly control characters is binary, not text.

A file too large to decode to fewer than ``DEFAULT_MAX_TEXT_CHARS`` characters is refused before
decoding (a character takes at most four bytes).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from extract.errors import CorruptFile, EncodingError, TooLarge
from extract.readers.source import (
    DEFAULT_MAX_TEXT_CHARS,
    Source,
    check_text_size,
    naming,
    source_bytes,
    source_name,
)
from extract.readers.unwrap import unwrap_lines
from extract.records import Extraction

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_STRICT_CANDIDATES = ("utf-8", "gb18030", "big5")
_LENIENT_CANDIDATES = ("utf-8", "gb18030")

DEFAULT_MAX_BAD_RUNS = 64
"""A file with more undecodable byte runs than this is not in that encoding at all."""
DEFAULT_MAX_BAD_SHARE = 0.01
"""...nor one where more than 1% of the bytes (and more than 4) cannot be decoded."""
DEFAULT_MAX_CHAOS = 0.2
"""charset-normalizer's "mess" ratio above which its guess is not trusted."""
DEFAULT_MAX_CONTROL_SHARE = 0.3
"""Decoded text with more control characters than this share is binary data, not text (a text
file padded with NULs by a broken download still reads, with a warning)."""
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_UTF16_SAMPLE = 1 << 16
_UTF16_MIN_NUL_SHARE = 0.005
"""UTF-16 text has a NUL byte in every ASCII character (digits, line ends): Chinese prose with a
line break every 100 characters still has 1%."""


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, the codec used and what went wrong on the way."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def read_txt(source: Source, *, name: str | None = None) -> Extraction:
    """Text of a plain-text file, LF line ends, with the encoding that was detected."""
    path = source_name(source, name)
    with naming(path):
        data = source_bytes(source)
        if len(data) > 4 * DEFAULT_MAX_TEXT_CHARS:
            raise TooLarge(
                f"{len(data):,} bytes of text: more than {DEFAULT_MAX_TEXT_CHARS:,} characters",
                advice="far beyond any letter: split the file, or check where it came from",
            )
        decoded = decode_text(data)
        check_text_size(decoded.text)
    text, joined = unwrap_lines(decoded.text)
    warnings = decoded.warnings
    if joined:
        warnings += (f"{joined} hard-wrapped line breaks removed (the text runs on as paragraphs)",)
    return Extraction(text=text, format="txt", encoding=decoded.encoding, warnings=warnings)


def decode_text(data: bytes, preferred: str | None = None) -> Decoded:
    """Decode ``data`` (``preferred`` first, e.g. an HTML meta charset) and normalise line ends."""
    if not data:
        raise CorruptFile("empty file")
    decoded = _decode(data, preferred)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.removeprefix("\ufeff")
    warnings = decoded.warnings
    controls = len(text) - len(stripped := _CONTROLS.sub("", text))
    if controls:
        if controls > max(8, DEFAULT_MAX_CONTROL_SHARE * len(text)):
            raise EncodingError(f"binary data, not text ({controls:,} control characters after decoding)")
        text = stripped
        warnings += (f"{controls} control character(s) such as NUL dropped; check the file",)
    return Decoded(text, decoded.encoding, warnings)


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when the NUL bytes sit on one side of the pairs, else None."""
    sample = data[:_UTF16_SAMPLE]
    high_nuls, low_nuls = sample[1::2].count(0), sample[0::2].count(0)  # LE puts the high byte second
    pairs = max(len(sample) // 2, 1)
    if high_nuls >= _UTF16_MIN_NUL_SHARE * pairs and low_nuls * 10 <= high_nuls:
        return "utf-16-le"
    if low_nuls >= _UTF16_MIN_NUL_SHARE * pairs and high_nuls * 10 <= low_nuls:
        return "utf-16-be"
    return None


def _decode(data: bytes, preferred: str | None) -> Decoded:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            name = "utf-8-sig" if codec == "utf-8" else codec
            return _strict_or_lenient(data[len(bom) :], codec, name)
    if (utf16 := _utf16_without_bom(data)) is not None:
        try:
            return _strict_or_lenient(data, utf16, utf16)
        except EncodingError:
            pass  # NULs on one side only by chance: not UTF-16
    candidates = list(_STRICT_CANDIDATES)
    if preferred:
        candidates.insert(0, preferred)
    for codec in candidates:
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        if _codec_name(codec) == "gb18030" and _big5_likelier(data):
            return Decoded(data.decode("big5"), "big5")
        if _codec_name(codec) == "gb18030" and _shift_jis_likelier(data):
            return Decoded(text, "gb18030", (("the bytes read as GB18030 but look like Japanese Shift-JIS, so the "
                                             "text may be garbled; if it is, save the file as UTF-8"),))
        return Decoded(text, _codec_name(codec))
    best: tuple[str, str, list[tuple[int, int]]] | None = None
    for codec in _LENIENT_CANDIDATES:
        text, bad = decode_dropping(data, codec)
        if _acceptable(bad, len(data)) and (best is None or len(bad) < len(best[2])):
            best = (text, codec, bad)
    if best is not None:
        text, codec, bad = best
        return Decoded(text, codec, (_bad_bytes_warning(bad, codec),))
    return _detect(data)


def _strict_or_lenient(data: bytes, codec: str, name: str) -> Decoded:
    try:
        return Decoded(data.decode(codec), name)
    except UnicodeDecodeError:
        text, bad = decode_dropping(data, codec)
        if not _acceptable(bad, len(data)):
            raise EncodingError(f"the file starts with a {name} byte-order mark but is not {name}")
        return Decoded(text, name, (_bad_bytes_warning(bad, name),))


def _codec_name(codec: str) -> str:
    return codecs.lookup(codec).name


def _acceptable(bad: list[tuple[int, int]], size: int) -> bool:
    dropped = sum(end - start for start, end in bad)
    return len(bad) <= DEFAULT_MAX_BAD_RUNS and dropped <= max(4, size * DEFAULT_MAX_BAD_SHARE)


def decode_dropping(data: bytes, codec: str) -> tuple[str, list[tuple[int, int]]]:
    """Decode with undecodable byte runs left out; returns the text and the runs' byte spans."""
    pieces: list[str] = []
    bad: list[tuple[int, int]] = []
    decoder = codecs.getincrementaldecoder(codec)("strict")
    view = memoryview(data)  # slices without copying: a large file may hold 64 bad runs
    pos = 0
    while pos < len(data):
        try:
            pieces.append(decoder.decode(view[pos:], final=True))
            break
        except UnicodeDecodeError as err:
            pieces.append(decoder.decode(view[pos : pos + err.start], final=True))
            decoder.reset()
            start, end = pos + err.start, pos + err.end
            lead_and_space = codec == "gb18030" and end - start == 1 and data[end : end + 1] == b" "
            if lead_and_space and end + 1 < len(data) and data[end + 1] >= 0x80:
                end += 1  # lead byte + space: one damaged double-byte character
            bad.append((start, end))
            pos = end
            if len(bad) > DEFAULT_MAX_BAD_RUNS:
                pieces.append(codecs.decode(view[pos:], codec, errors="ignore"))
                break
    return "".join(pieces), bad


def _bad_bytes_warning(bad: list[tuple[int, int]], codec: str) -> str:
    where = ", ".join(str(start) for start, _ in bad[:10]) + (", ..." if len(bad) > 10 else "")
    runs = "run" if len(bad) == 1 else "runs"
    return (
        f"{len(bad)} undecodable byte {runs} at bytes {where} dropped while decoding as {codec}; "
        "check the file's encoding"
    )


def _big5_likelier(data: bytes) -> bool:
    """Most Big5 text is also valid GBK, read as gibberish: let the language model choose."""
    try:
        data.decode("big5")
    except UnicodeDecodeError:
        return False
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000], cp_isolation=["gb18030", "big5"]).best()
    return best is not None and _codec_name(best.encoding) == "big5"


def _shift_jis_likelier(data: bytes) -> bool:
    """Japanese Shift-JIS is mostly valid GB18030 too, read as rare characters: warn when the
    language model prefers it (Chinese GBK text rarely decodes as Shift-JIS at all)."""
    try:
        data.decode("cp932")
    except UnicodeDecodeError:
        return False
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000], cp_isolation=["gb18030", "cp932", "shift_jis"]).best()
    return best is not None and _codec_name(best.encoding) in ("cp932", "shift_jis")


def _detect(data: bytes) -> Decoded:
    """charset-normalizer's guess when it is confident, else EncodingError."""
    from charset_normalizer import from_bytes

    if b"\x00" in data[:4096]:
        raise EncodingError("binary data, not text (NUL bytes)")
    best = from_bytes(data[:200_000]).best()
    if best is None or best.chaos > DEFAULT_MAX_CHAOS:
        raise EncodingError("cannot tell the text encoding (not UTF-8, GB18030 or Big5)")
    try:
        return Decoded(data.decode(best.encoding), _codec_name(best.encoding))
    except (UnicodeDecodeError, LookupError) as err:
        raise EncodingError(f"cannot decode as {best.encoding}, the likeliest encoding") from err
