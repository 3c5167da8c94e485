"""Writes on regimes: loading the shipped YAML files (idempotent) and amending a section of a
regime or of the holiday calendar, which adds a new version validated by the pure loader."""
from __future__ import annotations

import yaml
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from attt.core import audit, rules
from attt.core.errors import DomainError

from . import store
from .models import RegimeVersion
from .rules_engine import validate


def _describe(raw: dict) -> tuple[str, str, str, object]:
    """(kind, code, name, valid_from) of a parsed data file."""
    if "regime" in raw:
        return RegimeVersion.Kind.REGIME, str(raw["regime"]), str(raw.get("name_vi", "")), raw.get("valid_from")
    if "calendar" in raw:
        return RegimeVersion.Kind.CALENDAR, str(raw["calendar"]), _("Lịch ngày nghỉ, ngày làm việc"), None
    raise DomainError(_("Tệp dữ liệu không phải chế độ quy định hay lịch ngày nghỉ."))


def load_regimes(*, actor=None, using: str = "default") -> list[RegimeVersion]:
    """Store each shipped data file as a version when it is new or changed since it was last
    loaded. A changed file becomes current unless an administrator's amendment is current."""
    created = []
    with transaction.atomic(using=using):
        for path in store.data_files():
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
            if not isinstance(raw, dict):
                continue
            kind, code, name, valid_from = _describe(raw)
            validate(kind, raw)
            data = store.to_json(raw)
            digest = store.digest(data)
            source = f"file:{path.name}"
            versions = RegimeVersion.objects.using(using).filter(code=code)
            last_from_file = versions.filter(source=source).order_by("-version").first()
            if last_from_file is not None and last_from_file.digest == digest:
                continue
            current = versions.filter(is_current=True).first()
            make_current = current is None or current.source.startswith("file:")
            number = (versions.aggregate(n=Max("version"))["n"] or 0) + 1
            if make_current and current is not None:
                versions.filter(pk=current.pk).update(is_current=False)
            version = RegimeVersion.objects.using(using).create(
                kind=kind, code=code, version=number, name=name, valid_from=valid_from, data=data, digest=digest,
                source=source, is_current=make_current, created_by=actor,
                note=_("Nạp từ tệp dữ liệu %(f)s") % {"f": path.name})
            created.append(version)
    if created and actor is not None and using == "default":  # migrate-time loads are recorded on the rows
        audit.record(actor=actor, action="regime.load", object_type="regimes.regimeversion", object_id="",
                     object_repr=", ".join(str(v) for v in created)[:300],
                     changes={"versions": [None, [v.pk for v in created]]})
    return created


@transaction.atomic
def regime_amend(*, actor, code: str, section: str, text: str, note: str = "") -> RegimeVersion:
    """Replace one top-level section of the current version with `text` (YAML or JSON). The
    whole regime is checked by the pure loader; a bad edit saves nothing and says why."""
    rules.require(actor, "regime.manage")
    current = RegimeVersion.objects.select_for_update().filter(code=code, is_current=True).first()
    if current is None:
        raise DomainError(_("Không tìm thấy chế độ quy định “%(c)s”.") % {"c": code})
    data = store.from_json(current.data)
    if section not in data:
        raise DomainError(_("Chế độ không có mục “%(s)s”.") % {"s": section}, field="section")
    try:
        value = yaml.safe_load(text or "")
    except yaml.YAMLError as exc:
        raise DomainError(_("Nội dung không phải YAML/JSON hợp lệ: %(e)s") % {"e": exc}, field="text") from None
    if section in {"regime", "calendar"} and value != data[section]:
        raise DomainError(_("Không được đổi mã của chế độ."), field="text")
    data[section] = value
    validate(current.kind, data, field="text")
    new_data = store.to_json(data)
    if store.digest(new_data) == current.digest:
        raise DomainError(_("Nội dung không thay đổi so với phiên bản hiện hành."), field="text")
    number = (RegimeVersion.objects.filter(code=code).aggregate(n=Max("version"))["n"] or 0) + 1
    RegimeVersion.objects.filter(pk=current.pk).update(is_current=False)
    version = RegimeVersion.objects.create(
        kind=current.kind, code=code, version=number, name=str(data.get("name_vi", current.name)),
        valid_from=data.get("valid_from") if current.kind == RegimeVersion.Kind.REGIME else None,
        data=new_data, digest=store.digest(new_data), source=f"edit:{section}", note=(note or "").strip()[:2000],
        created_by=actor, is_current=True)
    audit.record(actor=actor, action="regime.amend", obj=version,
                 changes={"section": [None, section], "version": [current.version, number]})
    return version


@transaction.atomic
def regime_activate(*, actor, version: RegimeVersion) -> RegimeVersion:
    """Make an older version current again (it is still validated against today's loader)."""
    rules.require(actor, "regime.manage")
    validate(version.kind, store.from_json(version.data))
    RegimeVersion.objects.filter(code=version.code, is_current=True).update(is_current=False)
    RegimeVersion.objects.filter(pk=version.pk).update(is_current=True)
    version.is_current = True
    audit.record(actor=actor, action="regime.activate", obj=version, changes={"version": [None, version.version]})
    return version
