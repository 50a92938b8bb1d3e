"""Who did the work in a question: performers with their word positions, the subject (not the object of "with" or
"to") a time or an event belongs to, and the performer whose codes are asked ("what does the specialist bill")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.engine.asker_side import asker_asked, asks_as_self
from bot.engine.compared_workers import is_compared
from bot.engine.lexicon import Lexicon
from bot.engine.scenario import Fact, Scenario
from bot.engine.time_pick import closed_aside

if TYPE_CHECKING:
    from bot.engine.reader import _Text

_PATIENT_WORDS = {"pt", "pts", "pt's", "patient", "patients", "patient's"}
_CASE_SENSITIVE = {"pt": "therapist", "ot": "therapist", "pts": "therapist", "ots": "therapist"}  # "PT(s)", "pt(s)"
_CASED = {w: re.compile(rf"(?<![\w'/-]){w}(?!\w|['/-]\w)", re.I) for w in _CASE_SENSITIVE}  # the tokenizer's words: "pt's" is one


# "discussed the patient with the PCP", "an e-consult from our PCP", "gave a PCP advice", "asked the psychiatrist":
# the PCP (or psychiatrist) there is not who spent the time
_OBJECT_WORDS = {"with", "to", "w", "for", "from", "gave", "gives", "giving", "advised", "advising", "told", "asked",
                 "asking", "answered", "answering", "messaged", "paged", "emailed", "e-mailed", "texted"}
SKIPPED = {"the", "a", "an", "our", "her", "his", "their", "your", "referring", "requesting", "treating", "ordering",
            "attending", "consulting", "patient's", "pt's"}


# "nephrology got a PCP call", "we took a PCP question": the performer names who sent what was received
_RECEIVING = {"got", "gets", "received", "receives", "took", "takes", "fielded", "fields"}
_SENT = {"call", "calls", "question", "questions", "request", "requests", "message", "messages", "page", "referral"}


def is_object(tx: "_Text", k: int) -> bool:
    """Whether the performer at word k is the object of "with"/"to" ("discussed the patient with the PCP"), or names
    the sender of what someone received ("got a PCP call")."""
    j = k - 1
    while j >= 0 and (tx.words[j] in SKIPPED or tx.words[j].endswith("'s")):  # "to the patient's podiatrist"
        j -= 1
    sent = tx.words[k + 1:k + 2] and tx.words[k + 1] in _SENT
    return j >= 0 and (tx.words[j] in _OBJECT_WORDS or (tx.words[j] in _RECEIVING and bool(sent)))


_AUX = {"does", "do", "can", "could", "should", "would", "will", "may", "might"}
_BILL_VERBS = {"bill", "report", "use", "code", "claim", "submit"}
_WANTS = {"wants", "want", "wanted", "plans", "plan", "needs", "would", "can", "could", "may", "should", "is", "intends", "allowed", "permitted", "able", "eligible"}  # "is our OT allowed to bill"
_BILLS = {"bills", "billed", "reports", "reported", "billing", "submits", "submitted"}  # "cardiology bills" a code
_PLACE = {"office", "practice", "group", "clinic", "team", "also", "still", "then", "already", "is", "was", "has"}


def _is_biller(tx: "_Text", i: int, j: int) -> bool:
    """"What does the rheumatologist bill", "can the PCP bill", "code for the GI doc": whose codes are asked."""
    k = i - 1
    while k >= 0 and tx.words[k] in SKIPPED:
        k -= 1
    after = [w for w in tx.words[j:j + 3] if w not in _PLACE][:1]
    if k >= 0 and tx.words[k] in _AUX and after and after[0] in _BILL_VERBS:
        return True
    # "our PT wants to bill", "the NP would like to bill", "can the podiatrist bill"
    start = j + (tx.words[j:j + 1] in (["now"], ["also"], ["still"], ["then"]))  # "the cardiologist now wants to bill"
    ahead = tx.words[start:start + 4]
    if ahead and ahead[0] in _WANTS and any(w in _BILL_VERBS for w in ahead[1:]) and \
            all(tx.toks[start + n].clause == tx.toks[i].clause for n in range(len(ahead))):
        return True
    if k >= 1 and tx.words[k] == "for" and tx.words[k - 1] in ("code", "codes"):
        return True
    # "what can Dr. Singh bill as the requesting doctor", "a code for Dr. Ruiz as the requesting physician": the side
    # the asked codes are billed for
    told = [w for n, w in enumerate(tx.words[max(0, k - 5):k], max(0, k - 5)) if tx.toks[n].clause == tx.toks[k].clause]
    return k >= 1 and tx.words[k] == "as" and bool(set(told) & (_BILL_VERBS | _BILLS | {"code", "codes"}))


_JOINING = {"and", "or", "&", "plus"}
_DOING = {"spent", "did", "does", "called", "logged", "had", "has", "reviewed", "made", "was", "is", "then"}


def _joined_object(tx: "_Text", last, hit) -> bool:
    """"Coordinating with the PCP and psychiatrist": a performer joined by "and"/"or" to an object is one too,
    unless it starts a clause of its own ("talked with the patient and the MA spent 10 minutes")."""
    if last is None or last[1].role != "object" or hit.i <= last[0].j:
        return False
    gap = [w for w in tx.words[last[0].j:hit.i] if w not in SKIPPED]
    doing = hit.j < len(tx.words) and tx.words[hit.j] in _DOING
    return len(gap) == 1 and gap[0] in _JOINING and not doing and tx.toks[hit.i].clause == tx.toks[last[0].i].clause


def _introduces(tx: "_Text", hit, lex: Lexicon) -> bool:
    """"pt here. ...": a job word that opens the message and introduces the one asking, whatever its case; "our pt
    answered a portal question from an established pt": one of ours doing a clinician's work (vocabulary
    cased_worker_verbs) for a patient the question names after it."""
    if hit.i == 0 and tx.words[hit.j:hit.j + 1] == ["here"]:
        return True
    verbs = {str(v) for v in lex.voc.get("cased_worker_verbs") or ()}
    return tx.words[hit.i - 1:hit.i] in (["our"], ["my"]) and tx.words[hit.j:hit.j + 1] != [] and \
        tx.words[hit.j] in verbs and bool(_PATIENT_WORDS & set(tx.words[hit.j + 1:]))


def _bills(tx: "_Text", j: int) -> bool:
    """"Cardiology bills the device code", "the nephrologist is billing his own code": a practitioner stated as billing."""
    after = [w for w in tx.words[j:j + 3] if w not in _PLACE][:1]
    return bool(after) and after[0] in _BILLS and j < len(tx.toks)


def agent_after(tx: "_Text", performers, at: int, span: tuple[int, int], clause: int, stop: int | None) -> str:
    """The agent after minutes who did them ("25 minutes of CCM this month by our MA", "25 min of MA management"),
    not one in an aside ("100 minutes (initiating visit by our psychologist)"); "" when none."""
    i, end = span
    for k, f in performers:
        if not (end <= k < min(end + 8, stop or len(tx.toks)) and tx.toks[k].clause == clause and not f.negated) \
                or "(" in tx.text[at:tx.toks[k].start]:
            continue
        if "by" in tx.words[max(end, k - 3):k] or (k <= end + 2 and tx.words[end] == "of" and not f.role):
            # "the care manager logged 40 minutes, with weekly review by the consultant": after a comma, the agent of
            # another task; the subject before the minutes did them
            comma = "," in tx.text[tx.toks[end - 1].end:tx.toks[k].start]
            return "" if comma and subject_before(tx, performers, i, clause) else f.value
    return ""


def subject_before(tx: "_Text", performers, i: int, clause: int) -> str:
    """The performer who did what stands at word i: the nearest one before it in its clause that is not the object
    of "with"/"to" (unless only such a one is there: "the patient spoke with the nurse for 10 minutes")."""
    before = [(k, f) for k, f in reversed(performers) if k < i and tx.toks[k].clause == clause and not f.negated
              and f.role != "director" and not closed_aside(tx.text, tx.toks[k].start, tx.toks[i].start)]
    if before and "who" in tx.words[before[0][0] + 1:min(before[0][0] + 4, i)]:
        return before[0][1].value  # "for a consulting psychiatrist, who replied after 9 minutes": the one "who" follows
    if before and (asker := asker_asked(tx, performers, before[0][0], i)):
        return asker  # "A PCP asked me for advice ...: 18 minutes": the asker's time
    subjects = [f for k, f in before if not is_object(tx, k) and f.role not in ("owner", "object")]
    if before and not subjects:
        return _other_party(tx, performers, before[0][0]) or before[0][1].value
    return subjects[0].value if before else ""


_TALKS = {"call", "conversation", "discussion", "talk", "chat", "phone", "telephone"}


def _other_party(tx: "_Text", performers, k: int) -> str:
    """"The rheumatologist reviewed ...; the phone call with the PCP was 5 minutes": a talk's minutes, told with
    only the one talked with, belong to the story's one named subject, not to the other party; "" otherwise."""
    j = k - 1
    while j >= 0 and tx.words[j] in SKIPPED:
        j -= 1
    if j < 1 or tx.words[j] != "with" or tx.words[j - 1] not in _TALKS:
        return ""
    named = {f.value for m, f in performers if m < j and not f.negated and not is_object(tx, m)
             and f.role not in ("director", "owner", "object")} - {performers_at(performers, k)}
    return named.pop() if len(named) == 1 else ""


