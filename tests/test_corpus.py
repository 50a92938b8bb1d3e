"""The real-question corpus (tests/corpus/*.yaml), each item scored by ../shared/eval/score.py's check()."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import yaml

from bot.core import ask

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
SCORE_PY = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"
REQUIRED_KEYS = {"q", "expect", "source"}


def _load_score():
    """score.py from ../shared/eval, or None when the shared folder is not beside this checkout."""
    if not SCORE_PY.exists():
        return None
    spec = importlib.util.spec_from_file_location("eval_score", SCORE_PY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _corpus_files() -> list[Path]:
    return sorted(CORPUS_DIR.glob("*.yaml"))


def _items() -> list[tuple[str, dict]]:
    """(readable id, item) for every item of every corpus file; a file that does not parse yields none here."""
    found = []
    for path in _corpus_files():
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except yaml.YAMLError:
            continue
        for index, item in enumerate(data if isinstance(data, list) else [], start=1):
            found.append((f"{path.stem}:{index}", item))
    return found


SCORE = _load_score()
ITEMS = _items()


def test_corpus_files_exist():
    assert _corpus_files(), f"no corpus files in {CORPUS_DIR}"


@pytest.mark.parametrize("path", _corpus_files(), ids=lambda p: p.name)
def test_corpus_file_parses_to_items(path: Path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, list) and data, f"{path.name}: expected a non-empty list of items"
    for index, item in enumerate(data, start=1):
        assert isinstance(item, dict), f"{path.name}:{index} is not a mapping"
        missing = REQUIRED_KEYS - set(item)
        assert not missing, f"{path.name}:{index} lacks {sorted(missing)}"


@pytest.mark.parametrize("item_id,item", ITEMS, ids=[i for i, _ in ITEMS])
def test_corpus_item_has_source_url_and_known_keys(item_id: str, item: dict):
    source = str(item.get("source", ""))
    assert source.startswith(("http://", "https://")), f"{item_id}: source is not a URL: {source!r}"
    assert isinstance(item.get("q"), str), f"{item_id}: q must be a string"
    assert isinstance(item.get("expect"), dict) and item["expect"], f"{item_id}: expect must be a non-empty mapping"
    assert isinstance(item.get("tags", []), list), f"{item_id}: tags must be a list"


@pytest.mark.skipif(SCORE is None, reason="../shared/eval is not beside this checkout")
@pytest.mark.parametrize("item_id,item", ITEMS, ids=[i for i, _ in ITEMS])
def test_corpus_item(kb, item_id: str, item: dict):
    errors = SCORE.check(item["expect"], ask(item["q"], kb=kb).to_dict())
    assert not errors, f"{item_id} {item['q'][:90]!r}: {'; '.join(errors)}"
