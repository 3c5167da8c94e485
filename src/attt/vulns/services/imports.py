"""Scan import: stream a scan file into findings, in batches, all or nothing.

Per batch of 1,000 findings: one SELECT of the known hashes, one multi-row INSERT of the new
findings, one INSERT of the ids of the open ones seen again into a temporary table, and (only when
some reappear) one UPDATE and one INSERT for the reopened: a constant number of queries, whatever
the file size. At the end one UPDATE closes the open findings of the covered hosts that the scan
neither added, reopened nor saw (the temporary tables say which), so memory does not grow with the
number of findings. Findings of hosts that match no system are kept as PendingFinding (one upsert
per batch) until the unit assigns the host (services/pending.py).
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
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from attt.core import audit, clock, jobs, rules
from attt.core.errors import DomainError
from attt.core.numbers import num

from .. import sla

from ..models import Finding, FindingEvent, HostAssignment, HostScan, PendingFinding, Scan
from ..scanparse import ScanError, count_hint, detect, parse
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


# Temporary tables of one import (one connection, dropped at its end; on PostgreSQL also at commit):
# the ids of the open findings the scan saw again, and the (system, host) pairs it covered.
SEEN = "vulns_import_seen"
COVERED = "vulns_import_covered"


def _temp_tables() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {SEEN} (id bigint PRIMARY KEY) ON COMMIT DROP")
            cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {COVERED} (system_id bigint NOT NULL, "
                           "host varchar(300) NOT NULL, PRIMARY KEY (system_id, host)) ON COMMIT DROP")
        else:
            cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {SEEN} (id INTEGER PRIMARY KEY)")
            cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {COVERED} (system_id INTEGER NOT NULL, "
                           "host TEXT NOT NULL, PRIMARY KEY (system_id, host))")
        cursor.execute(f"DELETE FROM {SEEN}")
        cursor.execute(f"DELETE FROM {COVERED}")


def _temp_tables_drop() -> None:
    schema = "pg_temp" if connection.vendor == "postgresql" else "temp"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {schema}.{SEEN}")
        cursor.execute(f"DROP TABLE IF EXISTS {schema}.{COVERED}")


class _Importer:
    def __init__(self, scan: Scan, matcher: HostMatcher, levels: dict[int, int | None], organisation=None):
        self.scan, self.matcher, self.levels = scan, matcher, levels
        self.organisation = organisation if organisation is not None else scan.organisation
        self.now = clock.now()
        self.today = clock.today()
        self.hosts: set[str] = set()
        self.covered: dict[int, set[str]] = {}
        self.unmatched: Counter = Counter()
        self.by_severity: Counter = Counter()
        self.counts = Counter()
        self.assignments: dict[str, int] = {}  # unmatched host -> its HostAssignment (per host, not per finding)
        _temp_tables()

    def flush(self, batch: list) -> None:
        if not batch:
            return
        keyed = {(system_id, digest): raw for raw, system_id, digest in batch}
        known = {(sid, h): (pk, state) for pk, sid, h, state in self.lookup([h for _s, h in keyed])}
        new, seen_ids, open_ids, reopen_ids = [], [], [], []
        for (system_id, digest), raw in keyed.items():
            if (system_id, digest) in known:
                pk, state = known[(system_id, digest)]
                if state == Finding.State.FIXED:
                    reopen_ids.append(pk)
                else:
                    seen_ids.append(pk)
                    if state == Finding.State.OPEN:
                        open_ids.append(pk)
                continue
            new.append(self.row(raw, system_id, digest))
        if new:
            self.insert(new)
        # Known findings are not rewritten: the scan's coverage of their host (HostScan) says when
        # they were last seen. The ids of the open ones go to a temporary table, in the database,
        # to tell the absent ones at the end (a Python set of them grew ~60 MB per million).
        if open_ids:
            self.mark_seen(open_ids)
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

    def mark_seen(self, ids: list[int]) -> None:
        """One INSERT of these finding ids into the temporary table of the ones seen again."""
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"INSERT INTO {SEEN} (id) SELECT unnest(%s::bigint[]) ON CONFLICT DO NOTHING", [ids])
            else:
                cursor.executemany(f"INSERT OR IGNORE INTO {SEEN} (id) VALUES (%s)", [(pk,) for pk in ids])

    def close_absent(self, fmt: str) -> int:
        """Close, with one UPDATE, the open findings of this scanner on the covered (system, host)
        pairs that this scan did not report: not added or reopened by it (those carry it as their
        last scan) and not among the ids seen again. The pairs (as many as hosts, not findings) go
        to a second temporary table; the join starts from them, through the finding's system index."""
        pairs = sorted({(sid, h[:300]) for sid, hosts in self.covered.items() for h in hosts})
        if not pairs:
            return 0
        table, qn = Finding._meta.db_table, connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {COVERED} (system_id, host) VALUES (%s, %s)", pairs)
            if connection.vendor == "postgresql":  # temporary tables have no statistics until analysed
                cursor.execute(f"ANALYZE {SEEN}")
                cursor.execute(f"ANALYZE {COVERED}")
            cursor.execute(
                f"UPDATE {qn(table)} SET state = %s, active = %s, fixed_at = %s, closed_by_scan_id = %s "
                f"WHERE id IN (SELECT f.id FROM {COVERED} c JOIN {qn(table)} f "
                "ON f.system_id = c.system_id AND f.host = c.host "
                "WHERE f.scanner = %s AND f.state = %s AND f.last_scan_id <> %s "
                f"AND NOT EXISTS (SELECT 1 FROM {SEEN} s WHERE s.id = f.id))",
                [Finding.State.FIXED.value, False, connection.ops.adapt_datetimefield_value(self.now), self.scan.pk,
                 fmt, Finding.State.OPEN.value, self.scan.pk])
            return cursor.rowcount

    # --- findings of hosts that match no system: kept, pending the unit's assignment ----------------

    PENDING_UPDATE = ("port", "protocol", "plugin_id", "title", "severity", "cves", "description", "solution",
                      "last_seen", "last_scan")

    def keep_pending(self, batch: list) -> None:
        """One upsert of a batch of unmatched findings on (host's assignment, hash): a later scan of
        the host updates them, never duplicates them."""
        if not batch:
            return
        ids = self.assignment_ids({raw.host[:300] for raw in batch})
        rows = {}
        for raw in batch:
            aid = ids[raw.host[:300]]
            rows[(aid, raw.hash)] = PendingFinding(
                assignment_id=aid, org_path=self.organisation.path, scanner=raw.scanner, hash=raw.hash,
                host=raw.host[:300], port=raw.port[:10], protocol=raw.protocol[:20], plugin_id=raw.plugin_id[:200],
                title=(raw.title or raw.plugin_id)[:500], severity=raw.severity, cves=sorted(set(raw.cves)),
                description=raw.description, solution=raw.solution, first_seen=self.now, last_seen=self.now,
                first_scan=self.scan, last_scan=self.scan)
        if connection.vendor == "postgresql":  # one multi-row INSERT ... ON CONFLICT
            PendingFinding.objects.bulk_create(list(rows.values()), update_conflicts=True,
                                               unique_fields=["assignment", "hash"], update_fields=self.PENDING_UPDATE)
        else:  # SQLite: Django would split the batch by 999 parameters; one prepared upsert, executemany
            self.upsert_pending_sqlite(rows.values())
        self.counts.update(pending=len(rows))

    def upsert_pending_sqlite(self, rows) -> None:
        meta, qn = PendingFinding._meta, connection.ops.quote_name
        fields = [f for f in meta.concrete_fields if not f.primary_key]
        columns = [f.column for f in fields]
        updates = {meta.get_field(name).column for name in self.PENDING_UPDATE}
        sql = (f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(c) for c in columns)}) "
               f"VALUES ({', '.join(['%s'] * len(columns))}) ON CONFLICT ({qn('assignment_id')}, {qn('hash')}) "
               f"DO UPDATE SET {', '.join(f'{qn(c)} = excluded.{qn(c)}' for c in columns if c in updates)}")
        with connection.cursor() as cursor:
            cursor.executemany(sql, [tuple(f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields)
                                     for obj in rows])

    def assignment_ids(self, hosts: set[str]) -> dict[str, int]:
        """The HostAssignment of each unmatched host, created the first time the unit's scans see it;
        remembered for the import (one entry per host)."""
        missing = sorted(hosts - self.assignments.keys())
        for start in range(0, len(missing), 500):
            chunk = missing[start:start + 500]
            found = dict(HostAssignment.objects.filter(organisation=self.organisation, host__in=chunk)
                         .values_list("host", "pk"))
            new = [HostAssignment(organisation=self.organisation, org_path=self.organisation.path, host=h,
                                  last_scan=self.scan) for h in chunk if h not in found]
            for a in HostAssignment.objects.bulk_create(new):
                found[a.host] = a.pk
            self.assignments.update(found)
        return self.assignments

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
    expected = count_hint(fmt, stream)  # a byte count (no parse), for "40.000/100.000" in the progress
    stream.seek(0)
    progress(5, _("Đang đọc bản quét %(f)s") % {"f": FORMAT_NAMES[fmt]})
    try:
        with transaction.atomic():
            return _import(actor, organisation, stream, filename, system, fmt, size, progress, expected)
    except ScanError as exc:
        raise scan_error(exc) from None


