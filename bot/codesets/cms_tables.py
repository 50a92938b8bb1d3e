"""The CMS code sets' tables: HCPCS Level II, NCCI PTP edits, MUEs, PFS relative values, GPCIs, localities,
and licensed CPT descriptors (a practice's own file). Dates are stored as ISO text, except the PTP windows,
which are YYYYMMDD integers (1.5 million rows a quarter: compact and fast to compare)."""

from __future__ import annotations

from bot.codesets.schema import CodeSetSpec, TableSpec, register_codeset

# the formats' CODE_SET names (bot.codesets.formats, not imported here: the ask path reads, it never parses)
HCPCS, PTP, MUE, PFS = "hcpcs", "ncci_ptp_practitioner", "mue_practitioner", "pfs_rvu"
GPCI, LOCALITY = "gpci", "locality_county"
CPT_DESCRIPTORS = "cpt_descriptors"

HCPCS_CODES = TableSpec("hcpcs_codes", (
    ("code", "text not null"),
    ("long", "text not null"),             # the official long description (public domain)
    ("short", "text not null"),
    ("pricing", "text not null"),          # pricing indicators, comma-separated (up to four)
    ("coverage", "text not null"),         # Medicare coverage code (C, D, I, M, S)
    ("betos", "text not null"),
    ("added", "text not null"),            # ISO dates, '' when blank
    ("action_effective", "text not null"),
    ("terminated", "text not null"),
    ("action", "text not null"),           # action code of this release (A added, C changed, D discontinued ...)
), indexes=(("code",),))

HCPCS_MODIFIERS = TableSpec("hcpcs_modifiers", (
    ("code", "text not null"),
    ("long", "text not null"),
    ("short", "text not null"),
    ("added", "text not null"),
    ("action_effective", "text not null"),
    ("terminated", "text not null"),
    ("action", "text not null"),
), indexes=(("code",),))

PTP_EDITS = TableSpec("ncci_ptp_edits", (
    ("column1", "text not null"),
    ("column2", "text not null"),
    ("effective", "integer not null"),     # YYYYMMDD, first date of service the edit applies to
    ("deleted", "integer"),                # YYYYMMDD, last date of service it applies to; null: still in force
    ("modifier", "integer not null"),      # modifier indicator 0, 1 or 9
    ("prior_1996", "integer not null"),
    ("rationale", "integer not null"),     # ncci_ptp_rationales.id
    ("part", "text not null"),             # f1..f4: which file of the release the row came from
), indexes=(("column1", "column2"), ("column2",)))

PTP_RATIONALES = TableSpec("ncci_ptp_rationales", (("id", "integer not null"), ("text", "text not null")),
                           indexes=(("id",),))

MUE_EDITS = TableSpec("mue_edits", (
    ("code", "text not null"),
    ("units", "integer not null"),
    ("adjudication", "integer not null"),  # MAI 1 claim line, 2 date of service (policy), 3 date of service (clinical)
    ("rationale", "text not null"),
), indexes=(("code",),))

_RVU_COLUMNS = tuple((name, "text not null") for name in (
    "code", "modifier", "status", "work_rvu", "nonfacility_pe_rvu", "nonfacility_na", "facility_pe_rvu",
    "facility_na", "mp_rvu", "nonfacility_total", "facility_total", "pctc", "global_days", "pre_op", "intra_op",
    "post_op", "multiple_procedure", "bilateral_surgery", "assistant_surgery", "co_surgery", "team_surgery",
    "endoscopic_base", "conversion_factor", "supervision", "imaging_family"))
PFS_RVUS = TableSpec("pfs_rvus", _RVU_COLUMNS, indexes=(("code", "modifier"),))  # decimals kept as published text

GPCI_LOCALITIES = TableSpec("gpci_localities", (
    ("mac", "text not null"), ("state", "text not null"), ("locality", "text not null"),
    ("name", "text not null"), ("work", "text not null"), ("pe", "text not null"), ("mp", "text not null"),
), indexes=(("state",),))

LOCALITY_COUNTIES = TableSpec("locality_counties", (
    ("mac", "text not null"), ("locality", "text not null"), ("state", "text not null"),
    ("area", "text not null"), ("counties", "text not null"),
), indexes=(("mac", "locality"),))

CPT_TEXT = TableSpec("cpt_descriptors", (("code", "text not null"), ("descriptor", "text not null")),
                     indexes=(("code",),))

register_codeset(CodeSetSpec(HCPCS, "HCPCS Level II codes and modifiers", (HCPCS_CODES, HCPCS_MODIFIERS)))
register_codeset(CodeSetSpec(PTP, "NCCI procedure-to-procedure edits, practitioner", (PTP_EDITS, PTP_RATIONALES)))
register_codeset(CodeSetSpec(MUE, "NCCI medically unlikely edits, practitioner", (MUE_EDITS,)))
register_codeset(CodeSetSpec(PFS, "Physician fee schedule relative values", (PFS_RVUS,)))
register_codeset(CodeSetSpec(GPCI, "Geographic practice cost indices by locality", (GPCI_LOCALITIES,)))
register_codeset(CodeSetSpec(LOCALITY, "Payment localities and their counties", (LOCALITY_COUNTIES,)))
register_codeset(CodeSetSpec(CPT_DESCRIPTORS, "Licensed CPT descriptors (the practice's own file)", (CPT_TEXT,)))
