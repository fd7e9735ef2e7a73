"""Deviations on the real seed bundle: every real difference found, no layout artefact."""

from __future__ import annotations

import re

import pytest
from diffkit import SEED, SHARED, records_from_text

from diff import run_diff
from extract.normalize import norm_key

# Every place found by reading the eleven letters side by side, one row each:
# (entity, kinds, severity, key phrase).
REAL_PLACES = [
    ("长春市", {"wording_changed"}, "substantive", "劣Ⅴ类水体控制比例6.3%"),  # 9 of 11 say 无劣Ⅴ类水体断面
    ("吉林市", {"wording_changed", "indicator_missing"}, "substantive", "无新增"),
    ("辽源市", {"wording_changed"}, "substantive", "组织开展“绿盾”自然保护地强化监督专项行动"),  # dropped
    ("通化市", {"wording_changed"}, "wording", "不低于通化100%"),  # stray token
    ("白山市", {"wording_changed", "indicator_missing"}, "substantive", "无新增"),
    # Swapped words (不低于比例) and a number where the others have none (劣Ⅴ类…33.3%), one sentence.
    ("白城市", {"wording_changed"}, "substantive", "劣Ⅴ类水体控制比例不高于33.3%"),
    ("白城市", {"wording_changed"}, "wording", "监管要，"),  # stray character
    ("延边州", {"wording_changed", "indicator_missing"}, "substantive", "无新增"),
    # 以下 -> 及以下 (the same comparator: both include the number, so wording, not comparator_changed),
    # and 无重度及以上污染天气 for the number of days: one sentence.
    ("长白山管委会", {"wording_changed", "indicator_missing"}, "substantive", "无重度及以上污染天气"),
    ("长白山管委会", {"clause_missing", "indicator_missing"}, "substantive", "地下水国控区域点位Ⅴ类比例不高于"),
    ("长白山管委会", {"clause_missing", "indicator_missing"}, "substantive", "单位GDP二氧化碳排放同比降低率"),
    ("长白山管委会", {"wording_changed", "indicator_missing"}, "substantive", "新媒体宣传矩阵建设，地级市每季度至少召开"),
    ("梅河口市", {"wording_changed"}, "substantive", "纳入省考核"),  # changed scope
    ("梅河口市", {"clause_missing", "indicator_missing"}, "substantive", "地下水国控区域点位Ⅴ类比例不高于"),
    ("梅河口市", {"wording_changed"}, "substantive", "组织开展“绿盾”自然保护地强化监督专项行动"),
    ("梅河口市", {"wording_changed", "indicator_missing"}, "substantive", "新媒体宣传矩阵建设，地级市每季度至少召开"),
]
WORDING_KINDS = {"wording_changed", "clause_missing", "clause_extra", "clause_moved",
                 "comparator_changed", "unit_changed", "indicator_missing"}


def _seed(text: str | None = None):
    docs, clauses, targets = records_from_text(text or SEED.read_text(encoding="utf-8"), str(SEED))
    return docs, clauses, targets, run_diff(docs, clauses, targets)


def _haystack(d) -> str:
    changes = " ".join(c.template + " " + c.letter for c in d.changes)
    return f"{d.letter_text} {d.template_text} {changes}"


def _structural(results) -> list[tuple[str, str, str, str]]:
    """Deviations, with layout whitespace removed from the texts."""
    def key(s: str) -> str:
        return re.sub(r"\s+", "", norm_key(s))

    return sorted(
        (d.entity, d.kind, key(d.template_text), key(d.letter_text))
        for r in results for d in r.deviations
    )


def test_seed_is_one_family_of_eleven():
    _, _, _, results = _seed()
    assert [(r.name, len(r.documents)) for r in results] == [("目标责任书-2022", 11)]


@pytest.mark.parametrize(("entity", "kinds", "severity", "phrase"), REAL_PLACES)
def test_every_real_change_is_one_row_with_its_severity(entity, kinds, severity, phrase):
    _, _, _, results = _seed()
    found = [d for d in results[0].deviations if d.entity == entity and phrase in _haystack(d)]
    assert [(set(d.kinds), d.severity) for d in found] == [(kinds, severity)], found


def test_nothing_but_the_real_changes():
    _, _, _, results = _seed()
    got = sorted((d.entity, d.severity) for d in results[0].deviations)
    assert got == sorted((e, s) for e, _, s, _ in REAL_PLACES)


def test_letters_with_no_change_have_no_substantive_or_wording_row():
    _, _, _, results = _seed()
    for entity in ("四平市", "松原市"):
        assert [d for d in results[0].deviations if d.entity == entity and d.severity != "trivial"] == []


