"""House rules for the layout, read from the checkout's imports: which package may import which."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# (package folder, module prefixes it must never import)
FORBIDDEN = {
    "bot/engine": ("bot.channels", "bot.commands", "bot.render", "bot.state"),
    "bot/kb": ("bot.channels", "bot.commands", "bot.render", "bot.state", "bot.engine"),
    "bot/channels": ("bot.engine", "bot.kb"),  # channels reach the engine only through bot.core.ask
    "bot/quiz": ("bot.channels", "bot.commands"),
    # code sets: paths and their own answer-free records only (the engine and quiz import them, never the reverse)
    "bot/codesets": ("bot.engine", "bot.kb", "bot.answer", "bot.core", "bot.channels", "bot.commands", "bot.render",
                     "bot.state", "bot.quiz"),
}


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports, absolute names, with the line it is imported on (function-level imports too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def layout_violations(root: Path) -> list[str]:
    """Return 'file:line imports module' for every import the house rules forbid, under `root`."""
    out = []
    for folder, banned in FORBIDDEN.items():
        for path in sorted((root / folder).rglob("*.py")):
            for line, module in imported_modules(path):
                if any(module == b or module.startswith(b + ".") for b in banned):
                    out.append(f"{path.relative_to(root)}:{line} imports {module}")
    return sorted(set(out))


def test_layout_rules_hold():
    assert [] == layout_violations(ROOT)


def test_layout_rules_catch_an_engine_importing_a_channel(tmp_path):
    shutil.copytree(ROOT / "bot", tmp_path / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    parse = tmp_path / "bot" / "engine" / "parse.py"
    parse.write_text(parse.read_text() + "\nimport bot.channels\n")
    assert [f"bot/engine/parse.py:{len(parse.read_text().splitlines())} imports bot.channels"] == layout_violations(tmp_path)


def test_layout_rules_catch_a_channel_importing_the_engine(tmp_path):
    shutil.copytree(ROOT / "bot", tmp_path / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    app = tmp_path / "bot" / "channels" / "slack" / "app.py"
    app.write_text(app.read_text() + "\n\ndef _peek():\n    from bot.engine.parse import parse_question\n")
    violations = layout_violations(tmp_path)
    assert violations and all("bot/channels/slack/app.py" in v and "bot.engine.parse" in v for v in violations)


def test_kb_never_imports_the_engine(tmp_path):
    shutil.copytree(ROOT / "bot", tmp_path / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    store = tmp_path / "bot" / "kb" / "store.py"
    store.write_text(store.read_text() + "\nfrom bot.engine import facts\n")
    assert any(v.startswith("bot/kb/store.py") for v in layout_violations(tmp_path))


def test_every_package_says_what_it_may_import():
    for init in sorted((ROOT / "bot").rglob("__init__.py")):
        if init.parent == ROOT / "bot":
            continue
        doc = ast.get_docstring(ast.parse(init.read_text())) or ""
        assert "import" in doc, f"{init.relative_to(ROOT)} docstring must say what the package may import"


def test_codesets_never_import_the_engine_or_the_answer(tmp_path):
    shutil.copytree(ROOT / "bot", tmp_path / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    load = tmp_path / "bot" / "codesets" / "load.py"
    load.write_text(load.read_text() + "\nfrom bot.answer import Answer\nimport bot.engine.diagnosis\n")
    found = {v.split(" imports ")[1] for v in layout_violations(tmp_path) if v.startswith("bot/codesets/load.py")}
    assert {"bot.answer", "bot.answer.Answer", "bot.engine.diagnosis"} == found