def performers_at(performers, k: int) -> str:
    """The performer's value at word k."""
    return next((f.value for m, f in performers if m == k), "")


def _directs(tx: "_Text", lex: Lexicon, i: int, j: int) -> bool:
    """"Working under Dr. Chen's direction", "supervised by the physician": named as the one who directs the work."""
    k = i
    while k > 0 and tx.words[k - 1] in ("the", "our", "a", "her", "his", "their"):
        k -= 1
    if lex.directing_before.ending_at(tx.words, k) is not None:
        return True
    ahead = j + 1 if j < len(tx.words) and tx.words[j - 1][-2:] != "'s" and tx.words[j][-2:] == "'s" else j
    return lex.directing_after.starting_at(tx.words, ahead) is not None and tx.words[ahead - 1][-2:] == "'s"


def _possessives(tx: "_Text", lex: Lexicon, taken: set[int]) -> list:
    """"Our podiatrist's nurse", "the doctor's MA": the practitioner named in a possessive."""
    out = []
    for k, word in enumerate(tx.words):
        if k not in taken and word.endswith("'s") and word[:-2] not in _CASE_SENSITIVE:
            for n in (2, 1, 0):  # "the peer specialist's 70 min": the longest job the possessive ends
                if k - n < 0 or any(m in taken for m in range(k - n, k)):
                    continue
                hit = lex.performers.starting_at([*tx.words[k - n:k], word[:-2]], 0)
                if hit is not None and hit.j == n + 1 and hit.value != "none":
                    out.append(hit._replace(i=k - n, j=k + 1))
                    break
    return out


