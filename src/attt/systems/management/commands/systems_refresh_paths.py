"""Copy the organisations' current paths onto every system (visibility of systems, dossiers, controls)."""
from django.core.management.base import BaseCommand

from attt.systems.scope import refresh_scope_paths


class Command(BaseCommand):
    help = "Cập nhật lại đường dẫn tổ chức (chủ quản, vận hành) lưu trên mỗi hệ thống."

    def handle(self, *args, **options):
        n = refresh_scope_paths()
        self.stdout.write(f"{n} systems refreshed")
