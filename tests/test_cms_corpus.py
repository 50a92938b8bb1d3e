"""The CMS-files corpus (tests/corpus/cms_files.yaml) is scored by tests/test_corpus.py with the session's
imported CMS fixtures (tests/conftest.py); here: it holds enough real questions, each with its source."""

from __future__ import annotations

from pathlib import Path

import yaml

CORPUS = Path(__file__).resolve().parent / "corpus" / "cms_files.yaml"


def test_the_corpus_has_enough_real_questions_each_with_its_source():
    items = yaml.safe_load(CORPUS.read_text())
    assert len(items) >= 45
    assert all(i.get("source", "").startswith("http") and "cms" in i.get("tags", []) for i in items)
