"""Both banks' pages. mentoring_portal/urls.py includes these twice, once per kind:
`include(("apps.banks.urls", "mentors")), {"kind": "mentors"}` keeps the names mentors:bank, mentors:export."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.bank, name="bank"),
    path("export.xlsx", views.export, name="export"),
]
