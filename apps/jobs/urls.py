from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/povtorit/", views.job_retry, name="retry"),
    path("<int:pk>/fail/", views.job_file, name="file"),
]
