"""Knowledge checks: every link resolves, every fact has a source, no duplicates, rules consistent."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot import paths
from bot.kb.checks import check_knowledge
from bot.kb.load import load_knowledge


def test_bundled_knowledge_has_no_problems():
    assert [] == [str(p) for p in check_knowledge(load_knowledge(paths.knowledge_dir()))]


def test_every_code_and_rule_names_a_source_and_year():
    kn = load_knowledge(paths.knowledge_dir())
    for code in kn.codes.values():
        assert code.sources and code.effective_year > 1990, code.code
        if code.rule.basis != "none":
            assert code.rule.source in kn.sources, code.code


@pytest.fixture
def tiny_knowledge(tmp_path: Path) -> Path:
    """A copy of the real knowledge to break in one place per test."""
    root = tmp_path / "knowledge"
    shutil.copytree(paths.knowledge_dir(), root)
    return root


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def _code(data: dict, code: str) -> dict:
    return next(c for c in data["codes"] if c["code"] == code)


@pytest.mark.parametrize("change,expected", [
    (lambda d: _code(d, "98981").update(sources=["no-such-source"]),
     "knowledge/families/rtm.yaml: codes[98981].sources: unknown source 'no-such-source'"),
    (lambda d: _code(d, "98981").update(add_on_to=["99999"]),
     "knowledge/families/rtm.yaml: codes[98981].add_on_to: unknown code 99999"),
    (lambda d: _code(d, "98981").update(sources=[]),
     "knowledge/families/rtm.yaml: codes[98981].sources: missing"),
    (lambda d: _code(d, "98977").update(aliases=["rtm management"]),
     "knowledge/families/rtm.yaml: codes[98980].aliases: alias 'rtm management' also names 98977"),
    (lambda d: _code(d, "98979")["rule"].update(min_minutes=25),
     "knowledge/families/rtm.yaml: codes[98979].rule: min_minutes is above max_minutes"),
    (lambda d: _code(d, "98980")["rule"].update(midpoint=True),
     "knowledge/families/rtm.yaml: codes[98980].rule: midpoint rule: min_minutes should be 11 for a 20-minute unit"),
    (lambda d: _code(d, "98979")["rule"].update(min_minutes=20, max_minutes=None),
     "knowledge/families/rtm.yaml: tracks[rtm-management]: 98979 and 98980 have the same threshold 20"),
    (lambda d: d["codes"].append(dict(_code(d, "98981"))),
     "knowledge/families/rtm.yaml: codes[98981]: duplicate code (also in knowledge/families/rtm.yaml)"),
    (lambda d: _code(d, "98977")["links"][0].update(target="98999"),
     "knowledge/families/rtm.yaml: codes[98977].links[98999]: unknown code 98999"),
])
def test_each_defect_is_named_by_file_and_key(tiny_knowledge, change, expected):
    _edit(tiny_knowledge / "families" / "rtm.yaml", change)
    problems = [str(p) for p in check_knowledge(load_knowledge(tiny_knowledge))]
    assert expected in problems


def test_check_command_fails_on_broken_knowledge(tiny_knowledge, cli_run):
    _edit(tiny_knowledge / "families" / "rtm.yaml", lambda d: _code(d, "98981").update(sources=["nope"]))
    result = cli_run("check", "--knowledge", str(tiny_knowledge))
    assert 1 == result.exit_code
    assert "knowledge/families/rtm.yaml: codes[98981].sources: unknown source 'nope'\n" in result.output


def test_unreadable_yaml_is_a_problem_not_a_crash(tiny_knowledge):
    (tiny_knowledge / "families" / "rtm.yaml").write_text("family: [unclosed\n")
    problems = [str(p) for p in check_knowledge(load_knowledge(tiny_knowledge))]
    assert problems[0].startswith("knowledge/families/rtm.yaml: family: file must hold a `family` mapping") or \
        problems[0].startswith("knowledge/families/rtm.yaml: (file): cannot read YAML")


def test_a_key_given_twice_is_a_problem(tiny_knowledge):
    vocab = tiny_knowledge / "vocabulary.yaml"
    vocab.write_text(vocab.read_text() + "\nsoonest: [soonest]\n")  # `soonest` is already a key of the file
    problems = [str(p) for p in check_knowledge(load_knowledge(tiny_knowledge))]
    assert any(p.startswith("knowledge/vocabulary.yaml: soonest: key given twice") for p in problems), problems


def _track(data: dict, track_id: str) -> dict:
    return next(t for t in data["tracks"] if t["id"] == track_id)


@pytest.mark.parametrize("family,change,expected", [
    ("tcm", lambda d: _code(d, "99496")["rule"]["requires"].update(mdm="extreme"),
     "knowledge/families/tcm.yaml: codes[99496].rule.requires.mdm: value 'extreme' does not fit a level criterion"),
    ("tcm", lambda d: _code(d, "99496")["rule"]["requires"].update(moon_phase=3),
     "knowledge/families/tcm.yaml: codes[99496].rule.requires.moon_phase: unknown criterion (see meta.yaml criteria)"),
    ("tcm", lambda d: _code(d, "99496")["rule"].update(one_practitioner="fortnight"),
     "knowledge/families/tcm.yaml: codes[99496].rule.one_practitioner: unknown period 'fortnight'"),
    ("ccm", lambda d: _track(d, "ccm-practitioner").update(performed_by=["wizard"]),
     "knowledge/families/ccm.yaml: tracks[ccm-practitioner].performed_by: unknown performer 'wizard' (see meta.yaml performers)"),
    ("ccm", lambda d: _track(d, "ccm-complex")["counts_beside"].update(performers=["wizard"]),
     "knowledge/families/ccm.yaml: tracks[ccm-complex].counts_beside: unknown performer 'wizard' (see meta.yaml performers)"),
    ("ccm", lambda d: _track(d, "ccm-complex")["counts_beside"].update(source="nowhere"),
     "knowledge/families/ccm.yaml: tracks[ccm-complex].counts_beside: needs a note and a known source"),
    ("bhi", lambda d: _track(d, "cocm-initial")["requires"].update(episode_month=3),
     "knowledge/families/bhi.yaml: tracks[cocm-initial].requires.episode_month: value 3 does not fit a choice criterion"),
    ("vci", lambda d: d["family"]["windows"][0].update(source="nowhere"),
     "knowledge/families/vci.yaml: family.windows[0]: unknown source 'nowhere'"),
    ("vci", lambda d: d["family"]["windows"][1].update(side="during"),
     "knowledge/families/vci.yaml: family.windows[1]: side must be one of ['after', 'before'], service one of ['visit']"),
    ("chi", lambda d: d["family"]["initiating_visit"].update(source=""),
     "knowledge/families/chi.yaml: family.initiating_visit: no source"),
])
def test_scenario_schema_defects_are_named(tiny_knowledge, family, change, expected):
    _edit(tiny_knowledge / "families" / f"{family}.yaml", change)
    problems = [str(p) for p in check_knowledge(load_knowledge(tiny_knowledge))]
    assert expected in problems


def test_vocabulary_names_only_known_performers_and_families(tiny_knowledge):
    path = tiny_knowledge / "vocabulary.yaml"
    _edit(path, lambda d: (d["performers"].update(wizard=["wizard"]), d["family_cues"].update(XYZ=["xyz"])))
    problems = [str(p) for p in check_knowledge(load_knowledge(tiny_knowledge))]
    assert "knowledge/vocabulary.yaml: performers.wizard: not a performer in meta.yaml performers" in problems
    assert "knowledge/vocabulary.yaml: family_cues.XYZ: unknown family" in problems
