"""A patient line's age and sex ("Pt: 71M, MRN 4821", "pt (59m)") is no time: its sex letter becomes "y" (years), so a
bare "71M" is never read as 71 minutes and every later word keeps its place in the text."""

from __future__ import annotations

import re

# after "Pt:", "patient" or "Pt is a"; uppercase in brackets ("(71M)", "(80F, rm 2)"); uppercase before an MRN,
# DOB or room number. A lowercase "(20m)" in brackets stays minutes.
_AFTER_PATIENT = re.compile(r"(\b(?:pt|patient)\b\.?[^\S\n]*[:#-]?[^\S\n]*(?:is[^\S\n]+an?[^\S\n]+)?)"
                            r"(\d{1,3})[^\S\n]?([mf])(?![\w/])", re.I)
_IN_BRACKETS = re.compile(r"(\([^\S\n]*)(\d{1,3})[^\S\n]?([MF])(?=[^\S\n]*[),])")
_BEFORE_RECORD = re.compile(r"(?<![\w/.])()(\d{1,3})[^\S\n]?([MF])(?=[^\S\n]*,?[^\S\n]*(?:MRN|mrn|DOB|dob|rm\b|room\b))")


def write_out_ages(text: str) -> str:
    """The text with each patient age-and-sex token written as an age ("71y"), of the same length."""
    for pattern in (_AFTER_PATIENT, _IN_BRACKETS, _BEFORE_RECORD):
        text = pattern.sub(lambda m: m.group(0)[:-1] + "y", text)
    return text
