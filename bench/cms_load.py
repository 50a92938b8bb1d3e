#!/usr/bin/env python3
"""CMS files, phase 2: `codebot import` of a synthetic full-size NCCI PTP file set (four parts, >= 1.5 million
edits, CMS's published layout, written by bench/cms_files.py's generator), the database size, and look-up
latency on the ask path: PTP pair windows, a code's edit counts, MUEs, payment by locality (locality matched by
name, RVUs x GPCIs x CF) and whole ask() calls answered from the imports.

    python bench/cms_load.py [--rows 1600000]

Everything lives in a temporary directory removed at the end; nothing touches CODEBOT_HOME.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, percentiles  # noqa: F401  (puts the checkout on sys.path)

from cms_files import PARTS, VERSION, synthetic_codes, write_part  # noqa: E402

sys.path.insert(0, str(REPO / "tests" / "fixtures" / "cms"))
import make_fixtures as mf  # noqa: E402  (the published layouts' record writers)

LOOKUPS = 5_000
STATES = ["AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA",
          "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK",
          "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY"]
CITIES = ["HOUSTON", "DALLAS", "AUSTIN", "MANHATTAN", "QUEENS", "MIAMI", "CHICAGO", "DETROIT", "ATLANTA", "SEATTLE",
          "PORTLAND", "DENVER", "PHOENIX", "BOSTON", "BALTIMORE", "SAN FRANCISCO", "SAN DIEGO", "OAKLAND", "TAMPA",
          "ST LOUIS", "KANSAS CITY", "NEW ORLEANS", "PHILADELPHIA", "PITTSBURGH", "CLEVELAND", "CINCINNATI"]


def write_tables(folder: Path, codes: list[str], rng: random.Random) -> list[Path]:
    """A full-size PPRRVU CSV, MUE table, GPCI file (a hundred-odd localities) in their published layouts."""
    rvu = folder / "PPRRVU2026_Jul_nonQPP.csv"
    rows = [mf.rvu_row(c, "", "A", f"{rng.uniform(0, 5):.2f}", f"{rng.uniform(0, 5):.2f}", "", f"{rng.uniform(0, 2):.2f}",
                       "", f"{rng.uniform(0, 1):.2f}", "0", rng.choice(("000", "010", "090", "XXX")), "0.00 0.00 0.00",
                       "00000", "", "09", "99") for c in codes]
    rvu.write_bytes(("\r\n".join([",,2026 National Physician Fee Schedule Relative Value File July Release" + "," * 29,
                                  *mf.RVU_HEADER, *rows]) + "\r\n").encode("latin-1"))
    mue = folder / "MCR_MUE_PractitionerServices_Eff_10-01-2026.csv"
    mue.write_bytes(("\r\n".join(['"Notice.",,,', '"Practitioner Services MUE Table, Effective 10/01/2026",,,',
                                  '"HCPCS/\r\nCPT Code ","Practitioner \r\nServices MUE Values","MUE Adjudication '
                                  'Indicator","MUE Rationale"',
                                  *(f'{c},{rng.randint(1, 12)},"{rng.choice("123")} Date of Service Edit",Clinical: '
                                    'Data' for c in codes)]) + "\r\n").encode("latin-1"))
    gpci = folder / "GPCI2026.csv"
    localities = [(s, f"{n:02d}", f"{city} {s}" if n else f"REST OF {s}") for s in STATES
                  for n, city in [(0, "")] + [(i + 1, rng.choice(CITIES)) for i in range(rng.randint(0, 2))]]
    gpci.write_bytes(("\r\n".join([
        "ADDENDUM E. FINAL CY 2026 GEOGRAPHIC PRACTICE COST INDICES (GPCIs) BY STATE AND MEDICARE LOCALITY,,,,,,,",
        ",,,,,,,", "Medicare Administrative Contractor (MAC),State,Locality Number,Locality Name,2026 PW GPCI "
        "(without 1.0 Floor),2026 PW GPCI (with 1.0 Floor),2026 PE GPCI,2026 MP GPCI",
        *(f"{10000 + i:05d},{s},{n},{name},1.01,1.02,{rng.uniform(0.8, 1.4):.3f},{rng.uniform(0.3, 2.5):.3f}"
          for i, (s, n, name) in enumerate(localities))]) + "\r\n").encode("latin-1"))
    return [rvu, mue, gpci]


def timed(fn, args: list) -> dict:
    """Percentiles of fn(*a) over the argument list (after a warm-up pass over the first hundred)."""
    for a in args[:100]:
        fn(*a)
    samples = []
    for a in args:
        t0 = time.perf_counter_ns()
        fn(*a)
        samples.append(time.perf_counter_ns() - t0)
    return percentiles(samples)


def main() -> int:
    """Generate, import, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_600_000, help="edits across the four parts")
    total = parser.parse_args().rows
    rng = random.Random(20261001)
    with tempfile.TemporaryDirectory(prefix="codebot-cms-load-") as tmp:
        folder = Path(tmp)
        os.environ["CODEBOT_HOME"] = str(folder / "home")
        os.environ["CODEBOT_TODAY"] = "2026-11-03"
        from bot.codesets import use_cms
        from bot.codesets.cms_read import CmsReader
        from bot.codesets.registry import import_files

        codes = synthetic_codes(rng, 12_000)
        parts = []
        for part in range(1, PARTS + 1):
            path = folder / f"ccipra-{VERSION.replace('321', '323')}-f{part}.TXT"
            write_part(path, total // PARTS + (part <= total % PARTS), rng, codes)
            parts.append(path)
        tables = write_tables(folder, codes, rng)
        db = folder / "codesets.db"
        t0 = time.perf_counter()
        report = import_files(db, parts)
        ptp_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        import_files(db, tables)
        tables_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        again = import_files(db, parts)
        again_s = time.perf_counter() - t0
        edits = report.results[0].rows["ncci_ptp_edits"]
        size = sum(p.stat().st_size for p in folder.glob("codesets.db*"))
        print(f"NCCI PTP import: {PARTS} parts, {edits:,} edits in {ptp_s:.1f} s ({edits / ptp_s:,.0f} rows/s); "
              f"target under 60 s -> {'met' if ptp_s < 60 else 'MISSED'}")
        print(f"  re-import of the same parts: {again_s:.1f} s, changed={again.results[0].changed}")
        print(f"  PFS RVUs + MUEs + GPCIs for {len(codes):,} codes: {tables_s:.1f} s; database {size / 2**20:.0f} MiB")
        figures = measure(CmsReader(db), codes, rng)
        use_cms(CmsReader(db))
        figures["ask"] = ask_figures(codes, rng)
        for name, p in figures.items():
            target = "" if name == "ask" else f"  target p99 < 2 ms -> {'met' if p['p99_ms'] < 2 else 'MISSED'}"
            print(f"  {name:<22} p50 {p['p50_ms']:.3f}  p95 {p['p95_ms']:.3f}  p99 {p['p99_ms']:.3f}  max "
                  f"{p['max_ms']:.2f} ms (n={p['n']}){target}")
    return 0


def measure(reader, codes: list[str], rng: random.Random) -> dict:
    """Look-up latency on the reader and engine functions the answers call."""
    from bot.codesets.cms_tables import GPCI, MUE, PFS, PTP
    from datetime import date

    from bot.engine import feeplaces, fees

    on = date(2026, 11, 3)
    ptp, mue, pfs, gpci = (reader.release_of(c, on) for c in (PTP, MUE, PFS, GPCI))
    stored = reader.conn().execute("select column1, column2 from ncci_ptp_edits where release_id = ? and rowid % 397 = 0",
                                   (ptp.id,)).fetchall()
    pairs = [rng.choice(stored) if i % 2 else (rng.choice(codes), rng.choice(codes)) for i in range(LOOKUPS)]
    names = [g.name for g in reader.localities(gpci.id)]

    def pay(code: str, place: str) -> None:
        row = fees.row_for(reader.rvus(pfs.id, code), [])
        found = feeplaces.find(reader, gpci.id, None, place, [place])
        for g in found.rows if found else []:
            fees.locality_fee(row, g, "", found.how)

    return {
        "PTP pair windows": timed(lambda a, b: reader.ptp(ptp.id, a, b), pairs),
        "PTP edit counts": timed(lambda c: reader.ptp_counts(ptp.id, c, 20261103), [(rng.choice(codes),)
                                                                                     for _ in range(LOOKUPS // 5)]),
        "MUE": timed(lambda c: reader.mue(mue.id, c), [(rng.choice(codes),) for _ in range(LOOKUPS)]),
        "payment by locality": timed(pay, [(rng.choice(codes), rng.choice(names).title()) for _ in range(LOOKUPS)]),
    }


def ask_figures(codes: list[str], rng: random.Random) -> dict:
    """Whole ask() calls answered from the imports (pair, units, pay in a locality, a code outside the knowledge)."""
    from bot.core import ask, default_kb

    kb = default_kb()
    shapes = ("can I bill {a} with {b}?", "how many units of {a}", "what does {a} pay in {s}", "what is {a}")
    questions = [(rng.choice(shapes).format(a=rng.choice(codes), b=rng.choice(codes), s=rng.choice(STATES)),)
                 for _ in range(600)]
    return timed(lambda q: ask(q, kb=kb), questions)


if __name__ == "__main__":
    raise SystemExit(main())
