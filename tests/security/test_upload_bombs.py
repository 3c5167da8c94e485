"""Decompression bombs (issue 10, item 5): every ZIP-based upload is measured from its central
directory before anything inflates it, on every import path, quickly and in little memory."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from attt.core.errors import DomainError
from attt.core.uploads import DOCUMENTS, check_upload

UNPACKED = 256 * 1024 * 1024
ROW = b"<row><c><v>1</v></c></row>"


def _office_parts(kind: str) -> dict[str, bytes]:
    """The parts of a real, small office file made by its library (openpyxl, python-docx)."""
    buffer = io.BytesIO()
    if kind == "xlsx":
        import openpyxl

        workbook = openpyxl.Workbook()
        workbook.active.append(["Mã đơn vị", "Số liệu tại ngày"])
        workbook.save(buffer)
    else:
        import docx

        document = docx.Document()
        document.add_paragraph("Công văn")
        document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _write_bomb(target, *, kind: str, unpacked: int = UNPACKED) -> None:
    """A real .xlsx/.docx whose main part is rewritten to inflate to `unpacked` bytes (about 1 MB
    on disk with a stored image): what the review sent to the imports."""
    main = "xl/worksheets/sheet1.xml" if kind == "xlsx" else "word/document.xml"
    head, row, tail = ((b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
                        ROW, b"</sheetData></worksheet>") if kind == "xlsx" else
                       (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>',
                        b"<w:p><w:r><w:t>x</w:t></w:r></w:p>", b"</w:body></w:document>"))
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in _office_parts(kind).items():
            if name != main:
                archive.writestr(name, data)
        with archive.open(main, "w") as part:
            part.write(head)
            chunk = row * (1024 * 1024 // len(row))
            written = 0
            while written < unpacked:
                part.write(chunk)
                written += len(chunk)
            part.write(tail)
        archive.writestr(zipfile.ZipInfo("xl/media/image1.png" if kind == "xlsx" else "word/media/image1.png"),
                         os.urandom(400 * 1024))  # stored


@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("bombs")
    xlsx, docx = root / "so-lieu.xlsx", root / "cong-van.docx"
    _write_bomb(xlsx, kind="xlsx")
    _write_bomb(docx, kind="docx")
    return {"xlsx": xlsx, "docx": docx}


def test_the_bomb_is_what_the_review_sent(bombs):
    size = bombs["xlsx"].stat().st_size
    with zipfile.ZipFile(bombs["xlsx"]) as archive:
        unpacked = sum(i.file_size for i in archive.infolist())
    print(f"\nbomb: {size / 1048576:.2f} MB on disk, {unpacked / 1048576:.0f} MB unpacked")
    assert size < 1.5 * 1024 * 1024 and unpacked > UNPACKED


def test_common_check_refuses_the_bomb_quickly_with_a_message(bombs):
    upload = SimpleUploadedFile("so-lieu.xlsx", bombs["xlsx"].read_bytes())
    started = time.perf_counter()
    with pytest.raises(DomainError) as info:
        check_upload(upload)
    elapsed = time.perf_counter() - started
    print(f"\nrefused in {elapsed * 1000:.1f} ms: {info.value.message}")
    assert info.value.code == "archive_too_large" and "so-lieu.xlsx" in str(info.value.message)
    assert elapsed < 1.0


def _caps(**kwargs):
    base = {"ATTT_UPLOAD_ZIP_MAX_MEMBERS": 2000, "ATTT_UPLOAD_ZIP_MAX_MEMBER_BYTES": 50 * 1024 * 1024,
            "ATTT_UPLOAD_ZIP_MAX_TOTAL_BYTES": 100 * 1024 * 1024, "ATTT_UPLOAD_ZIP_MAX_RATIO": 100}
    return override_settings(**{**base, **kwargs})


def _zip(parts: dict[str, bytes], name: str = "a.zip") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    return SimpleUploadedFile(name, buffer.getvalue())


def _refusal(upload) -> str:
    with pytest.raises(DomainError) as info:
        check_upload(upload, allowed=DOCUMENTS | {"zip"})
    assert info.value.code == "archive_too_large"
    return str(info.value.message)


def test_each_cap_is_a_setting_and_refuses_on_its_own():
    with _caps(ATTT_UPLOAD_ZIP_MAX_MEMBERS=10):
        assert "10" in _refusal(_zip({f"f{i}.txt": b"x" for i in range(11)}))
        assert check_upload(_zip({f"f{i}.txt": b"x" for i in range(10)}), allowed=DOCUMENTS | {"zip"})
    with _caps(ATTT_UPLOAD_ZIP_MAX_MEMBER_BYTES=1024 * 1024, ATTT_UPLOAD_ZIP_MAX_RATIO=10**6):
        assert "big.txt" in _refusal(_zip({"big.txt": os.urandom(1024) * 1100}))
    with _caps(ATTT_UPLOAD_ZIP_MAX_TOTAL_BYTES=2 * 1024 * 1024, ATTT_UPLOAD_ZIP_MAX_RATIO=10**6):
        assert "2.0 MB" in _refusal(_zip({f"p{i}.txt": os.urandom(1024) * 800 for i in range(3)}))
    with _caps():  # 2 MB of one byte compresses about 1000:1
        assert "zeros.txt" in _refusal(_zip({"zeros.txt": b"\0" * (2 * 1024 * 1024)}))
        # an ordinary office file still passes: small parts may compress well, big ones moderately
        assert check_upload(_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:p/>" * 5000},
                                 name="a.docx")).ext == "docx"


def _import_paths(world):
    from attt.directives.services.imports import directive_import
    from attt.orgs.tabular import import_tree
    from attt.reporting.tabular import import_snapshots
    from attt.systems.models import Control
    from attt.systems.services.controls import evidence_upload
    from attt.systems.tabular import import_systems

    specialist = world.users["specialist"]

    def evidence(upload):
        from attt.systems import services

        portal = services.system_create(
            actor=world.users["unit_officer"], owner=world.org("finance"), operator=world.org("commune_a"),
            name="Cổng thử", kind="public_service", info_types=["public"], users_count=10, personal_subjects=0,
            regime_code="legacy-nd85", status="operating")
        draft = services.classify_system(actor=world.users["unit_officer"], system=portal,
                                         facts=services.default_facts(portal))
        control = Control.objects.filter(system=draft.system).first()
        return evidence_upload(actor=world.users["unit_officer"], control=control, upload=upload)

    return {
        "orgs": ("xlsx", lambda u: import_tree(actor=specialist, upload=u)),
        "systems": ("xlsx", lambda u: import_systems(actor=specialist, upload=u)),
        "coverage": ("xlsx", lambda u: import_snapshots(actor=specialist, upload=u)),
        "directive": ("docx", lambda u: directive_import(actor=specialist, data=u.read(), filename=u.name)),
        "evidence": ("xlsx", evidence),
    }


@pytest.mark.parametrize("path", ["orgs", "systems", "coverage", "directive", "evidence"])
def test_every_import_path_goes_through_the_check(world, bombs, path):
    kind, call = _import_paths(world)[path]
    upload = SimpleUploadedFile(bombs[kind].name, bombs[kind].read_bytes())
    started = time.perf_counter()
    with pytest.raises(DomainError) as info:
        call(upload)
    assert time.perf_counter() - started < 2.0
    assert info.value.code == "archive_too_large", info.value.message


RSS_PROBE = """
import sys, time
import django


