"""read_txt: encoding detection, BOMs, line ends, undecodable bytes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from extract.errors import CorruptFile, EncodingError
from extract.readers.txt import decode_dropping, decode_text, read_txt

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
ENCODINGS = FIXTURES / "encodings"
LETTER = "一、生态环境质量目标\n●城市环境空气质量优良天数比例不低于87.6%。\n"
HANT = "清潔取暖率達到52%以上，關于深入打好污染防治攻堅戰的實施方案。\n"


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("changchun-2022-gbk.txt", "gb18030"),
        ("changchun-2022-utf8-bom.txt", "utf-8-sig"),
        ("changchun-2022-crlf.txt", "utf-8"),
    ],
)
def test_fixture_encodings_decode_to_the_same_text(name: str, encoding: str) -> None:
    got = read_txt(ENCODINGS / name)
    reference = read_txt(ENCODINGS / "changchun-2022-gbk.txt")
    assert got.encoding == encoding
    assert got.text == reference.text
    assert got.text.startswith(" 长春市人民政府生态环境保护目标责任书\n（2022年）\n\n")
    assert "\r" not in got.text and "\ufeff" not in got.text
    assert got.warnings == ()


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (LETTER.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + LETTER.encode("utf-8"), "utf-8-sig"),
        (b"\xff\xfe" + LETTER.encode("utf-16-le"), "utf-16-le"),
        (b"\xfe\xff" + LETTER.encode("utf-16-be"), "utf-16-be"),
        (LETTER.encode("gbk"), "gb18030"),
        (LETTER.replace("\n", "\r\n").encode("gb18030"), "gb18030"),
        (LETTER.replace("\n", "\r").encode("utf-8"), "utf-8"),
    ],
)
def test_boms_codecs_and_line_ends(data: bytes, encoding: str) -> None:
    got = read_txt(io.BytesIO(data))
    assert (got.text, got.encoding, got.format) == (LETTER, encoding, "txt")


def test_big5_traditional_text_is_not_read_as_gbk_gibberish() -> None:
    data = (HANT * 3).encode("big5")
    assert data.decode("gb18030")  # valid GB18030 too, which is the trap
    got = read_txt(io.BytesIO(data))
    assert (got.text, got.encoding) == (HANT * 3, "big5")


def test_invalid_bytes_are_dropped_with_a_warning() -> None:
    data = (
        "优良天数比例".encode("gb18030")
        + b"\xff"
        + "细颗粒物".encode("gb18030")
        + b"\x81 "
        + "重点任务".encode("gb18030")
    )
    got = read_txt(io.BytesIO(data))
    assert got.text == "优良天数比例细颗粒物重点任务"
    assert got.warnings == (
        "2 undecodable byte runs at bytes 12, 21 dropped while decoding as gb18030; check the file's encoding",
    )


def test_fixture_with_invalid_bytes_keeps_every_word() -> None:
    got = read_txt(FIXTURES / "bad" / "jilin-2022-gb18030-invalid-bytes.txt")
    assert "\ufffd" not in got.text
    for around_bad_run in (
        "不低于86.8%，细颗粒物",
        "地下水环境质量目标：地下水国控",
        "考核要求。\n\n二、重点任务",
    ):
        assert around_bad_run in got.text
    assert got.warnings and "159" in got.warnings[0]


@pytest.mark.parametrize(
    ("data", "codec", "text", "bad"),
    [
        (b"ab\xffcd", "utf-8", "abcd", [(2, 3)]),
        ("水".encode("gb18030") + b"\x81 " + "气".encode("gb18030"), "gb18030", "水气", [(2, 4)]),
        (b"a\x81 b", "gb18030", "a b", [(1, 2)]),  # the space stays between ASCII words
    ],
)
def test_decode_dropping(data: bytes, codec: str, text: str, bad: list[tuple[int, int]]) -> None:
    assert decode_dropping(data, codec) == (text, bad)


def test_empty_and_binary_files_are_errors() -> None:
    with pytest.raises(CorruptFile, match="empty file"):
        read_txt(io.BytesIO(b""), name="empty.txt")
    with pytest.raises(EncodingError, match="binary data") as info:
        read_txt(io.BytesIO(bytes(range(256)) * 40), name="blob.txt")
    assert str(info.value).startswith("blob.txt: ") and "UTF-8" in str(info.value)


def test_preferred_encoding_is_tried_first() -> None:
    data = "繁體".encode("big5")
    assert decode_text(data, "big5").encoding == "big5"


def _wrap(text: str, width: int) -> str:
    """Hard-wrap every line at ``width`` characters, as text copied out of a PDF often is."""
    return "\n".join("\n".join(line[i:i + width] for i in range(0, len(line), width)) if line else ""
                     for line in text.split("\n"))


@pytest.mark.parametrize("width", range(10, 29, 3))
def test_hard_wrapped_letters_read_as_their_paragraphs(width: int) -> None:
    from extract.readers.unwrap import unwrap_lines
    from tools.synth import synth_family

    for _, letter in synth_family(12, seed=width).letters[:4]:
        wrapped = _wrap(letter, width)
        assert wrapped != letter
        assert unwrap_lines(wrapped)[0] == letter
        got = read_txt(io.BytesIO(wrapped.encode("utf-8")))
        assert got.text == letter and any("hard-wrapped" in w for w in got.warnings)


def test_files_that_are_not_wrapped_come_back_unchanged() -> None:
    from extract.readers.unwrap import unwrap_lines

    seeds = FIXTURES.parent / "seeds"
    for path in [*sorted(seeds.glob("*.txt")), *sorted((FIXTURES / "encodings").glob("*.txt"))]:
        text = decode_text(path.read_bytes()).text
        assert unwrap_lines(text) == (text, 0), path.name


def test_a_wrapped_letter_gives_whole_targets() -> None:
    """A unit cut by the wrap (微克/立方 / 米) and a measure cut from its number come back whole."""
    from extract.file import records_from_extraction

    letter = ("长春市人民政府生态环境保护目标责任书\n（2022年）\n\n一、生态环境质量目标和考核指标\n"
              "●大气环境质量目标：城市环境空气质量优良天数比例不低于87.6%，细颗粒物（PM2.5）年均浓度控制在"
              "34微克/立方米以下，重度及以上污染天数控制在6天以内。\n"
              "●水环境质量目标：纳入国家考核的地表水断面水质好于Ⅲ类（水体优良）比例不低于50%，"
              "无劣Ⅴ类水体断面。县级及以上城市集中式饮用水水质达标率100%。\n"
              "●土壤环境质量目标：受污染耕地安全利用率达到95.2%以上，重点建设用地安全利用得到有效保障。\n")

    def facts(text: str) -> list[tuple]:
        ex = read_txt(io.BytesIO(text.encode("utf-8")))
        rec = records_from_extraction(ex, "x.txt", "0" * 64)
        return [(t.indicator, t.comparator, t.value, t.unit) for t in rec.targets]

    whole = facts(letter)
    assert ("air.pm25", "<=", 34.0, "μg/m³") in whole
    for width in (13, 17, 23):
        assert facts(_wrap(letter, width)) == whole, width
