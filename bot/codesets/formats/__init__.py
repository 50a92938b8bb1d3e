"""formats: parsers for the code-set files exactly as CMS publishes them, one module per format (hcpcs, ncci_ptp, mue, pfs_rvu, gpci, locality), plus common (FormatError, ReleaseInfo, shared readers) and sources (files and zips as downloaded); imports only the standard library and its own modules, never the rest of codebot.

Every format module offers the same three functions:
  detect(name, head) -> bool           is this member (base name, first bytes) this format?
  parse(stream, name) -> Iterator[...] stream records (frozen dataclasses); FormatError(file, line) on bad input
  release_info(name, head) -> ReleaseInfo   the release (code set, version, effective dates) from name and contents
Licensed CPT descriptors (bot/kb/descriptors.py parse_descriptor_file) are a further format to register later.
"""
