"""Writes of the incidents module: `incidents` (reporting and handling) and `warnings`."""
from .clock_reminders import clock_reminders_send  # noqa: F401
from .incidents import (  # noqa: F401
                        incident_add_action,
                        incident_add_evidence,
                        incident_add_note,
                        incident_assign,
                        incident_close,
                        incident_decide_serious,
                        incident_dismiss,
                        incident_end_response,
                        incident_mark_notified,
                        incident_report,
                        incident_report_public,
                        incident_set_phase,
                        incident_start_handling,
                        incident_verify,
                        public_rate_exceeded,
)
from .warnings import (  # noqa: F401
                        exposed_units,
                        parse_cves,
                        parse_products,
                        warning_acknowledge,
                        warning_add_target,
                        warning_confirm_fix,
                        warning_publish,
                        warning_remind_late,
                        warning_remind_start,
)
