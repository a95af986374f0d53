from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("conclusions/", views.conclusions, name="conclusions"),
    path("report.pdf", views.report_pdf, name="report_pdf"),
    path("report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("srezy/", views.round_fix, name="round_fix"),
    path("srezy/<int:pk>.xlsx", views.round_xlsx, name="round_xlsx"),
]
