"""The pair page, /para/<id>/ (URL names `pairs:…`): it shows the pair with its programme, so its
URLs are wired here, in the layer above pairs."""

from django.urls import path

from apps.pairs import views as pair_views

from . import views

app_name = "pairs"
urlpatterns = [
    path("<int:pk>/", views.pair_detail, name="detail"),
    path("<int:pk>/podkhodit/", pair_views.fit, name="fit"),
]