def test_a_rows_kind_is_its_most_serious_and_kinds_are_in_order():
    from diff.deviations import DEVIATION_KINDS

    _, _, _, results = _seed()
    for d in results[0].deviations:
        assert d.kind == d.kinds[0]
        assert list(d.kinds) == sorted(d.kinds, key=DEVIATION_KINDS.index)


def test_rows_name_their_place_for_a_reader():
    _, _, _, results = _seed()
    scope = next(d for d in results[0].deviations if d.entity == "梅河口市" and "纳入省考核" in d.letter_text)
    assert scope.location == "一、第2条"  # the seed text is unpaged: no page
    assert [(c.template, c.letter, c.reason) for c in scope.changes] == [("国家", "省", "scope")]


def test_template_wording_is_the_majority_not_the_first_letter():
    _, _, _, results = _seed()
    water = [c.text for c in results[0].template.clauses if "地表水断面" in c.text]
    assert water == ["纳入国家考核的地表水断面水质好于Ⅲ类（水体优良）比例不低于□%，无劣Ⅴ类水体断面。"]


def test_spans_point_at_the_letter_text():
    docs, _, _, results = _seed()
    text = {d.doc_id: d.text for d in docs}
    for d in results[0].deviations:
        assert text[d.doc_id][d.span_start:d.span_end] == d.letter_text
        for c in d.changes:
            assert text[d.doc_id][c.start:c.end] == c.letter


def _rewrap(text: str, width: int) -> str:
    """Break every long line every ``width`` characters and double every blank line."""
    out = []
    for line in text.split("\n"):
        if not line.strip():
            out += ["", ""]
            continue
        out += [line[i:i + width] for i in range(0, len(line), width)]
    return "\n".join(out)


@pytest.mark.parametrize("width", [13, 29, 41])
def test_line_breaks_and_blank_lines_change_nothing(width):
    _, _, _, plain = _seed()
    _, _, _, wrapped = _seed(_rewrap(SEED.read_text(encoding="utf-8"), width))
    assert _structural(wrapped) == _structural(plain)
    assert len(wrapped[0].deviations) == len(plain[0].deviations)


def test_width_and_spacing_change_nothing():
    text = SEED.read_text(encoding="utf-8")
    # One letter with half-width punctuation and spaces between words: no new deviation.
    start = text.index("吉林市人民政府生态环境保护目标责任书")
    end = text.index("四平市人民政府生态环境保护目标责任书")
    letter = text[start:end].replace("，", ",").replace("：", ":").replace("（", "(").replace("）", ")")
    letter = letter.replace("比例", " 比例 ")
    _, _, _, plain = _seed()
    _, _, _, changed = _seed(text[:start] + letter + text[end:])
    assert _structural(changed) == _structural(plain)


def test_values_sit_beside_family_statistics_and_are_not_deviations():
    docs, _, _, results = _seed()
    rows = results[0].values
    assert rows and all(r.minimum <= r.median <= r.maximum for r in rows)
    # Every letter's every number is a value: 11 letters, each with its own numbers.
    assert {r.entity for r in rows} == {d.entity for d in docs}
    cc = [r for r in rows if r.entity == "长春市" and r.value_text == "87.6"]
    assert [(r.indicator, r.assessment) for r in cc] == [("air.good_days_ratio", "looser")]  # below the median
    assert not [r for r in rows if r.outlier]  # the seed's numbers are all plausible


@pytest.mark.parametrize(("value", "values", "outlier"), [
    (98.0, [80.0, 85.0, 90.0, 90.5, 92.0, 98.0], False),  # a good year, not an outlier
    (9.0, [85.0, 86.0, 88.0, 90.0, 9.0], True),  # a slip of the pen: 9 for 90
    (1500.0, [1.5, 1.2, 1.8, 1.6, 1500.0], True),  # 公顷 written as 万亩
    (33.0, [30.0, 30.0, 30.0, 33.0], False),  # everyone else agrees, but 10 % off is no outlier
    (90.0, [1.0, 90.0, 2.0], False),  # too few letters to say
])
def test_outliers(value, values, outlier):
    from diff.values import is_outlier

    assert is_outlier(value, values) is outlier


def test_filters():
    docs, clauses, targets, _ = _seed()
    only = run_diff(docs, clauses, targets, entity="通化市")
    assert {d.entity for r in only for d in r.deviations} == {"通化市"}
    assert run_diff(docs, clauses, targets, family="nope") == []


