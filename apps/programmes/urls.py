from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("programmy/", views.overview, name="overview"),
    path("programmy/para/<int:pair_pk>/sozdat/", views.pair_programme_create, name="pair_programme_create"),
    path("programmy/para/<int:pair_pk>/soglasovanie/", views.programme_approval, name="programme_approval"),
    path("para/<int:pair_pk>/programma/oznakomlen/", views.programme_acknowledge_view, name="programme_acknowledge"),
    path("para/<int:pair_pk>/meropriyatiya/<int:pk>/vypolneno/", views.activity_done, name="activity_done"),
    path("para/<int:pair_pk>/meropriyatiya/<int:pk>/snyat-otmetku/", views.activity_undone, name="activity_undone"),
    path("para/<int:pair_pk>/vstrechi/novaya/", views.meeting_add, name="meeting_add"),
    path("para/<int:pair_pk>/vstrechi/<int:pk>/otzyv/", views.meeting_feedback, name="meeting_feedback"),
    path("kalendar/<str:token>.ics", views.calendar, name="calendar"),
    path("kalendar/zamenit-ssylku/", views.calendar_reset, name="calendar_reset"),
]
