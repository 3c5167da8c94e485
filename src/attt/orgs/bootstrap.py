"""Bootstrap a province and its communes from the `vietnam-provinces` package (34 provinces
and their communes after the 2025 reform)."""
from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from vietnam_provinces import Province, Ward

from attt.core import audit
from attt.core.errors import DomainError
from attt.core.text import fold

from .models import Organisation


def find_province(name_or_code: str) -> Province:
    wanted = fold(str(name_or_code)).replace("tinh ", "").replace("thanh pho ", "").strip()
    for province in Province.iter_all():
        if wanted in {fold(province.name), str(int(province.code)), province.codename.replace("_", " ")}:
            return province
    raise DomainError(_("Không tìm thấy tỉnh/thành phố “%(name)s”.") % {"name": name_or_code})


def province_code(province: Province) -> str:
    return f"P{int(province.code):02d}"


def _full_name(province: Province) -> str:
    kind = province.division_type.value
    return f"{kind[:1].upper()}{kind[1:]} {province.name}"


@transaction.atomic
def bootstrap_province(name_or_code: str, *, actor=None) -> tuple[Organisation, int]:
    """Create (or complete) the province and one organisation per commune; idempotent.
    Returns the province and the number of communes created."""
    province = find_province(name_or_code)
    code = province_code(province)
    root = Organisation.objects.filter(code=code).first()
    if root is None:
        root = Organisation(code=code, name=_full_name(province), short_name=province.name,
                            kind=Organisation.Kind.PROVINCE, admin_code=str(int(province.code)))
        root.save()
        root.path, root.depth = f"/{root.pk}/", 0
        root.save(update_fields=["path", "depth"])
        audit.record(actor=actor, action="org.bootstrap", obj=root)
    existing = set(Organisation.objects.filter(parent=root, kind=Organisation.Kind.COMMUNE)
                   .values_list("admin_code", flat=True))
    new = []
    for ward in Ward.iter_by_province(province.code):
        admin_code = f"{int(ward.code):05d}"
        if admin_code in existing:
            continue
        new.append(Organisation(code=f"W{admin_code}", name=ward.name, kind=Organisation.Kind.COMMUNE,
                                parent=root, admin_code=admin_code, depth=1))
    for org in new:
        org.search_text = fold(org.search_source())
    created = Organisation.objects.bulk_create(new, batch_size=1000)
    if created and created[0].pk is None:  # backends that do not return ids
        created = list(Organisation.objects.filter(code__in=[o.code for o in new]))
    for org in created:
        org.path = f"{root.path}{org.pk}/"
    Organisation.objects.bulk_update(created, ["path"], batch_size=1000)
    if created:
        audit.record(actor=actor, action="org.bootstrap_communes", obj=root,
                     changes={"communes_created": [0, len(created)]})
    return root, len(created)
