"""The bundled ICD-10-CM release: the CMS tabular XML shipped inside the simple-icd-10-cm package, compiled once."""

from __future__ import annotations

import importlib.metadata
import importlib.util
from pathlib import Path

from bot.codesets.icd_import import release_dates, release_info
from bot.codesets.icd_tables import ICD10CM
from bot.codesets.icd_tabular import parse_tabular
from bot.codesets.load import LoadResult, load_release

PACKAGE = "simple-icd-10-cm"
MODULE = "simple_icd_10_cm"  # located, never imported: importing it parses the XML again (about 2 s)
COMPILED = 2  # bump when the compiled rows change: a data directory holding an older compile rebuilds it


def package_data() -> tuple[Path, str]:
    """Return the package's tabular XML and the package version, without importing the package."""
    spec = importlib.util.find_spec(MODULE)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"the {PACKAGE} package is not installed (pip install {PACKAGE})")
    folder = Path(next(iter(spec.submodule_search_locations))) / "data"
    found = sorted(folder.glob("*tabular*.xml"))
    if not found:
        raise FileNotFoundError(f"{folder} holds no tabular XML")
    return found[-1], importlib.metadata.version(PACKAGE)


def bundled_source() -> str:
    """Return the source stamp the bundled release carries (package, version and file)."""
    path, version = package_data()
    return f"{PACKAGE} {version} ({path.name}, compile {COMPILED})"


def bundled_version() -> str:
    """Return the version the bundled release is stored under (FY2026-04), read from its file name."""
    path, _version = package_data()
    fy, effective = release_dates(path.name, None)
    return release_info("ICD-10-CM", fy, effective, [], ()).version


def needs_build(stored_source: str | None) -> bool:
    """Whether to (re)compile: nothing stored under the bundled version, or an older compile of the package.
    A practice's own import of the same release is left alone."""
    return stored_source is None or (stored_source.startswith(PACKAGE) and stored_source != bundled_source())


def build_bundled(db_path: Path) -> LoadResult:
    """Compile the bundled tabular into the code-set database (unchanged content writes nothing)."""
    path, _version = package_data()
    with path.open("rb") as stream:
        rows = parse_tabular(stream, path.name)
    fy, effective = release_dates(path.name, rows.fiscal_year)
    info = release_info("ICD-10-CM", fy, effective, [bundled_source()], ("tabular",))
    return load_release(db_path, ICD10CM, info, rows.tables())
