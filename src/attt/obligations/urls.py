from django.urls import path

from . import views

app_name = "obligations"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("occurrences/<int:pk>/", views.occurrence_detail, name="occurrence"),
    path("occurrences/<int:pk>/submit/", views.occurrence_submit, name="occurrence_submit"),
    path("submissions/<int:pk>/review/", views.submission_review, name="submission_review"),
    path("submissions/<int:pk>/file/", views.submission_file, name="submission_file"),
    path("rules/", views.rule_list, name="rules"),
    path("rules/<int:pk>/edit/", views.rule_edit, name="rule_edit"),
    path("rules/sync/", views.rules_sync, name="rules_sync"),
    path("generate/", views.generate, name="generate"),
    path("settings/", views.setting_list, name="settings"),
    path("settings/<int:province_pk>/", views.setting_edit, name="setting_edit"),
]
