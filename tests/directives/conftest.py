"""Fixtures of the directives tests: seed 002 (Tuyên Quang) imported into the `world` province."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.conf import settings

from attt.core import clock
from tests.tooling import missing

SEED_002 = "seeds/002_da9d9e5138cbb3e5.txt"
ISSUED = dt.date(2025, 8, 9)


def shared_dir() -> Path | None:
    for candidate in (getattr(settings, "ATTT_SHARED_DIR", None), os.environ.get("ATTT_SHARED_DIR"), "/work/shared"):
        if candidate and (Path(candidate) / SEED_002).is_file():
            return Path(candidate)
    return None


@pytest.fixture
def seed002() -> tuple[bytes, str]:
    shared = shared_dir()
    if shared is None:
        missing("shared/ not found (set ATTT_SHARED_DIR)")
    path = shared / SEED_002
    return path.read_bytes(), path.name


CLEAN = """ỦY BAN NHÂN DÂN                CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH THỬ NGHIỆM                   Độc lập - Tự do - Hạnh phúc

Số: 77/UBND-KGVX             Thử Nghiệm, ngày 05 tháng 3 năm 2026

V/v rà soát hệ thống thông tin

Kính gửi:
- Các sở, ban, ngành;
- Ủy ban nhân dân các xã, phường.

Thực hiện Nghị định số 85/2016/NĐ-CP ngày 01/7/2016 của Chính phủ, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:

1. Các sở, ban, ngành, Ủy ban nhân dân các xã, phường

Rà soát hệ thống thông tin đang quản lý, gửi kết quả về Công an tỉnh trước ngày 20/3/2026.

2. Công an tỉnh

Tổng hợp kết quả rà soát, báo cáo Ủy ban nhân dân tỉnh trước ngày 31/3/2026.

Nơi nhận:
- Như trên;
- Lưu: VT.
"""

NO_TASK = """ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM

Số: 78/TB-UBND             Thử Nghiệm, ngày 06 tháng 3 năm 2026

THÔNG BÁO
Về lịch nghỉ lễ

Ủy ban nhân dân tỉnh thông báo lịch nghỉ lễ năm 2026 theo quy định.
"""


@pytest.fixture
def at_issue():
    """The clock the day after seed 002 was issued."""
    clock.travel_to(ISSUED + dt.timedelta(days=1))
    yield
    clock.set_offset(dt.timedelta(0))


@pytest.fixture
def imported(world, seed002, at_issue):
    from attt.directives import services

    data, name = seed002
    return services.directive_import(actor=world.users["specialist"], data=data, filename=name)


@pytest.fixture
def published(world, imported):
    from attt.directives import services

    services.directive_publish(actor=world.users["specialist"], directive=imported)
    imported.refresh_from_db()
    return imported


def task_by_ref(directive, ref):
    return directive.tasks.get(ref=ref)
