"""The Parquet contract: every table, its columns in order, Arrow types and meanings.

Writers pass these schemas explicitly (nothing is inferred), each file carries
``mubiao.schema_version`` in its metadata, and SCHEMA.md is generated from this module
(``python -m tools.schema_md > SCHEMA.md``, also ``python -m pipeline.schema > SCHEMA.md``; a test
keeps them in step).
"""

from __future__ import annotations

import json

import pyarrow as pa

SCHEMA_VERSION = "3.4"

# (name, type, nullable, meaning, example)
_Col = tuple[str, pa.DataType, bool, str, str]

_REVISION = pa.struct(
    [
        ("kind", pa.string()),
        ("text", pa.string()),
        ("span_start", pa.int64()),
        ("span_end", pa.int64()),
        ("author", pa.string()),
        ("date", pa.string()),
    ]
)

TABLES: dict[str, list[_Col]] = {
    "documents": [
        ("doc_id", pa.string(), False, "Stable id: first 16 hex of the file's SHA-256, then the document's position in the file", "3f2a9c0d1e4b5a67-00"),
        ("source_path", pa.string(), False, "The input file, relative to the raw folder", "jilin-2022-bundle.pdf"),
        ("source_sha256", pa.string(), False, "SHA-256 of the input file's bytes", "3f2a9c0d…"),
        ("source_offset", pa.int64(), False, "Where the document's text begins in the file's extracted text", "0"),
        ("entity", pa.string(), True, "The government the document binds, simplified script: the name as written when it is a whole name, else the official one (福州 → 福州市); null when the text names none", "长春市"),
        ("entity_code", pa.string(), True, "GB/T 2260 code of the government, six digits (today's unit for a renamed one: 长乐市 → 350112); null for a development zone or a name the gazetteer lacks", "220100"),
        ("province", pa.string(), True, "Official name of the province-level division the government lies in", "吉林省"),
        ("issuer", pa.string(), True, "Who issues it, when the text says so", "吉林省"),
        ("year", pa.int32(), True, "The year the document is for (first year of a range)", "2022"),
        ("published", pa.date32(), True, "When the page was published: the crawl log's `published`, else the page's meta tags, a date in its URL (`/2017-03/17/`, `/t20211222_`) or a dateline at the top of its text; null when nothing tells", "2017-03-17"),
        ("doc_kind", pa.string(), False, "letter, plan, assessment, decomposition, bulletin, press_release, notice, news or other (Chinese labels below)", "letter"),
        ("status", pa.string(), False, "draft (征求意见稿, for comment) or final", "draft"),
        ("title", pa.string(), True, "The title as written (simplified script); null when the text carries none (a page whose title stood outside its text)", "长春市人民政府生态环境保护目标责任书"),
        ("format", pa.string(), False, "pdf, docx, txt or html (read from the bytes, not the name); ocr when some or all of its text was read by OCR from a scan (see `ocr_lines`)", "pdf"),
        ("first_page", pa.int32(), True, "Page of the file where the document starts; null when unpaged", "7"),
        ("n_pages", pa.int32(), True, "Pages the document spans; null when unpaged", "6"),
        ("has_revisions", pa.bool_(), False, "The draft carries pending tracked changes", "false"),
        ("revisions", pa.list_(_REVISION), False, "Pending tracked changes (kind insert/delete, text, span into `text`, author, date); `text` reads them as accepted", "[{kind: delete, text: 87.6%, …}]"),
        ("text", pa.large_string(), False, "The document's original text; every span in other tables points into it", "长春市人民政府…"),
    ],
    "clauses": [
        ("doc_id", pa.string(), False, "Document the clause belongs to", "3f2a9c0d1e4b5a67-00"),
        ("clause_id", pa.int32(), False, "Position of the clause in its document, from 0", "4"),
        ("section_path", pa.string(), False, "Headings above the clause, joined by ' / '", "二、重点任务 / （一）加快推进生态强省建设"),
        ("item", pa.string(), False, "Numbered item or bullet: '14' (item 14), '●3' (third bullet), '' if none", "●1"),
        ("kind", pa.string(), False, "title, heading, item, sentence or table_row", "item"),
        ("text", pa.string(), False, "Exact original text: documents.text[span_start:span_end]", "●环境空气质量目标：…"),
        ("norm_text", pa.string(), False, "Text for matching: half-width, simplified script, no layout whitespace", "●环境空气质量目标:…"),
        ("span_start", pa.int64(), False, "Start offset in the document's text", "57"),
        ("span_end", pa.int64(), False, "End offset (exclusive)", "131"),
        ("page", pa.int32(), True, "Page of the file where the clause starts; null when unpaged", "1"),
    ],
    "targets": [
        ("doc_id", pa.string(), False, "Document of the statement", "3f2a9c0d1e4b5a67-00"),
        ("doc_kind", pa.string(), False, "The document's kind (documents.doc_kind), so a pivot needs no join", "letter"),
        ("doc_year", pa.int32(), True, "The document's year (documents.year); `year` is the statement's own", "2022"),
        ("issuer", pa.string(), True, "Who issues the document (documents.issuer)", "吉林省"),
        ("entity", pa.string(), True, "Government bound by the statement, as in documents.entity; null when it cannot be known", "长春市"),
        ("entity_code", pa.string(), True, "GB/T 2260 code of the government (six digits); null for a zone or an unknown name", "220100"),
        ("province", pa.string(), True, "Official name of the province-level division the government lies in", "吉林省"),
        ("year", pa.int32(), True, "Year the statement is for (到2025年 → 2025)", "2022"),
        ("indicator", pa.string(), True, "Indicator code (area.name) from the dictionary; null when the measure is unknown", "air.pm25"),
        ("indicator_label", pa.string(), True, "The indicator's Chinese name from the dictionary; null when `indicator` is", "细颗粒物（PM2.5）年均浓度"),
        ("indicator_text", pa.string(), False, "The document's words naming the measure", "细颗粒物（PM2.5）年均浓度"),
        ("comparator", pa.string(), False, ">=, <=, >, <, ==, zero, no_increase or qualitative", "<="),
        ("value", pa.float64(), True, "The number; 0 for zero (无劣Ⅴ类水体 → 0); null for no_increase / qualitative", "34.0"),
        ("value_text", pa.string(), True, "The number exactly as written, for exact decimal use; null when not written (zero)", "34"),
        ("unit", pa.string(), True, "Normalised unit (%, μg/m³, 天, 万吨 …); a zero row has its indicator's usual unit; null when none", "μg/m³"),
        ("kind", pa.string(), False, "target, actual (reported outcome), change (同比下降…) or scope (a rule's threshold)", "target"),
        ("approx", pa.bool_(), False, "The value is approximate (左右, 约)", "false"),
        ("deadline", pa.string(), True, "Deadline as YYYY-MM or YYYY when stated", "2022-09"),
        ("clause_id", pa.int32(), False, "Clause holding the statement", "4"),
        ("span_start", pa.int64(), False, "Start offset of the quote in the document's text", "80"),
        ("span_end", pa.int64(), False, "End offset (exclusive)", "101"),
        ("page", pa.int32(), True, "Page of the file; null when unpaged", "1"),
        ("quote", pa.string(), False, "Exact source text: documents.text[span_start:span_end]", "细颗粒物（PM2.5）年均浓度控制在34微克/立方米以下"),
        ("task_no", pa.int32(), True, "Decomposition task holding the statement (分解方案)", "15"),
        ("ocr_confidence", pa.float32(), True, "Lowest OCR confidence (0–1) of the lines the quote touches; null when none was read by OCR. Below 0.9 the report marks the target for checking against the scan", "0.82"),
    ],
    "tasks": [
        ("doc_id", pa.string(), False, "Decomposition plan", "3f2a9c0d1e4b5a67-00"),
        ("task_no", pa.int32(), False, "The task's number as written", "14"),
        ("text", pa.string(), False, "The task's text", "实施“十四五”重点流域生态环境保护规划…"),
        ("section_path", pa.string(), False, "Headings above the task", "二、改善环境质量"),
        ("units", pa.list_(pa.string()), False, "Responsible departments and townships, in order", "[生态环境局, 各乡(镇)人民政府]"),
        ("clause_id", pa.int32(), False, "First clause of the task", "52"),
        ("span_start", pa.int64(), False, "Start offset in the document's text", "1520"),
        ("span_end", pa.int64(), False, "End offset (exclusive)", "1690"),
        ("page", pa.int32(), True, "Page of the file; null when unpaged", "3"),
    ],
    "ocr_lines": [
        ("doc_id", pa.string(), False, "Document holding the line", "3f2a9c0d1e4b5a67-00"),
        ("page", pa.int32(), False, "Page of the file, from 1", "2"),
        ("box", pa.list_(pa.float32()), False, "[x0, y0, x1, y1] of the line on its page, as fractions of the page's width and height, y down from the top", "[0.17, 0.34, 0.84, 0.36]"),
        ("confidence", pa.float32(), False, "The recogniser's confidence, 0–1", "0.998"),
        ("text", pa.string(), False, "The line as it stands in the text: documents.text[span_start:span_end]", "●环境空气质量目标：城市环境空气质量优良"),
        ("span_start", pa.int64(), False, "Start offset in the document's text", "57"),
        ("span_end", pa.int64(), False, "End offset (exclusive)", "78"),
    ],
    "errors": [
        ("source_path", pa.string(), False, "The input file", "bad/legacy-word97.doc"),
        ("stage", pa.string(), False, "read, extract, diff …", "read"),
        ("level", pa.string(), False, "error (the file gave no records) or warning (records kept)", "error"),
        ("code", pa.string(), False, "Stable code (every value listed below the table)", "legacy-doc"),
        ("message", pa.string(), False, "What is wrong and what to do", "legacy Word 97 file; open it in Word … and save it as .docx"),
    ],
    "deviations": [
        ("family", pa.string(), False, "Family of letters (kind, year, issuer)", "目标责任书-2022"),
        ("entity", pa.string(), True, "The letter's government", "白城市"),
        ("doc_id", pa.string(), False, "The letter", "3f2a9c0d1e4b5a67-07"),
        ("kind", pa.string(), False, "The most serious of `kinds`: clause_missing, clause_extra, indicator_missing, comparator_changed, unit_changed, wording_changed or clause_moved", "wording_changed"),
        ("clause_id", pa.int32(), True, "The letter's clause at the place (where it would be, for what the letter lacks)", "9"),
        ("template_text", pa.string(), True, "The family's consensus wording (numbers as slots)", "…比例不低于□%"),
        ("letter_text", pa.string(), True, "The letter's own words", "…不低于比例66.7%"),
        ("span_start", pa.int64(), True, "Start offset in the letter's text", "310"),
        ("span_end", pa.int64(), True, "End offset (exclusive)", "352"),
        ("detail", pa.string(), False, "JSON: template positions, word changes with their severity, missing numbers …", '{"changes": [{"op": "insert", …}], …}'),
        ("kinds", pa.list_(pa.string()), False, "Everything wrong at the place, most serious first (one row per place)", "[indicator_missing, wording_changed]"),
        ("severity", pa.string(), False, "substantive (what the letter binds changed), wording (words changed, meaning kept) or trivial (punctuation)", "substantive"),
        ("location", pa.string(), False, "Where a reader finds it: section, item, page", "一、第2条 · 第3页"),
        ("page", pa.int32(), True, "Page of the file; null when unpaged", "3"),
    ],
    "values": [
        ("family", pa.string(), False, "Family of letters", "目标责任书-2022"),
        ("entity", pa.string(), True, "The letter's government", "长春市"),
        ("doc_id", pa.string(), False, "The letter", "3f2a9c0d1e4b5a67-00"),
        ("template_position", pa.int32(), False, "The template clause holding the number slot", "2"),
        ("slot", pa.int32(), False, "Which number slot of that clause, from 0", "0"),
        ("indicator", pa.string(), True, "Indicator code, the family's most common for the slot; null when unknown", "air.good_days_ratio"),
        ("value", pa.float64(), False, "The letter's number, in the template's unit", "87.6"),
        ("value_text", pa.string(), False, "As written (with the letter's unit when it is not the template's)", "87.6"),
        ("unit", pa.string(), True, "The template's unit for the slot", "%"),
        ("letter_unit", pa.string(), True, "The letter's unit when it differs (the value is converted)", "公顷"),
        ("comparator", pa.string(), True, "The template's comparator for the slot", ">="),
        ("direction", pa.string(), True, "+ higher is stricter, - lower is stricter, null unknown", "+"),
        ("min", pa.float64(), False, "The family's smallest value (second copies counted once)", "80.0"),
        ("median", pa.float64(), False, "The family's median", "90.5"),
        ("max", pa.float64(), False, "The family's largest value", "98.0"),
        ("n", pa.int32(), False, "Letters stating the value (second copies counted once)", "11"),
        ("assessment", pa.string(), False, "stricter, looser or equal against the median given the direction; unknown without one", "looser"),
        ("outlier", pa.bool_(), False, "Far outside the family (robust z-score above 3.5 and 25 % of the median away)", "false"),
        ("counted", pa.bool_(), False, "False for a second copy of a letter already in the family", "true"),
        ("span_start", pa.int64(), False, "Start offset of the number in the letter's text", "80"),
        ("span_end", pa.int64(), False, "End offset (exclusive)", "84"),
        ("page", pa.int32(), True, "Page of the file; null when unpaged", "1"),
    ],
    "checks": [
        ("check", pa.string(), False, "plan_path, outcome_vs_target, year_over_year or parent_child (see below)", "plan_path"),
        ("assessment", pa.string(), False, "What the check found (values per check below)", "looser_than_goal"),
        ("flagged", pa.bool_(), False, "Worth a look: behind, looser_than_goal, missed, loosened, dropped, looser", "true"),
        ("entity", pa.string(), True, "The subject's government", "长春市"),
        ("indicator", pa.string(), False, "Indicator code both statements share", "air.pm25"),
        ("indicator_label", pa.string(), True, "The indicator's Chinese name", "细颗粒物（PM2.5）年均浓度"),
        ("unit", pa.string(), True, "The subject's unit; ref_value and base_value are in it", "μg/m³"),
        ("year", pa.int32(), True, "Year of the subject statement (the outcome's for outcome_vs_target)", "2022"),
        ("comparator", pa.string(), True, "The subject's comparator; null for a dropped measure", "<="),
        ("value", pa.float64(), True, "The subject's value (0 for zero); null for a dropped measure", "34.0"),
        ("ref_entity", pa.string(), True, "The reference statement's government (the parent for parent_child)", "长春市"),
        ("ref_year", pa.int32(), True, "The reference's year (the plan's goal year, last year …)", "2025"),
        ("ref_comparator", pa.string(), True, "The reference's comparator", "<="),
        ("ref_value", pa.float64(), True, "The reference's value, converted into `unit`", "30.0"),
        ("ref_unit", pa.string(), True, "The unit the reference wrote", "μg/m³"),
        ("base_year", pa.int32(), True, "plan_path: the plan's base year, when it states the measure's value then", "2020"),
        ("base_value", pa.float64(), True, "plan_path: the base-year value, in `unit`", "38.0"),
        ("margin", pa.float64(), True, "How much stricter (+) or looser (−) the subject is than the reference (the path value when there is a base), in `unit`; outcome_vs_target: how much the outcome beat (+) or missed (−) the target", "-4.0"),
        ("doc_id", pa.string(), False, "The subject's document (for dropped: the letter that drops the measure)", "3f2a9c0d1e4b5a67-00"),
        ("span_start", pa.int64(), True, "Start of the subject statement in its document's text; null for dropped", "80"),
        ("span_end", pa.int64(), True, "End (exclusive)", "101"),
        ("quote", pa.string(), True, "The subject statement as written", "细颗粒物（PM2.5）年均浓度控制在34微克/立方米以下"),
        ("ref_doc_id", pa.string(), False, "The reference's document (for added: last year's letter)", "ae7113342c47db39-00"),
        ("ref_span_start", pa.int64(), True, "Start of the reference statement in its document's text; null for added", "412"),
        ("ref_span_end", pa.int64(), True, "End (exclusive)", "440"),
        ("ref_quote", pa.string(), True, "The reference statement as written", "城市細顆粒物(PM2.5)濃度降至每立方米30微克以下"),
    ],
}


