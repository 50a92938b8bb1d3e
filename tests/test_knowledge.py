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
