from django.urls import path

from attt.core.documents import views as template_views

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.org_list, name="list"),
    path("tree/", views.org_tree, name="tree"),
    path("import/", views.org_import, name="import"),
    path("<int:pk>/", views.org_detail, name="detail"),
    path("<int:parent_pk>/new/", views.org_create, name="create"),
    path("<int:pk>/edit/", views.org_edit, name="edit"),
    path("<int:pk>/move/", views.org_move, name="move"),
    path("<int:pk>/merge/", views.org_merge, name="merge"),
    path("users/", views.user_list, name="users"),
    path("users/<int:pk>/", views.user_detail, name="user"),
    path("memberships/<int:pk>/revoke/", views.membership_revoke, name="membership_revoke"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("audit/", views.audit_list, name="audit"),
    path("<int:pk>/templates/", template_views.template_list, name="templates"),
    path("<int:pk>/templates/<slug:kind>/download/", template_views.template_download, name="template_download"),
    path("<int:pk>/templates/<slug:kind>/upload/", template_views.template_upload, name="template_upload"),
    path("<int:pk>/templates/<slug:kind>/revert/", template_views.template_revert, name="template_revert"),
]
