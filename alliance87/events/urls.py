from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("events/<slug:slug>/", views.programme, name="programme"),
    path("events/<slug:slug>/calendar.ics", views.calendar, name="calendar"),
    path("events/<slug:slug>/items/<int:item_pk>/calendar.ics", views.calendar, name="item_calendar"),
]
