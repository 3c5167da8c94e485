from django.urls import path

from . import views

app_name = "regimes"
urlpatterns = [
    path("", views.regime_list, name="list"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/amend/", views.calendar_amend, name="calendar_amend"),
    path("versions/<int:pk>/activate/", views.regime_activate, name="activate"),
    path("<slug:code>/", views.regime_detail, name="detail"),
    path("<slug:code>/amend/", views.regime_amend, name="amend"),
]
