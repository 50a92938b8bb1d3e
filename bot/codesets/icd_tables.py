"""The ICD-10-CM code sets' tables: the tabular (codes, groups, notes, 7th characters, search) and the index."""

from __future__ import annotations

from bot.codesets.schema import CodeSetSpec, TableSpec, register_codeset

ICD10CM = "icd10cm"
ICD10CM_INDEX = "icd10cm_index"

CODES = TableSpec("icd10cm_codes", (
    ("code", "text not null"),        # without the dot: M1711
    ("dotted", "text not null"),      # as coders write it: M17.11
    ("parent", "text not null"),      # parent code without the dot; '' for a category
    ("section", "text not null"),     # group id of its section (sec:M15-M19); '' when unknown (order file only)
    ("kind", "text not null"),        # category, subcategory or extension (a code made with its 7th character)
    ("billable", "integer not null"),  # 1 valid for a claim, 0 a header
    ("descriptor", "text not null"),  # the official long descriptor
    ("short", "text not null"),       # the official short descriptor ('' when the order file was not imported)
    ("seq", "integer not null"),      # tabular order
), indexes=(("code",), ("parent",)))

GROUPS = TableSpec("icd10cm_groups", (
    ("id", "text not null"),          # ch:13 or sec:M15-M19
    ("kind", "text not null"),        # chapter or section
    ("descriptor", "text not null"),
    ("parent", "text not null"),      # a section's chapter
    ("seq", "integer not null"),
), indexes=(("id",),))

NOTES = TableSpec("icd10cm_notes", (
    ("code", "text not null"),        # the code (without dot) or group id the note sits on; it covers everything below
    ("kind", "text not null"),        # excludes1, excludes2, includes, inclusion, code_first, use_additional, code_also, notes, seventh_note
    ("text", "text not null"),
    ("seq", "integer not null"),
), indexes=(("code",),))

SEVENTH = TableSpec("icd10cm_seventh", (
    ("code", "text not null"),        # where the 7th-character definition sits; it covers every code below
    ("char", "text not null"),
    ("meaning", "text not null"),
    ("alt", "text not null"),         # the tabular's alternative wording, if any
), indexes=(("code",),))

SEARCH = TableSpec("icd10cm_search", (
    ("code", "UNINDEXED"),
    ("source", "UNINDEXED"),          # descriptor or inclusion
    ("text", "text"),
), fts=True)

INDEX_TERMS = TableSpec("icd10cm_index_terms", (
    ("term", "text not null"),        # the whole path: "Osteoarthritis, knee, primary"
    ("code", "text not null"),        # as printed (dotted; a trailing '-' means more characters are needed)
    ("see", "text not null"),         # a see / see also cross-reference, if any
), indexes=(("code",),))

INDEX_SEARCH = TableSpec("icd10cm_index_search", (("code", "UNINDEXED"), ("term", "text")), fts=True)

register_codeset(CodeSetSpec(ICD10CM, "ICD-10-CM diagnosis codes (tabular)", (CODES, GROUPS, NOTES, SEVENTH, SEARCH)))
register_codeset(CodeSetSpec(ICD10CM_INDEX, "ICD-10-CM alphabetic index", (INDEX_TERMS, INDEX_SEARCH)))


def dotted(code: str) -> str:
    """Write a code without its dot the way coders do: M1711 -> M17.11."""
    code = code.upper().replace(".", "")
    return code if len(code) <= 3 else f"{code[:3]}.{code[3:]}"
