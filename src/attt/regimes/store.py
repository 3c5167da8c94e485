"""From YAML to JSON and back: dates become ISO text and integer keys become text in JSON;
`from_json` restores them so the pure loader sees what the YAML file said."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def to_json(value):
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    return value


def from_json(value):
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dict):
        return {(int(k) if isinstance(k, str) and k.isdigit() else k): from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_json(v) for v in value]
    return value


def digest(data) -> str:
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def dump_yaml(value) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=120)


def data_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.yaml"))
