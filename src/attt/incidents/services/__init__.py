"""Writes of the incidents module: `incidents` (reporting and handling) and `warnings`."""
from .incidents import (incident_add_action, incident_add_evidence, incident_assign, incident_close,  # noqa: F401
                        incident_decide_serious, incident_dismiss, incident_end_response, incident_mark_notified,
                        incident_report, incident_report_public, incident_set_phase, incident_start_handling,
                        incident_verify, public_rate_exceeded)
from .warnings import (exposed_units, parse_cves, parse_products, warning_acknowledge,  # noqa: F401
                       warning_add_target, warning_confirm_fix, warning_publish, warning_remind_late)
