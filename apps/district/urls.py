from django.urls import path

from . import views

app_name = "district"
urlpatterns = [
    path("", views.monitoring, name="monitoring"),
    path("monitoring.xlsx", views.monitoring_xlsx, name="monitoring_xlsx"),
    path("otchet.pdf", views.report_pdf, name="report_pdf"),
    path("srezy/", views.round_fix, name="round_fix"),
    path("srezy/<int:pk>.xlsx", views.round_xlsx, name="round_xlsx"),
    path("nastavniki/", views.mentors, name="mentors"),
    path("kuratory/", views.curators, name="curators"),
    path("nastavlyaemye/", views.mentees, name="mentees"),
    path("rekvizity/", views.requisites, name="requisites"),
]
