"""The demo: one province with its bodies, users, and each module's sample records.

Each app contributes `populate(ctx)` through `registry.demo` (see core.registry); this module
runs them in order, once, and remembers the generated accounts in ATTT_DATA_DIR.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction


@dataclass
class DemoContext:
    province: object = None
    orgs: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    accounts: list = field(default_factory=list)  # (username, password, role label, organisation)
    extra: dict = field(default_factory=dict)


def accounts_file() -> Path:
    return Path(settings.DATA_DIR) / "demo-accounts.json"


def build() -> list:
    """Build the demo data if the database has none; return the demo accounts."""
    from attt.core.registry import registry
    from attt.orgs.models import Organisation

    path = accounts_file()
    if Organisation.objects.exists():
        for refresh in registry.demo_refresh:  # e.g. the demo SOC's heartbeats
            refresh()
        return json.loads(path.read_text()) if path.exists() else []
    from django.test.utils import override_settings

    ctx = DemoContext()
    # The sample data sends reminders and warnings; they are not printed at start-up.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
        for _order, populate in sorted(registry.demo, key=lambda item: item[0]):
            populate(ctx)
    path.write_text(json.dumps(ctx.accounts, ensure_ascii=False, indent=1))
    os.chmod(path, 0o600)
    return ctx.accounts
