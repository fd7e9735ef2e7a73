"""Families and the consensus template."""

from __future__ import annotations

import dataclasses

from diffkit import records_from_letters

from diff.family import families_of, family_name
from diff.template import build_template, statement_at
from diff.units import units_of
from tools.synth import synth_family


def _units(docs, clauses):
    by = {}
    for c in clauses:
        by.setdefault(c.doc_id, []).append(c)
    return [units_of(d, by[d.doc_id], i) for i, d in enumerate(docs)]


def test_family_key_and_name():
    fam = synth_family(12, seed=0)
    docs, _, _ = records_from_letters(list(fam.letters))
    (f,) = families_of(docs)
    assert f.name == "目标责任书-2023" and len(f.documents) == 12
    assert family_name(("letter", 2022, "吉林省")) == "目标责任书-2022-吉林省"
    assert families_of(docs[:2]) == []  # two letters are no family
    other = [dataclasses.replace(d, year=2024) for d in docs[:3]]
    assert [f.name for f in families_of(docs + other)] == ["目标责任书-2023", "目标责任书-2024"]


def test_template_is_order_independent():
    fam = synth_family(12, seed=2)
    docs, clauses, _ = records_from_letters(list(fam.letters))
    units = _units(docs, clauses)
    t1, _ = build_template("f", units)
    rev = [units_of(d, [c for c in clauses if c.doc_id == d.doc_id], i) for i, d in enumerate(reversed(docs))]
    t2, _ = build_template("f", rev)
    assert [c.key for c in t1.clauses] == [c.key for c in t2.clauses]


def _stated(docs, targets):
    by = {}
    for t in sorted(targets, key=lambda t: (t.span_start, t.span_end)):
        by.setdefault(t.doc_id, []).append(t)
    return [by.get(d.doc_id, []) for d in docs]


def test_numbers_are_slots_and_consensus_wording_wins():
    fam = synth_family(12, seed=0)
    docs, clauses, targets = records_from_letters(list(fam.letters))
    t, mapping = build_template("f", _units(docs, clauses), targets=_stated(docs, targets))
    texts = [c.text for c in t.clauses]
    assert "国家考核断面水质优良比例不低于□%，无劣Ⅴ类水体断面。" in texts
    assert not any("进校园" in x for x in texts)  # one letter's extra clause is not template
    assert any(p is None for p in mapping[5])  # ... it is unmatched in that letter
    air = next(c for c in t.clauses if "细颗粒物" in c.text)
    # The targets table's reading of each slot: 控制在…以下 is <= (以下 includes the number), units normalised.
    assert [(s.comparator, s.unit) for s in air.slots] == [(">=", "%"), ("<=", "μg/m³"), ("<=", "天")]


def test_slots_without_targets_have_no_terms():
    fam = synth_family(12, seed=0)
    docs, clauses, _ = records_from_letters(list(fam.letters))
    t, _ = build_template("f", _units(docs, clauses))
    assert {(s.comparator, s.unit) for c in t.clauses for s in c.slots} == {(None, None)}


def test_statement_at_prefers_the_statement_holding_the_number():
    docs, _, targets = records_from_letters(
        [("a.txt", "长春市人民政府生态环境保护目标责任书\n（2023年）\n一、目标\nPM2.5、PM10浓度分别不高于15、29微克/立方米。\n")])
    stated = _stated(docs, targets)[0]
    text = docs[0].text
    for number, value in (("15", 15.0), ("29", 29.0)):
        a = text.index(number)
        t = statement_at(stated, a, a + len(number))
        assert t is not None and t.value == value and t.unit == "μg/m³" and t.comparator == "<="
    assert statement_at(stated, 0, 5) is None
