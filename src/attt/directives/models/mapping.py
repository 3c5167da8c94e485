"""Assignee rules: data that maps a phrase of a dispatch ("các sở, ban, ngành") to the bodies
that must act. Defaults are loaded from data/assignee_rules.yaml; an officer's correction saves a
new rule for the province."""
from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from attt.core.models import ScopedModel, TimeStampedModel
from attt.core.text import fold

_NON_WORD = re.compile(r"[^0-9a-z]+")


def phrase_key(phrase: str) -> str:
    """A phrase folded for matching: no diacritics, lower case, punctuation as single spaces."""
    return _NON_WORD.sub(" ", fold(phrase)).strip()


class AssigneeRule(TimeStampedModel, ScopedModel):
    class Target(models.TextChoices):
        KINDS = "kinds", _("Mọi tổ chức thuộc loại")
        ORGANISATION = "organisation", _("Một tổ chức cụ thể")
        ALL_RECIPIENTS = "all_recipients", _("Tất cả nơi nhận của văn bản")

    class Match(models.TextChoices):
        EXACT = "exact", _("Trùng cả cụm")
        CONTAINS = "contains", _("Chứa cụm")

    province = models.ForeignKey("orgs.Organisation", verbose_name=_("tỉnh"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="+",
                                 help_text=_("Để trống: quy tắc mặc định cho mọi tỉnh."))
    phrase = models.CharField(_("cụm từ"), max_length=300)
    pattern = models.CharField(max_length=300, editable=False, db_index=True)
    match = models.CharField(_("cách so khớp"), max_length=10, choices=Match.choices, default=Match.CONTAINS)
    target = models.CharField(_("đích"), max_length=20, choices=Target.choices)
    org_kinds = models.JSONField(_("loại tổ chức"), default=list, blank=True)
    organisation = models.ForeignKey("orgs.Organisation", verbose_name=_("tổ chức"), null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    scope_fields = ("province__path",)
    audit_org_fields = ("province",)

    class Meta:
        ordering = ["pattern"]
        verbose_name = _("quy tắc ánh xạ đơn vị")
        verbose_name_plural = _("quy tắc ánh xạ đơn vị")
        constraints = [models.UniqueConstraint(fields=["province", "pattern", "match"], name="uniq_assignee_rule")]

    def __str__(self) -> str:
        return f"{self.phrase} → {self.target_label()}"

    def save(self, *args, **kwargs):
        self.pattern = phrase_key(self.phrase)
        super().save(*args, **kwargs)

    def target_label(self) -> str:
        from attt.orgs.models import Organisation

        if self.target == self.Target.ORGANISATION:
            return str(self.organisation) if self.organisation_id else "—"
        if self.target == self.Target.ALL_RECIPIENTS:
            return str(self.Target.ALL_RECIPIENTS.label)
        labels = dict(Organisation.Kind.choices)
        return ", ".join(str(labels.get(k, k)) for k in self.org_kinds)
