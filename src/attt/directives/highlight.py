"""The source text as HTML with each task's sentence and each deadline marked (<mark>), from the
character spans of the extraction. Everything else is escaped."""
from __future__ import annotations

from itertools import pairwise

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def highlight(text: str, marks: list[tuple[int, int, str, str]]) -> SafeString:
    """`marks` are (start, end, kind, anchor) with kind "task" or "deadline"; deadlines win where
    both cover a character. The first segment of a mark with an anchor carries its id."""
    n = len(text)
    cuts = {0, n}
    clean = []
    for start, end, kind, anchor in marks:
        start, end = max(0, int(start)), min(n, int(end))
        if start < end:
            clean.append((start, end, kind, anchor))
            cuts.update((start, end))
    bounds = sorted(cuts)
    out = []
    anchored = set()
    for left, right in pairwise(bounds):
        covering = [m for m in clean if m[0] <= left and right <= m[1]]
        piece = escape(text[left:right])
        if not covering:
            out.append(piece)
            continue
        deadline = next((m for m in covering if m[2] == "deadline"), None)
        task = next((m for m in covering if m[2] == "task"), None)
        chosen = deadline or task
        attrs = f' class="hl-{chosen[2]}"'
        if task is not None:
            attrs += f' data-task="{escape(task[3])}"'
        for m in (task, deadline):
            if m is not None and m[3] and (m[2], m[3]) not in anchored and m[0] == left:
                anchored.add((m[2], m[3]))
                attrs += f' id="{escape(m[2])}-{escape(m[3])}"'
                break
        out.append(f"<mark{attrs}>{piece}</mark>")
    return mark_safe("".join(out))


def marks_for(tasks, reference_spans=()) -> list[tuple[int, int, str, str]]:
    marks = []
    for task in tasks:
        for span in task.spans or []:
            if span and len(span) == 2:
                marks.append((span[0], span[1], "task", str(task.pk)))
        for deadline in task.deadlines.all():
            if deadline.span and len(deadline.span) == 2:
                marks.append((deadline.span[0], deadline.span[1], "deadline", f"{task.pk}-{deadline.pk}"))
    return marks
