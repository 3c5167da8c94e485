from django.urls import path

from . import views

app_name = "preparedness"

urlpatterns = [
    path("", views.index, name="index"),
    path("plans/", views.plans, name="plans"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/<int:pk>/", views.plan, name="plan"),
    path("plans/<int:pk>/revise/", views.plan_revise, name="plan_revise"),
    path("plans/<int:pk>/approve/", views.plan_approve, name="plan_approve"),
    path("plans/<int:pk>/export/", views.plan_export, name="plan_export"),
    path("drills/", views.drills, name="drills"),
    path("drills/export/", views.drills_export, name="drills_export"),
    path("drills/import/", views.drills_import, name="drills_import"),
    path("drills/new/", views.drill_new, name="drill_new"),
    path("drills/<int:pk>/", views.drill, name="drill"),
    path("drills/<int:pk>/cancel/", views.drill_cancel, name="drill_cancel"),
    path("findings/", views.findings, name="findings"),
    path("findings/<int:pk>/close/", views.finding_close, name="finding_close"),
    path("suppliers/", views.suppliers, name="suppliers"),
    path("suppliers/export/", views.suppliers_export, name="suppliers_export"),
    path("suppliers/import/", views.suppliers_import, name="suppliers_import"),
    path("suppliers/new/", views.supplier_new, name="supplier_new"),
    path("suppliers/dependencies/", views.dependencies, name="dependencies"),
    path("suppliers/<int:pk>/", views.supplier, name="supplier"),
    path("suppliers/<int:pk>/edit/", views.supplier_edit, name="supplier_edit"),
    path("hosting/", views.attestations, name="attestations"),
    path("hosting/systems/<int:pk>/", views.system_hosting, name="system_hosting"),
]
