"""Checks across documents: each target beside the documents around it.

A target means little alone. ``find_checks`` sets every numeric statement beside the others of the
same government, measure and unit dimension and returns one :class:`Check` per finding:

- ``plan_path``: a letter's annual target against the same government's plan target for a later
  year. When the plan states a base-year value of the measure (an ``actual`` row of the plan for an
  earlier year), the annual target is set against the straight path from base to goal (``ahead``,
  ``on_path``, ``behind``); otherwise against the goal itself (``ahead``, ``at_goal``,
  ``looser_than_goal``).
- ``outcome_vs_target``: a reported outcome (``actual`` row, ``==`` or zero) for year Y against a
  target for year Y: ``met`` or ``missed``, by the target's comparator and the measure's direction.
- ``year_over_year``: the same government's letters of consecutive years: ``tightened``, ``kept``,
  ``loosened`` per measure both state a number for; ``dropped`` and ``added`` measures.
- ``parent_child``: a government's target against its parent government's (the province) for the
  same year: ``stricter``, ``same``, ``looser``.

Matching is on the government (its code when the records carry one, else its canonical name),
the indicator code and the unit's dimension: a value in another unit of the same measure (公顷
for 万亩, mg/m³ for μg/m³) is converted into the subject's unit; % and 个百分点, or a count of 家
and one of 个, never meet. Statements without an indicator code are never matched. Which findings
are worth a look (``flagged``): ``behind``, ``looser_than_goal``, ``missed``, ``loosened``,
``dropped`` and ``looser``.

Records in, records out: no files here; ``pipeline.stages`` reads the tables and writes ``checks``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from extract.records import Document, Target
from extract.vocabulary.indicators import load_dictionary
from extract.vocabulary.units import convert, scale_of

CheckKind = Literal["plan_path", "outcome_vs_target", "year_over_year", "parent_child"]
CHECK_KINDS: tuple[str, ...] = ("plan_path", "outcome_vs_target", "year_over_year", "parent_child")

# Assessment of each check kind -> meaning. Flagged ones are in FLAGGED.
ASSESSMENTS: dict[str, dict[str, str]] = {
    "plan_path": {
        "ahead": "stricter than the straight path from the plan's base value to its goal (or than the goal)",
        "on_path": "on the straight path from base to goal, within DEFAULT_PATH_TOLERANCE of the planned change",
        "behind": "looser than the straight path from base to goal",
        "at_goal": "the same value as the plan's goal (no base value stated)",
        "looser_than_goal": "looser than the plan's goal (no base value stated): the gap is left for later years",
    },
    "outcome_vs_target": {
        "met": "the reported outcome satisfies the target",
        "missed": "the reported outcome does not satisfy the target",
    },
    "year_over_year": {
        "tightened": "this year's target is stricter than last year's",
        "kept": "the same value as last year's",
        "loosened": "this year's target is looser than last year's",
        "changed": "a different value, for a measure with no better direction",
        "dropped": "last year's letter set the measure, this year's does not",
        "added": "this year's letter sets a measure last year's did not",
    },
    "parent_child": {
        "stricter": "the government's target is stricter than its parent's",
        "same": "the same value as the parent's",
        "looser": "the government's target is looser than its parent's",
        "changed": "a different value, for a measure with no better direction",
    },
}
FLAGGED = frozenset({"behind", "looser_than_goal", "missed", "loosened", "dropped", "looser"})

DEFAULT_PATH_TOLERANCE = 0.05
"""On the path: within this share of the planned change (base to goal) of the straight-line value."""
_EPS = 1e-9


@dataclass(frozen=True)
class Check:
    """One finding: a statement (the subject) against another (the reference) it should agree with."""

    check: CheckKind
    assessment: str
    """One of ``ASSESSMENTS[check]``."""
    flagged: bool
    """Worth a look: behind the path, looser than the goal, missed, loosened, dropped, looser than the parent."""
    entity: str | None
    indicator: str
    indicator_label: str | None
    """The indicator's Chinese name."""
    unit: str | None
    """The subject's unit; ``ref_value`` and ``base_value`` are converted into it."""
    year: int | None
    comparator: str | None
    value: float | None
    """The subject's value; 0 for a zero statement; null for a dropped measure."""
    ref_entity: str | None
    ref_year: int | None
    ref_comparator: str | None
    ref_value: float | None
    ref_unit: str | None
    """The unit the reference wrote (``ref_value`` is in ``unit``)."""
    base_year: int | None
    base_value: float | None
    margin: float | None
    """By how much the subject is stricter (+) or looser (−) than the reference (the path value for
    ``plan_path`` with a base), in ``unit``, given the measure's direction; for ``outcome_vs_target``
    by how much the outcome beat (+) or missed (−) the target."""
    doc_id: str
    span_start: int | None
    span_end: int | None
    quote: str | None
    ref_doc_id: str
    ref_span_start: int | None
    ref_span_end: int | None
    ref_quote: str | None


