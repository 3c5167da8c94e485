"""Writes of the directives module. Each checks permission first, runs in one transaction and
leaves its audit event; mail goes out after commit."""
from .imports import directive_import, province_of
from .publish import assignment_respond, directive_publish, directive_publish_start
from .reminders import REMIND as REMIND_KIND
from .reminders import directive_remind_late, directive_remind_start, notifications_mark_read, reminders_send_due
from .review import (
                     assignee_rule_delete,
                     assignee_rule_save,
                     directive_update,
                     task_create,
                     task_delete,
                     task_update,
)

__all__ = ["assignee_rule_delete", "assignee_rule_save", "assignment_respond", "directive_import",
           "directive_publish", "directive_publish_start", "directive_remind_late", "directive_remind_start", "directive_update", "notifications_mark_read",
           "province_of", "reminders_send_due", "task_create", "task_delete", "task_update"]
