"""The organisations of the subtree, by kind, with their incident contact points."""
from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from . import Section, SectionData, register

COLUMNS = (_l("Mã"), _l("Tên"), _l("Loại"), _l("Điện thoại báo sự cố"), _l("Email báo sự cố"))


def provide(org, period, user) -> SectionData:
    from attt.orgs.models import Organisation

    qs = Organisation.objects.filter(path__startswith=org.path, valid_to__isnull=True).exclude(pk=org.pk)
    labels = dict(Organisation.Kind.choices)
    counts = qs.order_by().values("kind").annotate(n=Count("pk")).order_by("kind")
    figs = [("units_total", _("Tổng số cơ quan, đơn vị trực thuộc"), qs.count())]
    figs += [(f"kind_{row['kind']}", str(labels.get(row["kind"], row["kind"])), row["n"]) for row in counts]

    def rows():
        for o in qs.order_by("path").values_list("code", "name", "kind", "incident_phone", "incident_email").iterator(
                chunk_size=2000):
            yield [o[0], o[1], str(labels.get(o[2], o[2])), o[3], o[4]]

    return SectionData(figures=figs, rows=rows())


SECTION = register(Section("organisations", _l("Cơ quan, đơn vị"), 10, COLUMNS, provide))
