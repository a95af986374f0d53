from django.urls import path

from . import views

app_name = "registraciya"
urlpatterns = [
    path("", views.school_registrations, name="school"),
]
