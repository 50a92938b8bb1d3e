"""Files and zips exactly as downloaded from CMS: list their members, recognise each one's format, stream it."""

from __future__ import annotations

import zipfile
import zlib
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import BinaryIO, Iterator

from bot.codesets.formats import gpci, hcpcs, locality, mue, ncci_ptp, pfs_rvu
from bot.codesets.formats.common import HEAD_BYTES, FormatError, ReleaseInfo

FORMATS: tuple[ModuleType, ...] = (hcpcs, ncci_ptp, mue, pfs_rvu, gpci, locality)
KNOWN = "HCPCS Level II, NCCI PTP edits, MUEs, PFS relative values, GPCIs, locality-county crosswalk"
_ZIP_MAGIC = b"PK\x03\x04"
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError)


@dataclass(frozen=True, slots=True)
class Member:
    """One file to read: a plain file, or a member of a (possibly nested) zip; `head` is its first bytes."""

    label: str  # how errors name it: "GPCI2026.csv" or "rvu26c.zip:GPCI2026.csv"
    name: str  # the member's own base name
    path: Path  # the file on disk (the outer zip for a member)
    inner: tuple[str, ...]  # member names from the outer zip inwards; empty for a plain file
    head: bytes


@dataclass(frozen=True, slots=True)
class Found:
    """A member recognised as one of the CMS formats, with the release it belongs to."""

    member: Member
    format: ModuleType
    release: ReleaseInfo


def members(path: Path) -> list[Member]:
    """Every file in `path`: itself, or each member of the zip (zips inside it too; folders and macOS extras skipped)."""
    if not path.is_file():
        raise FormatError(str(path), 0, "no such file")
    with open(path, "rb") as stream:
        head = stream.read(HEAD_BYTES)
        if zipfile.is_zipfile(stream):
            return _zip_members(path, stream, (), path.name)
    if head.startswith(_ZIP_MAGIC):
        raise FormatError(path.name, 0, "the zip is cut short (an incomplete download?): download it again")
    return [Member(path.name, path.name, path, (), head)]


def _zip_members(path: Path, stream: BinaryIO, inner: tuple[str, ...], label: str) -> list[Member]:
    found: list[Member] = []
    try:
        with zipfile.ZipFile(stream) as archive:
            for info in archive.infolist():
                base = info.filename.rsplit("/", 1)[-1]
                if info.is_dir() or not base or base.startswith(".") or info.filename.startswith("__MACOSX"):
                    continue
                with archive.open(info) as member:
                    if base.lower().endswith(".zip"):
                        found += _zip_members(path, member, inner + (info.filename,), f"{label}:{info.filename}")
                    else:
                        found.append(Member(f"{label}:{info.filename}", base, path, inner + (info.filename,),
                                            member.read(HEAD_BYTES)))
    except _ZIP_ERRORS as exc:
        raise FormatError(label, 0, f"the zip is damaged or cut short ({exc}): download it again") from None
    return found


def recognise(member: Member) -> Found | None:
    """The format and release of one member, or None when it is none of the CMS formats (a PDF, an xlsx...)."""
    fmt = next((f for f in FORMATS if f.detect(member.name, member.head)), None)
    return Found(member, fmt, fmt.release_info(member.label, member.head)) if fmt else None


def identify(path: Path) -> list[Found]:
    """The CMS files in `path`, recognised; where CMS ships a table as both CSV and text, the CSV is kept."""
    listed = members(path)
    found = _prefer_csv([f for f in map(recognise, listed) if f])
    if found:
        return found
    if len(listed) == 1 and not listed[0].inner:
        if not listed[0].head:
            raise FormatError(listed[0].label, 1, "the file is empty")
        raise FormatError(listed[0].label, 1, f"not a CMS file codebot reads ({KNOWN})")
    names = ", ".join(m.name for m in listed[:6]) or "nothing"
    raise FormatError(path.name, 0, f"the zip holds no CMS file codebot reads ({KNOWN}); it holds {names}")


def _prefer_csv(found: list[Found]) -> list[Found]:
    """Drop a text copy (.txt, .prn) of a table whose .csv is in the same download."""
    def key(f: Found) -> tuple[str, str]:
        return f.format.__name__, f.member.name.rsplit(".", 1)[0].lower()

    with_csv = {key(f) for f in found if f.member.name.lower().endswith(".csv")}
    return [f for f in found if f.member.name.lower().endswith(".csv") or key(f) not in with_csv]


@contextmanager
def open_member(member: Member) -> Iterator[BinaryIO]:
    """Open a member for reading, through every zip around it."""
    with ExitStack() as stack:
        stream: BinaryIO = stack.enter_context(open(member.path, "rb"))
        for name in member.inner:
            archive = stack.enter_context(zipfile.ZipFile(stream))
            stream = stack.enter_context(archive.open(name))
        yield stream


def records(found: Found) -> Iterator:
    """Stream the records of a recognised member; a damaged zip becomes a FormatError naming the member."""
    try:
        with open_member(found.member) as stream:
            yield from found.format.parse(stream, found.member.label)
    except _ZIP_ERRORS as exc:
        raise FormatError(found.member.label, 0, f"the zip is damaged or cut short ({exc}): download it "
                                                 "again") from None
