"""ask(text) -> Answer: the one entry point every channel calls."""

from __future__ import annotations

import functools
import threading

from bot.engine import handlers
from bot.answer import Answer
from bot.engine.clean import Rejected, clean_text
from bot.engine.other_patients import split_other_patients
from bot.kb import open_index
from bot.kb.store import KnowledgeBase
from bot.engine.parse import Vocabulary, parse_question

INTERNAL_ERROR = ("Sorry, I could not answer that question: something went wrong on my side and it has been logged. "
                  "Try asking it another way, one question at a time.")
_DEFAULT: dict[str, KnowledgeBase] = {}
_LOCK = threading.Lock()


def default_kb() -> KnowledgeBase:
    """Open the index in the data directory once per process."""
    with _LOCK:
        if "kb" not in _DEFAULT:
            _DEFAULT["kb"] = open_index()
        return _DEFAULT["kb"]


@functools.lru_cache(maxsize=8)
def vocabulary(kb: KnowledgeBase) -> Vocabulary:
    """Return the parser vocabulary for a knowledge base, compiled once."""
    return Vocabulary(kb)


def held_years(kb: KnowledgeBase) -> list[int]:
    """Return the years whose rules the knowledge holds."""
    return [int(y) for y in kb.meta.get("years", [kb.default_year])]


def _year(kb: KnowledgeBase, asked: int | None) -> tuple[int, list[str]]:
    years = held_years(kb)
    if asked is None:
        return kb.default_year, []
    if asked in years:
        return asked, []
    return kb.default_year, [f"The knowledge holds the rules for {', '.join(map(str, years))}; "
                             f"this answer applies {kb.default_year} rules, not {asked}."]


def ask(text: str, kb: KnowledgeBase | None = None, year: int | None = None) -> Answer:
    """Answer one question. Never raises for a bad question: it returns a rejected or unknown Answer."""
    kb = kb or default_kb()
    if not isinstance(text, str):
        text = text.decode("utf-8", errors="replace") if isinstance(text, (bytes, bytearray)) else str(text)
    try:
        return _answer(text, kb, year)
    except Exception:  # the safety net: a bug in a stage is logged (never the text) and the asker gets a sentence
        import logging  # only on this rare path: logging stays off the cold ask

        logging.getLogger(__name__).exception("ask() failed on a %d-character question", len(text))
        return Answer(status="unknown", intent="help", message=INTERNAL_ERROR, year=kb.default_year,
                      knowledge_version=kb.version)


def _answer(text: str, kb: KnowledgeBase, year: int | None) -> Answer:
    """Clean, parse and answer; Rejected becomes a rejected Answer."""
    try:
        clean = clean_text(text)
    except Rejected as why:
        return Answer(status="rejected", intent="help", message=str(why), year=kb.default_year,
                      knowledge_version=kb.version)
    clean, others = split_other_patients(clean)
    q = parse_question(clean, vocabulary(kb))
    answer_year, notes = _year(kb, year if year is not None else q.year)
    notes += [f"Left out what the message tells of another patient or service: '{p}'" for p in others]
    ctx = handlers.Context(kb=kb, q=q, year=answer_year, notes=notes, stopwords=vocabulary(kb).stopwords,
                           raw_text=clean)
    return handlers.answer_question(ctx)
