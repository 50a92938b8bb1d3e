"""Words for reading diagnosis questions and explaining the tabular's notes (our own plain words)."""

from __future__ import annotations

import re

# A question with one of these is about a diagnosis even without a code in it.
SEVENTH_CUES = ("7th character", "seventh character", "7th digit", "seventh digit", "7th char")
CUES = SEVENTH_CUES + ("external cause", "icd", "icd10", "icd-10", "icd 10", "icd-10-cm", "icd10cm", "diagnosis", "diagnoses", "dx", "diag code",
                        "z code", "z codes", "z-code", "z-codes")  # chapter 21's codes by their letter

WEAK_CUES = ("diagnosis", "diagnoses")  # story words too ("a new cancer diagnosis"): weak beside remote-care facts

# "after the ICD placement": the implanted defibrillator, not the code set
_DEVICE_AFTER = (r"(?!\s+(?:placement|placed|implant|implanted|implantation|insertion|inserted|interrogations?|"
                 r"shocks?|shocked|fired|firing|generator|leads?|check|device|was\s+(?:placed|implanted|inserted))\b)")

CUE_PATTERN = re.compile(r"(?<![\w-])(" + "|".join(re.escape(c) for c in sorted(CUES, key=len, reverse=True))
                         + r")(?![\w])" + _DEVICE_AFTER, re.I)

