from django.urls import include, path

from . import views

app_name = "systems"
urlpatterns = [
    path("", views.system_list, name="list"),
    path("new/", views.system_create, name="create"),
    path("import/", views.system_import, name="import"),
    path("overview/", views.overview, name="overview"),
    path("<int:pk>/", views.system_detail, name="detail"),
    path("<int:pk>/edit/", views.system_edit, name="edit"),
    path("<int:pk>/classify/", views.system_classify, name="classify"),
    path("<int:pk>/controls/", views.controls, name="controls"),
    path("controls/<int:pk>/", views.control_edit, name="control"),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence_download"),
    path("dossiers/", views.dossier_list, name="dossiers"),
    path("dossiers/<int:pk>/", views.dossier_detail, name="dossier"),
    path("dossiers/<int:pk>/do/<slug:action>/", views.dossier_action, name="dossier_action"),
    path("dossiers/<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("dossiers/<int:pk>/docx/<slug:kind>/", views.dossier_docx, name="dossier_docx"),
    path("dossiers/<int:pk>/signed/", views.signed_decision_upload, name="signed_decision_upload"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
    # The regimes module's pages, until the project URLconf mounts them at /regimes/.
    path("regimes/", include("attt.regimes.urls")),
]
