"""Every code in the reference's tables is in knowledge/, or listed as deliberately left out with a reason."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot import paths

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "codes-2026.md"
_CELL_CODE = re.compile(r"\b([A-Z]?\d{4,5})\b")
_RANGE = re.compile(r"\b([A-Z]?)(\d{4,5})\s*[–-]\s*([A-Z]?)(\d{4,5})\b")


def _expand(text: str) -> set[str]:
    codes = set(_CELL_CODE.findall(text))
    for p1, n1, p2, n2 in _RANGE.findall(text):
        if p1 == p2 and len(n1) == len(n2):
            codes |= {f"{p1}{str(n).zfill(len(n1))}" for n in range(int(n1), int(n2) + 1)}
    return codes


def reference_table_codes() -> set[str]:
    """Codes named in the first cell of the reference's code tables."""
    codes: set[str] = set()
    for line in REFERENCE.read_text().splitlines():
        if line.startswith("| ") and not line.startswith("| code") and not line.startswith("|---"):
            codes |= {c for c in _expand(line.split("|")[1]) if len(c) == 5}
    return codes


def left_out() -> dict[str, str]:
    data = yaml.safe_load((paths.knowledge_dir() / "coverage.yaml").read_text())
    out = {}
    for entry in data["left_out"]:
        for code in _expand(f"{entry['from']}-{entry.get('to', entry['from'])}"):
            out[code] = entry["reason"]
    return out


@pytest.mark.skipif(not REFERENCE.exists(), reason="../shared/reference is not beside this checkout")
def test_every_reference_code_is_known_or_left_out_with_a_reason(kb):
    missing = sorted(c for c in reference_table_codes() if c not in kb.codes and c not in left_out())
    assert [] == missing
    assert len(reference_table_codes()) > 60


def test_left_out_codes_are_answered_honestly(kb):
    from bot.core import ask

    for code in ("99358", "99359"):  # (98000-98015 are held since fix55a: defined, not Medicare-paid)
        a = ask(f"what is {code}", kb=kb)
        assert a.status in ("unknown", "did_you_mean") and [] == a.codes


def test_a_left_out_hcpcs_code_is_not_read_as_a_diagnosis(kb):
    from bot.core import ask

    for code in sorted(c for c in left_out() if c[0].isalpha()):
        a = ask(f"Is {code} still payable for our clinic?", kb=kb)
        assert a.status == "unknown" and "not covered" in a.message, code
