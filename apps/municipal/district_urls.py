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
    path("prikazy/", views.orders, name="orders"),
    path("prikazy/<int:pk>/", views.order_detail, name="order"),
    path("prikazy/<int:pk>.pdf", views.order_pdf, name="order_pdf"),
    path("prikazy/<int:pk>/skan.pdf", views.order_scan, name="order_scan"),
    path("dorozhnaya-karta/", views.roadmap, name="roadmap"),
    path("dorozhnaya-karta/punkt/<int:pk>/", views.roadmap_item, name="roadmap_item"),
    path("pomoshch/", views.district_questions, name="questions"),
    path("pomoshch/<int:pk>/", views.district_question, name="question"),
]
