"""The report sections: a small registry of data providers.

A section has a code, a title, the columns of its annex rows, and a provider
`provide(organisation, period, user) -> SectionData` that reads the organisation's subtree for
the period through the real models and selectors of the modules (every read starts from what
`user` may see). Figures are (key, label, value) triples, stored in the report when it is generated;
rows are an iterable, streamed into the report's stored rows and from there into exports.
Optional hooks feed the dashboard: `by_unit(province, period, user) -> {unit_id: n}` and
`series(province, period, user) -> [(label, n)]`. Errors are not swallowed: a provider that
cannot read its module fails loudly.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

UNIT = "unit"
PROVINCE = "province"


@dataclass
class SectionData:
    available: bool = True
    note: str = ""
    figures: list = field(default_factory=list)  # [(key, label, value)]
    rows: Iterable | None = None  # iterable of lists, same length as the section's columns

    def as_json(self) -> dict:
        return {"available": self.available, "note": str(self.note),
                "figures": [[k, str(label), _plain(v)] for k, label, v in self.figures]}


def _plain(value):
    import decimal

    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    order: int
    columns: tuple
    provide: Callable
    scopes: tuple = (UNIT, PROVINCE)
    by_unit: Callable | None = None
    series: Callable | None = None
    chart: Callable | None = None  # (figures json) -> charts.Chart | None
    # the figures the dashboard reads on every request, when cheaper than `provide` (which the
    # reports and the unit page use): same keys and definitions, without the costly extras
    dashboard: Callable | None = None


REGISTRY: dict[str, Section] = {}

MODULES = ["organisations", "province_units", "coverage", "systems", "vulnerabilities", "layers", "dossiers",
           "controls", "preparedness", "incidents", "warnings", "duties", "tasks"]


def register(section: Section) -> Section:
    REGISTRY[section.code] = section
    return section


def load() -> None:
    for name in MODULES:
        importlib.import_module(f"{__name__}.{name}")


def for_scope(scope: str) -> list[Section]:
    if not REGISTRY:
        load()
    return sorted((s for s in REGISTRY.values() if scope in s.scopes), key=lambda s: s.order)


def get(code: str) -> Section | None:
    if not REGISTRY:
        load()
    return REGISTRY.get(code)
