"""SOC alerts: Wazuh alert JSON (as its integrations post it) and CEF lines (optionally behind a
syslog header). Pure: dicts and strings in, `RawAlert`s out; `ScanError('bad_line', n)` for an
item that is not an alert."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field

CEF_SPLIT = re.compile(r"(?<!\\)\|")
CEF_EXT = re.compile(r"(\w+)=((?:[^=\\]|\\.)*?)(?=\s+\w+=|\s*$)")
SYSLOG_HOST = re.compile(r"^(?:<\d+>)?(?:\d\s+)?(?:\w{3}\s+\d+\s+[\d:]+|\S+T\S+)\s+(\S+)\s")

from .base import ScanError  # noqa: E402


@dataclass
class RawAlert:
    kind: str
    fingerprint: str
    title: str
    level: int  # 0-15 (Wazuh's scale); CEF 0-10 is mapped onto it
    host: str
    hosts: list[str] = field(default_factory=list)  # every name/address to match, best first
    rule_id: str = ""
    occurred_at: dt.datetime | None = None
    raw: dict = field(default_factory=dict)


def _time(value) -> dt.datetime | None:
    if not value:
        return None
    if isinstance(value, (int, float)) or (isinstance(value, str) and value.isdigit()):
        number = float(value)
        return dt.datetime.fromtimestamp(number / 1000 if number > 1e11 else number, dt.timezone.utc)
    text = str(value).strip()
    text = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", text)  # Wazuh writes +0700
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def wazuh(obj, where: str) -> RawAlert:
    if not isinstance(obj, dict) or not isinstance(obj.get("rule"), dict) or not (
            obj["rule"].get("description") or obj["rule"].get("id")):
        raise ScanError("bad_line", where)
    rule, agent = obj["rule"], obj.get("agent") if isinstance(obj.get("agent"), dict) else {}
    ident = obj.get("id") or ""
    basis = f"wazuh|{ident}" if ident else "wazuh|" + json.dumps(
        [obj.get("timestamp"), rule.get("id"), agent.get("name"), obj.get("full_log")], ensure_ascii=False)
    hosts = [h for h in (agent.get("name"), agent.get("ip"), (obj.get("data") or {}).get("dstip")
                         if isinstance(obj.get("data"), dict) else None) if h]
    try:
        level = max(0, min(15, int(rule.get("level") or 0)))
    except (TypeError, ValueError):
        level = 0
    return RawAlert(kind="wazuh", fingerprint=hashlib.sha256(basis.encode()).hexdigest(),
                    title=str(rule.get("description") or rule.get("id"))[:500], level=level,
                    host=str(hosts[0]) if hosts else "", hosts=[str(h) for h in hosts], rule_id=str(rule.get("id") or ""),
                    occurred_at=_time(obj.get("timestamp")), raw=obj)


def cef(line: str, where: str) -> RawAlert:
    start = line.find("CEF:")
    if start < 0:
        raise ScanError("bad_line", where)
    parts = CEF_SPLIT.split(line[start:], maxsplit=7)
    if len(parts) < 8:
        raise ScanError("bad_line", where)
    _version, vendor, product, _dv, signature, name, severity, extension = parts
    ext = {k: v.replace("\\=", "=").replace("\\\\", "\\").strip() for k, v in CEF_EXT.findall(extension)}
    prefix = SYSLOG_HOST.match(line[:start])
    hosts = [h for h in (ext.get("dvchost"), ext.get("dhost"), ext.get("dst"), ext.get("shost"),
                         prefix.group(1) if prefix else None) if h]
    try:
        level = round(max(0, min(10, int(float(severity)))) * 1.5)
    except ValueError:
        level = {"low": 3, "medium": 7, "high": 12, "very-high": 15}.get(severity.strip().lower(), 0)
    return RawAlert(kind="cef", fingerprint=hashlib.sha256(("cef|" + line.strip()).encode()).hexdigest(),
                    title=(name or signature).replace("\\|", "|")[:500], level=level,
                    host=hosts[0] if hosts else "", hosts=hosts, rule_id=f"{vendor}/{product}/{signature}"[:100],
                    occurred_at=_time(ext.get("rt")) or _time(ext.get("end")),
                    raw={"cef": line.strip()[:8000], **{k: ext[k] for k in list(ext)[:40]}})


def parse_body(body: bytes, content_type: str) -> list[RawAlert]:
    """One request body: a JSON alert, a JSON list of alerts, or lines (JSON objects or CEF)."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ScanError("malformed", "utf-8") from None
    stripped = text.strip()
    if not stripped:
        raise ScanError("empty")
    if "json" in content_type or stripped[0] in "[{":
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError:
            data = None
        if isinstance(data, list):
            return [wazuh(item, str(i)) for i, item in enumerate(data, 1)]
        if isinstance(data, dict):
            return [wazuh(data, "1")]
    alerts = []
    for i, line in enumerate(stripped.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        if line.startswith("{"):
            try:
                alerts.append(wazuh(json.loads(line), str(i)))
            except json.JSONDecodeError:
                raise ScanError("bad_line", str(i)) from None
        else:
            alerts.append(cef(line, str(i)))
    return alerts