def schema(table: str) -> pa.Schema:
    """The Arrow schema of ``table``, with meanings in the field metadata."""
    fields = [
        pa.field(name, typ, nullable=nullable, metadata={"description": meaning})
        for name, typ, nullable, meaning, _ in TABLES[table]
    ]
    return pa.schema(fields, metadata={"mubiao.schema_version": SCHEMA_VERSION, "mubiao.table": table,
                                       "pandas": _pandas_metadata(TABLES[table])})


_PANDAS_INTS = {pa.int32(): ("int32", "Int32"), pa.int64(): ("int64", "Int64")}


def _pandas_metadata(cols: list[_Col]) -> str:
    """pandas' own Parquet metadata, naming only the nullable integer columns: pandas then reads
    them as nullable integers (``Int32``: 7 or <NA>) instead of floats (7.0 or NaN). DuckDB, polars
    and Arrow ignore it; they read these columns as integers anyway."""
    ints = [{"name": name, "field_name": name, "pandas_type": _PANDAS_INTS[typ][0],
             "numpy_type": _PANDAS_INTS[typ][1], "metadata": None}
            for name, typ, nullable, _, _ in cols if nullable and typ in _PANDAS_INTS]
    return json.dumps({"index_columns": [], "column_indexes": [], "columns": ints, "pandas_version": "2.0.0"})


