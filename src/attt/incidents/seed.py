"""Scale data for benchmarks (`attt seed`): incidents and warnings in realistic proportions, bulk
inserts in batches, one audit event per batch.

Proportions (a year of a province's work, per 100 units): about 200 incidents (most closed, a few
still being handled, some dismissed, one in ten reported upward), and one warning a month from the
province's police, each sent to about a fifth of its units, two thirds of which have fixed it."""
from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from attt.core import audit, clock
from attt.core.text import fold

from .models import Incident, Warning, WarningTarget

BATCH = 1000
INCIDENTS_PER_UNIT = 2
WARNINGS_PER_PROVINCE = 12
TITLES = {Incident.Kind.MALWARE: "Máy trạm nhiễm mã độc", Incident.Kind.PHISHING: "Thư điện tử giả mạo",
          Incident.Kind.DDOS: "Tấn công từ chối dịch vụ cổng thông tin", Incident.Kind.DEFACEMENT: "Trang web bị thay giao diện",
          Incident.Kind.INTRUSION: "Dò quét, xâm nhập máy chủ", Incident.Kind.OUTAGE: "Gián đoạn dịch vụ công trực tuyến",
          Incident.Kind.DATA_LEAK: "Nghi lộ dữ liệu cá nhân", Incident.Kind.RANSOMWARE: "Mã độc mã hóa dữ liệu"}
KIND_WEIGHTS = [(Incident.Kind.MALWARE, 30), (Incident.Kind.PHISHING, 25), (Incident.Kind.INTRUSION, 15),
                (Incident.Kind.DDOS, 8), (Incident.Kind.DEFACEMENT, 8), (Incident.Kind.OUTAGE, 8),
                (Incident.Kind.DATA_LEAK, 4), (Incident.Kind.RANSOMWARE, 2)]


def generate(ctx) -> None:
    from attt.orgs.models import Organisation

    want = len(ctx.unit_ids) * INCIDENTS_PER_UNIT
    have = Incident.objects.filter(reporter_name="Dữ liệu mẫu").count()
    rng = random.Random(70 + have)
    now = clock.now()
    units = list(Organisation.objects.filter(pk__in=ctx.unit_ids).values_list("pk", "parent_id"))
    kinds = [k for k, w in KIND_WEIGHTS for _i in range(w)]
    made = 0
    while have + made < want:
        n = min(BATCH, want - have - made)
        rows = []
        for _i in range(n):
            unit, _parent = units[rng.randrange(len(units))]
            kind = rng.choice(kinds)
            detected = now - dt.timedelta(days=rng.randrange(0, 365), minutes=rng.randrange(0, 1440))
            fate = rng.random()
            status = (Incident.Status.CLOSED if fate < 0.8 else Incident.Status.HANDLING if fate < 0.88
                      else Incident.Status.RECEIVED if fate < 0.95 else Incident.Status.DISMISSED)
            closed = detected + dt.timedelta(days=rng.randrange(1, 20)) if status == Incident.Status.CLOSED else None
            title = f"{TITLES[kind]} (mẫu {have + made + len(rows)})"
            incident = Incident(unit_id=unit, regime_code="legacy-nd85", title=title, kind=kind,
                                severity=rng.choice(["low", "medium", "medium", "high", "critical"]),
                                reporter_name="Dữ liệu mẫu", description=f"{title}: phát hiện qua giám sát.",
                                detected_at=detected, received_at=detected + dt.timedelta(minutes=30), status=status,
                                closed_at=closed if closed and closed < now else None,
                                dismissed_at=detected if status == Incident.Status.DISMISSED else None,
                                notified_at=detected + dt.timedelta(hours=20) if rng.random() < 0.1 else None)
            incident.search_text = fold(incident.search_source())
            rows.append(incident)
        with transaction.atomic():
            Incident.objects.bulk_create(rows, batch_size=BATCH)
            audit.record(actor=None, action="seed.incidents", object_type="incidents.incident", object_id="",
                         object_repr=f"{len(rows)} sự cố mẫu", changes={"incidents": len(rows)})
        made += n
    warnings = _warnings(ctx, rng, units, now)
    ctx.out(f"  {made} incidents ({have + made} in all), {warnings} warnings")


def _warnings(ctx, rng, units, now) -> int:
    from attt.orgs.models import Organisation

    if Warning.objects.filter(title__startswith="Cảnh báo mẫu").exists():
        return 0
    police = dict(Organisation.objects.filter(parent_id__in=ctx.province_ids, kind=Organisation.Kind.POLICE)
                  .values_list("parent_id", "pk"))
    by_province: dict[int, list[int]] = {}
    for unit, parent in units:
        by_province.setdefault(parent, []).append(unit)
    made = 0
    for province in ctx.province_ids:
        issuer = police.get(province, province)
        with transaction.atomic():
            warnings = []
            for m in range(WARNINGS_PER_PROVINCE):
                published = now - dt.timedelta(days=30 * m + rng.randrange(0, 20))
                w = Warning(issuer_id=issuer, title=f"Cảnh báo mẫu {m + 1}: lỗ hổng phần mềm phổ biến",
                            severity=rng.choice(["medium", "high", "high", "critical"]),
                            cves=[f"CVE-2026-{10000 + m}"], description="Lỗ hổng cho phép thực thi mã từ xa (mẫu).",
                            recommended_actions="Cập nhật bản vá của nhà sản xuất.", published_at=published,
                            deadline=(published + dt.timedelta(days=15)).date())
                w.search_text = fold(f"{w.title} {' '.join(w.cves)}")
                warnings.append(w)
            warnings = Warning.objects.bulk_create(warnings)
            targets = []
            for w in warnings:
                pool = by_province.get(province, [])
                for unit in rng.sample(pool, k=max(1, len(pool) // 5)) if pool else []:
                    fixed = w.published_at + dt.timedelta(days=rng.randrange(1, 20)) if rng.random() < 0.66 else None
                    targets.append(WarningTarget(warning=w, unit_id=unit, how="manual",
                                                 acknowledged_at=w.published_at + dt.timedelta(days=1),
                                                 fixed_at=fixed if fixed and fixed < now else None))
            WarningTarget.objects.bulk_create(targets, batch_size=BATCH)
            audit.record(actor=None, action="seed.warnings", object_type="incidents.warning", object_id="",
                         object_repr=f"{len(warnings)} cảnh báo mẫu",
                         changes={"warnings": len(warnings), "targets": len(targets)})
        made += len(warnings)
    return made