def peak_kb():  # this process's own high-water RSS (ru_maxrss would include the forking pytest's)
    with open("/proc/self/status") as status:
        return int(next(line for line in status if line.startswith("VmHWM:")).split()[1])


django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from attt.core.errors import DomainError
from attt.core.tabular import read_table
from attt.directives.services.imports import read_upload
before = peak_kb()
for path in sys.argv[1:]:
    data = open(path, "rb").read()
    try:
        if path.endswith(".docx"):
            read_upload(data, path.rsplit("/", 1)[-1])
        else:
            read_table(SimpleUploadedFile(path.rsplit("/", 1)[-1], data))
    except DomainError as exc:
        print("refused:", exc.code)
print("rss_kb", before, peak_kb())
"""


def test_peak_memory_while_refusing_stays_under_300_mb(bombs):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "attt.settings",
           "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", RSS_PROBE, str(bombs["xlsx"]), str(bombs["docx"])],
                            capture_output=True, text=True, env=env, timeout=120)
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.split("\n")
    assert lines.count("refused: archive_too_large") == 2, result.stdout
    before_kb, peak_kb = (int(v) for v in next(l for l in lines if l.startswith("rss_kb")).split()[1:])
    print(f"\npeak RSS {peak_kb / 1024:.0f} MB (after Django setup {before_kb / 1024:.0f} MB), "
          f"whole probe {elapsed:.1f} s")
    assert peak_kb < 300 * 1024
