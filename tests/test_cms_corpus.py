"""The CMS-files corpus (tests/corpus/cms_files.yaml), scored by the public eval's own check(), with the session's
imported CMS fixtures (tests/conftest.py) and plain ask(), as the corpus runner does."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.core import ask
from test_eval import SCORE

CORPUS = Path(__file__).resolve().parent / "corpus" / "cms_files.yaml"
ITEMS = yaml.safe_load(CORPUS.read_text())


def test_the_corpus_has_enough_real_questions_each_with_its_source():
    assert len(ITEMS) >= 45
    assert all(i.get("source", "").startswith("http") and "cms" in i.get("tags", []) for i in ITEMS)


@pytest.mark.skipif(SCORE is None, reason="../shared/eval is not beside this checkout")
@pytest.mark.parametrize("item", ITEMS, ids=[i["q"][:40] for i in ITEMS])
def test_cms_corpus_item(kb, item):
    assert [] == SCORE.check(item["expect"], ask(item["q"], kb=kb).to_dict())