def columns(table: str) -> list[str]:
    return [c[0] for c in TABLES[table]]


DETAIL_KEYS: dict[str, str] = {
    "every row": "`template_positions` (list of int): the template clauses of the place (several for a run of "
                 "missing clauses, none for `clause_extra`); `letter_position` (int or null): the sentence's "
                 "position among the letter's sentences",
    "rows with `wording_changed`, `comparator_changed`, `unit_changed`":
        "`changes`: list of `{op: insert|delete|replace, template, letter, start, end, aspect: wording|comparator|unit, "
        "severity, reason}` word edits, `start`/`end` offsets into the letter, `reason` one of number, negation, "
        "scope, phrase, comparator, unit, punctuation, words; `inline`: the clause as `[\"=\"|\"-\"|\"+\", text, "
        "start?, end?]` runs for side-by-side display (`-` runs are template words, absent from the letter, so they "
        "have no offsets)",
    "rows with `comparator_changed`": "`comparators`: list of `[template, letter]` comparator pairs (`>=`, `<=`, …)",
    "rows with `indicator_missing`": "`missing`: list of `{template_position, slot, indicator, unit, set_by, letters}`: "
                                     "numbers more than half the letters set here (second copies counted once); a "
                                     "letter that states the measure's number elsewhere (its targets in a table) does "
                                     "not miss it: that value is in `values` instead",
}
"""Keys of the ``deviations.detail`` JSON object, by deviation kind."""


