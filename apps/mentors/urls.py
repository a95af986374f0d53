from django.urls import path

from . import views

app_name = "mentors"
urlpatterns = [
    path("", views.bank, name="bank"),
    path("export.xlsx", views.export, name="export"),
]
