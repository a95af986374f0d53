"""The school's event pages (/meropriyatiya/) and the materials' downloads."""

from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("", views.school_list, name="list"),
    path("novoe/", views.school_edit, name="create"),
    path("itogovoe/", views.school_final, name="final"),
    path("<int:pk>/", views.school_detail, name="detail"),
    path("<int:pk>/izmenit/", views.school_edit, name="edit"),
    path("<int:pk>/registraciya/", views.school_register, name="register"),
    path("<int:pk>/registraciya/<int:registration_pk>/snyat/", views.school_unregister, name="unregister"),
    path("<int:pk>/prisutstvie/", views.school_attendance, name="attendance"),
    path("<int:pk>/materialy/", views.school_material_add, name="material_add"),
    path("<int:pk>/materialy/<int:material_pk>/udalit/", views.school_material_delete, name="material_delete"),
    path("<int:pk>/list-registracii.pdf", views.school_sheet_pdf, name="sheet_pdf"),
    path("<int:pk>/list-registracii.xlsx", views.school_sheet_xlsx, name="sheet_xlsx"),
    path("material/<int:pk>/", views.material_download, name="material"),
]
