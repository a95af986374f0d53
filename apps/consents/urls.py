from django.urls import path

from . import views

app_name = "consents"

urlpatterns = [
    path("dat/<slug:kind>/", views.give, name="give"),
    path("<int:pk>/otozvat/", views.withdraw, name="withdraw"),
]
