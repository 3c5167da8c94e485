"""Controls inherited from hosting: a provider (an Organisation: the provincial data centre, a cloud)
attests requirements; a system records where it is hosted (`System.hosted_by`); while the
attestation is valid, the system's checklist shows those requirements as inherited and its
compliance counts them (see `systems.services.controls.INHERITANCE_PROVIDERS`). When an
attestation expires, hosted systems are recomputed and their owners told (daily task)."""
from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from attt.core import audit, clock, rules
from attt.core.errors import DomainError

from .models import Attestation


def valid_attestations(provider_id: int, on: dt.date):
    return Attestation.objects.filter(organisation_id=provider_id, valid_from__lte=on, valid_until__gte=on)


def inherited_requirements(system) -> dict[str, dict]:
    """{requirement_id: {provider, title, evidence, valid_until}} from the system's provider."""
    if not getattr(system, "hosted_by_id", None):
        return {}
    found: dict[str, dict] = {}
    for att in valid_attestations(system.hosted_by_id, clock.today()).select_related("organisation").order_by(
            "valid_until"):
        for rid in att.requirement_ids or []:
            found[rid] = {"provider": att.organisation.name, "title": att.title, "evidence": att.evidence,
                          "valid_until": att.valid_until, "attestation": att.pk}
    return found


def requirement_titles() -> dict[str, str]:
    """{requirement id: its title in the user's language} over the regimes in force."""
    from django.utils.translation import get_language

    from attt.regimes import rules_engine

    english = (get_language() or "vi").startswith("en")
    titles: dict[str, str] = {}
    for code, _label in rules_engine.regime_choices():
        for r in rules_engine.regime(code).requirements:
            titles.setdefault(r.id, (r.title_en if english and r.title_en else r.title_vi))
    return titles


def known_requirement_ids() -> set[str]:
    """The requirement ids of every regime in force (the ids a checklist's controls carry)."""
    from attt.regimes import rules_engine

    ids: set[str] = set()
    for code, _label in rules_engine.regime_choices():
        ids.update(r.id for r in rules_engine.regime(code).requirements)
    return ids


def _recompute_hosted(provider_id: int) -> int:
    from attt.systems.models import System
    from attt.systems.services import recompute_compliance

    n = 0
    for system in System.objects.filter(hosted_by_id=provider_id):
        recompute_compliance(system=system)
        n += 1
    return n


@transaction.atomic
def attestation_save(*, actor, provider, title: str, requirement_ids, valid_from: dt.date, valid_until: dt.date,
                     evidence: str = "") -> Attestation:
    probe = Attestation(organisation=provider)
    probe.org_path = provider.path
    rules.require(actor, "attestation.edit", probe)
    title = (title or "").strip()[:300]
    ids = sorted({(r or "").strip() for r in requirement_ids if (r or "").strip()})
    if not title:
        raise DomainError(_("Nhập tên chứng nhận, xác nhận."), field="title")
    if not ids:
        raise DomainError(_("Chọn ít nhất một yêu cầu được nhà cung cấp bảo đảm."), field="requirement_ids")
    unknown = sorted(set(ids) - known_requirement_ids())
    if unknown:
        raise DomainError(_("Mã yêu cầu không có trong danh mục của các chế độ: %(ids)s.") % {"ids": ", ".join(unknown[:5])},
                          field="requirement_ids")
    if valid_from is None or valid_until is None or valid_until < valid_from:
        raise DomainError(_("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."), field="valid_until")
    att = Attestation.objects.create(organisation=provider, title=title, requirement_ids=ids, valid_from=valid_from,
                                     valid_until=valid_until, evidence=(evidence or "").strip()[:8000],
                                     created_by=actor)
    n = _recompute_hosted(provider.pk)
    audit.record(actor=actor, action="attestation.create", obj=att,
                 changes={"requirements": [None, ids], "valid_until": [None, valid_until.isoformat()],
                          "systems_recomputed": n})
    return att


@transaction.atomic
def system_set_hosting(*, actor, system, provider) -> object:
    """Record where a system is hosted. A provider without a valid attestation is refused: there
    would be nothing to inherit (the system keeps proving every control itself)."""
    from attt.systems.models import System
    from attt.systems.services import recompute_compliance

    rules.require(actor, "system.edit", system)
    system = System.objects.select_for_update().get(pk=system.pk)
    if provider is not None and not valid_attestations(provider.pk, clock.today()).exists():
        raise DomainError(_("“%(p)s” không có xác nhận kiểm soát còn hiệu lực, không thể kế thừa.")
                          % {"p": provider.name}, field="hosted_by")
    before = {"hosted_by": system.hosted_by_id}
    system.hosted_by = provider
    system.save(update_fields=["hosted_by", "updated_at"])
    recompute_compliance(system=system)
    audit.record(actor=actor, action="system.hosting", obj=system, before=before,
                 after={"hosted_by": getattr(provider, "pk", None), "compliance": system.compliance})
    return system


def attestations_expire(*, on: dt.date | None = None) -> dict:
    """Attestations that ended before `on` and were not yet handled: recompute the hosted systems
    (their figures drop) and tell their owners. Idempotent (expiry_notified_on)."""
    from attt.systems.models import System

    from attt.directives.services.notify import notify_units

    on = on or clock.today()
    handled = systems = 0
    for att in Attestation.objects.filter(valid_until__lt=on, expiry_notified_on__isnull=True).select_related(
            "organisation"):
        with transaction.atomic():
            systems += _recompute_hosted(att.organisation_id)
            owners = set(System.objects.filter(hosted_by_id=att.organisation_id).values_list("owner_id", flat=True))
            title = _("Xác nhận kiểm soát của %(p)s đã hết hiệu lực") % {"p": att.organisation.name}
            body = _("“%(t)s” hết hiệu lực ngày %(d)s. Các yêu cầu kế thừa không còn được tính cho hệ thống đặt tại "
                     "%(p)s; mức đáp ứng đã được tính lại.") % {"t": att.title, "d": att.valid_until.strftime("%d/%m/%Y"),
                                                                "p": att.organisation.name}
            notify_units(owners, title, body)
            att.expiry_notified_on = on
            att.save(update_fields=["expiry_notified_on", "updated_at"])
            audit.record(action="attestation.expired", obj=att, changes={"owners": sorted(owners)})
            handled += 1
    return {"attestations": handled, "systems": systems}
