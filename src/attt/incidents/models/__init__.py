from .incident import AffectedSystem, Incident, IncidentEvent, IncidentFile, new_tracking_code
from .warning import Warning, WarningProduct, WarningReminder, WarningTarget

__all__ = ["AffectedSystem", "Incident", "IncidentEvent", "IncidentFile", "Warning", "WarningProduct",
           "WarningReminder", "WarningTarget", "new_tracking_code"]
