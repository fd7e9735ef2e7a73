"""Invented families with planted deviations: each found with the right kind, nothing else."""

from __future__ import annotations

from collections import Counter

import pytest
from diffkit import findings, records_from_letters, records_from_text

from diff import run_diff
from tools.synth import PLANT_KINDS, synth_family


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_planted_found_and_nothing_else(seed):
    fam = synth_family(14, seed=seed)
    assert {k for _, k in fam.planted} >= set(PLANT_KINDS)
    docs, clauses, targets = records_from_letters(list(fam.letters))
    (result,) = run_diff(docs, clauses, targets)
    got = Counter((f.entity, f.kind) for f in findings(result))
    expected = Counter((p.entity, p.kind) for p in fam.expected)
    assert got == expected
    for p in fam.expected:
        rows = [f for f in findings(result) if (f.entity, f.kind) == (p.entity, p.kind)]
        assert any(p.phrase in f.haystack for f in rows), (p, [f.haystack for f in rows])


def test_bundle_splits_into_the_same_family():
    fam = synth_family(12, seed=5)
    docs, clauses, targets = records_from_text(fam.bundle(), "bundle.txt")
    assert [d.entity for d in docs] == [e for e, _ in fam.letters]
    (result,) = run_diff(docs, clauses, targets)
    assert Counter((f.entity, f.kind) for f in findings(result)) == Counter(
        (p.entity, p.kind) for p in fam.expected
    )


def test_first_letter_is_not_privileged():
    fam = synth_family(12, seed=0)
    first_entity, first_kind = fam.planted[0]
    docs, clauses, targets = records_from_letters(list(fam.letters))
    (result,) = run_diff(docs, clauses, targets)
    assert first_kind == "stray_token"
    assert (first_entity, "wording_changed") in {(d.entity, d.kind) for d in result.deviations}
    assert all("□" in c.text or not c.slots for c in result.template.clauses)
    assert not any(first_entity[:-1] in c.text for c in result.template.clauses)


def test_deterministic():
    assert synth_family(12, seed=7) == synth_family(12, seed=7)
    assert synth_family(12, seed=7) != synth_family(12, seed=8)


def test_copies_of_one_letter_vote_once():
    """The same letter dropped in many times (as PDF and as DOCX, or twice by mistake) must not
    outvote the family: its deviation stays a deviation in every copy, the others stay clean."""
    fam = synth_family(12, seed=7)
    odd = next(e for e, k in fam.planted if k == "stray_token")
    odd_text = dict(fam.letters)[odd]
    letters = list(fam.letters) + [(odd, odd_text)] * 12  # 13 copies of one letter against 11 others
    docs, clauses, targets = records_from_letters(letters)
    (result,) = run_diff(docs, clauses, targets)
    assert result.template.letters == 12
    got = Counter((f.entity, f.kind) for f in findings(result) if f.kind != "value_differs")
    expected = Counter((p.entity, p.kind) for p in fam.expected if p.kind != "value_differs")
    expected[(odd, "wording_changed")] += 12  # each copy shows its own stray token
    assert got == expected
    medians = {(v.position, v.slot): v.median for v in result.values}
    alone = run_diff(*records_from_letters(list(fam.letters)))[0]
    assert medians == {(v.position, v.slot): v.median for v in alone.values}
