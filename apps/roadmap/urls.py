from django.urls import path

from . import views

app_name = "roadmap"
urlpatterns = [
    path("", views.page, name="page"),
    path("<int:year_start>/", views.page, name="year"),
    path("<int:year_start>/sozdat/", views.create, name="create"),
    path("<int:year_start>/skopirovat/", views.copy, name="copy"),
    path("meropriyatiya/<int:pk>/", views.event_row, name="event_row"),
    path("meropriyatiya/<int:pk>/izmenit/", views.event_edit, name="event_edit"),
]
