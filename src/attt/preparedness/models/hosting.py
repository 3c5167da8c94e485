"""Controls a hosting provider (the provincial data centre, a cloud) attests for the systems it
hosts: requirement ids of a regime, the evidence and how long the attestation is valid."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import OwnedModel


class Attestation(OwnedModel):
    """`organisation` is the provider. Its `requirement_ids` count as implemented ("inherited") for
    every system hosted there while `valid_from <= today <= valid_until`."""

    title = models.CharField(_("tên chứng nhận, xác nhận"), max_length=300)
    requirement_ids = models.JSONField(_("các yêu cầu được bảo đảm"), default=list)
    evidence = models.TextField(_("minh chứng"), blank=True)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_until = models.DateField(_("hiệu lực đến"), db_index=True)
    expiry_notified_on = models.DateField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-valid_until", "-id"]
        verbose_name = _("xác nhận kiểm soát của nhà cung cấp hạ tầng")

    def __str__(self) -> str:
        return self.title

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day <= self.valid_until
