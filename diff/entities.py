"""A page per government: its documents, and per measure a small chart of targets and outcomes by
year with the checks beside it.

``entity_pages`` turns records into page data (no HTML): ``diff.report`` renders it with the
``entity.html`` template. The chart is inline SVG whose geometry is computed here (numbers only),
so it needs no script and nothing is fetched. A government gets a page when there is something to
set side by side: a check, or documents of more than one kind or year. One letter alone (the
10,000 letters of one family) gets none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from diff.checks import FLAGGED, unit_dimension
from extract.records import DOC_KIND_LABELS, Document, Target
from extract.vocabulary.indicators import load_dictionary
from extract.vocabulary.units import convert

# Assessments in Chinese, for the page (codes stay in the table).
ASSESSMENT_ZH: dict[str, str] = {
    "ahead": "快于路径", "on_path": "符合路径", "behind": "慢于路径", "at_goal": "已达规划目标",
    "looser_than_goal": "宽于规划目标", "met": "完成", "missed": "未完成", "tightened": "收紧", "kept": "持平",
    "loosened": "放宽", "changed": "变化", "dropped": "删除指标", "added": "新增指标", "stricter": "严于上级",
    "same": "与上级相同", "looser": "宽于上级",
}
CHECK_ZH: dict[str, str] = {
    "plan_path": "年度目标与规划", "outcome_vs_target": "完成情况", "year_over_year": "与上年相比",
    "parent_child": "与上级目标相比",
}

CHART_W, CHART_H, PAD_L, PAD_R, PAD_T, PAD_B = 300, 110, 46, 12, 10, 22
"""Chart size and margins in SVG units (the axis labels sit in the margins)."""


@dataclass(frozen=True)
class Point:
    year: int
    value: float
    kind: str
    """target (a letter's), plan (a plan's), actual (an outcome)."""
    text: str
    """Tooltip: the statement as written."""


@dataclass
class Measure:
    """One indicator and unit of a government: its points, chart and checks."""

    code: str
    label: str
    unit: str | None
    points: list[Point] = field(default_factory=list)
    checks: list[dict[str, Any]] = field(default_factory=list)
    chart: dict[str, Any] = field(default_factory=dict)


@dataclass
class EntityPage:
    entity: str
    documents: list[dict[str, Any]]
    measures: list[Measure]
    flagged: int


def entity_pages(documents: Sequence[Document], targets: Iterable[Target],
                 checks: Sequence[Mapping[str, Any]], only: Iterable[str] | None = None) -> list[EntityPage]:
    """Pages of every government with a check, or with documents of more than one kind or year
    (of those in ``only`` when given: a national corpus's pages are made a group at a time)."""
    by_entity_checks: dict[str, list[Mapping[str, Any]]] = {}
    for c in checks:
        if c.get("entity"):
            by_entity_checks.setdefault(c["entity"], []).append(c)
    docs_of: dict[str, list[Document]] = {}
    for d in documents:
        if d.entity:
            docs_of.setdefault(d.entity, []).append(d)
    wanted = pages_wanted(documents, by_entity_checks)
    if only is not None:
        wanted &= set(only)
    if not wanted:
        return []
    kinds = {d.doc_id: d.doc_kind for d in documents}
    dic = load_dictionary()
    measures: dict[str, dict[tuple[str, str | None], Measure]] = {e: {} for e in wanted}
    for t in targets:
        if t.entity not in wanted or not t.indicator or t.value is None or t.year is None:
            continue
        if t.kind not in ("target", "actual"):
            continue
        kind = "actual" if t.kind == "actual" else ("plan" if kinds.get(t.doc_id) == "plan" else "target")
        ind = dic.by_code.get(t.indicator)
        # One chart per measure and dimension, in the measure's usual unit when the value converts.
        usual = ind.unit if ind and ind.unit and convert(1.0, t.unit or "", ind.unit) is not None else t.unit
        m = measures[t.entity].setdefault((t.indicator, unit_dimension(t.unit)), Measure(
            t.indicator, ind.label_zh if ind else t.indicator, usual))
        value = t.value if t.unit == m.unit else convert(t.value, t.unit or "", m.unit or "")
        if value is not None:
            text = t.quote if t.unit == m.unit else f"{t.quote}（{_fmt(t.value)} {t.unit} = {_fmt(value)} {m.unit}）"
            m.points.append(Point(t.year, value, kind, text))
    for entity, cs in by_entity_checks.items():
        for c in cs:
            key = (c["indicator"], unit_dimension(c.get("unit")))
            m = measures[entity].get(key) or measures[entity].setdefault(key, Measure(
                c["indicator"], c.get("indicator_label") or c["indicator"], c.get("unit")))
            m.checks.append(_check_view(c, m.unit))
    flagged = flagged_counts(checks, wanted)
    pages = []
    for entity in sorted(wanted):
        ms = sorted(measures[entity].values(), key=lambda m: (not m.checks, m.code, m.unit or ""))
        for m in ms:
            m.chart = chart(m.points)
            m.checks.sort(key=lambda c: (not c["flagged"], c["check"], c["year"] or 0))
        docs = sorted(docs_of.get(entity, []), key=lambda d: (d.year or 0, d.doc_kind, d.doc_id))
        pages.append(EntityPage(
            entity=entity,
            documents=[{"kind": DOC_KIND_LABELS.get(d.doc_kind, d.doc_kind), "year": d.year, "title": d.title,
                        "source_path": d.source_path} for d in docs],
            measures=ms,
            flagged=flagged[entity],
        ))
    return pages


def flagged_counts(checks: Iterable[Mapping[str, Any]], entities: Iterable[str]) -> dict[str, int]:
    """Flagged checks per government of ``entities`` (0 for one without any)."""
    out = dict.fromkeys(entities, 0)
    for c in checks:
        if c.get("flagged") and c.get("entity") in out:
            out[c["entity"]] += 1
    return out


def pages_wanted(documents: Iterable[Document], checked: Iterable[str]) -> set[str]:
    """Governments with a check (``checked``: the ``entity`` of each), or with documents of more
    than one kind or year."""
    seen: dict[str, set[tuple[str, int | None]]] = {}
    for d in documents:
        if d.entity:
            seen.setdefault(d.entity, set()).add((d.doc_kind, d.year))
    return {e for e, kinds in seen.items() if len(kinds) > 1} | {e for e in checked if e}


def _fmt(v: float | None) -> str:
    return "" if v is None else f"{v:g}"


def _check_view(c: Mapping[str, Any], unit: str | None) -> dict[str, Any]:
    """A check's row on the page; its values carry their unit when it is not the chart's."""
    own = f" {c.get('unit')}" if c.get("unit") and c.get("unit") != unit else ""
    return {
        "check": c["check"], "check_zh": CHECK_ZH.get(c["check"], c["check"]),
        "assessment": c["assessment"], "assessment_zh": ASSESSMENT_ZH.get(c["assessment"], c["assessment"]),
        "flagged": bool(c.get("flagged", c["assessment"] in FLAGGED)), "year": c.get("year"),
        "ref_year": c.get("ref_year"), "ref_entity": c.get("ref_entity"),
        "value": _fmt(c.get("value")) + (own if c.get("value") is not None else ""),
        "ref_value": _fmt(c.get("ref_value")) + (own if c.get("ref_value") is not None else ""),
        "margin": "" if c.get("margin") is None else f"{c['margin']:+g}",
        "quote": c.get("quote") or "", "ref_quote": c.get("ref_quote") or "",
    }


def chart(points: Sequence[Point]) -> dict[str, Any]:
    """SVG geometry for ``points``: a line through the letters' targets by year, squares for plan
    goals, diamonds for outcomes; axis labels for the first and last year and the value range."""
    if not points:
        return {}
    years = [p.year for p in points]
    values = [p.value for p in points]
    y0, y1 = min(years), max(years)
    v0, v1 = min(values), max(values)
    if y0 == y1:
        y0, y1 = y0 - 1, y1 + 1
    if v0 == v1:
        v0, v1 = v0 - 1 if v0 else -1, v1 + 1 if v1 else 1
    plot_w, plot_h = CHART_W - PAD_L - PAD_R, CHART_H - PAD_T - PAD_B

    def xy(p: Point) -> tuple[float, float]:
        return (round(PAD_L + (p.year - y0) / (y1 - y0) * plot_w, 1),
                round(PAD_T + (1 - (p.value - v0) / (v1 - v0)) * plot_h, 1))

    marks = []
    for p in sorted(points, key=lambda p: (p.year, p.kind)):
        x, y = xy(p)
        marks.append({"x": x, "y": y, "kind": p.kind, "title": f"{p.year}年 {_fmt(p.value)}：{p.text}"})
    letters = sorted({(p.year, p.value) for p in points if p.kind == "target"})
    by_year: dict[int, float] = {}
    for year, value in letters:
        by_year.setdefault(year, value)
    line = " ".join(f"{x},{y}" for x, y in (xy(Point(yr, v, "target", "")) for yr, v in sorted(by_year.items())))
    return {
        "w": CHART_W, "h": CHART_H, "marks": marks, "line": line if len(by_year) > 1 else "",
        "x0": PAD_L, "x1": CHART_W - PAD_R, "ytop": PAD_T, "ybottom": CHART_H - PAD_B,
        "year_labels": [{"x": PAD_L, "text": str(min(years))}, {"x": CHART_W - PAD_R, "text": str(max(years))}]
        if min(years) != max(years) else [{"x": round(PAD_L + plot_w / 2, 1), "text": str(min(years))}],
        "vmax": _fmt(max(values)), "vmin": _fmt(min(values)),
        "vmax_y": xy(Point(y0, max(values), "", ""))[1], "vmin_y": xy(Point(y0, min(values), "", ""))[1],
    }