def _in_role(tx: "_Text", lex: Lexicon, hits: list) -> list:
    """"Our LCSW is the CoCM care manager", "the care manager, an LCSW": a licence named as someone's job in the
    team (vocabulary performer_links) does the work as that job (meta.yaml performer_credentials)."""
    out = list(hits)
    for k, (a, b) in enumerate(zip(hits, hits[1:])):
        if tx.toks[a.j - 1].clause != tx.toks[b.i].clause or b.i - a.j > 5:
            continue
        link = lex.performer_links.starting_at(tx.words, a.j)  # right after the first: "our LCSW is the care manager"
        side = b.i == a.j and b.value in lex.credential_sides  # "psychologist consultant": one person, one side
        if not side and (link is None or link.j > b.i or b.i - link.j > 2):
            continue
        creds = {a.value in lex.credentials, b.value in lex.credentials}
        if creds == {True, False}:
            job = b.value if a.value in lex.credentials else a.value
            if job in lex.credential_sides:  # a side of an e-consult: which codes that side uses rests on the licence
                job = a.value if a.value in lex.credentials else b.value
            out[k], out[k + 1] = a._replace(value=job), b._replace(value=job)
    return out


_ENDS = re.compile(r"[.;!?\n]")
_TITLES = {"dr", "doctor"}  # "Dr. Weiss": the title names a person, whose job the question may give beside the name


