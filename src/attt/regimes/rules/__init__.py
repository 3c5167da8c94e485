"""Pure rule engine for ATTT regimes: no Django import anywhere in this package.

Load a regime from YAML, classify a system's level from questionnaire facts, compute
working-day deadlines and the occurrences of recurring duties.
"""

from .classify import (
    Classification,
    CompositeClassification,
    classify,
    classify_composite,
    is_serious_incident,
    matching_criteria,
)
from .conditions import Condition, FactSpec, evaluate, normalise_facts, parse
from .errors import CalendarRangeError, FactError, RegimeError
from .load import load_all, load_regime, load_regime_data
from .model import (
    BudgetShare,
    Clock,
    Criterion,
    DesignMeasure,
    DossierPart,
    DueRule,
    Duty,
    IncidentClock,
    LevelAuthority,
    Regime,
    Requirement,
    SeriousIncidentRule,
    Setting,
    SettingRef,
    Source,
)
from .schedule import Occurrence, add_months, duties_for, occurrences
from .workdays import Holiday, WorkCalendar, as_clock

__all__ = [
    "BudgetShare",
    "CalendarRangeError",
    "Classification",
    "Clock",
    "CompositeClassification",
    "Condition",
    "Criterion",
    "DesignMeasure",
    "DossierPart",
    "DueRule",
    "Duty",
    "FactError",
    "FactSpec",
    "Holiday",
    "IncidentClock",
    "LevelAuthority",
    "Occurrence",
    "Regime",
    "RegimeError",
    "Requirement",
    "SeriousIncidentRule",
    "Setting",
    "SettingRef",
    "Source",
    "WorkCalendar",
    "add_months",
    "as_clock",
    "classify",
    "classify_composite",
    "duties_for",
    "evaluate",
    "is_serious_incident",
    "load_all",
    "load_regime",
    "load_regime_data",
    "matching_criteria",
    "normalise_facts",
    "occurrences",
    "parse",
]
