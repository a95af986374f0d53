from django.urls import path

from . import views

app_name = "practices"

urlpatterns = [
    path("", views.resource_map_page, name="resource_map"),
    path("pdf/", views.resource_map_download, name="resource_map_pdf"),
]
