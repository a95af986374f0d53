from django.urls import path

from . import views

app_name = "network"
urlpatterns = [
    # The schools' curators and directors.
    path("setevoe/", views.index, name="index"),
    path("setevoe/zapros/", views.ask, name="ask"),
    path("setevoe/<int:pk>/prinyat/", views.accept, name="accept"),
    path("setevoe/<int:pk>/otklonit/", views.decline, name="decline"),
    path("setevoe/<int:pk>/otozvat/", views.withdraw, name="withdraw"),
    path("setevoe/<int:pk>/dogovor.pdf", views.agreement, name="agreement"),
    # The municipal coordinator.
    path("rayon/set/", views.district, name="district"),
    path("rayon/set/predlozhit/<int:mentor_pk>/", views.propose, name="propose"),
    path("rayon/set/<int:pk>/otozvat/", views.district_withdraw, name="district_withdraw"),
    path("rayon/set/<int:pk>/dogovor.pdf", views.district_agreement, name="district_agreement"),
]
