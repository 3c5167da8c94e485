from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/figure/<slug:key>/", views.figure, name="figure"),
    path("units/<int:pk>/", views.unit, name="unit"),
    path("coverage/", views.coverage_list, name="coverage_list"),
    path("coverage/new/", views.coverage_new, name="coverage_new"),
    path("coverage/import/", views.coverage_import, name="coverage_import"),
    path("layers/", views.layers, name="layers"),
    path("layers/<int:system_pk>/", views.layers_edit, name="layers_edit"),
    path("list/", views.report_list, name="report_list"),
    path("new/", views.report_new, name="report_new"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("<int:pk>/refresh/", views.report_refresh, name="report_refresh"),
    path("<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("<int:pk>/correct/", views.report_correct, name="report_correct"),
    path("<int:pk>/export/<str:fmt>/", views.report_export, name="report_export"),
]
