"""`attt scans import FILE --org CODE [--system ID] [--json]`: import a scan on the command line (the
operator, no user: audited without an actor), synchronously, with the same service as the page."""
from __future__ import annotations

import json
import sys


def scans_import(path: str, *, org: str, system: int | None = None, as_json: bool = False) -> int:
    from django.utils.translation import gettext as _
    from django.utils.translation import override

    from attt.core.errors import DomainError
    from attt.orgs.models import Organisation
    from attt.systems.models import System

    from .jobs import summary_text
    from .services import scan_import

    with override("vi"):
        organisation = Organisation.objects.filter(code=org).first()
        if organisation is None:
            print(_("Không tìm thấy đơn vị có mã %(c)s.") % {"c": org}, file=sys.stderr)
            return 2
        target = None
        if system is not None:
            target = System.objects.filter(pk=system).first()
            if target is None:
                print(_("Không tìm thấy hệ thống %(n)s.") % {"n": system}, file=sys.stderr)
                return 2
        try:
            with open(path, "rb") as handle:
                scan = scan_import(actor=None, organisation=organisation, stream=handle, filename=path.rsplit("/", 1)[-1],
                                   system=target)
        except OSError as exc:
            print(_("Không đọc được tệp: %(e)s") % {"e": exc.strerror or exc}, file=sys.stderr)
            return 2
        except DomainError as exc:
            print(str(exc.message), file=sys.stderr)
            return 2
        if as_json:
            print(json.dumps({"scan": scan.pk, **scan.summary}, ensure_ascii=False, indent=2))
        else:
            print(summary_text(scan.summary))
    return 0
