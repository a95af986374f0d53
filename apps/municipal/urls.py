from django.urls import path

from . import views

app_name = "konkurs"
urlpatterns = [
    path("", views.school_contests, name="list"),
    path("<int:pk>/zayavka/", views.application_new, name="apply"),
    path("<int:pk>/ocenka/", views.scoring, name="scoring"),
    path("zayavki/<int:pk>/materialy.pdf", views.materials, name="materials"),
]
