"""CMS files at full size: a synthetic NCCI PTP practitioner file set (four parts, >= 1.5 million edits, CMS's
published layout), parsed by bot.codesets.formats.ncci_ptp as plain text and from the zips as downloaded.

    python bench/cms_files.py [--rows 1600000]

Everything is written to a temporary directory that is removed at the end. The SQLite load (phase 2) is
measured separately once it exists; this measures parsing alone.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import zipfile
from datetime import date, timedelta
from pathlib import Path

from common import REPO  # noqa: F401  (puts the checkout on sys.path)

from bot.codesets.formats import ncci_ptp, sources

PARTS = 4
VERSION = "v321r0"  # April 2026
PREAMBLE = (
    "CPT\xae only copyright 2025 American Medical Association (synthetic bench file).\t\t\t\t\t\t\r\n"
    "Column1/Column2 Edits\t\t\t\t\t\t\r\n"
    "Column 1\tColumn 2\t*=in existence\tEffective\tDeletion\tModifier\tPTP Edit Rationale\r\n"
    "\t\tprior to 1996\tDate\tDate\t0=not allowed\t\r\n"
    "\t\t\t\t*=no data\t1=allowed\t\r\n"
    "\t\t\t\t\t9=not applicable\t\r\n"
)
RATIONALES = ("Mutually exclusive procedures", "Standards of medical/surgical practice",
              "CPT Manual or CMS manual coding instruction", "Misuse of Column Two code with Column One code",
              "HCPCS/CPT procedure code definition", "More extensive procedure")
QUARTERS = [date(y, m, 1) for y in range(1996, 2027) for m in (1, 4, 7, 10)]
STARTS = [q.strftime("%Y%m%d") for q in QUARTERS]
ENDS = [(q - timedelta(days=1)).strftime("%Y%m%d") for q in QUARTERS]  # an edit deleted at a quarter's end


def synthetic_codes(rng: random.Random, n: int) -> list[str]:
    """n distinct code-shaped strings: numeric like CPT, or a letter and four digits like HCPCS Level II."""
    numeric = [f"{i:05d}" for i in rng.sample(range(100, 99_999), n * 3 // 4)]
    level2 = [f"{rng.choice('AEGJKLQ')}{i:04d}" for i in rng.sample(range(10_000), n - len(numeric))]
    return sorted(set(numeric + level2))


def write_part(path: Path, rows: int, rng: random.Random, codes: list[str]) -> None:
    """One part in the published layout: preamble, split header, then `rows` edits sorted by column 1."""
    lines = []
    column1 = sorted(rng.choices(codes, k=rows))
    for one in column1:
        first = rng.randrange(len(STARTS) - 1)
        start, old = STARTS[first], "*" if first == 0 else ""
        same_day = rng.random() < 0.02  # deleted the day it began: indicator 9
        end = start if same_day else "*" if rng.random() < 0.6 else ENDS[rng.randrange(first + 1, len(ENDS))]
        indicator = "9" if same_day else rng.choice("011")
        lines.append(f"{one}\t{rng.choice(codes)}\t{old}\t{start}\t{end}\t{indicator}\t{rng.choice(RATIONALES)}\r\n")
    path.write_bytes((PREAMBLE + "".join(lines)).encode("latin-1"))


def timed_parse(found: list[sources.Found]) -> tuple[int, float]:
    """Parse every part; return (edits, seconds)."""
    began, count = time.perf_counter(), 0
    for item in found:
        for _ in sources.records(item):
            count += 1
    return count, time.perf_counter() - began


def main() -> int:
    """Generate the parts, parse them as text and as zips, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_600_000, help="edits across the four parts")
    total = parser.parse_args().rows
    rng = random.Random(20260401)
    with tempfile.TemporaryDirectory(prefix="codebot-cms-bench-") as tmp:
        folder = Path(tmp)
        began = time.perf_counter()
        codes = synthetic_codes(rng, 12_000)
        texts = []
        for part in range(1, PARTS + 1):
            path = folder / f"ccipra-{VERSION}-f{part}.TXT"
            write_part(path, total // PARTS + (part <= total % PARTS), rng, codes)
            texts.append(path)
        generated = time.perf_counter() - began
        size = sum(p.stat().st_size for p in texts)
        zips = []
        for path in texts:
            zipped = folder / f"medicare-ncci-2026q2-practitioner-ptp-edits-{path.stem}.zip"
            with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
                archive.write(path, path.name)
            zips.append(zipped)
        text_found = [f for p in texts for f in sources.identify(p)]
        zip_found = [f for p in zips for f in sources.identify(p)]
        rows, seconds = timed_parse(text_found)
        zip_rows, zip_seconds = timed_parse(zip_found)
    assert rows == zip_rows == total, (rows, zip_rows, total)
    print(f"NCCI PTP synthetic file set: {PARTS} parts, {rows:,} edits, {size / 2**20:.1f} MiB text "
          f"(generated in {generated:.1f} s, temp dir removed)")
    print(f"  parse text files : {seconds:6.2f} s  {rows / seconds:12,.0f} rows/s")
    print(f"  parse from zips  : {zip_seconds:6.2f} s  {zip_rows / zip_seconds:12,.0f} rows/s")
    print(f"  target: 1.5 million rows well under 30 s -> {'met' if seconds < 30 and zip_seconds < 30 else 'MISSED'}")
    print(f"  parser: {ncci_ptp.__name__}, Python {sys.version.split()[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
