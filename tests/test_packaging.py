"""The package builds silently with a current setuptools, and the wheel holds every template and knowledge file."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUILD_INPUTS = ("pyproject.toml", "README.md", "LICENSE", "bot", "knowledge", "templates")
WARNING = re.compile(r"warning|deprecat|would be ignored|absent from the `packages`", re.I)
# distutils notes under -v that a wheel is not byte-compiled (installers compile it): not a packaging problem
NOT_A_PROBLEM = "byte-compiling is disabled"


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess, Path | None]:
    """Build the wheel from a clean copy of the checkout, offline, with the setuptools of this environment."""
    src, out = tmp_path_factory.mktemp("src"), tmp_path_factory.mktemp("wheel")
    for name in BUILD_INPUTS:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(path, src / name)
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "--no-build-isolation",
                           "--no-index", "--disable-pip-version-check", "-v", "-w", str(out)],
                          capture_output=True, text=True, timeout=300)
    wheels = sorted(out.glob("codebot-*.whl"))
    return proc, wheels[0] if wheels else None


def test_the_build_prints_no_warning(build):
    proc, wheel = build
    assert 0 == proc.returncode and wheel is not None, proc.stdout[-3000:] + proc.stderr[-3000:]
    # -v: pip shows the build backend's own output, where setuptools prints its warnings
    warnings = [line.strip() for line in (proc.stdout + proc.stderr).splitlines()
                if WARNING.search(line) and NOT_A_PROBLEM not in line]
    assert [] == warnings


def test_the_wheel_holds_every_template_knowledge_and_code_file(build):
    _proc, wheel = build
    assert wheel is not None
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"bot/{p.relative_to(ROOT).as_posix()}" for folder in ("knowledge", "templates")
                for p in (ROOT / folder).rglob("*") if p.is_file()}
    expected |= {p.relative_to(ROOT).as_posix() for p in (ROOT / "bot").rglob("*.py")}
    expected.add("bot/migrations/script.py.mako")  # alembic's template for the next migration
    assert [] == sorted(expected - names)


def test_the_license_is_an_spdx_expression_with_its_file(build):
    _proc, wheel = build
    with zipfile.ZipFile(wheel) as whl:
        meta = next(whl.read(n).decode() for n in whl.namelist() if n.endswith(".dist-info/METADATA"))
        licenses = [n for n in whl.namelist() if ".dist-info/licenses/" in n]
    assert "License-Expression: Apache-2.0" in meta.splitlines()
    assert [n for n in licenses if n.endswith("/LICENSE")]
