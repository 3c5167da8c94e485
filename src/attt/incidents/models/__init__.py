from .incident import AffectedSystem, ClockReminder, Incident, IncidentEvent, IncidentFile, new_tracking_code
from .warning import Warning, WarningProduct, WarningReminder, WarningTarget

__all__ = ["AffectedSystem", "ClockReminder", "Incident", "IncidentEvent", "IncidentFile", "Warning", "WarningProduct",
           "WarningReminder", "WarningTarget", "new_tracking_code"]
