"""bench/sets.py scores an `any_of` item by its alternatives, never as an empty expectation that always passes."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import sets  # noqa: E402


def test_an_any_of_item_fails_when_no_alternative_holds(tmp_path):
    path = tmp_path / "set.yaml"
    path.write_text('- q: "what is 98981"\n  any_of:\n    - {status: clarify}\n    - {status: unknown}\n'
                    '- q: "what is 98981"\n  any_of:\n    - {status: clarify}\n    - {status: answered}\n',
                    encoding="utf-8")
    items = sets._items(path)
    answer = {"status": "answered", "codes": [{"code": "98981"}]}
    assert ["wrong", "passed"] == [sets.outcome(it, answer) for it in items]
