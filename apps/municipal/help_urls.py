from django.urls import path

from . import views

app_name = "pomoshch"
urlpatterns = [
    path("", views.school_questions, name="list"),
    path("<int:pk>/", views.school_question, name="question"),
]
