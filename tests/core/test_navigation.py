"""The navigation bar: a few menus (my unit's work, the province's picture, administration), each
entry reachable under exactly one of them, and a new entry is one NavItem line with its group."""
from __future__ import annotations

import re

from attt.core.registry import NAV_GROUPS, NavItem, Registry, registry

MENU = re.compile(r'data-nav-group="(\w+)"')
ENTRY = re.compile(r'data-nav="(\w+)"')


def test_every_registered_entry_names_a_menu():
    assert len(registry.nav) >= 12
    assert {item.group for item in registry.nav} <= set(NAV_GROUPS)
    assert len(NAV_GROUPS) == 3


def test_the_bar_shows_menus_not_a_row_of_links(world, client_for):
    for role in ("province_leader", "specialist", "unit_officer", "admin", "auditor"):
        body = client_for(role).get("/").content.decode()
        menus, entries = MENU.findall(body), ENTRY.findall(body)
        assert 1 <= len(menus) <= 3, role
        assert len(entries) == len(set(entries)) >= 3, role  # every entry once, inside a menu
        in_menus = re.findall(r'class="dropdown-item[^"]*" href="[^"]*" data-nav="', body)
        assert len(in_menus) == len(entries), role


def test_admin_sees_every_entry_under_its_menu(world, client_for):
    body = client_for("admin").get("/").content.decode()
    assert 'data-nav-group="admin"' in body
    admin_menu = body.split('data-nav-group="admin"', 1)[1].split("</ul>", 1)[0]
    assert 'data-nav="audit"' in admin_menu and 'data-nav="users"' in admin_menu


def test_an_entry_with_an_unknown_menu_stays_reachable(world, client_for, monkeypatch):
    extra = Registry(nav=list(registry.nav))
    extra.add_nav(NavItem("extra_jobs", "Thử", "jobs:list", None, order=999, group="nowhere"))
    monkeypatch.setattr("attt.core.context_processors.registry", extra)
    body = client_for("unit_officer").get("/").content.decode()
    assert 'data-nav="extra_jobs"' in body
