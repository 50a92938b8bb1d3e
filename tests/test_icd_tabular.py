"""The compiled ICD-10-CM release against the tabular itself (simple-icd-10-cm reads the same CMS XML its own way)."""

from __future__ import annotations

import pytest

from bot.codesets.refs import references
from bot.engine import dxfacts
from bot.engine.dxpairs import pair_verdict

SAMPLE_EVERY = 40  # every 40th code of the tabular: about 2,450 codes from every chapter


@pytest.fixture(scope="module")
def icd():
    """The package's own reading of its tabular (slow to import: once per module)."""
    return pytest.importorskip("simple_icd_10_cm")


@pytest.fixture(scope="module")
def release(codesets):
    return next(r for r in codesets.releases() if r.version == "FY2026-04")


@pytest.fixture(scope="module")
def sample(icd):
    codes = [c for c in dict.fromkeys(icd.get_all_codes(True)) if icd.is_category_or_subcategory(c)
             or icd.is_extended_subcategory(c)]
    return codes[::SAMPLE_EVERY]


def test_every_code_of_the_package_and_the_counts(codesets, release, icd):
    conn = codesets.conn()
    ours = {r[0]: r[1] for r in conn.execute("select dotted, billable from icd10cm_codes where release_id = ?", (release.id,))}
    theirs = {c for c in icd.get_all_codes(True) if not icd.is_chapter_or_block(c) or icd.is_category(c)}
    assert theirs == set(ours)
    assert (98186, 74719) == (len(ours), sum(ours.values()))


def test_billable_headers_and_their_children_over_a_sample(codesets, release, icd, sample):
    assert len(sample) >= 2000
    for dotted in sample:
        code = codesets.code(release.id, dotted.replace(".", ""))
        theirs = icd.get_description(dotted)
        if code.kind == "extension":  # the package appends the 7th character's alternative wording after "/"
            theirs = theirs.split("/\t")[0]
        assert (dotted, theirs) == (code.dotted, code.descriptor)
        assert bool(code.billable) == icd.is_leaf(dotted), dotted
        if not code.billable:
            assert [c.dotted for c in codesets.children(release.id, code.code)] == icd.get_children(dotted)
            below, total = codesets.billable_below(release.id, code.code, 5)
            assert below and all(icd.is_leaf(c.dotted) and c.dotted.startswith(dotted) for c in below)


def _nearest_seventh(icd, dotted: str) -> dict:
    for code in [dotted] + icd.get_ancestors(dotted):
        if icd.get_seven_chr_def(code):
            return icd.get_seven_chr_def(code)
    return {}


def test_seventh_characters_over_a_sample(codesets, release, icd, sample):
    checked = 0
    for dotted in sample:
        code = codesets.code(release.id, dotted.replace(".", ""))
        d = dxfacts.diagnosis(codesets, release, code, "", "code")
        expected = _nearest_seventh(icd, dotted)
        assert sorted(expected) == sorted(s.char for s in d.seventh), dotted
        if code.kind == "extension":
            checked += 1
            assert dotted[-1] in expected and d.billable
            assert code.parent.ljust(6, "X") + dotted[-1] == code.code  # placeholder X up to the 6th character
            assert d.placeholder == (len(code.parent) < 6)
    assert checked > 500


def test_excludes1_notes_and_pairs_over_a_sample(codesets, release, icd, sample):
    pairs = 0
    for dotted in sample:
        code = codesets.code(release.id, dotted.replace(".", ""))
        d = dxfacts.diagnosis(codesets, release, code, "", "code")
        own = [n.text for n in d.notes if n.kind == "excludes1" and n.at == dotted]
        assert sorted(own) == sorted(icd.get_excludes1(dotted)), dotted
        inherited = [n.text for n in d.notes if n.kind == "excludes1"]  # a note covers every code below it
        for note in inherited[:3]:
            for lo, _hi in references(note)[:1]:
                other = codesets.code(release.id, lo)
                if other is None or other.code.startswith(code.code[:3]):
                    continue
                verdict = pair_verdict(codesets, release.id, code, other)
                assert verdict.allowed is False and "Excludes1" in verdict.reason, (dotted, other.dotted)
                pairs += 1
    assert pairs >= 1000
