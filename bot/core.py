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
_WARMED: dict[str, bool] = {}  # set once warm() has asked its questions in this process


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


# Questions of each common shape, asked once at a server's start so the first real question finds the lazy tables
# (patterns, phrase indexes, the code sets' word lists) built; the CLI's one cold question never pays for them.
WARM_UP = ("remote patient monitoring 25 minutes with a phone call, 18 days of readings", "RTM 45 minutes with a call",
           "chronic care management 50 minutes of staff time", "can we bill CCM and RPM in the same month?",
           "what is transitional care management", "ICD-10 for unsteadiness on feet", "office visit new patient 45 minutes",
           "therapeutic exercise 33 minutes and manual therapy 7 minutes, how many units?", "device for diabetes",
           "Hi team,\n\nOur nurse spent 22 minutes on her BHI this month. What do we bill?\n\nThanks,\nAna")


def warm(kb: KnowledgeBase | None = None) -> None:
    """Build what the first questions would build lazily: every pattern, and the tables one question of each shape
    reaches. Long-running channels (Slack, e-mail) call it once at start."""
    from bot.engine.patterns import compile_all  # noqa: PLC0415

    kb = kb or default_kb()
    with _LOCK:  # the questions once per process: the tables they build are shared by every later question
        first, _WARMED["done"] = "done" not in _WARMED, True
    for text in WARM_UP if first else ():
        ask(text, kb=kb)
    compile_all()  # every call: patterns of modules imported since the first are compiled too (the rest are cached)


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
