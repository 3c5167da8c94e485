"""`attt backup` and `attt restore`: a lossless round trip on the demo province (every table's row
count, every file's hash), on SQLite and on PostgreSQL (whichever the suite runs on); a damaged
archive or a non-empty target is refused with a clear message and changes nothing."""
from __future__ import annotations

import gzip
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from attt.core import backup

pytestmark = pytest.mark.django_db(transaction=True)


def _env(data_dir: Path, database_url: str | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ATTT_", "PYTEST")) and k != "DATABASE_URL"}
    # The same audit key as this process: the restored chain is verified with it, as on a real server.
    env.update({"ATTT_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "attt.settings",
                "ATTT_AUDIT_KEY": settings.ATTT_AUDIT_KEY})
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _attt(*args, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "attt.cli", *args], env=env, capture_output=True, text=True,
                          timeout=600)


class EmptyTarget:
    """An empty data directory and, on PostgreSQL, an empty database next to the test database."""

    def __init__(self, tmp_path: Path, name: str):
        self.dir = tmp_path / name
        self.dir.mkdir()
        self.url = None
        if connection.vendor == "postgresql":
            db = connection.settings_dict
            self.dbname = f"{db['NAME']}_{name}"[:60]
            with backup._pg_connect({**db, "NAME": "postgres"}) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.dbname}"')
                conn.execute(f'CREATE DATABASE "{self.dbname}"')
            user = db.get("USER") or "postgres"
            auth = f"{user}:{db['PASSWORD']}" if db.get("PASSWORD") else user
            self.url = f"postgresql://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{self.dbname}"

    @property
    def env(self) -> dict:
        return _env(self.dir, self.url)

    def counts(self) -> dict[str, int]:
        if self.url is None:
            path = self.dir / "attt.sqlite3"
            if not path.exists():
                return {}
            conn = sqlite3.connect(path)
            try:
                return backup._sqlite_counts(conn)
            finally:
                conn.close()
        with backup._pg_connect({**connection.settings_dict, "NAME": self.dbname}) as conn:
            return backup._pg_counts(conn.cursor())

    def drop(self) -> None:
        if self.url is not None:
            with backup._pg_connect({**connection.settings_dict, "NAME": "postgres"}) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.dbname}" WITH (FORCE)')


@pytest.fixture
def target(tmp_path):
    made = []

    def make(name="restored"):
        made.append(EmptyTarget(tmp_path, name))
        return made[-1]

    yield make
    for t in made:
        t.drop()


def test_demo_round_trip_is_lossless(tmp_path, target, capsys):
    from attt import demo

    started = time.monotonic()
    demo.build()
    built = time.monotonic()
    counts = backup.table_counts()
    files = backup.file_hashes(Path(settings.MEDIA_ROOT))
    assert sum(counts.values()) > 1000 and files, "the demo should give rows and uploaded files"

    made = backup.create(tmp_path / "backups")
    backed = time.monotonic()
    assert made.path.name.startswith("attt-backup-") and made.path.name.endswith(".tar.gz")
    assert made.tables == counts
    manifest = backup.check(made.path)
    assert set(manifest["files"]) == {manifest["database"], *(f"media/{n}" for n in files)}

    empty = target()
    done = _attt("restore", str(made.path), env=empty.env)
    restored = time.monotonic()
    assert done.returncode == 0, done.stderr
    assert "Audit chain intact" in done.stdout
    assert empty.counts() == counts  # every table, every row count
    assert backup.file_hashes(empty.dir / "media") == files  # every file, byte for byte
    with capsys.disabled():
        print(f"\n[backup round trip, {connection.vendor}] demo {built - started:.1f}s; "
              f"{len(counts)} tables, {sum(counts.values())} rows, {len(files)} files; "
              f"archive {made.path.stat().st_size / 1e6:.2f} MB in {backed - built:.1f}s; "
              f"restore + audit verify {restored - backed:.1f}s")


