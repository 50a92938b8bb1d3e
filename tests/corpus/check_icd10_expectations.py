#!/usr/bin/env python3
"""Check every ICD-10-CM expectation in icd10.yaml against the tabular shipped by simple-icd-10-cm.

usage: python tests/corpus/check_icd10_expectations.py [icd10.yaml]
Needs `pip install simple-icd-10-cm==1.5.0` (FY2026 tabular, April 2026 update). Prints one line per
problem and a summary; exit 1 when any expectation disagrees with the tabular. Checks:
  - every code in top_code / codes_include / mentions / suggests is a real code;
  - a top_code the question did not name itself (a search by words) is billable (a leaf);
  - a header asked by number has only billable descendants in its mentions;
  - did_you_mean items name a code that does not exist, and each suggestion is one edit away from it;
  - pair_allowed agrees with Excludes1/Excludes2 between the two codes of the question (notes of the
    codes and of all their ancestors), except pairs listed in GUIDELINE_PAIRS.
"""
from __future__ import annotations

import re
import sys
import warnings
from pathlib import Path

import yaml

warnings.filterwarnings("ignore")
import simple_icd_10_cm as cm  # noqa: E402  (imported after silencing its pkg_resources warning)

HERE = Path(__file__).resolve().parent
ICD_SHAPE = re.compile(r"\b([A-TV-Z]\d[0-9A-Z](?:\.?[0-9A-Z]{1,4})?)\b")
# Pairs whose "not together" comes from the Official Guidelines, not from an Excludes note.
GUIDELINE_PAIRS = {frozenset({"E11.65", "E11.9"})}


def dotted(code: str) -> str:
    """Return the code with its dot, as the tabular writes it."""
    code = code.upper().replace(".", "")
    return code if len(code) <= 3 else code[:3] + "." + code[3:]


def exists(code: str) -> bool:
    """True when the code (with or without its dot) is an item of the tabular."""
    return cm.is_valid_item(dotted(code))


def codes_in(text: str) -> list[str]:
    """The ICD-10-CM codes written in a question, dotted, in order, only those that exist."""
    seen = []
    for raw in ICD_SHAPE.findall(text.upper()):
        code = dotted(raw)
        if exists(code) and code not in seen:
            seen.append(code)
    return seen


def one_edit(a: str, b: str) -> bool:
    """True when b is one insertion, deletion or substitution away from a (dots ignored)."""
    a, b = a.replace(".", ""), b.replace(".", "")
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def lineage(code: str) -> list[str]:
    """The code and all its ancestors (subcategories, category, block, chapter)."""
    return [code] + cm.get_ancestors(code)


def note_matches(note: str, code: str) -> bool:
    """True when an Excludes note's code references cover `code`."""
    flat = code.replace(".", "")
    for first, last in re.findall(r"([A-Z]\d[0-9A-Z](?:\.[0-9A-Z]+)?)-([A-Z]\d[0-9A-Z](?:\.[0-9A-Z]+)?)", note):
        lo, hi = first.replace(".", ""), last.replace(".", "")
        if lo <= flat[: len(lo)] and flat[: len(hi)] <= hi:
            return True
    for stem, tail in re.findall(r"([A-Z]\d\d)\. with final characters -(\w+)", note):
        if flat.startswith(stem) and flat.endswith(tail):
            return True
    for ref in re.findall(r"([A-Z]\d[0-9A-Z](?:\.[0-9A-Z]*)?)(-?)", note):
        stem = ref[0].rstrip(".").replace(".", "")
        if ref[1] == "-" or ref[0].endswith("."):
            if flat.startswith(stem):
                return True
        elif flat == stem or (exists(stem) and cm.is_descendant(code, dotted(stem))):
            return True
    return False


def excluded(a: str, b: str, kind) -> bool:
    """True when a note of `kind` on a (or an ancestor of a) names b, or the other way round."""
    return any(note_matches(n, y) for x, y in ((a, b), (b, a)) for item in lineage(x) for n in kind(item))


def check_item(item: dict) -> list[str]:
    """Every disagreement between one corpus item and the tabular."""
    q, exp = item["q"], item["expect"]
    named = codes_in(q)
    errs = []
    listed = [exp["top_code"]] if "top_code" in exp else []
    listed += exp.get("codes_include", []) + exp.get("mentions", [])
    for code in listed + exp.get("suggests", []):
        if not exists(code):
            errs.append(f"{code} is not in the tabular")
        elif dotted(code) != code:
            errs.append(f"{code} is not written with its dot")
    if errs:
        return errs
    top = exp.get("top_code")
    if top and top not in named and not cm.is_leaf(top):
        errs.append(f"top_code {top} found by words is a header, not billable")
    if top and top in named and not cm.is_leaf(top):
        for code in exp.get("mentions", []):
            if not (cm.is_leaf(code) and cm.is_descendant(code, top)):
                errs.append(f"{code} offered for header {top} is not a billable descendant of it")
    if exp.get("status") == "did_you_mean":
        asked = [dotted(raw) for raw in ICD_SHAPE.findall(q.upper()) if not exists(raw)]
        if not asked:
            errs.append("did_you_mean item names no code missing from the tabular")
        for code in exp.get("suggests", []):
            if not any(one_edit(a, code) for a in asked):
                errs.append(f"suggestion {code} is not one edit from {asked}")
    if "pair_allowed" in exp:
        errs += check_pair(named, exp["pair_allowed"])
    return errs


def check_pair(named: list[str], allowed: bool) -> list[str]:
    """Compare pair_allowed with the Excludes notes between the first two codes of the question."""
    if len(named) < 2:
        return [f"pair question names {named}, need two codes"]
    a, b = named[:2]
    if frozenset({a, b}) in GUIDELINE_PAIRS:
        return [] if not allowed else [f"{a} with {b} is a guideline 'not together' pair"]
    ex1 = excluded(a, b, cm.get_excludes1)
    if ex1 and allowed:
        return [f"{a} and {b} are in an Excludes1 note, but pair_allowed is true"]
    if not ex1 and not allowed:
        return [f"no Excludes1 between {a} and {b}, but pair_allowed is false"]
    return []


def main() -> int:
    """Check the file and print the result; return the exit code."""
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "icd10.yaml"
    items = yaml.safe_load(path.read_text())
    bad = 0
    for n, item in enumerate(items, 1):
        for err in check_item(item):
            bad += 1
            print(f"item {n} {item['q'][:60]!r}: {err}")
    codes = {c for it in items for k in ("codes_include", "mentions", "suggests") for c in it["expect"].get(k, [])}
    codes |= {it["expect"]["top_code"] for it in items if "top_code" in it["expect"]}
    print(f"icd10 expectations: {len(items)} items, {len(codes)} codes, {bad} problems "
          f"(simple-icd-10-cm tabular, {len(cm.get_all_codes())} entries)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
