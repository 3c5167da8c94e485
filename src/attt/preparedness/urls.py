from django.urls import path

from . import views

app_name = "preparedness"

urlpatterns = [
    path("", views.index, name="index"),
]
