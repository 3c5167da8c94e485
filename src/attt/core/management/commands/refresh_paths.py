"""Copy the organisations' current paths onto every row that keeps a copy (attt.core.paths):
systems, duties, vulnerability rows, assignments, incidents, warning targets, preparedness."""
from django.core.management.base import BaseCommand

from attt.core.paths import refresh_all


class Command(BaseCommand):
    help = "Cập nhật lại đường dẫn tổ chức lưu trên mọi bản ghi (sau khi khôi phục hoặc ghi ngoài ứng dụng)."

    def handle(self, *args, **options):
        for label, n in refresh_all().items():
            self.stdout.write(f"{label}: {n} rows refreshed")