def _progress_step(done: int, expected: int | None) -> str:
    if expected:
        return _("Đã xử lý %(n)s/%(t)s phát hiện") % {"n": num(done), "t": num(max(done, expected))}
    return _("Đã xử lý %(n)s phát hiện") % {"n": num(done)}


def _import(actor, organisation, stream, filename, system, fmt, size, progress, expected=None) -> Scan:
    scan = Scan(organisation=organisation, system=system, scanner=fmt, filename=filename[:255], imported_at=clock.now(),
                imported_by=actor if getattr(actor, "is_authenticated", False) else None)
    scan.save()
    scope = systems_in_unit(organisation)
    if actor is not None and not getattr(actor, "is_superuser", False):
        from attt.systems.models import System

        scope = scope.filter(pk__in=System.objects.visible_to(actor).values("pk"))
    rows = scope.values_list("pk", "approved_level", "proposed_level", "owner_path", "operator_path")
    importer = _Importer(scan, HostMatcher(organisation, only_system=system), {}, organisation)
    importer.levels = {pk: a or p for pk, a, p, _o, _op in rows}
    importer.levels_paths = {pk: (o, op) for pk, _a, _p, o, op in rows}
    file_digest = hashlib.sha256()
    batch, pending, total = [], [], 0

    def report():  # after each batch written: "Đã xử lý 40.000/100.000 phát hiện"
        done = total - len(batch) - len(pending)
        share = done / expected if expected else stream.tell() / max(size, 1)
        progress(5 + 85 * min(share, 1), _progress_step(done, expected))

    for raw in parse(fmt, io.BufferedReader(_Hashing(stream, file_digest), 1 << 16)):
        total += 1
        importer.hosts.add(raw.host)
        importer.by_severity[raw.severity] += 1
        system_id = importer.matcher.match(raw.host, raw.hostname)
        if system_id is None or system_id not in importer.levels:
            importer.unmatched[raw.host] += 1
            pending.append(raw)
            if len(pending) >= BATCH:
                importer.keep_pending(pending)
                pending = []
                report()
            continue
        importer.covered.setdefault(system_id, set()).add(raw.host)
        # A finding repeated in the file: within a batch the dict below keeps one; across batches
        # the lookup finds the copy an earlier batch stored. No per-file set: memory stays flat.
        batch.append((raw, system_id, raw.hash))
        if len(batch) >= BATCH:
            importer.flush(batch)
            batch = []
            report()
    importer.flush(batch)
    importer.keep_pending(pending)
    batch, pending = [], []
    if total == 0:
        raise ScanError("empty")
    progress(92, _("Đang đóng các lỗ hổng không còn thấy"))
    closed = importer.close_absent(fmt)
    _temp_tables_drop()
    importer.record_coverage(fmt)
    refresh_tally(importer.covered)
    _remember_unmatched(organisation, scan, importer.unmatched, importer.covered, fmt)
    fulfilled = _fulfil_scan_duty(actor=actor, scan=scan, system_ids=list(importer.covered))
    scan.sha256 = file_digest.hexdigest()
    scan.summary = {
        "format": fmt, "format_name": FORMAT_NAMES[fmt], "hosts": len(importer.hosts), "findings": total,
        "by_severity": {str(k): importer.by_severity.get(k, 0) for k in range(5)},
        "new": importer.counts["new"], "known": importer.counts["known"], "reopened": importer.counts["reopened"],
        "closed": closed, "systems": sorted(importer.covered), "duties_fulfilled": fulfilled,
        "unmatched_hosts": [{"host": h, "findings": n} for h, n in importer.unmatched.most_common(500)],
        "pending": sum(importer.unmatched.values()),
    }
    scan.save(update_fields=["sha256", "summary", "updated_at"])
    audit.record(actor=actor, action="scan.import", obj=scan, organisation=organisation,
                 changes={k: scan.summary[k] for k in ("format", "hosts", "findings", "new", "known", "reopened",
                                                       "closed", "pending")})
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


