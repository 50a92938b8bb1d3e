"""Two codes asked as "A plus B, or just B?" when they may not go together: the code whose own rule keeps the other
off the claim (a drug injection's rule that the nurse visit is not paid beside it) is the line to report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.answer import Billing, BillingLine, PairVerdict
from bot.engine.patterns import lazy
from bot.engine.phrases import PhraseSet, tokens

if TYPE_CHECKING:
    from bot.engine.handlers import Context

_ONLY_ONE = lazy(r"\bor\s+(?:just|only|simply)\b|\bor\s+(?:do\s+we\s+|should\s+we\s+)?(?:just|only)\s+bill\b")


def kept_billing(ctx: Context, verdict: PairVerdict) -> Billing | None:
    """The line left when two asked codes are not billed together and the question offers one of them alone."""
    kb, text = ctx.kb, (ctx.raw_text or ctx.q.text).lower()
    fix = PhraseSet(kb.vocabulary.get("corrected_claim_asks") or [])  # "bill it differently going forward?"
    if verdict.allowed is not False or not (_ONLY_ONE().search(text) or fix.any(tokens(text))) \
            or not {verdict.left, verdict.right} <= set(kb.codes):
        return None
    kept = [c for c, other in ((verdict.left, verdict.right), (verdict.right, verdict.left))
            if any(l.kind == "not_with" and l.target == other for l in kb.codes[c].links)]
    if len(kept) != 1:
        return None
    code = kb.codes[kept[0]]
    dropped = verdict.right if kept[0] == verdict.left else verdict.left
    return Billing(inputs={"family": code.family, "year": ctx.year}, lines=[BillingLine(code=code.code, units=1,
                                                                                          title=code.title)],
                   trace=[f"{code.code} x1; {dropped} not billed: {verdict.reason}"])
