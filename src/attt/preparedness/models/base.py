"""What the preparedness models share: the owner organisation's path copied on the row, so that
`visible_to` is a prefix filter on one indexed column (as System does; see attt.core.paths)."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from attt.core.models import TimeStampedModel
from attt.core.paths import CopiedPathsModel, PathField


class OwnedModel(TimeStampedModel, CopiedPathsModel):
    """A row owned by one organisation (`organisation`), visible to its subtree and the province."""

    organisation = models.ForeignKey("orgs.Organisation", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                                     related_name="+")
    org_path = PathField(max_length=400, db_index=True, editable=False, default="")

    scope_fields = ("org_path",)
    copied_paths = {"org_path": "organisation__path"}
    audit_org_fields = ("organisation",)

    class Meta:
        abstract = True
