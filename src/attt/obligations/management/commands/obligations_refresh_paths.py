"""Copy the organisations' current paths onto every duty occurrence (visibility of duties)."""
from django.core.management.base import BaseCommand

from attt.obligations.scope import refresh_scope_paths


class Command(BaseCommand):
    help = "Cập nhật lại đường dẫn tổ chức (đơn vị, chủ quản hệ thống) lưu trên mỗi kỳ nhiệm vụ."

    def handle(self, *args, **options):
        n = refresh_scope_paths()
        self.stdout.write(f"{n} occurrences refreshed")