def _named(tx: "_Text", hits: list, kept: frozenset[str] = frozenset(), negated=lambda _i: False) -> list:
    """"Our clinical psychologist, Dr. Weiss, ...": a name given right after a job; the titled name later ("Dr. Weiss
    spent 15 minutes") does the work as that job, not as a physician; a role in brackets names the one before it,
    unless that one is a job of `kept` ("the psychiatric consultant (a PMHNP)": the consultant)."""
    jobs, same = {}, {}
    for a, b in zip(hits, hits[1:]):
        if b.phrase in _TITLES and a.value != b.value and 0 <= b.i - a.j <= 1 and b.j < len(tx.words) \
                and not _ENDS.search(tx.text[tx.toks[a.j - 1].end:tx.toks[b.i].start]):  # "No nurse. Dr. Lee": two people
            jobs[tx.words[b.j]] = a.value
        elif 0 <= b.i - a.j <= 1 and "(" in tx.text[tx.toks[a.j - 1].end:tx.toks[b.i].start] and a.value not in kept \
                and not negated(b.i):  # "Doc (not staff)": the bracket says who it is not
            if a.phrase in _TITLES and b.i > a.j:  # "Dr. Moss (our endocrinologist)": that name, not every doctor
                jobs[tx.words[a.j]] = b.value
                continue
            same[a.phrase] = b.value  # "the optometrist (the requesting doctor)": one person, the role in brackets
    out = _heads(tx, [h._replace(value=same[h.phrase]) if h.phrase in same else h for h in hits])
    return [h._replace(value=jobs[tx.words[h.j]]) if h.phrase in _TITLES and h.j < len(tx.words)
            and tx.words[h.j] in jobs else h for h in out]


def _heads(tx: "_Text", hits: list) -> list:
    """"Our marriage and family therapist ... what does the therapist bill": a bare word that ends a longer job named
    before is that job again, not another worker."""
    heads, out = {}, []
    for h in hits:
        words = tx.words[h.i:h.j]
        if len(words) == 1 and heads.get(words[0], h.value) != h.value:
            h = h._replace(value=heads[words[0]])
        elif len(words) > 1:
            heads[words[-1]] = h.value
        out.append(h)
    return out


def _in_family(hit, lex: Lexicon, families: set[str]):
    """A bare job word whose meaning the question's family decides ("our therapist" beside a behavioral-health app is
    a mental-health therapist, not a PT): vocabulary performer_by_family."""
    for words, fams, as_ in lex.performer_by_family:
        if hit.phrase in words and families & fams and as_:
            return hit._replace(value=as_)
    return hit


def _workplace(tx: "_Text", lex: Lexicon, hit) -> bool:
    """Whether the job word names where someone works ("the navigator at our oncology clinic"), not who worked."""
    k = hit.i - 1
    while k >= 0 and tx.words[k] in SKIPPED:
        k -= 1
    place = tx.words[hit.j - 1] if hit.j - hit.i > 1 else " ".join(tx.words[hit.j:hit.j + 1])  # "at the cardiology practice"
    return k >= 0 and tx.words[k] in lex.workplace_before and place in lex.workplace_nouns and hit.value in lex.workplace_roles


PRONOUNS = {"she", "he"}  # "She spent 8 min": the one the story named before (bot/engine/pronouns.py)