def test_a_table_that_lacks_a_row_still_misses_that_clause():
    """The table stands for a template sentence only when it holds its words: drop the groundwater
    row and that clause (with its label and number) is missing again, the rest still stated."""
    from diff.tabular import explains, states, table_rows

    table = ("序号\t指标类别\t指标名称\t2022年目标值\n1\t环境空气质量\t城市环境空气质量优良天数比例\t≥86.3%\n"
             "2\t环境空气质量\t细颗粒物（PM2.5）年均浓度\t≤33微克/立方米\n"
             "3\t环境空气质量\t重度及以上污染天数\t≤3天\n")
    assert len(table_rows(table)) == 3
    assert states("城市环境空气质量优良天数比例不低于□%，细颗粒物（PM2.5）年均浓度控制在□微克/立方米以下，"
                  "重度及以上污染天数控制在□天以内。", table)
    assert states("环境空气质量目标：", table)
    assert not states("地下水国控区域点位Ⅴ类比例不高于□%。", table)
    assert not states("地下水环境质量目标：", table)
    assert explains(table_rows(table), ["环境空气质量目标：", ("城市环境空气质量优良天数比例不低于□%，细颗粒物（PM2.5）"
                                        "年均浓度控制在□微克/立方米以下，重度及以上污染天数控制在□天以内。")])
    assert not explains(table_rows(table + "4\t地下水\t地下水国控区域点位Ⅴ类比例\t≤42.9%\n"), ["环境空气质量目标："])


def test_a_letter_with_its_targets_in_a_table_misses_no_measure_and_is_compared_by_value():
    """四平's letter with its targets as a table, among the ten other letters as prose: the measures
    are stated (no indicator_missing), and its numbers sit beside its peers' like the prose letter's."""
    from extract.file import process_path

    letters = SHARED / "fixtures" / "letters"
    others = [p for p in sorted(letters.glob("*.docx")) if not p.name.startswith("siping")]

    def deviations_of(siping):
        recs = [process_path(p) for p in [*others, siping]]
        docs = [d for r in recs for d in r.documents]
        (res,) = run_diff(docs, [c for r in recs for c in r.clauses], [t for r in recs for t in r.targets])
        return [d for d in res.deviations if d.entity == "四平市"], res.values

    table, table_values = deviations_of(SHARED / "fixtures" / "tables" / "siping-2022-table.docx")
    prose, prose_values = deviations_of(letters / "siping-2022.docx")
    assert not [d for d in table if "indicator_missing" in d.kinds]
    # The table states section 一's sentences: nothing is missing, the table is no extra block. Only
    # the sentence under the heading (主要…指标见下表。) is one the others lack.
    assert [(d.kind, d.letter_text) for d in table] == [("clause_extra", "主要生态环境质量目标和考核指标见下表。")]
    assert prose == []

    def values(vals):
        return sorted((v.indicator, v.value, v.median, v.assessment) for v in vals if v.entity == "四平市")

    assert values(table_values) == values(prose_values) != []


def test_every_place_a_letter_differs_from_most_others_lies_in_a_deviation():
    """A check that knows nothing of templates: a character diff of each letter against each of the
    other ten (whitespace and numbers aside). Every stretch where a letter differs from four or more
    of the others must lie inside one of its reported deviations or values; only the government's own name
    (which every letter has) may stay outside."""
    import difflib
    from collections import Counter

    docs, _, _, results = _seed()
    devs = [d for r in results for d in r.deviations]

    def bare(text: str) -> tuple[str, list[int]]:
        keep = [i for i, ch in enumerate(text) if not ch.isspace()]
        return "".join(text[i] for i in keep), keep

    letters = {d.doc_id: bare(d.text) for d in docs}
    outside = []
    for doc in docs:
        mine, offsets = letters[doc.doc_id]
        votes: Counter[int] = Counter()
        for other in docs:
            if other is doc:
                continue
            ops = difflib.SequenceMatcher(None, mine, letters[other.doc_id][0], autojunk=False).get_opcodes()
            for op, a, b, c, d in ops:
                if op == "equal":
                    continue
                ours, theirs = mine[a:b], letters[other.doc_id][0][c:d]
                if re.fullmatch(r"[\d.%、，,]*", ours) and re.fullmatch(r"[\d.%、，,]*", theirs):
                    continue  # numbers differ: value_differs, checked elsewhere
                votes.update(range(a, max(b, a + 1)))
        hot = sorted(k for k, n in votes.items() if n >= 4)
        stretches: list[list[int]] = []
        for k in hot:
            if stretches and k - stretches[-1][1] <= 2:
                stretches[-1][1] = k
            else:
                stretches.append([k, k])
        spans = [(d.span_start, d.span_end) for d in devs if d.doc_id == doc.doc_id]
        spans += [(v.span_start, v.span_end) for r in results for v in r.values if v.doc_id == doc.doc_id]
        for a, b in stretches:
            start = offsets[min(a, len(offsets) - 1)]
            end = offsets[min(b, len(offsets) - 1)] + 1
            covered = any(s <= end + 15 and e >= start - 15 for s, e in spans)
            if not covered and doc.entity[:2] not in doc.text[start:end + 1]:
                outside.append((doc.entity, doc.text[max(0, start - 10):end + 10]))
    assert outside == []
