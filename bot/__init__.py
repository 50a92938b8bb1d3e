"""codebot: a coding consultant for medical billing coders (CPT, HCPCS, ICD-10-CM, CMS edit and fee files)."""

__version__ = "0.1.0"
