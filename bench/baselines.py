"""Two plain baselines over the same text per code (code number, title, summary):
A) rapidfuzz process.extractOne of the whole question (WRatio, choices pre-processed once);
B) SQLite FTS5 (porter) bm25, the question's words OR-ed, best row first."""

from __future__ import annotations

import re
import sqlite3

from rapidfuzz import fuzz, process, utils

_TOKEN = re.compile(r"[a-z0-9]+")


def code_texts(kb) -> tuple[list[str], list[str]]:
    """Return (codes, "code title summary") for every code in the knowledge."""
    codes = sorted(kb.codes)
    return codes, [f"{c} {kb.codes[c].title} {kb.codes[c].summary}" for c in codes]


class FuzzBaseline:
    """Baseline A: the code whose text rapidfuzz's extractOne ranks best for the question."""

    name = "rapidfuzz extractOne"

    def __init__(self, codes: list[str], texts: list[str]) -> None:
        self.codes = codes
        self.choices = [utils.default_process(t) for t in texts]

    def top(self, question: str) -> str | None:
        """Return the best-matching code, or None for an empty question."""
        query = utils.default_process(question)
        if not query:
            return None
        found = process.extractOne(query, self.choices, scorer=fuzz.WRatio, processor=None)
        return self.codes[found[2]] if found else None


class FtsBaseline:
    """Baseline B: the code whose text SQLite FTS5 bm25 ranks best for the question's words."""

    name = "SQLite FTS5 bm25"

    def __init__(self, codes: list[str], texts: list[str]) -> None:
        self.conn = sqlite3.connect(":memory:")
        self.conn.execute("create virtual table t using fts5(code unindexed, body, tokenize='porter')")
        self.conn.executemany("insert into t(code, body) values (?, ?)", zip(codes, texts))
        self.conn.commit()

    def top(self, question: str) -> str | None:
        """Return the best-ranked code, or None when no word matches."""
        tokens = dict.fromkeys(_TOKEN.findall(question.lower()))
        if not tokens:
            return None
        query = " OR ".join(f'"{t}"' for t in tokens)
        row = self.conn.execute("select code from t where t match ? order by bm25(t) limit 1", (query,)).fetchone()
        return row[0] if row else None


def baseline_correct(expected_code: str | None, got: str | None) -> bool:
    """A baseline answer is right when its top code is the code the question is about (None: nothing)."""
    return got == expected_code
