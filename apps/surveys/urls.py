from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    # <path:…> so that any garbage after l/ still gets the Russian «ссылка недействительна» page.
    path("l/<path:token>/", views.link, name="link"),
    path("spasibo/", views.thanks, name="thanks"),
    # Before <slug:kind>/, which would otherwise take «itogi» for a kind of questionnaire.
    path("itogi/", views.results, name="results"),
    path("itogi/para/<int:pk>/", views.pair_results, name="pair_results"),
    path("itogi/refleksiya/", views.reflection_results, name="reflection_results"),
    path("refleksiya/<int:pk>/", views.reflection, name="reflection"),
    path("<slug:kind>/", views.fill, name="fill"),
]
