"""Access matrix of the province's document templates (orgs/<province>/templates/): only an
administrator whose scope covers the province; those who see the province get 403, others 404."""
from django.urls import reverse

from .matrix import Case

ADMIN_ONLY = {"*": 404, "admin": 200, "province_leader": 403, "auditor": 403, "specialist": 403, "responder": 403}


def _with(expect, admin):
    return {**expect, "admin": admin}


CASES = [
    Case("orgs:templates", "templates of the province", lambda w: reverse("orgs:templates", args=[w.org("province").pk]),
         ADMIN_ONLY),
    Case("orgs:templates", "templates of a commune (not a province)",
         lambda w: reverse("orgs:templates", args=[w.org("commune_a").pk]), {"*": 404}),
    Case("orgs:templates", "templates of the other province",
         lambda w: reverse("orgs:templates", args=[w.org("province_q").pk]), {"*": 404}),
    Case("orgs:template_download", "download the decision template",
         lambda w: reverse("orgs:template_download", args=[w.org("province").pk, "decision"]), ADMIN_ONLY),
    Case("orgs:template_upload", "upload without a file",
         lambda w: reverse("orgs:template_upload", args=[w.org("province").pk, "decision"]),
         _with(ADMIN_ONLY, 400), method="POST", data={"x": "1"}),
    Case("orgs:template_revert", "revert to the base template",
         lambda w: reverse("orgs:template_revert", args=[w.org("province").pk, "decision"]),
         _with(ADMIN_ONLY, 302), method="POST", data={"version": ""}),
]
