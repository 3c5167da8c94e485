"""The roles of a membership, and which of them reach the whole province."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROVINCE_LEADER = "province_leader", _("Lãnh đạo UBND tỉnh")
    SPECIALIST = "specialist", _("Chuyên trách ATTT tỉnh")
    RESPONDER = "responder", _("Ứng cứu sự cố")
    UNIT_HEAD = "unit_head", _("Thủ trưởng đơn vị")
    UNIT_OFFICER = "unit_officer", _("Cán bộ phụ trách ATTT đơn vị")
    AUDITOR = "auditor", _("Kiểm tra viên (chỉ xem)")
    ADMIN = "admin", _("Quản trị hệ thống")


ALL = frozenset(Role.values)
# A membership with one of these roles reaches the whole province of its organisation.
PROVINCE_ROLES = frozenset({Role.PROVINCE_LEADER, Role.SPECIALIST, Role.RESPONDER})
# These roles must enrol a second factor (TOTP) before using the product.
MFA_REQUIRED = frozenset({Role.SPECIALIST, Role.ADMIN})
READERS = ALL
UNIT_WRITERS = frozenset({Role.UNIT_HEAD, Role.UNIT_OFFICER, Role.SPECIALIST, Role.ADMIN})
PROVINCE_STAFF = frozenset({Role.SPECIALIST, Role.ADMIN})