# Words that say nothing about the condition itself (dropped before searching the descriptors).
NOISE = {"icd", "icd10", "icd-10", "icd10cm", "cm", "code", "codes", "coding", "diagnosis", "diagnoses", "dx",
         "diag", "what", "which", "whats", "is", "are", "the", "a", "an", "for", "of", "to", "on", "in", "and", "or",
         "with", "please", "pls", "me", "give", "find", "look", "up", "lookup", "need", "i", "we", "do", "does",
         "should", "use", "correct", "right code", "best", "billable", "code?", "it", "that", "this", "patient", "pt",
         "has", "have", "had", "dr", "doctor", "documented", "documents", "says", "wrote", "due", "7th", "seventh",
         "character", "characters", "digit", "char", "add", "used", "used?", "get", "pick", "choose",
         # the visit, the paperwork and the asker, not the condition
         "how", "now", "referral", "referrals", "eval", "evaluation", "script", "say", "said", "chart", "charted", "charting", "documentation", "record", "records", "just", "put",
         "claim", "claims", "order", "coming", "us", "our", "week", "weeks", "ago", "day", "days", "month", "months",
         "year", "years", "last", "still", "keep", "extra", "another", "additional", "goes", "visit", "seen", "clinic", "re", "ve", "ll", "t", "m", "doesn", "don", "isn", "there", "any",
         "one", "can", "could", "would", "may", "might", "will", "my", "new", "also", "ok", "okay", "plan", "today", "pm", "am",
         "slp", "ot", "therapist", "provider", "physician", "wants", "want", "seeing", "using", "send", "bill",
         "billed", "submit", "instead", "rejected", "rejecting", "denied", "valid", "mean", "means", "a1c", "via",
         "when", "where", "why", "who", "ll", "per", "same", "s", "d", "x", "hi", "hello", "thanks", "thank",
         "you", "regards", "sent", "iphone", "so", "if", "be", "was", "were", "been", "am", "put", "listed",
         "list", "both?", "please", "icd10", "cms", "orif", "dos", "clearly", "explicitly", "normally", "straight", "caused", "takes", "weekly", "tricky", "instinct", "guidelines",
         "guideline", "presume", "presumes", "presumed", "link", "intake", "coordinator", "superbill", "down", "codebot", "subject", "wrote", "write", "written",
         # who or what quoted a code, and when: the claim's story, not the condition ("the EHR picks I10 for ...")
         "ehr", "emr", "picks", "picked", "chose", "chooses", "selects", "selected", "defaults", "default", "populates",
         "populated", "auto", "template", "templates", "cheat", "sheet", "sheets", "software", "system", "suggests",
         "suggested", "shows", "showed", "lists", "entered", "coded", "coder", "coders", "biller", "billing", "office",
         "january", "february", "march", "april", "june", "july", "august", "september", "october", "november",
         "december", "jan", "feb", "sept", "oct", "nov", "dec", "fy", "since", "until", "anymore", "currently",
         "she", "he", "her", "his", "him", "they", "them", "their", "someone", "somebody", "coworker", "colleague",
         "boss", "manager", "supervisor", "staff", "front", "desk", "scribe", "told", "tell", "tells", "keeps",
         "kept", "putting", "puts", "drops", "dropped", "writes", "typed", "types", "enters", "uses", "form", "forms",
         "ok?", "fine", "right?", "correct?", "approved", "accepts", "accepted", "maps", "mapped", "map", "bounced",
         "bounce", "bounces", "kicked", "good", "doc", "docs", "found", "yet", "something", "else", "only", "but",
         "though", "although", "however",
         # where a quoted code or the words came from, and what the asker meant to do ("an article says R53.1")
         "article", "articles", "blog", "website", "online", "google", "googled", "internet", "forum",
         "going", "gonna", "planning", "planned", "thinking", "invalid", "report", "reported", "being",
         "impression", "noted", "notes", "note", "complaint", "complaints", "feels", "feel", "feeling",
         "felt", "better", "over", "few", "reports", "reporting", "identified", "ongoing", "about", "around",
         "approximately", "nearly", "almost",
         # the asker's framing and who wrote the note, not the condition ("E11.9 plus G62.9", "PCP documented ...")
         "plus", "exactly", "psych", "pcp", "man", "woman", "gentleman", "lady",
         # the specialist who wrote it and the lab that staged it ("nephrologist note says", "eGFR puts her at")
         "nephrologist", "nephrology", "cardiologist", "cardiology", "neurologist", "neurology", "endocrinologist",
         "endocrinology", "pulmonologist", "pulmonology", "oncologist", "urologist", "rheumatologist", "egfr", "gfr",
         "separate", "separately", "combination", "combo", "needs", "go", "writing",
         # the remote-care service the codes go on, and how it was ordered ("dx for RPM cuff pt ... which ICD-10s?")
         "rpm", "rtm", "ccm", "pcm", "apcm", "cuff", "cuffs", "ordered", "bc", "because", "icd-10s", "icd10s", "icds",
         # "admitted with AECOPD", "or J44.0 too?": the stay and the asker's framing
         "admitted", "too",
         # the asker's sign-off and shorthand, and what the note did not say ("doc didnt write it anywhere, thx")
         "thx", "thanx", "ty", "didnt", "didn", "anywhere", "question", "nephro", "cardio", "ortho", "ob", "er", "ed",
         "exact", "totally", "twisted", "curb",
         "auditor", "flagged", "covers", "missing", "help", "together", "excludes1", "excludes2", "guideline",
         "true", "fy2026", "nightly", "read", "think", "thought", "wrong", "dropping", "pulls", "pulling", "pulled", "these", "actually", "belong", "belongs", "sending", "placed", "whose", "neighbor", "neighbors", "finished", "lead", "radiologist", "radiology", "transferring", "transferred",
         # the treatment given, not the condition ("set and casted", "ER splinted", "cleaned and dressed")
         "casted", "splinted",
         # the imaging ordered or read, not the condition ("x-ray of the forearm, no fracture", "CXR shows pneumonia")
         "ray", "rays", "xray", "xrays", "cxr", "radiograph", "radiographs", "mri", "imaging",
         # when, and what the provider is doing today ("slipped yesterday", "ortho doing closed reduction", "the full code")
         "yesterday", "tonight", "morning", "afternoon", "evening", "doing", "elective", "scheduled", "starting",
         # how often the asker reports a code ("do I repeat it on every visit?")
         "repeat", "every", "each",
         # the clinic and how a drug was given, not the condition ("oncology clinic", "her Keytruda infusion")
         "oncology", "infusion", "infusions", "here", "solely", "twice", "recheck", "rechecked", "wk", "wks", "mo", "mos", "yr", "yrs",
         "all", "allowed", "managed", "managing", "addressed", "orders", "thru", "night",
         # who saw the patient, and how far a detail was specified ("never specified beyond 'shaft'")
         "saw", "beyond"}

