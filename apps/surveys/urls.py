from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    # <path:…> so that any garbage after l/ still gets the Russian «ссылка недействительна» page.
    path("l/<path:token>/", views.link, name="link"),
    path("spasibo/", views.thanks, name="thanks"),
    path("<slug:kind>/", views.fill, name="fill"),
]
