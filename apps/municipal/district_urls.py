from django.urls import path

from . import views

app_name = "rayon_konkurs"
urlpatterns = [
    path("konkurs/", views.contests, name="list"),
    path("konkurs/novyy/", views.contest_edit, name="create"),
    path("konkurs/<int:pk>/", views.contest_detail, name="detail"),
    path("konkurs/<int:pk>/izmenit/", views.contest_edit, name="edit"),
    path("konkurs/<int:pk>/itogi/", views.contest_publish, name="publish"),
    path("sayt/", views.district_page, name="district_page"),
    path("celi/", views.targets, name="targets"),
    path("dorozhnaya-karta/", views.roadmap, name="roadmap"),
    path("dorozhnaya-karta/punkt/<int:pk>/", views.roadmap_item, name="roadmap_item"),
    path("pomoshch/", views.district_questions, name="questions"),
    path("pomoshch/<int:pk>/", views.district_question, name="question"),
]
