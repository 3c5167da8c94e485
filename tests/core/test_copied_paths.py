"""attt.core.paths: the copied organisation paths are declared once (the repair command is tested
in tests/directives/test_scope_paths.py, where an assignment is at hand)."""
from __future__ import annotations

import pytest
from django.db import models

from attt.core.paths import CopiedPathsModel, ProvinceOf, models_with_copied_paths, province_of


@pytest.mark.parametrize("path,province", [("/12/34/56/", "/12/"), ("/7/", "/7/"), ("", "")])
def test_province_of_in_python_and_in_sql(db, path, province):
    from attt.orgs.models import Organisation

    assert province_of(path) == province
    got = Organisation.objects.annotate(p=ProvinceOf(models.Value(path, output_field=models.CharField()))) \
        .values_list("p", flat=True)[:1]
    Organisation.objects.create(code="X", name="X", kind="province", path="/1/")
    assert list(got) == [province]


def test_the_scoped_models_declare_their_copies():
    labels = {m._meta.label for m in models_with_copied_paths()}
    assert {"directives.Assignment", "incidents.Incident", "incidents.WarningTarget", "preparedness.Supplier",
            "preparedness.DrillFinding", "preparedness.Drill"} <= labels
    for model in models_with_copied_paths():
        assert issubclass(model, CopiedPathsModel)
        assert set(model.copied_paths) & set(model.scope_fields), model
