from django.urls import path

from . import views

app_name = "directives"
urlpatterns = [
    path("", views.directive_list, name="list"),
    path("import/", views.directive_import, name="import"),
    path("<int:pk>/", views.directive_detail, name="detail"),
    path("<int:pk>/edit/", views.directive_edit, name="edit"),
    path("<int:pk>/document/", views.directive_document, name="document"),
    path("<int:pk>/tasks/new/", views.task_edit, name="task_new"),
    path("<int:pk>/tasks/<int:task_pk>/edit/", views.task_edit, name="task_edit"),
    path("<int:pk>/tasks/<int:task_pk>/delete/", views.task_delete, name="task_delete"),
    path("<int:pk>/mapping/", views.directive_mapping, name="mapping"),
    path("<int:pk>/publish/", views.directive_publish, name="publish"),
    path("<int:pk>/matrix/", views.directive_matrix, name="matrix"),
    path("<int:pk>/remind/", views.directive_remind, name="remind"),
    path("<int:pk>/progress-report/", views.directive_progress_report, name="progress_report"),
    path("inbox/", views.inbox, name="inbox"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("notifications/", views.notifications, name="notifications"),
    path("rules/", views.rule_list, name="rules"),
    path("rules/<int:pk>/delete/", views.rule_delete, name="rule_delete"),
    path("library/", views.library, name="library"),
]
