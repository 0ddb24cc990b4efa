from django.urls import path

from safeguard.training import views

app_name = "training"
urlpatterns = [
    path("", views.index, name="index"),
    path("sessions/new/", views.session_new, name="session_new"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/book/", views.book, name="book"),
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("bookings/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("bookings/<int:pk>/calendar.ics", views.booking_ics, name="booking_ics"),
    path("bookings/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("attendance-by-agency/", views.report, name="report"),
    # Public: a calendar feed of sessions, naming no one.
    path("feed/<slug:partnership>.ics", views.feed, name="feed"),
]