# Phrases that frame the question, not the condition (dropped before reading it).
NOISE_PHRASES = (  # a test that made the diagnosis certain, not a word of it ("xray confirmed pneumonia")
                 "chest xray confirmed", "chest x-ray confirmed", "chest x ray confirmed", "xray confirmed", "x-ray confirmed", "x ray confirmed", "cxr confirmed", "ct confirmed", "mri confirmed",
                 "imaging confirmed", "culture confirmed", "biopsy confirmed", "lab confirmed", "test confirmed",
                 "confirmed by xray", "confirmed by x-ray", "confirmed by cxr", "confirmed on xray", "confirmed on x-ray",
                 "confirmed on cxr", "confirmed by imaging", "confirmed on imaging", "confirmed by ct", "confirmed on ct",
                 "the past", "original injury", "the original injury", "fixed with", "was fixed", "commercial patient", "commercial plan", "commercial insurance", "commercial payer",
                 "commercial payor", "commercial insurer", "medicare patient", "medicaid patient", "im nail", "intramedullary nail", "nail placed", "rod placed", "was placed", "placed on",
                 "as the primary diagnosis", "the primary diagnosis", "primary diagnosis", "as primary", "primary dx",
                 "which of these", "all together", "belong on the claim", "weeks out from", "weeks out", "i suspect", "stay with", "we stay", "keep with", "stick with",
                 "drop the", "is that still right", "is that right", "is this right", "is this still right", "still right?",
                 "or both", "or both of them", "icd-10-cm", "icd 10 cm", "icd-10", "icd 10", "as well", "external causes", "external cause", "plan of care",
                 "in what order", "discharge summary", "in the same note", "all in the same note", "quick one", "quick question", "quick dx q", "quick dx question", "quick q", "dx q",
                 "before i drop", "drop this claim", "drop the claim", "anymore right", "what order", "the right code", "right code", "right one", "is that right",
                 "is this right", "am i right", "that right", "right away", "all right", "complete code", "full code",
                 "full icd-10 code", "full icd 10 code", "full icd10 code", "full diagnosis code", "full dx code",
                 "goes first", "go first", "listed first", "code first", "encounter form", "encounter forms",
                 "cheat sheet", "cheat sheets", "front desk", "problem list", "all the time", "no specific cause",
                 "no cause found", "no cause", "no diagnosis yet", "no diagnosis", "no dx yet", "no dx",
                 # who and where, not the condition ("falls in an older adult at home")
                 "older adult", "older adults", "elderly patient", "elderly woman", "elderly man", "elderly lady",
                 "at home", "in the home", "at her home", "at his home", "year old", "years old", "year-old", "y/o",
                 "medicare patient", "medicare pt",
                 # who refers and what the patient says, not the condition ("home health referral", "c/o tiredness")
                 "home health", "home care", "assessment says", "assessment states", "assessment reads",
                 "assessment and plan", "assessment/plan", "chief complaint", "cause not found", "no cause identified", "cause not identified", "cause unknown", "unknown cause",
                 "no known cause", "cause not determined", "cause undetermined", "c/o", "complains of", "complaining of", "complained of",
                 # the claim the codes go on, not the condition ("what codes go on the therapy claim?")
                 "go on the", "goes on the", "patient starting", "pt starting", "done for", "was done",
                 # a workup ordered for the cause is the plan, not the condition ("ordered a workup for the cause of ...")
                 "ordered a workup", "ordered a work-up", "ordered a work up", "a workup for the cause of",
                 "workup for the cause of", "for the cause of", "the cause of the",
                 # the monitoring service the codes go on, not the condition ("doc ordered home BP monitoring",
                 # "which ICD-10 codes go on the monitoring claim?", "RPM scale+cuff pt")
                 "home bp monitoring", "home blood pressure monitoring", "bp monitoring", "blood pressure monitoring",
                 "remote monitoring", "remote patient monitoring", "the monitoring claim", "monitoring claim",
                 "blood pressure patient", "bp patient", "bp cuff", "blood pressure cuff", "scale+cuff", "scale + cuff",
                 "scale and cuff", "cuff and scale", "weight scale", "pulse ox", "pulse oximeter", "oximeter",
                 "glucometer", "glucose meter", "cgm",
                 # when, not the condition ("no fall this time")
                 "this time", "at this time", "that time", "at that time",
                 # where it was seen and who is asking, not the condition ("urgent care visit", "ob question")
                 "urgent care", "ortho group", "an o code", "a z code", "o code", "z code", "d or g", "a or d",
                 "first time seeing", "full code set", "code set", "full set", "quick guideline check", "provider diagnosed", "doctor diagnosed", "doc diagnosed",
                 "injury code", "injury codes", "place of occurrence code", "place of occurrence codes",
                 "place-of-occurrence code", "place-of-occurrence codes", "activity code", "external cause status",
                 "every visit", "each visit", "as current", "as a current", "trimester digit on the end", "digit on the end",
                 "character on the end", "on the end", "trimester digit", "trimester character", "every encounter", "each encounter", "injury and external cause", "the dog code", "the bite code", "who is right", "who's right", "next morning", "f/u", "transferring care",
                 "transferring her care", "transferring his care", "transfer of care", "stepping off", "stepped off", "follow-up visit", "wks out", "weeks out",
                 # the asker's doubt about a code and what they were taught, not the condition ("so just X right? or
                 # more", "X feels wrong", "I was trained that ...; is that still the rule for 2026 dates of service?")
                 "right? or more", "right or more", "or more", "or anything else", "anything else", "feels wrong", "seems wrong", "looks wrong",
                 "was trained", "were trained", "i was taught", "was taught", "still the rule", "the rule",
                 "leave off", "leave it off", "dates of service", "date of service")

