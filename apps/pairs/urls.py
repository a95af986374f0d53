from django.urls import path

from . import views

app_name = "pairs"
urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/podkhodit/", views.fit, name="fit"),
]