def _remember_unmatched(organisation, scan, unmatched: Counter, covered: dict, fmt: str) -> None:
    """After the findings: the pending findings of this scanner that the scan no longer reports on
    its unmatched hosts are dropped (the host's pending list is what its latest scan saw), and so
    are those of hosts it matched to a system (their findings went there); then each touched host
    records its last scan, the findings seen and the findings pending. Per host, not per finding."""
    hosts = sorted({h[:300] for h in unmatched})
    matched = sorted({h[:300] for found in covered.values() for h in found})
    for start in range(0, len(hosts), 500):
        PendingFinding.objects.filter(assignment__organisation=organisation, assignment__host__in=hosts[start:start + 500],
                                      scanner=fmt).exclude(last_scan=scan).delete()
    for start in range(0, len(matched), 500):
        PendingFinding.objects.filter(assignment__organisation=organisation, assignment__host__in=matched[start:start + 500],
                                      scanner=fmt).delete()
    seen = Counter()
    for host, n in unmatched.items():
        seen[host[:300]] += n
    pending = (PendingFinding.objects.filter(assignment=OuterRef("pk")).order_by().values("assignment")
               .annotate(n=Count("id")).values("n"))
    for group in (hosts, matched):
        for start in range(0, len(group), 500):
            chunk = group[start:start + 500]
            rows = list(HostAssignment.objects.filter(organisation=organisation, host__in=chunk).annotate(
                n=Coalesce(Subquery(pending), 0)))
            for a in rows:
                a.findings_pending = a.n
                if a.host in seen:
                    a.last_scan, a.findings_seen = scan, seen[a.host]
            HostAssignment.objects.bulk_update(rows, ["last_scan", "findings_seen", "findings_pending"],
                                               batch_size=BATCH)
