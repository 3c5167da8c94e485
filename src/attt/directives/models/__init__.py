"""Directives: imported documents, their tasks and deadlines, the assignee rules that map phrases
to organisations, the library of known documents, and the work fanned out to units."""
from .documents import Directive, DirectiveDocument, DirectiveReference, KnownDocument, Task, TaskDeadline
from .mapping import AssigneeRule
from .work import Assignment, Attachment, Notification, Reminder

__all__ = ["AssigneeRule", "Assignment", "Attachment", "Directive", "DirectiveDocument", "DirectiveReference",
           "KnownDocument", "Notification", "Reminder", "Task", "TaskDeadline"]
