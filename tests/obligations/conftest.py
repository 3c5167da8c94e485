import datetime as dt

import pytest

from attt.core import clock


@pytest.fixture
def synced(world):
    from attt.obligations import services

    services.sync_duty_rules()
    return world


@pytest.fixture
def on_day():
    """on_day(date) moves the product clock; the autouse fixture resets it."""
    def move(day: dt.date):
        clock.travel_to(day)
        return day
    return move


@pytest.fixture
def make_system(world):
    from attt.systems.models import System

    def make(name="Cổng dịch vụ công", *, operator="commune_a", owner=None, level=3, approved=True,
             status=System.Status.OPERATING):
        system = System(name=name, operator=world.org(operator), owner=world.org(owner or operator), status=status,
                        approved_level=level if approved else None, proposed_level=None if approved else level)
        system.save()
        return system
    return make
