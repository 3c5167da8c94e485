"""System check: every file a template names with `{% static '…' %}` is found by the static
finders. Otherwise the demo answers 404 for it and production (manifest storage) answers 500 on
every page that names it, while `check --deploy` stayed clean."""
from __future__ import annotations

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import checks

STATIC_TAG = re.compile(r"""\{%\s*static\s+['"]([^'"]+)['"]""")


def _template_dirs() -> list[Path]:
    dirs = [Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", [])]
    dirs += [Path(app.path) / "templates" for app in apps.get_app_configs() if app.name.startswith("attt")]
    return [d for d in dirs if d.is_dir()]


@checks.register(checks.Tags.staticfiles)
def static_assets_found(app_configs=None, **kwargs):
    from django.contrib.staticfiles import finders

    errors = []
    for directory in _template_dirs():
        for template in sorted(directory.rglob("*.html")):
            for name in STATIC_TAG.findall(template.read_text(encoding="utf-8", errors="ignore")):
                if finders.find(name) is None:
                    errors.append(checks.Error(
                        f"{template.relative_to(directory)} names the static file {name!r}, which no static "
                        "finder finds (STATICFILES_DIRS, app static/ directories).",
                        id="attt.E001"))
    return errors
