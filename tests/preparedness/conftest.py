import pytest


@pytest.fixture
def now(frozen_time):
    """The whole process at 10:00 on 20/11/2026, Asia/Ho_Chi_Minh."""
    return frozen_time("2026-11-20 10:00")


@pytest.fixture
def make_system(world):
    from attt.systems.models import System

    def make(name="Cổng dịch vụ công", *, operator="commune_a", owner=None, level=3):
        system = System(name=name, operator=world.org(operator), owner=world.org(owner or operator),
                        status=System.Status.OPERATING, approved_level=level)
        system.save()
        return system
    return make


@pytest.fixture
def duties(world, now):
    from attt.obligations import services

    services.sync_duty_rules()

    def generate():
        services.generate_occurrences(horizon_months=12)
    return generate


CONTENT = {
    "scenarios": [{"kind": "ransomware", "description": "Cô lập máy, khôi phục từ bản sao lưu"}],
    "contacts": [{"role": "Chỉ huy", "name": "Nguyễn Văn A", "phone": "0912345678", "email": "a@xa.gov.vn"}],
    "escalation_team": "Đội ứng cứu sự cố tỉnh", "escalation_national": "Trung tâm VNCERT/CC",
    "rto_hours": 4, "rpo_hours": 24,
}
