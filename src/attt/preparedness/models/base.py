"""What the preparedness models share: the owner organisation's path copied on the row, so that
`visible_to` is a prefix filter on one indexed column (as System does)."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from attt.core.models import ScopedModel, TimeStampedModel
from attt.systems.models.paths import PathField


class OwnedModel(TimeStampedModel, ScopedModel):
    """A row owned by one organisation (`organisation`), visible to its subtree and the province."""

    organisation = models.ForeignKey("orgs.Organisation", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                                     related_name="+")
    org_path = PathField(max_length=400, db_index=True, editable=False, default="")

    scope_fields = ("org_path",)
    audit_org_fields = ("organisation",)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.org_path = self.organisation.path if self.organisation_id else ""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {"org_path"}
        super().save(*args, **kwargs)
