"""Access matrix of recurring duties (obligations, /duties/)."""
import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from .matrix import Case

ALL_SEE = {"*": 200}
MANAGERS = {"*": 403, "specialist": 200, "admin": 200}
# who sees an occurrence of commune A: the province roles, the province admin/auditor, its officer
SEE_COMMUNE_A = {"*": 200, "unit_head": 404, "officer_b": 404, "officer_q": 404}


def _prepare(w):
    if getattr(w, "duty_occ", None) is not None:
        return
    from attt.obligations import services
    from attt.obligations.models import DutyRule, Occurrence

    services.sync_duty_rules()
    services.generate_occurrences()
    w.duty_occ = (Occurrence.objects.filter(target_key=f"o{w.org('commune_a').pk}")
                  .order_by("due_date", "pk").first())
    w.duty_rule = DutyRule.objects.filter(origin="regime", active=True).first()
    w.duty_foreign_rule = DutyRule.objects.get(pk=services.duties_from_recurring_deadline(
        actor=None, organisation=w.org("commune_q"), title="Báo cáo quý của xã Cát Tiên",
        deadline={"kind": "recurring", "every_months": 3, "due_day": 15, "due_month_of_period": "last"},
        source_label="CV thử", start=dt.date(2026, 1, 1), end=dt.date(2027, 12, 31))[0].rule_id)
    second = (Occurrence.objects.filter(target_key=f"o{w.org('commune_a').pk}").exclude(pk=w.duty_occ.pk)
              .order_by("due_date", "pk").first())
    w.duty_submission = services.occurrence_submit(
        actor=w.users["unit_officer"], occurrence=second,
        upload=SimpleUploadedFile("bc.pdf", b"%PDF-1.4\n%%EOF\n"), note="")


def exe(w):
    return {"file": SimpleUploadedFile("x.exe", b"MZ\x90")}


SUBMIT = {"*": 403, "specialist": 400, "admin": 400, "unit_officer": 400,
          "unit_head": 404, "officer_b": 404, "officer_q": 404}

CASES = [
    Case("obligations:calendar", "calendar grid", lambda w: reverse("obligations:calendar"), ALL_SEE, setup=_prepare),
    Case("obligations:calendar", "calendar list", lambda w: reverse("obligations:calendar") + "?view=list",
         ALL_SEE, setup=_prepare),
    Case("obligations:calendar", "calendar of a foreign unit",
         lambda w: reverse("obligations:calendar") + f"?unit={w.org('commune_q').pk}",
         {"*": 404, "officer_q": 200}, setup=_prepare),
    Case("obligations:occurrence", "commune A occurrence",
         lambda w: reverse("obligations:occurrence", args=[w.duty_occ.pk]), SEE_COMMUNE_A, setup=_prepare),
    Case("obligations:occurrence_submit", "submit for commune A (bad file)",
         lambda w: reverse("obligations:occurrence_submit", args=[w.duty_occ.pk]), SUBMIT, method="POST",
         data=exe, setup=_prepare),
    Case("obligations:submission_review", "review a commune A submission",
         lambda w: reverse("obligations:submission_review", args=[w.duty_submission.pk]),
         {"*": 403, "specialist": 400, "admin": 400, "unit_head": 404, "officer_b": 404, "officer_q": 404},
         method="POST", data={"decision": "return", "comment": ""}, setup=_prepare),
    Case("obligations:submission_file", "download commune A evidence",
         lambda w: reverse("obligations:submission_file", args=[w.duty_submission.pk]), SEE_COMMUNE_A,
         setup=_prepare),
    Case("obligations:rules", "rule list", lambda w: reverse("obligations:rules"), ALL_SEE, setup=_prepare),
    Case("obligations:rule_edit", "edit a regime rule", lambda w: reverse("obligations:rule_edit", args=[w.duty_rule.pk]),
         MANAGERS, setup=_prepare),
    Case("obligations:rule_edit", "edit a foreign directive rule",
         lambda w: reverse("obligations:rule_edit", args=[w.duty_foreign_rule.pk]),
         {"*": 404, "officer_q": 403}, setup=_prepare),
    Case("obligations:rules_sync", "sync rules", lambda w: reverse("obligations:rules_sync"),
         {"*": 403, "specialist": 302, "admin": 302}, method="POST"),
    Case("obligations:generate", "generate occurrences", lambda w: reverse("obligations:generate"),
         {"*": 403, "specialist": 302, "admin": 302}, method="POST", setup=_prepare),
    Case("obligations:settings", "province settings", lambda w: reverse("obligations:settings"), ALL_SEE),
    Case("obligations:setting_edit", "edit own province settings",
         lambda w: reverse("obligations:setting_edit", args=[w.org("province").pk]),
         {"*": 403, "specialist": 200, "admin": 200, "unit_head": 404, "unit_officer": 404, "officer_b": 404,
          "officer_q": 404}),
    Case("obligations:setting_edit", "edit the other province's settings",
         lambda w: reverse("obligations:setting_edit", args=[w.org("province_q").pk]), {"*": 404}),
    Case("obligations:setting_edit", "settings of a unit that is not a province",
         lambda w: reverse("obligations:setting_edit", args=[w.org("commune_a").pk]), {"*": 404}),
    # API
    Case("api:duty_occurrence_list", "occurrences", lambda w: "/api/v1/duties/occurrences", ALL_SEE, api=True,
         setup=_prepare),
    Case("api:duty_occurrence_detail", "commune A occurrence",
         lambda w: f"/api/v1/duties/occurrences/{w.duty_occ.pk}", SEE_COMMUNE_A, api=True, setup=_prepare),
    Case("api:duty_occurrence_submit", "submit for commune A (bad file)",
         lambda w: f"/api/v1/duties/occurrences/{w.duty_occ.pk}/submit", SUBMIT, method="POST", data=exe,
         api=True, setup=_prepare),
]
