"""`codebot import` (official code-set files, as CMS publishes them) and the code-set part of status and index."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import click

from bot.commands.ask import ExitStatus


def release_lines(home: Path | None = None) -> list[str]:
    """One line per release loaded in the code-set database (none when it was never built)."""
    from bot.codesets import codesets_path
    from bot.codesets.load import list_releases

    path = codesets_path(home)
    if not path.exists():
        return ["code sets            none loaded yet (built on first diagnosis question or by `codebot index`)"]
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            releases = list_releases(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [f"code sets            {path} cannot be read ({exc}); `codebot index` sets it aside and rebuilds"]
    lines = [f"code sets            {path}"]
    lines += [f"  {r.codeset:<14} {r.name} [{r.version}] effective {r.effective_date}"
              f"{' to ' + r.ends_date if r.ends_date else ''}; {r.row_count} rows; {r.parts or '-'}; "
              f"from {r.source}; sha256 {r.content_hash[:12]}; loaded {r.loaded_at}" for r in releases]
    return lines


def build_codesets() -> str:
    """Compile the bundled code sets into the database (nothing is written when they are there already)."""
    import time

    from bot.codesets import CodeSetsUnavailable, codesets_path, ensure_bundled
    from bot.codesets.bundled import build_bundled

    started = time.perf_counter()
    try:
        ensure_bundled()  # sets a corrupt file aside first
        result = build_bundled(codesets_path())
    except (CodeSetsUnavailable, OSError, sqlite3.Error) as exc:
        return f"Code sets not built: {exc}"
    what = "built" if result.changed else "unchanged"
    return f"Code sets {what}: {result.release.name} in {time.perf_counter() - started:.1f} s ({codesets_path()})."


def run_import(files: list[Path], forced: str | None = None) -> None:
    """Import files into the code-set database and say what happened, one line per release (exit 1 on error)."""
    from bot.codesets import CodeSetsUnavailable, codesets_path, ensure_bundled, use_codesets
    from bot.codesets.registry import import_files
    from bot.codesets.load import ImportFileError

    try:
        if forced is None:
            ensure_bundled()
        report = import_files(codesets_path(), files, forced=forced)
    except (ImportFileError, CodeSetsUnavailable, sqlite3.Error) as exc:
        click.echo(f"Error: {exc}. Nothing changed: the releases loaded before keep answering.", err=True)
        sys.exit(ExitStatus.ERROR)
    use_codesets(None)
    for name in report.skipped:
        click.echo(f"skipped {name} (not a code-set file)")
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    for result in report.results:
        rel = result.release
        state = "loaded" if result.changed else "unchanged (same content already loaded)"
        click.echo(f"{rel.name} [{rel.version}], effective {rel.effective_date}: {state}; "
                   f"{sum(result.rows.values())} rows in {result.seconds:.1f} s.")
    _descriptor_summary(report)


def _descriptor_summary(report) -> None:
    """Licensed CPT descriptors: keep the curated index's copy in step and say how many are stored."""
    from bot import paths
    from bot.codesets.cpt_import import FORMAT
    from bot.kb.descriptors import save_descriptors

    parts = [p for p in report.parts if p.format == FORMAT]
    if not parts:
        return
    imported = {code: text for p in parts for code, text in p.payload.imported.items()}
    skipped = sum(len(p.payload.skipped) for p in parts)
    total = save_descriptors(paths.data_dir(), imported)
    click.echo(f"Imported {len(imported)} descriptors ({skipped} rows skipped); {total} stored in {paths.data_dir()}. "
               "Any CPT code now answers with its licensed descriptor and what the imported CMS files hold.")


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def import_files_command(files: tuple[Path, ...]) -> None:
    """Import official code-set files as downloaded (files or zips): ICD-10-CM order file, tabular and index XML;
    HCPCS Level II; NCCI PTP edits (f1..f4); MUEs; PFS relative values, GPCIs, locality-county; licensed CPT
    descriptors (CSV: code, descriptor)."""
    run_import(list(files))