RUN_ERROR_CODES: dict[str, str] = {
    "internal-error": "a bug: the extractor raised on this file; the message asks to report it with the file",
    "reader-crashed": "the reader's worker process died on this file; tried again on the next run",
    "reader-timeout": "reading took longer than `--timeout`; tried again on the next run",
    "reader-out-of-memory": "reading needed more than `--memory-limit`; tried again on the next run",
    "not-a-file": "a named pipe, a device or a socket in the raw folder (a link to `/dev/zero`): never opened",
    "dangling-link": "a symbolic link to something that does not exist",
    "link-loop": "a symbolic link that loops back on itself",
    "unreadable": "the run may not read the file or folder (permission denied)",
    "file-too-large": "a file over `--max-file-size`: never read",
    "vanished": "the file disappeared while the run read the folder; looked at again on the next run",
    "bad-manifest": "a line of the raw folder's crawl log (`sources.jsonl`) that is not a JSON object with `file` "
                    "(and `url`, `published` as YYYY-MM-DD): the line is left out, the files are read",
    "diff-failed": "the diff of a family raised (a bug): its letters are in the tables but it has no deviations "
                   "or report pages; the other families land; diffed again on the next run",
    "skipped": "(level warning) an entry not read on purpose: a name starting with _, a linked folder",
    "warning": "(level warning) records were kept, something is worth a look: undecodable bytes dropped, "
               "a page without a Unicode map, a page too dense to read …",
}
"""Codes the pipeline gives, beside the readers' own (``extract.errors``)."""


if __name__ == "__main__":  # the documented command; the generator is a dev tool (tools/schema_md.py)
    from tools.schema_md import main

    main()
