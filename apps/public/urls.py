from django.urls import path

from . import district_views, views

app_name = "public"

urlpatterns = [
    path("vstraivanie.js", views.embed_script, name="embed_script"),
    # Before the school's pages: «rayon» is not a school, and a district's slug could be a tab's name.
    path("rayon/<slug:slug>/", district_views.district_home, name="district"),
    path("rayon/<slug:slug>/sbornik.pdf", district_views.district_collection_pdf, name="district_collection"),
    path("<slug:slug>/", views.home, name="home"),
    path("<slug:slug>/normativnaya-baza/", views.normative, name="normative"),
    path("<slug:slug>/polozhenie-i-dorozhnaya-karta/", views.roadmap, name="roadmap"),
    path("<slug:slug>/nastavniki/", views.mentors, name="mentors"),
    path("<slug:slug>/programmy/", views.programmes, name="programmes"),
    path("<slug:slug>/novosti/", views.news_list, name="news"),
    path("<slug:slug>/novosti/<int:pk>/", views.news_detail, name="news_detail"),
    path("<slug:slug>/novosti/rss/", views.news_rss, name="news_rss"),
    path("<slug:slug>/novosti/atom/", views.news_atom, name="news_atom"),
    path("<slug:slug>/fayly/prikazy/<int:pk>/", views.order_file, name="order_file"),
    path("<slug:slug>/fayly/dokumenty/<int:pk>/", views.act_file, name="act_file"),
    path("<slug:slug>/fayly/praktiki/<int:pk>/", views.practice_file, name="practice_file"),
    path("<slug:slug>/fayly/resursnaya-karta/", views.resource_map_file, name="resource_map_file"),
    path("<slug:slug>/fayly/nastavniki/<int:pk>/", views.mentor_photo, name="mentor_photo"),
    path("<slug:slug>/fayly/novosti/<int:pk>/", views.news_image, name="news_image"),
]