@dataclass(frozen=True, slots=True)
class _Fact:
    """A statement ready to compare: value in its own unit (0 for zero), its document's kind and year."""

    t: Target
    gov: str
    dim: str
    value: float | None
    unit: str | None
    doc_kind: str
    doc_year: int | None
    order: int


def find_checks(
    documents: Sequence[Document], targets: Iterable[Target], parents: Mapping[str, str] | None = None,
    only: Collection[str] | None = None,
) -> list[Check]:
    """Every finding across ``documents``' ``targets``; ``parents`` maps a government to its parent
    (city → province) for ``parent_child``. With ``only``, the findings about those governments
    (keyed as ``_gov`` keys them); the other statements serve as references (a parent's targets)."""
    docs = {d.doc_id: d for d in documents}
    facts = _facts(targets, docs)
    by_key: dict[tuple[str, str, str], list[_Fact]] = {}
    for f in facts:
        by_key.setdefault((f.gov, f.t.indicator or "", f.dim), []).append(f)
    out: list[Check] = []
    for key, group in by_key.items():
        if only is not None and key[0] not in only:
            continue
        out += _plan_path(group)
        out += _outcomes(group)
        parent = (parents or {}).get(key[0])
        if parent:
            out += _parent_child(group, by_key.get((parent, key[1], key[2]), []))
    out += _year_over_year(facts if only is None else [f for f in facts if f.gov in only], docs)
    return _distinct(out)


def _gov(t: Target) -> str | None:
    # The government code joins across spellings once the records carry it; the name until then.
    return getattr(t, "entity_code", None) or t.entity


def unit_dimension(unit: str | None) -> str:
    """What a unit measures (mass, area, concentration, ratio), or the unit itself when it has no kin."""
    scale = scale_of(unit)
    return scale[0] if scale else (unit or "")


def _facts(targets: Iterable[Target], docs: Mapping[str, Document]) -> list[_Fact]:
    dic = load_dictionary()
    out = []
    for i, t in enumerate(targets):
        gov = _gov(t)
        if not gov or not t.indicator or t.kind not in ("target", "actual") or t.doc_id not in docs:
            continue
        value, unit = t.value, t.unit
        if t.comparator == "zero":  # 无劣Ⅴ类水体: 0 in the measure's usual unit
            ind = dic.by_code.get(t.indicator)
            value, unit = 0.0, unit or (ind.unit if ind and ind.unit else None)
        doc = docs[t.doc_id]
        out.append(_Fact(t, gov, unit_dimension(unit), value, unit, doc.doc_kind, doc.year, i))
    return out


def _direction(f: _Fact) -> int:
    """+1 when higher is stricter, -1 when lower is, 0 unknown (the dictionary, else the comparator)."""
    ind = load_dictionary().by_code.get(f.t.indicator or "")
    if ind is not None and ind.direction in ("+", "-"):
        return 1 if ind.direction == "+" else -1
    return {">=": 1, ">": 1, "<=": -1, "<": -1}.get(f.t.comparator, 0)


def _in_unit(f: _Fact, unit: str | None) -> float | None:
    """``f``'s value in ``unit`` (the same unit, or one of the same dimension)."""
    if f.value is None:
        return None
    if f.unit == unit or not f.unit or not unit:
        return f.value
    return convert(f.value, f.unit, unit)


def _is_target(f: _Fact) -> bool:
    return f.t.kind == "target" and f.value is not None and f.t.comparator not in ("no_increase", "qualitative")


def _check(kind: CheckKind, assessment: str, subject: _Fact | None, ref: _Fact | None, *, doc_id: str = "",
           ref_doc_id: str = "", margin: float | None = None, base: tuple[int | None, float | None] = (None, None),
           ) -> Check:
    s = subject.t if subject else None
    r = ref.t if ref else None
    unit = subject.unit if subject else (ref.unit if ref else None)
    any_t = s or r
    assert any_t is not None
    return Check(
        check=kind, assessment=assessment, flagged=assessment in FLAGGED,
        entity=s.entity if s else any_t.entity, indicator=any_t.indicator or "",
        indicator_label=_label(any_t.indicator), unit=unit,
        year=s.year if s else None, comparator=s.comparator if s else None,
        value=subject.value if subject else None,
        ref_entity=r.entity if r else None, ref_year=r.year if r else None,
        ref_comparator=r.comparator if r else None,
        ref_value=_round(_in_unit(ref, unit)) if ref else None, ref_unit=ref.unit if ref else None,
        base_year=base[0], base_value=_round(base[1]), margin=_round(margin),
        doc_id=s.doc_id if s else doc_id,
        span_start=s.span_start if s else None, span_end=s.span_end if s else None, quote=s.quote if s else None,
        ref_doc_id=r.doc_id if r else ref_doc_id,
        ref_span_start=r.span_start if r else None, ref_span_end=r.span_end if r else None,
        ref_quote=r.quote if r else None,
    )


