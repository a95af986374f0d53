"""The coordinator's event pages (/rayon/meropriyatiya/)."""

from django.urls import path

from . import views

app_name = "district_events"
urlpatterns = [
    path("", views.district_list, name="list"),
    path("novoe/", views.district_edit, name="create"),
    path("<int:pk>/", views.district_detail, name="detail"),
    path("<int:pk>/izmenit/", views.district_edit, name="edit"),
    path("<int:pk>/prisutstvie/", views.district_attendance, name="attendance"),
    path("<int:pk>/materialy/", views.district_material_add, name="material_add"),
    path("<int:pk>/materialy/<int:material_pk>/udalit/", views.district_material_delete, name="material_delete"),
    path("<int:pk>/list-registracii.pdf", views.district_sheet_pdf, name="sheet_pdf"),
    path("<int:pk>/list-registracii.xlsx", views.district_sheet_xlsx, name="sheet_xlsx"),
]
