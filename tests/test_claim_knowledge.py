"""`codebot check` on the claim-level schema: modifiers, places of service, unit rules, payers, add-on start points."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot import paths
from bot.kb.checks import check_knowledge
from bot.kb.load import load_knowledge


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A copy of the real knowledge to break in one place per test."""
    target = tmp_path / "knowledge"
    shutil.copytree(paths.knowledge_dir(), target)
    return target


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def _find(items: list, code: str) -> dict:
    return next(i for i in items if str(i["code"]) == code)


def _problems(root: Path) -> list[str]:
    return [str(p) for p in check_knowledge(load_knowledge(root))]


@pytest.mark.parametrize("file,change,expected", [
    ("modifiers.yaml", lambda d: _find(d["modifiers"], "95").update(sources=["nope"]),
     "knowledge/modifiers.yaml: modifiers[95].sources: unknown source 'nope'"),
    ("modifiers.yaml", lambda d: _find(d["modifiers"], "KX")["links"][0].update(target="ZZ"),
     "knowledge/modifiers.yaml: modifiers[KX].links[ZZ]: unknown modifier ZZ"),
    ("modifiers.yaml", lambda d: _find(d["modifiers"], "CQ").update(payment_percent=185),
     "knowledge/modifiers.yaml: modifiers[CQ].payment_percent: must be between 1 and 100"),
    ("modifiers.yaml", lambda d: _find(d["modifiers"], "GP")["uses"][0].update(target="NOFAMILY"),
     "knowledge/modifiers.yaml: modifiers[GP].uses[NOFAMILY]: neither a family nor a code"),
    ("modifiers.yaml", lambda d: _find(d["modifiers"], "KX")["amounts"][0].update(amount=0),
     "knowledge/modifiers.yaml: modifiers[KX].amounts[2026]: needs a positive amount and kind one of ['review', 'threshold']"),
    ("modifiers.yaml", lambda d: _find(d["modifiers"], "25").pop("when"),
     "knowledge/modifiers.yaml: modifiers[25].when: missing"),
    ("places.yaml", lambda d: _find(d["places"], "10").update(rate="cheap"),
     "knowledge/places.yaml: places[10].rate: must be one of ['facility', 'non_facility']"),
    ("places.yaml", lambda d: _find(d["places"], "02")["links"][0].update(target="77", system="POS"),
     "knowledge/places.yaml: places[02].links[77]: unknown POS 77"),
    ("families/therapy.yaml", lambda d: _find(d["codes"], "97110")["rule"].pop("timed"),
     "knowledge/families/therapy.yaml: codes[97110].rule: a unit-based code needs timed: true or false"),
    ("families/therapy.yaml", lambda d: d["family"]["unit_rule"].update(first_unit_minutes=20),
     "knowledge/families/therapy.yaml: family.unit_rule: first_unit_minutes must be between 1 and unit_minutes"),
    ("families/em.yaml", lambda d: _find(d["codes"], "G2212").update(payer="martian"),
     "knowledge/families/em.yaml: codes[G2212].payer: unknown payer 'martian' (see meta.yaml payers)"),
    ("families/em.yaml", lambda d: _find(d["codes"], "G2212")["rule"]["add_on_start"].update({"99213": 30}),
     "knowledge/families/em.yaml: codes[G2212].rule.add_on_start: 99213 is not a base this add-on goes with"),
    ("families/em.yaml", lambda d: d["family"].pop("payments_held"),
     "knowledge/families/em.yaml: codes[99202].payment: missing (or set payments_held: false on the family)"),
])
def test_claim_schema_defects_are_named(root, file, change, expected):
    assert [] == _problems(root)
    _edit(root / file, change)
    assert expected in _problems(root)


def test_duplicate_modifier_is_a_problem(root):
    _edit(root / "modifiers.yaml", lambda d: d["modifiers"].append(dict(_find(d["modifiers"], "95"))))
    assert "knowledge/modifiers.yaml: modifiers[95]: duplicate modifier" in _problems(root)


def test_check_command_validates_the_claim_files(root, cli_run):
    _edit(root / "places.yaml", lambda d: _find(d["places"], "11").update(sources=[]))
    result = cli_run("check", "--knowledge", str(root))
    assert result.exit_code != 0 and "places[11]" in result.output


def test_an_unknown_mdm_level_is_a_problem(root):
    _edit(root / "families" / "em.yaml", lambda d: _find(d["codes"], "99214")["rule"].update(mdm="medium"))
    assert "knowledge/families/em.yaml: codes[99214].rule.mdm: unknown MDM level 'medium' (see meta.yaml mdm_levels)" \
        in _problems(root)


def test_place_cues_and_mdm_levels_load(root):
    kn = load_knowledge(root)
    assert "parking lot" in kn.places["10"].cues and "part a stay" in kn.places["31"].cues
    assert ["99212", "99213", "99214", "99215"] == sorted(c for c, code in kn.codes.items()
                                                          if code.family == "EM" and code.rule.mdm and c.startswith("9921"))
