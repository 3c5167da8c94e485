"""Scale data for directives (`attt seed`): per seeded province, published dispatches whose tasks
are assigned to every unit of the province, with statuses and due dates spread so that the
completion matrix, the inbox and the overdue figures have realistic work. Bulk inserts only."""
from __future__ import annotations

import datetime as dt
import hashlib
import random

from django.db import transaction
from django.utils import timezone

from attt.core import clock
from attt.core.text import fold

from .models import Assignment, Directive, DirectiveDocument, Task

BATCH = 1000
TASKS = 15
DIRECTIVES_PER_PROVINCE = 1
STATUSES = [Assignment.Status.NOT_STARTED] * 8 + [Assignment.Status.IN_PROGRESS] * 4 + \
    [Assignment.Status.DONE] * 7 + [Assignment.Status.CANNOT]


@transaction.atomic
def generate(ctx) -> None:
    from attt.orgs.models import Organisation

    done = set(Directive.objects.filter(number__startswith="SEED-").values_list("province_id", flat=True))
    provinces = list(Organisation.objects.filter(pk__in=ctx.province_ids).exclude(pk__in=done).only("pk", "path", "code"))
    if not provinces:
        ctx.out(f"  seed directives already present ({len(done)} provinces)")
        return
    rng = random.Random(20251129 + len(done))
    today = clock.today()
    units_of: dict[int, list[int]] = {p.pk: [] for p in provinces}
    for pk, parent_id in Organisation.objects.filter(pk__in=ctx.unit_ids).values_list("pk", "parent_id"):
        units_of.setdefault(parent_id, []).append(pk)
    directives, tasks, assignments = [], [], 0
    for province in provinces:
        for n in range(DIRECTIVES_PER_PROVINCE):
            number = f"SEED-{province.code}-{n + 1}/CV-UBND"
            text = f"Công văn {number} về việc triển khai bảo đảm an toàn thông tin (dữ liệu mẫu)."
            doc = DirectiveDocument.objects.create(
                file=f"seed/{province.code}-{n}.txt", filename=f"{province.code}-{n}.txt",
                sha256=hashlib.sha256(text.encode()).hexdigest(), size=len(text), text=text)
            subject = "V/v triển khai các nhiệm vụ bảo đảm an toàn thông tin mạng (dữ liệu mẫu)"
            d = Directive(province=province, document=doc, number=number, subject=subject,
                          issuer="UBND tỉnh", issued_on=today - dt.timedelta(days=60),
                          doc_type=Directive.DocType.CONG_VAN, state=Directive.State.PUBLISHED,
                          published_at=timezone.now())
            d.search_text = fold(d.search_source())
            d.save()
            directives.append(d)
            made = Task.objects.bulk_create([
                Task(directive=d, position=i + 1, ref=str(i + 1),
                     text=f"Nhiệm vụ mẫu số {i + 1}: rà soát, báo cáo kết quả bảo đảm an toàn thông tin.",
                     due_on=today + dt.timedelta(days=rng.randint(-45, 90))) for i in range(TASKS)])
            tasks.extend(made)
            batch = []
            for task in made:
                for unit in units_of.get(province.pk, []):
                    status = rng.choice(STATUSES)
                    batch.append(Assignment(task=task, directive=d, organisation_id=unit, due_on=task.due_on,
                                            status=status))
                    if len(batch) >= BATCH:
                        Assignment.objects.bulk_create(batch)
                        assignments += len(batch)
                        batch = []
            Assignment.objects.bulk_create(batch)
            assignments += len(batch)
    ctx.out(f"  {len(directives)} published directives, {len(tasks)} tasks, {assignments} assignments")
