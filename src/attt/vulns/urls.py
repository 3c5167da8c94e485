from django.urls import path

from . import views, views_soc

app_name = "vulns"

urlpatterns = [
    path("", views.findings, name="findings"),
    path("<int:pk>/", views.finding_detail, name="finding"),
    path("<int:pk>/<str:action>/", views.finding_act, name="finding_act"),
    path("scans/", views.scan_import_page, name="import"),
    path("scans/<int:pk>/", views.scan_detail, name="scan"),
    path("hosts/<int:pk>/assign/", views.host_assign, name="host_assign"),
    path("systems/<int:system_id>/addresses/", views.addresses, name="addresses"),
    path("addresses/<int:pk>/delete/", views.address_delete, name="address_delete"),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/<int:pk>/", views.alert_detail, name="alert"),
    path("alerts/<int:pk>/promote/", views.alert_promote, name="alert_promote"),
    path("soc/sources/", views_soc.soc_sources, name="soc_sources"),
    path("soc/sources/<int:pk>/", views_soc.soc_source, name="soc_source"),
    path("soc/sources/<int:pk>/token/", views_soc.soc_source_token, name="soc_source_token"),
    path("soc/sources/<int:pk>/rules/", views_soc.soc_source_rule_add, name="soc_source_rule_add"),
    path("soc/rules/", views_soc.soc_default_rule_add, name="soc_default_rule_add"),
    path("soc/rules/<int:pk>/", views_soc.soc_rule, name="soc_rule"),
    path("trend/", views_soc.trend, name="trend"),
]
