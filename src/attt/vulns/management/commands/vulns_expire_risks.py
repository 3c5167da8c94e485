"""`attt manage vulns_expire_risks [--json]`: reopen findings whose accepted risk expired now (the
daily task does the same at 00:20 local time)."""
import json

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Mở lại các lỗ hổng đã hết hạn chấp nhận rủi ro (như công việc hằng ngày)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        from django.utils.translation import gettext as _
        from django.utils.translation import override

        from attt.vulns.services.findings import risk_acceptances_expire

        with override("vi"):
            result = risk_acceptances_expire()
            if options["json"]:
                self.stdout.write(json.dumps(result))
            else:
                self.stdout.write(_("Đã mở lại %(n)s lỗ hổng hết hạn chấp nhận rủi ro; đã báo %(m)s người.")
                                  % {"n": result["reopened"], "m": result["notified"]})
