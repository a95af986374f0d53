from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("", views.index, name="index"),
    path("vazhnost/", views.weights, name="weights"),
    path("raspredelenie/", views.propose, name="propose"),
    path("vruchnuyu/", views.manual, name="manual"),
    path("sozdany/", views.created, name="created"),
    path("utverdit/<int:pk>/", views.approve, name="approve_mentor"),
]
