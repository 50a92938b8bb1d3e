"""Read knowledge/modifiers.yaml and knowledge/places.yaml into Modifier and Place records."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from bot.kb.records import Amount, Modifier, Place, Relation, Use


class _Reader(Protocol):
    def load(self, path: Path) -> Any: ...
    def problem(self, path: Path, key: str, message: str) -> None: ...


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _tup(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(str(v) for v in value) if isinstance(value, (list, tuple)) else (str(value),)


def _relations(data: dict) -> tuple[Relation, ...]:
    return tuple(Relation(target=str(r.get("target", "")).upper(), system=str(r.get("system", "modifier")),
                          kind=str(r.get("kind", "")), note=_text(r.get("note")), source=str(r.get("source", "")),
                          contested=r.get("contested"), unless=_tup(r.get("unless")), ask=_text(r.get("ask")),
                          choices=_tup(r.get("choices")), kept_by=_tup(r.get("kept_by")))
                 for r in data.get("links") or [])


def _need(reader: _Reader, path: Path, key: str, data: dict, names: tuple[str, ...]) -> None:
    for name in names:
        if data.get(name) in (None, "", []):
            reader.problem(path, f"{key}.{name}", "missing")


def _entries(reader: _Reader, path: Path, top: str) -> list[dict]:
    if not path.exists():
        return []
    data = reader.load(path) or {}
    entries = data.get(top) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        reader.problem(path, top, f"file must hold a `{top}` list")
        return []
    return [e for e in entries if isinstance(e, dict)]


def modifier_from(reader: _Reader, path: Path, data: dict) -> Modifier:
    """Turn one `modifiers:` mapping into a Modifier."""
    code = str(data.get("code", "")).upper()
    _need(reader, path, f"modifiers[{code or '?'}]", data,
          ("code", "level", "kind", "title", "summary", "when", "status", "effective_year", "sources"))
    return Modifier(
        code=code, level=str(data.get("level", "")), kind=str(data.get("kind", "")), title=str(data.get("title", "")),
        summary=_text(data.get("summary")), when=_text(data.get("when")), status=str(data.get("status", "")),
        effective_year=int(data.get("effective_year") or 0), sources=_tup(data.get("sources")),
        ended_year=data.get("ended_year"), limits=tuple(_text(x) for x in data.get("limits") or []),
        uses=tuple(Use(target=str(u.get("target", "")).upper(), when=_text(u.get("when")), source=str(u.get("source", "")),
                       roles=_tup(u.get("roles")), required=bool(u.get("required"))) for u in data.get("uses") or []),
        links=_relations(data), payment_percent=data.get("payment_percent"),
        amounts=tuple(Amount(year=int(a.get("year", 0)), amount=float(a.get("amount", 0)), label=_text(a.get("label")),
                             kind=str(a.get("kind", "threshold")), source=str(a.get("source", "")))
                      for a in data.get("amounts") or []),
        aliases=_tup(data.get("aliases")), standalone=bool(data.get("standalone")), contested=data.get("contested"))


def place_from(reader: _Reader, path: Path, data: dict) -> Place:
    """Turn one `places:` mapping into a Place."""
    code = str(data.get("code", "")).zfill(2)
    _need(reader, path, f"places[{code}]", data, ("code", "title", "summary", "rate", "status", "effective_year", "sources"))
    return Place(code=code, title=str(data.get("title", "")), summary=_text(data.get("summary")),
                 rate=str(data.get("rate", "")), status=str(data.get("status", "")),
                 effective_year=int(data.get("effective_year") or 0), sources=_tup(data.get("sources")),
                 telehealth=bool(data.get("telehealth")), notes=tuple(_text(n) for n in data.get("notes") or []),
                 links=_relations(data), aliases=_tup(data.get("aliases")), contested=data.get("contested"),
                 cues=_tup(data.get("cues")))


def read_modifiers(reader: _Reader, path: Path) -> dict[str, Modifier]:
    """Every modifier in the file, by code; a duplicate is a problem."""
    out: dict[str, Modifier] = {}
    for raw in _entries(reader, path, "modifiers"):
        mod = modifier_from(reader, path, raw)
        if mod.code in out:
            reader.problem(path, f"modifiers[{mod.code}]", "duplicate modifier")
        out[mod.code] = mod
    return out


def read_places(reader: _Reader, path: Path) -> dict[str, Place]:
    """Every place of service in the file, by two-digit code; a duplicate is a problem."""
    out: dict[str, Place] = {}
    for raw in _entries(reader, path, "places"):
        place = place_from(reader, path, raw)
        if place.code in out:
            reader.problem(path, f"places[{place.code}]", "duplicate place of service")
        out[place.code] = place
    return out
