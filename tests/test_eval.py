"""The public evaluation questions (../shared/eval/questions.yaml), scored by its own check()."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import yaml

from bot.core import ask

EVAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval"


def _load():
    if not (EVAL_DIR / "questions.yaml").exists():
        return None, []
    spec = importlib.util.spec_from_file_location("eval_score", EVAL_DIR / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    return score, yaml.safe_load((EVAL_DIR / "questions.yaml").read_text())


SCORE, ITEMS = _load()


@pytest.mark.skipif(SCORE is None, reason="../shared/eval is not beside this checkout")
@pytest.mark.parametrize("item", ITEMS, ids=[i["q"][:40] for i in ITEMS])
def test_public_eval_item(kb, item):
    assert [] == SCORE.check(item["expect"], ask(item["q"], kb=kb).to_dict())
