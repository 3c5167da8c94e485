"""Scan import: stream a scan file into findings, in batches, all or nothing.

Per batch of 1,000 findings: one SELECT of the known hashes, one multi-row INSERT of the new
findings, one UPDATE of the seen ones, and (only when some reappear) one UPDATE and one INSERT
for the reopened: a constant number of queries, whatever the file size.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import uuid
from collections import Counter

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from attt.core import audit, clock, jobs, rules
from attt.core.errors import DomainError

from .. import sla
from ..models import Finding, FindingEvent, HostAssignment, HostScan, Scan
from ..scanparse import ScanError, detect, parse
from .matching import HostMatcher, systems_in_unit
from .tally import refresh_tally

BATCH = 1000
INPUT_DIR = "jobs/input/scans"
FORMAT_NAMES = {"nessus": "Nessus (.nessus v2)", "openvas": "OpenVAS/Greenbone XML", "nmap": "Nmap XML",
                "nuclei": "Nuclei JSON/JSONL", "csv": "CSV"}
ERRORS = {
    "unknown_format": gettext_lazy("Không nhận ra định dạng tệp. ATTT nhận bản quét Nessus (.nessus), "
                                   "OpenVAS/Greenbone XML, Nmap XML (-oX), Nuclei JSON/JSONL và tệp CSV theo mẫu."),
    "malformed": gettext_lazy("Tệp bản quét bị lỗi cấu trúc (XML/JSON không hợp lệ, vị trí %(detail)s); "
                              "không có gì được nhập."),
    "truncated": gettext_lazy("Tệp bản quét bị cắt cụt (kết thúc giữa chừng); hãy xuất lại tệp từ công cụ quét. "
                              "Không có gì được nhập."),
    "entities": gettext_lazy("Tệp XML chứa khai báo thực thể (entity) - có thể là tấn công XXE hoặc "
                             "\"bom thực thể\"; tệp bị từ chối, không có gì được nhập."),
    "empty": gettext_lazy("Bản quét không có máy hay kết quả nào; không có gì được nhập."),
    "bad_line": gettext_lazy("Dòng %(detail)s không phải là một kết quả quét hợp lệ; không có gì được nhập."),
    "bad_csv": gettext_lazy("Tệp CSV không đúng mẫu (thiếu cột: %(detail)s); xem mẫu trong hướng dẫn."),
    "too_large": gettext_lazy("Tệp quá lớn (%(detail)s MB); giới hạn là %(limit)s MB."),
}


def max_bytes() -> int:
    return int(getattr(settings, "ATTT_SCAN_MAX_BYTES", 512 * 1024 * 1024))


def scan_error(exc: ScanError) -> DomainError:
    message = ERRORS.get(exc.code, ERRORS["malformed"])
    return DomainError(str(message) % {"detail": exc.detail, "limit": max_bytes() // 1048576}, code=exc.code,
                       field="file")


def _check_size(size: int) -> None:
    if size > max_bytes():
        raise scan_error(ScanError("too_large", str(size // 1048576)))
    if size == 0:
        raise scan_error(ScanError("empty"))


def _target_system(actor, organisation, system):
    if system is None:
        return None
    if not systems_in_unit(organisation).filter(pk=system.pk).exists():
        raise DomainError(_("Hệ thống không thuộc phạm vi của đơn vị nhập bản quét."), field="system")
    if actor is not None:
        rules.require(actor, "scan.import", system)
    return system


def scan_import_start(*, actor, organisation, upload, system=None):
    """Keep the uploaded file and import it as a job (the page shows its progress)."""
    from django.core.files.storage import default_storage

    rules.require(actor, "scan.import", organisation)
    _target_system(actor, organisation, system)
    _check_size(upload.size or 0)
    upload.seek(0)
    try:
        detect(upload.read(8192))
    except ScanError as exc:
        raise scan_error(exc) from None
    upload.seek(0)
    name = os.path.basename(upload.name or "scan")[-150:]
    with transaction.atomic():
        stored = default_storage.save(f"{INPUT_DIR}/{uuid.uuid4().hex}/{name}", upload)
        target = f"org:{organisation.pk}"
        return jobs.job_start(actor=actor, kind="vulns.import", label=_("Nhập bản quét %(f)s") % {"f": name},
                              params={"org": organisation.pk, "system": getattr(system, "pk", None),
                                      "stored": stored, "filename": name},
                              organisation=organisation, target=target)


class _Importer:
    def __init__(self, scan: Scan, matcher: HostMatcher, levels: dict[int, int | None]):
        self.scan, self.matcher, self.levels = scan, matcher, levels
        self.now = clock.now()
        self.today = clock.today()
        self.hosts: set[str] = set()
        self.covered: dict[int, set[str]] = {}
        self.unmatched: Counter = Counter()
        self.by_severity: Counter = Counter()
        self.counts = Counter()
        self.seen_pks: set[int] = set()

    def flush(self, batch: list) -> None:
        if not batch:
            return
        keyed = {(system_id, digest): raw for raw, system_id, digest in batch}
        known = {(sid, h): (pk, state) for pk, sid, h, state in self.lookup([h for _s, h in keyed])}
        new, seen_ids, reopen_ids = [], [], []
        for (system_id, digest), raw in keyed.items():
            if (system_id, digest) in known:
                pk, state = known[(system_id, digest)]
                if state == Finding.State.FIXED:
                    reopen_ids.append(pk)
                else:
                    seen_ids.append(pk)
                continue
            new.append(self.row(raw, system_id, digest))
        if new:
            self.insert(new)
        # Known findings are not rewritten: the scan's coverage of their host (HostScan) says when
        # they were last seen; only the pks are kept, to tell the absent ones at the end.
        self.seen_pks.update(seen_ids)
        if reopen_ids:
            Finding.objects.filter(pk__in=reopen_ids).update(
                state=Finding.State.OPEN, active=True, fixed_at=None, closed_by_scan=None, reopened=F("reopened") + 1,
                last_seen=self.now, last_scan=self.scan)
            FindingEvent.objects.bulk_create([FindingEvent(finding_id=pk, kind=FindingEvent.Kind.REOPENED, at=self.now,
                                                           scan=self.scan, text=str(self.scan)) for pk in reopen_ids])
        self.counts.update(new=len(new), known=len(seen_ids), reopened=len(reopen_ids))

    def lookup(self, hashes: list[str]):
        """(pk, system_id, hash, state) of the stored findings with these hashes: one query. On
        PostgreSQL one array parameter (`= ANY`) instead of 1,000 literals to parse and plan."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT id, system_id, hash, state FROM {Finding._meta.db_table} "
                               "WHERE hash = ANY(%s::varchar[])", [hashes])
                return cursor.fetchall()
        return Finding.objects.filter(hash__in=hashes).values_list("pk", "system_id", "hash", "state")

    # New findings go in with one multi-row INSERT (executemany) per batch: building 1,000 model
    # instances and letting bulk_create compile them costs more than the database's own work.
    COLUMNS = ("system_id", "scanner", "hash", "host", "port", "protocol", "plugin_id", "title", "severity", "cves",
               "cve_text", "description", "solution", "state", "active", "first_seen", "last_seen", "due_date", "fixed_at",
               "first_scan_id", "last_scan_id", "closed_by_scan_id", "reopened", "risk_reason", "risk_expires",
               "risk_requested_by_id", "risk_approved_by_id", "owner_path", "operator_path")

    def row(self, raw, system_id: int, digest: str) -> tuple:
        ops = connection.ops
        if not hasattr(self, "_now_db"):
            self._now_db = ops.adapt_datetimefield_value(self.now)
            self._json = Finding._meta.get_field("cves")
            self._due: dict = {}
        due_key = (raw.severity, self.levels.get(system_id))
        if due_key not in self._due:
            self._due[due_key] = ops.adapt_datefield_value(sla.due_date(raw.severity, due_key[1], self.today))
        cves = sorted(set(raw.cves))
        owner, operator = self.levels_paths[system_id]
        return (system_id, raw.scanner, digest, raw.host[:300], raw.port[:10], raw.protocol[:20], raw.plugin_id[:200],
                (raw.title or raw.plugin_id)[:500], raw.severity, self._json.get_db_prep_save(cves, connection),
                (" " + " ".join(cves) + " ")[:1000] if cves else "", raw.description, raw.solution,
                Finding.State.OPEN.value, True, self._now_db, self._now_db, self._due[due_key], None, self.scan.pk,
                self.scan.pk, None, 0, "", None, None, None, owner, operator)

    def insert(self, rows: list[tuple]) -> None:
        qn = connection.ops.quote_name
        sql = (f"INSERT INTO {qn(Finding._meta.db_table)} ({', '.join(qn(c) for c in self.COLUMNS)}) "
               f"VALUES ({', '.join(['%s'] * len(self.COLUMNS))})")
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # one COPY per batch: PostgreSQL's bulk load
                json_at = self.COLUMNS.index("cves")
                columns = ", ".join(qn(c) for c in self.COLUMNS)
                with cursor.cursor.copy(f"COPY {qn(Finding._meta.db_table)} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        row = list(row)
                        row[json_at] = json.dumps(row[json_at].obj if hasattr(row[json_at], "obj") else row[json_at])
                        copy.write_row(row)
            else:  # SQLite: executemany of one prepared statement is its fastest bulk insert
                cursor.executemany(sql, rows)

    def close_absent(self, fmt: str) -> int:
        """Close the open findings of the covered hosts that this scan did not report: read their
        ids (new and reopened ones carry this scan), drop the seen ones, update the rest by 1,000."""
        absent = []
        for system_id, hosts in self.covered.items():
            hosts = sorted(hosts)
            for start in range(0, len(hosts), 500):
                ids = Finding.objects.filter(system_id=system_id, scanner=fmt, host__in=hosts[start:start + 500],
                                             state=Finding.State.OPEN).exclude(last_scan=self.scan).values_list(
                    "pk", flat=True)
                absent.extend(pk for pk in ids.iterator(chunk_size=5000) if pk not in self.seen_pks)
        for start in range(0, len(absent), BATCH):
            Finding.objects.filter(pk__in=absent[start:start + BATCH]).update(
                state=Finding.State.FIXED, active=False, fixed_at=self.now, closed_by_scan=self.scan)
        return len(absent)

    def record_coverage(self, fmt: str) -> None:
        """One row per (system, host, scanner): the last scan that covered it. An open finding of a
        host covered later was seen by that scan (else the scan would have closed it)."""
        pairs = [(sid, h[:300]) for sid, hosts in self.covered.items() for h in hosts]
        existing = {}
        for start in range(0, len(pairs), 500):
            chunk = pairs[start:start + 500]
            for row in HostScan.objects.filter(scanner=fmt, system_id__in={p[0] for p in chunk},
                                               host__in={p[1] for p in chunk}):
                existing[(row.system_id, row.host)] = row
        new = [HostScan(system_id=sid, host=h, scanner=fmt, last_scan=self.scan, last_seen=self.now)
               for sid, h in pairs if (sid, h) not in existing]
        HostScan.objects.bulk_create(new, batch_size=BATCH)
        old = list(existing.values())
        for row in old:
            row.last_scan, row.last_seen = self.scan, self.now
        HostScan.objects.bulk_update(old, ["last_scan", "last_seen"], batch_size=BATCH)

def _fulfil_scan_duty(*, actor, scan: Scan, system_ids) -> int:
    """The imported scan fulfils each covered system's `vulnerability-scan` duty (shared API)."""
    try:
        from attt.obligations.fulfilment import fulfil_by_record
    except ImportError:  # the shared API has not landed on this branch
        return 0
    from attt.systems.models import System

    done = 0
    for system in System.objects.filter(pk__in=system_ids).select_related("owner", "operator"):
        done += len(fulfil_by_record(actor=actor, duty="vulnerability-scan", organisation=system.operator,
                                     system=system, on=clock.today(), record=scan,
                                     label=_("Bản quét %(f)s") % {"f": scan.filename}) or [])
    return done


def scan_import(*, actor, organisation, stream, filename: str, system=None, progress=None) -> Scan:
    """Import one scan file (a seekable binary stream) for `organisation`; all or nothing.
    `actor` None is the operator's command line (no user, no rule check)."""
    if actor is not None:
        rules.require(actor, "scan.import", organisation)
    system = _target_system(actor, organisation, system)
    progress = progress or (lambda *a, **k: None)
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    _check_size(size)
    stream.seek(0)
    try:
        fmt = detect(stream.read(8192))
    except ScanError as exc:
        raise scan_error(exc) from None
    stream.seek(0)
    progress(5, _("Đang đọc bản quét %(f)s") % {"f": FORMAT_NAMES[fmt]})
    try:
        with transaction.atomic():
            return _import(actor, organisation, stream, filename, system, fmt, size, progress)
    except ScanError as exc:
        raise scan_error(exc) from None


def _import(actor, organisation, stream, filename, system, fmt, size, progress) -> Scan:
    scan = Scan(organisation=organisation, system=system, scanner=fmt, filename=filename[:255], imported_at=clock.now(),
                imported_by=actor if getattr(actor, "is_authenticated", False) else None)
    scan.save()
    scope = systems_in_unit(organisation)
    if actor is not None and not getattr(actor, "is_superuser", False):
        from attt.systems.models import System

        scope = scope.filter(pk__in=System.objects.visible_to(actor).values("pk"))
    rows = scope.values_list("pk", "approved_level", "proposed_level", "owner_path", "operator_path")
    importer = _Importer(scan, HostMatcher(organisation, only_system=system), {})
    importer.levels = {pk: a or p for pk, a, p, _o, _op in rows}
    importer.levels_paths = {pk: (o, op) for pk, _a, _p, o, op in rows}
    file_digest = hashlib.sha256()
    batch, total = [], 0
    for raw in parse(fmt, io.BufferedReader(_Hashing(stream, file_digest), 1 << 16)):
        total += 1
        importer.hosts.add(raw.host)
        importer.by_severity[raw.severity] += 1
        system_id = importer.matcher.match(raw.host, raw.hostname)
        if system_id is None or system_id not in importer.levels:
            importer.unmatched[raw.host] += 1
            continue
        importer.covered.setdefault(system_id, set()).add(raw.host)
        # A finding repeated in the file: within a batch the dict below keeps one; across batches
        # the lookup finds the copy an earlier batch stored. No per-file set: memory stays flat.
        batch.append((raw, system_id, raw.hash))
        if len(batch) >= BATCH:
            importer.flush(batch)
            batch = []
            progress(5 + 85 * stream.tell() / max(size, 1), _("Đã đọc %(n)s kết quả") % {"n": total})
    importer.flush(batch)
    if total == 0:
        raise ScanError("empty")
    progress(92, _("Đang đóng các lỗ hổng không còn thấy"))
    closed = importer.close_absent(fmt)
    importer.record_coverage(fmt)
    refresh_tally(importer.covered)
    _remember_unmatched(organisation, scan, importer.unmatched)
    fulfilled = _fulfil_scan_duty(actor=actor, scan=scan, system_ids=list(importer.covered))
    scan.sha256 = file_digest.hexdigest()
    scan.summary = {
        "format": fmt, "format_name": FORMAT_NAMES[fmt], "hosts": len(importer.hosts), "findings": total,
        "by_severity": {str(k): importer.by_severity.get(k, 0) for k in range(5)},
        "new": importer.counts["new"], "known": importer.counts["known"], "reopened": importer.counts["reopened"],
        "closed": closed, "systems": sorted(importer.covered), "duties_fulfilled": fulfilled,
        "unmatched_hosts": [{"host": h, "findings": n} for h, n in importer.unmatched.most_common(500)],
    }
    scan.save(update_fields=["sha256", "summary", "updated_at"])
    audit.record(actor=actor, action="scan.import", obj=scan, organisation=organisation,
                 changes={k: scan.summary[k] for k in ("format", "hosts", "findings", "new", "known", "reopened",
                                                       "closed")})
    return scan


class _Hashing(io.RawIOBase):
    """Reads through to the stream and feeds the SHA-256 of the file on the way."""

    def __init__(self, stream, digest):
        self.stream, self.digest = stream, digest

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.stream.read(len(buffer))
        self.digest.update(data)
        buffer[:len(data)] = data
        return len(data)


def _remember_unmatched(organisation, scan, unmatched: Counter) -> None:
    if not unmatched:
        return
    hosts = list(unmatched)
    existing = {}
    for start in range(0, len(hosts), 500):
        existing.update({a.host: a for a in HostAssignment.objects.filter(organisation=organisation,
                                                                           host__in=hosts[start:start + 500])})
    new, old = [], []
    for host, n in unmatched.items():
        if host in existing:
            a = existing[host]
            a.last_scan, a.findings_seen = scan, n
            old.append(a)
        else:
            new.append(HostAssignment(organisation=organisation, org_path=organisation.path, host=host[:300],
                                      last_scan=scan, findings_seen=n))
    HostAssignment.objects.bulk_create(new, batch_size=BATCH)
    if old:
        HostAssignment.objects.bulk_update(old, ["last_scan", "findings_seen"], batch_size=BATCH)
