"""The benchmark's own rule table: minutes and data days to billing lines, written from
../shared/reference/codes-2026.md independently of the engine (never read from knowledge/ or bot/).

Management (per calendar month, full thresholds, no midpoint):
  RTM 98979 10-19 min; 98980 20+ min; 98981 per further FULL 20 min (no cap); live call required.
  RPM 99470 10-19 min; 99457 20+ min; 99458 per further FULL 20 min (no cap); live call required.
  CCM (clinical staff) 99490 20+ min; 99439 per further FULL 20 min, at most 2 units; no call needed.
Device supply (per 30-day period): 0-1 data days none; 2-15 the short code; 16-30 the standard code.
Setup (98975/99453) is billed only when the question asks for it, so the grid never includes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Ladder:
    """A minutes ladder: optional 10-minute short code, a base code, and an add-on in full blocks."""

    base: str
    base_min: int
    addon: str
    addon_unit: int
    short: str | None = None
    short_min: int = 10
    addon_max: int | None = None
    needs_call: bool = True


@dataclass(frozen=True)
class FamilyRules:
    """One family's management ladder and its device-supply codes by variant (short, standard)."""

    management: Ladder
    devices: dict[str, tuple[str, str]] = field(default_factory=dict)


TABLE: dict[str, FamilyRules] = {
    "RTM": FamilyRules(
        management=Ladder(short="98979", base="98980", base_min=20, addon="98981", addon_unit=20),
        devices={"musculoskeletal": ("98985", "98977"), "respiratory": ("98984", "98976"), "cbt": ("98986", "98978")}),
    "RPM": FamilyRules(
        management=Ladder(short="99470", base="99457", base_min=20, addon="99458", addon_unit=20),
        devices={"": ("99445", "99454")}),
    "CCM": FamilyRules(
        management=Ladder(base="99490", base_min=20, addon="99439", addon_unit=20, addon_max=2, needs_call=False)),
}

SHORT_DAYS = (2, 15)
STANDARD_DAYS = (16, 30)


def management_lines(ladder: Ladder, minutes: int | None, call: bool) -> dict[str, int]:
    """Lines a month of `minutes` earns on the ladder (none without a call when one is required)."""
    if minutes is None or (ladder.needs_call and not call):
        return {}
    if minutes >= ladder.base_min:
        units = (minutes - ladder.base_min) // ladder.addon_unit
        if ladder.addon_max is not None:
            units = min(units, ladder.addon_max)
        return {ladder.base: 1, **({ladder.addon: units} if units else {})}
    if ladder.short and minutes >= ladder.short_min:
        return {ladder.short: 1}
    return {}


def device_lines(codes: tuple[str, str] | None, days: int | None) -> dict[str, int]:
    """Lines `days` of data in a 30-day period earn: short code for 2-15, standard for 16-30."""
    if codes is None or days is None:
        return {}
    if SHORT_DAYS[0] <= days <= SHORT_DAYS[1]:
        return {codes[0]: 1}
    if STANDARD_DAYS[0] <= days:
        return {codes[1]: 1}
    return {}


def expected_lines(family: str, minutes: int | None = None, days: int | None = None, call: bool = True,
                   variant: str = "") -> dict[str, int]:
    """Return the expected billing lines {code: units} for one family's month."""
    rules = TABLE[family]
    devices = rules.devices.get(variant) if rules.devices else None
    return {**device_lines(devices, days), **management_lines(rules.management, minutes, call)}


def table_codes(family: str) -> set[str]:
    """Every code the table can emit for a family (to check the knowledge holds them)."""
    rules, lad = TABLE[family], TABLE[family].management
    codes = {lad.base, lad.addon} | ({lad.short} if lad.short else set())
    return codes | {c for pair in rules.devices.values() for c in pair}
