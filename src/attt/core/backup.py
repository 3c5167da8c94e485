"""Backup and restore of a whole installation: `attt backup DIR` and `attt restore ARCHIVE`.

An archive is one dated .tar.gz holding
  db/attt.sqlite3 (SQLite online backup) or db/attt.dump (pg_dump, custom format),
  media/...                uploaded files (MEDIA_ROOT),
  audit-checkpoints/...    the audit anchors, when ATTT_AUDIT_CHECKPOINT_DIR is configured,
  manifest.json            last: the SHA-256 and size of every other member, and the row count of
                           every table as it was in the database snapshot.

A restore reads and checks the whole archive (every member against the manifest, nothing outside
the three folders, no links) into a staging folder before it writes anything, refuses a target
that is not empty, then loads the database and files, compares every table's row count with the
manifest and verifies the audit chain.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

from . import clock
from .errors import DomainError

FORMAT = 1
MANIFEST = "manifest.json"
FOLDERS = ("db", "media", "audit-checkpoints")
CHUNK = 1024 * 1024


class BackupError(DomainError):
    """The backup or restore was refused; nothing was changed. `message` says why, for people."""


@dataclass
class Result:
    path: Path
    tables: dict[str, int]
    files: dict[str, dict] = field(default_factory=dict)
    audit_ok: bool | None = None
    audit_checked: int = 0
    audit_reason: str = ""

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


# --- where things are -------------------------------------------------------------------------

def _db(alias: str = "default") -> dict:
    return connections[alias].settings_dict


def _engine(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(_("Chưa hỗ trợ sao lưu cơ sở dữ liệu loại %(v)s.") % {"v": vendor})
    return vendor


def _checkpoint_dir() -> Path | None:
    value = getattr(settings, "ATTT_AUDIT_CHECKPOINT_DIR", None)
    return Path(value) if value else None


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _walk(root: Path | None):
    """(relative posix path, absolute path) of every regular file under root, sorted."""
    if root is None or not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root).as_posix(), path


# --- PostgreSQL -------------------------------------------------------------------------------

def _pg_env(db: dict) -> dict:
    env = os.environ.copy()
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"),
                      ("NAME", "PGDATABASE")):
        if db.get(key):
            env[name] = str(db[key])
    return env


def _pg_connect(db: dict):
    import psycopg

    params = {"dbname": db["NAME"], "user": db.get("USER") or None, "password": db.get("PASSWORD") or None,
              "host": db.get("HOST") or None, "port": db.get("PORT") or None}
    return psycopg.connect(autocommit=True, **{k: v for k, v in params.items() if v is not None})


def _pg_tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    return [row[0] for row in cursor.fetchall()]


def _pg_counts(cursor) -> dict[str, int]:
    counts = {}
    for table in _pg_tables(cursor):
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def _run(args: list[str], env: dict, what: str) -> None:
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(_("Không tìm thấy chương trình %(p)s (cài gói postgresql-client).") % {"p": args[0]}) from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(_("%(what)s thất bại: %(detail)s") % {"what": what, "detail": detail[-1] if detail else ""})


def _dump_postgresql(db: dict, target: Path) -> dict[str, int]:
    """pg_dump and the row counts from one snapshot: the counts are exactly what the dump holds."""
    with _pg_connect(db) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        counts = _pg_counts(conn.cursor())
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
              f"--file={target}"], _pg_env(db), "pg_dump")
        conn.execute("COMMIT")
    return counts


# --- SQLite -----------------------------------------------------------------------------------

def _sqlite_counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def _dump_sqlite(alias: str, target: Path) -> dict[str, int]:
    """The SQLite online backup API: a consistent copy while others keep reading and writing."""
    connection = connections[alias]
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
        destination.execute("PRAGMA journal_mode=DELETE")  # one self-contained file in the archive
        return _sqlite_counts(destination)
    finally:
        destination.close()


# --- backup -----------------------------------------------------------------------------------

def _add(tar: tarfile.TarFile, name: str, data: bytes, files: dict) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(clock.now().timestamp())
    tar.addfile(info, io.BytesIO(data))
    files[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


def create(directory: str | Path, *, alias: str = "default") -> Result:
    """Write attt-backup-YYYY-MM-DD-HHMMSS.tar.gz (local time) into `directory`."""
    engine = _engine(alias)
    directory = Path(directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(_("Không tạo được thư mục %(d)s: %(e)s") % {"d": directory, "e": exc.strerror}) from None
    stamp = timezone.localtime(clock.now())
    final = directory / f"attt-backup-{stamp:%Y-%m-%d-%H%M%S}.tar.gz"
    files: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="attt-backup-", dir=directory) as staging:
        dump = Path(staging) / ("attt.sqlite3" if engine == "sqlite" else "attt.dump")
        tables = _dump_sqlite(alias, dump) if engine == "sqlite" else _dump_postgresql(_db(alias), dump)
        partial = Path(staging) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
            # The database first, then the files: every file a database row names already exists.
            info = tar.gettarinfo(str(dump), arcname=f"db/{dump.name}")
            info.mode, info.uid, info.gid, info.uname, info.gname = 0o600, 0, 0, "", ""
            digest = hashlib.sha256()
            with open(dump, "rb") as handle:
                tar.addfile(info, _Hashing(handle, digest))
            files[f"db/{dump.name}"] = {"sha256": digest.hexdigest(), "size": info.size}
            for folder, root in (("media", Path(settings.MEDIA_ROOT)), ("audit-checkpoints", _checkpoint_dir())):
                for relative, path in _walk(root):
                    _add(tar, f"{folder}/{relative}", path.read_bytes(), files)
            manifest = {
                "format": FORMAT, "engine": engine, "created_at": clock.now().isoformat(),
                "database": f"db/{dump.name}", "tables": tables, "files": files,
            }
            _add(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode(), {})
        os.replace(partial, final)
    final.chmod(0o600)
    return Result(path=final, tables=tables, files=files)


class _Hashing:
    def __init__(self, handle, digest):
        self.handle, self.digest = handle, digest

    def read(self, size=-1):
        data = self.handle.read(size)
        self.digest.update(data)
        return data


# --- checking an archive ----------------------------------------------------------------------

def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    if name == MANIFEST:
        return True
    return (not path.is_absolute() and ".." not in path.parts and len(path.parts) >= 2
            and path.parts[0] in FOLDERS and "\\" not in name)


def _unpack(archive: Path, staging: Path) -> dict:
    """Read the whole archive into `staging`, checking each member against the manifest. Returns
    the manifest; raises BackupError on anything wrong."""
    refused = _("Tệp sao lưu %(f)s bị hỏng hoặc không đầy đủ; không khôi phục gì.") % {"f": archive.name}
    seen: dict[str, dict] = {}
    manifest_bytes = None
    try:
        with tarfile.open(archive, "r|gz") as tar:
            for member in tar:
                if member.isdir():
                    continue
                if not member.isfile() or not _safe_name(member.name) or member.name in seen:
                    raise BackupError(_("Tệp sao lưu chứa mục không hợp lệ “%(n)s”; không khôi phục gì.")
                                      % {"n": member.name})
                source = tar.extractfile(member)
                digest, size = hashlib.sha256(), 0
                if member.name == MANIFEST:
                    manifest_bytes = source.read(64 * 1024 * 1024)
                    continue
                target = staging / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                with open(target, "wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                seen[member.name] = {"sha256": digest.hexdigest(), "size": size}
    except BackupError:
        raise
    except FileNotFoundError:
        raise BackupError(_("Không tìm thấy tệp sao lưu %(f)s.") % {"f": archive}) from None
    except (tarfile.TarError, EOFError, OSError, zlib.error):
        raise BackupError(refused) from None
    if manifest_bytes is None:
        raise BackupError(refused)
    try:
        manifest = json.loads(manifest_bytes)
        files = manifest["files"]
        assert manifest["format"] == FORMAT and manifest["engine"] in ("sqlite", "postgresql")
        assert isinstance(manifest["tables"], dict) and manifest["database"] in files
    except (ValueError, KeyError, TypeError, AssertionError):
        raise BackupError(refused) from None
    if seen != files:
        bad = sorted(set(seen) ^ set(files)) or sorted(n for n in files if files[n] != seen.get(n))
        raise BackupError(_("Tệp sao lưu không khớp bảng kê SHA-256 (%(n)s); không khôi phục gì.")
                          % {"n": ", ".join(bad[:3])})
    return manifest


def check(archive: str | Path) -> dict:
    """Check a whole archive without restoring it; the manifest, or BackupError."""
    with tempfile.TemporaryDirectory(prefix="attt-check-") as staging:
        return _unpack(Path(archive), Path(staging))


# --- restore ----------------------------------------------------------------------------------

def _tables_now(alias: str) -> list[str]:
    name = str(_db(alias)["NAME"])
    if connections[alias].vendor == "sqlite" and ":memory:" not in name and "mode=memory" not in name:
        if not Path(name).exists() or Path(name).stat().st_size == 0:
            return []  # not even created: do not create it just to look
    with connections[alias].cursor() as cursor:
        return connections[alias].introspection.table_names(cursor)


def _refuse_non_empty(alias: str, engine: str, manifest_engine: str | None) -> None:
    if manifest_engine is not None and manifest_engine != engine:
        raise BackupError(_("Bản sao lưu là của cơ sở dữ liệu %(a)s, nơi khôi phục là %(b)s.")
                          % {"a": manifest_engine, "b": engine})
    if _tables_now(alias):
        raise BackupError(_("Cơ sở dữ liệu %(n)s đã có dữ liệu; chỉ khôi phục vào cơ sở dữ liệu trống.")
                          % {"n": _db(alias)["NAME"]})
    for root in (Path(settings.MEDIA_ROOT), _checkpoint_dir()):
        if root is not None and next(_walk(root), None) is not None:
            raise BackupError(_("Thư mục %(d)s đã có tệp; chỉ khôi phục vào thư mục trống.") % {"d": root})


def _move_tree(source: Path, target: Path) -> None:
    for relative, path in _walk(source):
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(path), destination)


def restore(archive: str | Path, *, alias: str = "default") -> Result:
    """Restore into an empty database and empty file folders, then check counts and the chain."""
    from . import audit

    archive = Path(archive)
    engine = _engine(alias)
    _refuse_non_empty(alias, engine, None)
    parent = Path(settings.MEDIA_ROOT).parent
    parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="attt-restore-", dir=parent) as staging_name:
        staging = Path(staging_name)
        manifest = _unpack(archive, staging)
        _refuse_non_empty(alias, engine, manifest["engine"])  # again, just before writing
        dump = staging / manifest["database"]
        db = _db(alias)
        if engine == "sqlite":
            connections[alias].close()
            source, destination = sqlite3.connect(dump), sqlite3.connect(db["NAME"])
            try:
                source.backup(destination)
                destination.execute("PRAGMA journal_mode=WAL")
            finally:
                source.close()
                destination.close()
        else:
            connections[alias].close()
            _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                  f"--dbname={db['NAME']}", str(dump)], _pg_env(db), "pg_restore")
        _move_tree(staging / "media", Path(settings.MEDIA_ROOT))
        if _checkpoint_dir() is not None:
            _move_tree(staging / "audit-checkpoints", _checkpoint_dir())
    result = Result(path=archive, tables=table_counts(alias), files=manifest["files"])
    if result.tables != manifest["tables"]:
        diff = sorted(t for t in set(result.tables) | set(manifest["tables"])
                      if result.tables.get(t) != manifest["tables"].get(t))
        raise BackupError(_("Số dòng sau khi khôi phục khác bản sao lưu ở bảng %(t)s.") % {"t": ", ".join(diff[:5])})
    verdict = audit.verify()
    result.audit_ok, result.audit_checked = verdict.ok, verdict.checked
    result.audit_reason = "" if verdict.ok else f"#{verdict.broken_seq}: {verdict.reason}"
    return result


def table_counts(alias: str = "default") -> dict[str, int]:
    """The row count of every table of the database (what a backup's manifest records)."""
    connection = connections[alias]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return _sqlite_counts(connection.connection)
    with connection.cursor() as cursor:
        return _pg_counts(cursor)


def file_hashes(root: Path | None) -> dict[str, str]:
    return {relative: _sha256_file(path) for relative, path in _walk(root)}


def describe(result: Result) -> str:
    size = result.path.stat().st_size if result.path.exists() else 0
    return (f"{result.path}: {len(result.tables)} bảng, {result.rows} dòng, "
            f"{sum(1 for n in result.files if not n.startswith('db/'))} tệp, {size / 1e6:.1f} MB")

