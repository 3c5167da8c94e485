#!/usr/bin/env python3
"""Compile the translation catalogues (.po → .mo) with polib, so no GNU gettext is needed.

Usage: python scripts/i18n.py            compile every src/attt/locale/*/LC_MESSAGES/django.po
Collect new strings first with: attt manage makemessages -l en -l vi --no-location (needs gettext).
"""
from pathlib import Path

import polib

SRC = Path(__file__).resolve().parent.parent / "src" / "attt"
for po_path in sorted([*SRC.glob("locale/*/LC_MESSAGES/django.po"), *SRC.glob("locale_allauth/*/LC_MESSAGES/django.po")]):
    catalogue = polib.pofile(str(po_path))
    catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
    print(f"{po_path.relative_to(SRC)}: {catalogue.percent_translated()}% translated")