def _label(code: str | None) -> str | None:
    ind = load_dictionary().by_code.get(code or "")
    return ind.label_zh if ind else None


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 9)


def _compare(d: int, a: float, b: float) -> int:
    """+1 when ``a`` is stricter than ``b`` given direction ``d``, -1 looser, 0 the same."""
    if abs(a - b) <= _EPS * max(1.0, abs(a), abs(b)):
        return 0
    return (1 if a > b else -1) * (d or 1)


# --- plan_path -----------------------------------------------------------------------------------

def _plan_path(group: list[_Fact]) -> list[Check]:
    annual = [f for f in group if f.doc_kind == "letter" and _is_target(f) and f.t.year is not None]
    plans = [f for f in group if f.doc_kind == "plan" and _is_target(f) and f.t.year is not None]
    if not annual or not plans:
        return []
    out = []
    for a in annual:
        assert a.t.year is not None
        later: dict[str, _Fact] = {}  # per plan document, its nearest goal after the annual year
        for p in plans:
            if p.t.year is not None and p.t.year > a.t.year:  # type: ignore[operator]
                cur = later.get(p.t.doc_id)
                if cur is None or (p.t.year, p.order) < (cur.t.year, cur.order):
                    later[p.t.doc_id] = p
        out += [c for goal in later.values() if (c := _path_check(a, goal, group)) is not None]
    return out


def _path_check(a: _Fact, goal: _Fact, group: list[_Fact]) -> Check | None:
    d = _direction(a)
    av, gv = a.value, _in_unit(goal, a.unit)
    assert av is not None and a.t.year is not None and goal.t.year is not None
    if gv is None:
        return None
    base = _base(goal, a.t.year, group, a.unit)
    if base is not None:
        y0, bv = base
        ref = bv + (gv - bv) * (a.t.year - y0) / (goal.t.year - y0)
        tol = DEFAULT_PATH_TOLERANCE * abs(gv - bv)
        diff = (av - ref) * (d or 1)
        assessment = "on_path" if abs(av - ref) <= tol + _EPS else ("ahead" if diff > 0 else "behind")
        return _check("plan_path", assessment, a, goal, margin=diff, base=(y0, bv))
    c = _compare(d, av, gv)
    assessment = {1: "ahead", 0: "at_goal", -1: "looser_than_goal"}[c]
    return _check("plan_path", assessment, a, goal, margin=(av - gv) * (d or 1))


def _base(goal: _Fact, year: int, group: list[_Fact], unit: str | None) -> tuple[int, float] | None:
    """The plan's own value of the measure for its latest year before ``year`` (its base year)."""
    best: _Fact | None = None
    for f in group:
        if (f.t.doc_id == goal.t.doc_id and f.t.kind == "actual" and f.value is not None and f.t.year is not None
                and f.t.year < year and (best is None or f.t.year > best.t.year)):  # type: ignore[operator]
            best = f
    if best is None or best.t.year is None:
        return None
    v = _in_unit(best, unit)
    return None if v is None else (best.t.year, v)


# --- outcome_vs_target ---------------------------------------------------------------------------

def _outcomes(group: list[_Fact]) -> list[Check]:
    actual: dict[int, _Fact] = {}
    for f in group:
        if (f.t.kind == "actual" and f.value is not None and f.t.year is not None
                and f.t.comparator in ("==", "zero") and f.t.year not in actual):
            actual[f.t.year] = f
    if not actual:
        return []
    out = []
    for t in group:
        if not _is_target(t) or t.t.year not in actual:
            continue
        a = actual[t.t.year]  # type: ignore[index]
        av = _in_unit(a, t.unit)
        if av is None or t.value is None:
            continue
        d = _direction(t)
        met = _satisfies(av, t.t.comparator, t.value, d)
        # Subject: the outcome; reference: the target it is held against.
        subject = _Fact(a.t, a.gov, a.dim, av, t.unit, a.doc_kind, a.doc_year, a.order)
        out.append(_check("outcome_vs_target", "met" if met else "missed", subject, t,
                          margin=(av - t.value) * (d or 1)))
    return out