def _small_archive(tmp_path, world) -> Path:
    media = Path(settings.MEDIA_ROOT) / "evidence"
    media.mkdir(parents=True, exist_ok=True)
    (media / "report.txt").write_text("Báo cáo kiểm tra")
    return backup.create(tmp_path / "backups").path


def _rewrite(source: Path, target: Path, change) -> Path:
    """Copy an archive member by member, letting `change(name, data)` return new bytes, a new
    (name, bytes), or None to drop the member."""
    with tarfile.open(source, "r:gz") as tar, tarfile.open(target, "w:gz") as out:
        for member in tar:
            data = tar.extractfile(member).read()
            changed = change(member.name, data)
            if changed is None:
                continue
            name, data = changed if isinstance(changed, tuple) else (member.name, changed)
            info = tarfile.TarInfo(name)
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))
    return target


@pytest.mark.parametrize("damage,expected", [
    ("truncated", "bị hỏng hoặc không đầy đủ"),
    ("not_gzip", "bị hỏng hoặc không đầy đủ"),
    ("file_altered", "không khớp bảng kê SHA-256"),
    ("file_missing", "không khớp bảng kê SHA-256"),
    ("manifest_missing", "bị hỏng hoặc không đầy đủ"),
    ("escaping_path", "mục không hợp lệ"),
])
def test_damaged_archive_is_refused_and_changes_nothing(tmp_path, world, target, damage, expected):
    good = _small_archive(tmp_path, world)
    bad = tmp_path / f"{damage}.tar.gz"
    if damage == "truncated":
        bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    elif damage == "not_gzip":
        bad.write_bytes(b"PK\x03\x04 not an archive at all")
    elif damage == "file_altered":
        _rewrite(good, bad, lambda n, d: d.replace("kiểm tra".encode(), "KIỂM TRA".encode()))
    elif damage == "file_missing":
        _rewrite(good, bad, lambda n, d: None if n.startswith("media/") else d)
    elif damage == "manifest_missing":
        _rewrite(good, bad, lambda n, d: None if n == "manifest.json" else d)
    else:
        _rewrite(good, bad, lambda n, d: ("media/../../outside.txt", d) if n.startswith("media/") else d)
    with pytest.raises(backup.BackupError, match=expected):
        backup.check(bad)

    empty = target()
    done = _attt("restore", str(bad), env=empty.env)
    assert done.returncode == 2
    assert expected in done.stderr and "Traceback" not in done.stderr
    assert empty.counts() == {}  # nothing was written: no table, no file
    assert not (empty.dir / "media").exists() or not any((empty.dir / "media").iterdir())
    assert not (tmp_path / "outside.txt").exists()


def test_restore_refuses_a_target_that_is_not_empty(tmp_path, world, target):
    archive = _small_archive(tmp_path, world)
    # The running database (the test database) has tables: refused in place.
    with pytest.raises(backup.BackupError, match="đã có dữ liệu"):
        backup.restore(archive)
    # An empty database but uploaded files already in the data directory: refused too.
    empty = target()
    (empty.dir / "media").mkdir()
    (empty.dir / "media" / "keep.pdf").write_bytes(b"%PDF-1.4 someone else's file")
    done = _attt("restore", str(archive), env=empty.env)
    assert done.returncode == 2 and "chỉ khôi phục vào thư mục trống" in done.stderr
    assert empty.counts() == {}
    assert [p.name for p in (empty.dir / "media").iterdir()] == ["keep.pdf"]


def test_manifest_records_every_member_and_table(tmp_path, world):
    archive = _small_archive(tmp_path, world)
    with tarfile.open(archive, "r:gz") as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert names[-1] == "manifest.json" and names[0] == manifest["database"]
    assert set(names[:-1]) == set(manifest["files"])
    assert manifest["tables"]["orgs_organisation"] == 10
    assert manifest["engine"] == connection.vendor
    assert gzip.open(archive).read(1)  # a plain .tar.gz any tar can list