# After an ordinal, words that make it the visit's or the list's ("first visit", "goes first, then"), not the condition's
# ("fifth metatarsal", "first degree").
ORDINAL_FRAMES = {"visit", "visits", "time", "encounter", "listed", "dx", "diagnosis", "code", "codes", "line", "place",
                  "treatment", "seen", "appointment", "one", "round", "then", "or", "and", "on", "in", "for", "is", "as"}

# Stays and visits a condition came "after": where the patient was, not a cause the tabular's "following" codes mean
# ("dysphagia after a hospitalization" is not dysphagia following cerebrovascular disease)
CARE_EVENTS = ("hospitalization", "hospitalisation", "hospital stay", "hospital admission", "hospital discharge",
               "admission", "discharge", "inpatient stay", "icu stay", "rehab stay", "snf stay", "nursing home stay",
               "er visit", "ed visit", "emergency room visit", "hospital visit")

# Parts that come in pairs: "both" before one of them says both sides ("both knees"), elsewhere it may only join
# two things ("on both insulin and metformin").
PAIRED = ("knee", "knees", "hip", "hips", "leg", "legs", "foot", "feet", "ankle", "ankles", "eye", "eyes", "ear",
          "ears", "arm", "arms", "hand", "hands", "wrist", "wrists", "elbow", "elbows", "shoulder", "shoulders", "side",
          "sides", "lung", "lungs", "kidney", "kidneys", "breast", "breasts", "thigh", "thighs", "calf", "calves",
          "heel", "heels", "upper", "lower", "extremities", "limbs", "great toes", "big toes", "thumbs", "lower legs")

# Shorthand coders write, spelled out as the tabular words it.
SHORTHAND = {"dm": "diabetes mellitus", "t2dm": "type 2 diabetes mellitus", "t1dm": "type 1 diabetes mellitus",
             "dm2": "type 2 diabetes mellitus", "htn": "hypertension", "oa": "osteoarthritis",
             "copd": "chronic obstructive pulmonary disease", "chf": "heart failure", "afib": "atrial fibrillation",
             "uti": "urinary tract infection", "ckd": "chronic kidney disease", "rt": "right", "lt": "left",
             "bilat": "bilateral", "fx": "fracture", "hx": "history", "gerd": "gastro-esophageal reflux disease",
             "mdd": "major depressive disorder", "cad": "coronary artery disease", "dvt": "deep vein thrombosis",
             "1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth", "5th": "fifth", "6th": "sixth"}

# Words a descriptor carries that coders leave out without changing the meaning ("type 2 diabetes").
IMPLIED = {"mellitus", "unspecified"}  # "unspecified" is what a question that says no more means

# What each kind of tabular note means, in plain words.
MEANINGS = {
    "excludes1": "Excludes1 means 'not coded here': the excluded condition is never coded together with this code, "
                 "because the two cannot occur together. Exception: when the two conditions are unrelated to each "
                 "other, both may be reported.",
    "excludes2": "Excludes2 means 'not included here': the excluded condition is not part of this code, but a patient "
                 "may have both; when both are documented, both codes may be reported.",
    "code_first": "Code first: this code is not listed first; the underlying condition's code goes before it.",
    "use_additional": "Use additional code: add a second code, listed after this one, for the detail named.",
    "code_also": "Code also: a second code may be needed to describe the condition fully; their order depends on the "
                 "reason for the encounter.",
    "includes": "Includes: conditions this code or category covers.",
    "inclusion": "Inclusion terms: other names and examples of conditions coded here (not a complete list).",
    "notes": "Notes: instructions of the tabular for this part of the classification.",
    "seventh_note": "7th character: this code is not complete until a 7th character is added; where the code has fewer "
                    "than 6 characters, placeholder X fills the empty positions first.",
}