def _satisfies(actual: float, comparator: str, value: float, d: int) -> bool:
    tol = _EPS * max(1.0, abs(value))
    if comparator == ">=" or (comparator == "==" and d > 0):
        return actual >= value - tol
    if comparator == "<=" or (comparator == "==" and d < 0):
        return actual <= value + tol
    if comparator == ">":
        return actual > value + tol
    if comparator == "<":
        return actual < value - tol
    return abs(actual - value) <= tol  # == for a measure with no direction, zero


# --- parent_child --------------------------------------------------------------------------------

def _parent_child(group: list[_Fact], parent: list[_Fact]) -> list[Check]:
    ref_by_year: dict[int, _Fact] = {}
    for p in parent:
        if _is_target(p) and p.t.year is not None and p.t.year not in ref_by_year:
            ref_by_year[p.t.year] = p
    out = []
    for c in group:
        if not _is_target(c) or c.t.year not in ref_by_year or c.value is None:
            continue
        p = ref_by_year[c.t.year]  # type: ignore[index]
        pv = _in_unit(p, c.unit)
        if pv is None:
            continue
        d = _direction(c)
        cmp = _compare(d, c.value, pv)
        assessment = "changed" if d == 0 and cmp else {1: "stricter", 0: "same", -1: "looser"}[cmp]
        out.append(_check("parent_child", assessment, c, p, margin=(c.value - pv) * (d or 1)))
    return out


# --- year_over_year ------------------------------------------------------------------------------

def _year_over_year(facts: list[_Fact], docs: Mapping[str, Document]) -> list[Check]:
    """Each government's letters of consecutive years, measure by measure."""
    letters: dict[tuple[str, int], dict[str, list[_Fact]]] = {}
    for f in facts:
        if f.doc_kind == "letter" and f.doc_year is not None and f.t.kind == "target" \
                and (f.t.year is None or f.t.year == f.doc_year):
            letters.setdefault((f.gov, f.doc_year), {}).setdefault(f.t.doc_id, []).append(f)
    out: list[Check] = []
    for (gov, year), by_doc in letters.items():
        before = letters.get((gov, year - 1))
        if before is None:
            continue
        new_doc, new = _one_letter(by_doc)
        old_doc, old = _one_letter(before)
        new_h, old_h = _headlines(new), _headlines(old)
        for key in sorted(old_h.keys() | new_h.keys()):
            n, o = new_h.get(key), old_h.get(key)
            if o is None and n is not None:
                out.append(_check("year_over_year", "added", n, None, ref_doc_id=old_doc))
            elif n is None and o is not None:
                dropped = _check("year_over_year", "dropped", None, o, doc_id=new_doc)
                out.append(_with_entity_year(dropped, docs[new_doc]))
            elif n is not None and o is not None and n.value is not None and o.value is not None:
                ov = _in_unit(o, n.unit)
                if ov is None:
                    continue
                d = _direction(n)
                cmp = _compare(d, n.value, ov)
                assessment = "changed" if d == 0 and cmp else {1: "tightened", 0: "kept", -1: "loosened"}[cmp]
                out.append(_check("year_over_year", assessment, n, o, margin=(n.value - ov) * (d or 1)))
    return out


def _one_letter(by_doc: dict[str, list[_Fact]]) -> tuple[str, list[_Fact]]:
    """One letter per government and year: the same letter dropped in twice (PDF and DOCX) counts once."""
    doc_id = min(by_doc, key=lambda k: (-len(by_doc[k]), k))
    return doc_id, by_doc[doc_id]


def _headlines(facts: list[_Fact]) -> dict[tuple[str, str], _Fact]:
    """Per measure and unit dimension, the letter's first statement with a number (else its first)."""
    out: dict[tuple[str, str], _Fact] = {}
    for f in sorted(facts, key=lambda f: f.order):
        key = (f.t.indicator or "", f.dim)
        cur = out.get(key)
        if cur is None or (cur.value is None and f.value is not None):
            out[key] = f
    return out


def _with_entity_year(c: Check, doc: Document) -> Check:
    from dataclasses import replace

    return replace(c, entity=doc.entity, year=doc.year)


def _distinct(checks: list[Check]) -> list[Check]:
    """One row per finding: copies of a document (the same letter as PDF and DOCX) give it once."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for c in checks:
        key = (c.check, c.assessment, c.entity, c.indicator, c.unit, c.year, c.comparator, c.value,
               c.ref_entity, c.ref_year, c.ref_comparator, c.ref_value, c.base_year, c.base_value)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out