def patient_pronouns(tx: "_Text", lex: Lexicon) -> set[int]:
    """Where "she"/"he" stands for the patient, by the words right after it ("She was just diagnosed with ...",
    vocabulary patient_pronoun_predicates): such a pronoun is never the worker."""
    out = set()
    for k, word in enumerate(tx.words):
        after = [w for w in tx.words[k + 1:k + 8] if w not in lex.patient_adverbs]  # "was just diagnosed"
        if word in PRONOUNS and lex.patient_predicates.starting_at(after, 0) is not None:
            out.add(k)
    return out


def read_performers(tx: "_Text", lex: Lexicon, original: str, sc: Scenario,
                    families: set[str] = frozenset()) -> list[tuple[int, Fact]]:
    """Who did the work, each with its token index; "PT" in capitals is a therapist, "pt" a patient (`families`:
    those the question names, by name or code, for job words whose meaning they decide)."""
    tx.patient_pronouns = patient_pronouns(tx, lex)
    cased = {w: [m.group() for m in _CASED[w].finditer(original)] for w in _CASE_SENSITIVE}
    seen = {w: 0 for w in _CASE_SENSITIVE}
    out, hits, last = [], [], None
    for hit in lex.performers.find(tx.toks):
        if hit.phrase in _CASE_SENSITIVE:
            k = seen[hit.phrase]
            seen[hit.phrase] += 1
            if (k >= len(cased[hit.phrase]) or not cased[hit.phrase][k][:2].isupper()) and not _introduces(tx, hit, lex):
                continue
        # "pts on the primary care team": a team, not a worker; "like our navigators do": other staff, compared;
        # "can't use the physician codes": the codes' kind, not a worker
        if hit.value == "none" or _workplace(tx, lex, hit) or is_compared(tx, lex, hit.i, hit.j) \
                or tx.words[hit.j:hit.j + 1] in (["codes"], ["ones"]):
            continue
        hits.append(_in_family(hit, lex, families))
    owners = _possessives(tx, lex, {h.i for h in hits})
    for hit in _in_role(tx, lex, _named(tx, sorted(hits + owners, key=lambda h: h.i), frozenset(lex.voc.get("job_roles") or ()),
                                       lambda i: lex.negated(tx.toks, i))):
        # "a primary care doctor's e-consult", "our podiatrist's nurse": named as whose it is, not as who did it
        # ... but "the peer specialist's 70 min" names whose time it is: the worker
        owner = "owner" if any(o.i == hit.i for o in owners) and not (hit.j < len(tx.words)
                                                                     and tx.words[hit.j][:1].isdigit()) else ""
        role = "director" if _directs(tx, lex, hit.i, hit.j) else "biller" if _is_biller(tx, hit.i, hit.j) \
            or asks_as_self(tx, hit.i, _BILL_VERBS) else "bills" if _bills(tx, hit.j) else \
            "object" if is_object(tx, hit.i) or _joined_object(tx, last, hit) else owner
        fact = sc.add(Fact("performer", str(hit.value), tx.words_of(hit), tx.toks[hit.i].start,
                           negated=lex.negated(tx.toks, hit.i), role=role))
        if role == "object":  # "with the referring PCP": its words, with the words that qualify it
            start = hit.i
            while start > 0 and tx.words[start - 1] in SKIPPED:
                start -= 1
            sc.other_party_at.update(range(start, hit.j))
        out.append((hit.i, fact))
        last = (hit, fact)
    for hit in lex.personally.find(tx.toks):
        if not any(f.value == "physician" or f.value in lex.personally_own for _i, f in out):
            out.append((hit.i, sc.add(Fact("performer", "physician", tx.words_of(hit), tx.toks[hit.i].start))))
        sc.add(Fact("flag", True, tx.words_of(hit), tx.toks[hit.i].start, role="personally"))
    return sorted(out, key=lambda pair: pair[0])  # in text order: "personally" is a worker where it stands
