"""Families and the consensus template."""

from __future__ import annotations

import dataclasses

from diffkit import records_from_letters

from diff.family import families_of, family_name
from diff.template import build_template, slot_comparator
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


def test_numbers_are_slots_and_consensus_wording_wins():
    fam = synth_family(12, seed=0)
    docs, clauses, _ = records_from_letters(list(fam.letters))
    t, mapping = build_template("f", _units(docs, clauses))
    texts = [c.text for c in t.clauses]
    assert "国家考核断面水质优良比例不低于□%，无劣Ⅴ类水体断面。" in texts
    assert not any("进校园" in x for x in texts)  # one letter's extra clause is not template
    assert any(p is None for p in mapping[5])  # ... it is unmatched in that letter
    air = next(c for c in t.clauses if "细颗粒物" in c.text)
    assert [(s.comparator, s.unit) for s in air.slots] == [(">=", "%"), ("<", "微克/立方米"), ("<=", "天")]


def test_slot_comparator():
    assert slot_comparator("比例不低于#%", 5) == (">=", "%")
    assert slot_comparator("控制在#微克/立方米以下", 3) == ("<", "微克/立方米")
    assert slot_comparator("利用率达到#%以上", 5) == (">=", "%")
    assert slot_comparator("达标率#%", 3) == (None, "%")
