from django.urls import path

from . import consent_views, views

app_name = "documents"
urlpatterns = [
    # Public: where the QR code of a printed order leads.
    path("proverka/<str:token>/", views.verify, name="verify"),
    # The curator's and the director's downloads.
    path("dokumenty/prikazy/<int:pk>/pdf/", views.order_pdf, name="order_pdf"),
    path("dokumenty/prikazy/<int:pk>/skan/", views.order_scan, name="order_scan"),
    path("dokumenty/pary/<int:pk>/prikaz/", views.pair_order_create, name="pair_order_create"),
    path("dokumenty/pary/<int:pk>/v-prikaz/", views.pair_order_include, name="pair_order_include"),
    path("dokumenty/pary/<int:pk>/programma/", views.pair_programme, name="pair_programme"),
    path("dokumenty/meropriyatiya/<int:pk>/prikaz/", views.event_order_create, name="event_order_create"),
    path("dokumenty/pedagogi/<int:pk>/<slug:kind>/", views.teacher_document, name="teacher_document"),
    path("dokumenty/polozhenie/", views.regulations, name="regulations"),
    path("dokumenty/programma-nastavnichestva/", views.school_programme, name="school_programme"),
    path("dokumenty/partnery/<int:pk>/soglashenie/", views.partner_agreement, name="partner_agreement"),
    # A teacher's own consent forms to print and sign.
    path("dokumenty/moi/<slug:kind>/", consent_views.my_consent_form, name="my_consent_form"),
]
