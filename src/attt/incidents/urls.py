from django.urls import path

from .views import incidents as v
from .views import public as p
from .views import warnings as w

app_name = "incidents"
urlpatterns = [
    path("", v.incident_list, name="list"),
    path("new/", v.incident_create, name="create"),
    path("figures/", v.incident_figures, name="figures"),
    path("<int:pk>/", v.incident_detail, name="detail"),
    path("<int:pk>/transition/", v.incident_transition, name="transition"),
    path("<int:pk>/note/", v.incident_note, name="note"),
    path("<int:pk>/assign/", v.incident_assign, name="assign"),
    path("<int:pk>/serious/", v.incident_serious, name="serious"),
    path("<int:pk>/evidence/", v.incident_evidence, name="evidence"),
    path("<int:pk>/files/<int:file_pk>/", v.incident_file, name="file"),
    path("<int:pk>/notify/", v.incident_notify, name="notify"),
    path("<int:pk>/close/", v.incident_close, name="close"),
    path("<int:pk>/dismiss/", v.incident_dismiss, name="dismiss"),
    path("<int:pk>/report/<str:kind>/", v.incident_report_docx, name="report"),
    path("<int:pk>/package.zip", v.incident_package, name="package"),
    # Without an account
    path("public/report/", p.public_report, name="public_report"),
    path("public/track/", p.public_track, name="public_track"),
    path("public/contacts/", p.public_contacts, name="public_contacts"),
    # Warnings
    path("warnings/", w.warning_list, name="warnings"),
    path("warnings/new/", w.warning_create, name="warning_create"),
    path("warnings/<int:pk>/", w.warning_detail, name="warning_detail"),
    path("warnings/<int:pk>/dispatch/", w.warning_dispatch, name="warning_dispatch"),
    path("warnings/<int:pk>/remind/", w.warning_remind, name="warning_remind"),
    path("warnings/<int:pk>/targets/", w.warning_target_add, name="warning_target_add"),
    path("warnings/targets/<int:pk>/acknowledge/", w.warning_acknowledge, name="warning_ack"),
    path("warnings/targets/<int:pk>/fix/", w.warning_fix, name="warning_fix"),
    path("warnings/targets/<int:pk>/evidence/", w.warning_evidence, name="warning_evidence"),
]
