from django.urls import path

from safeguard.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.log, name="log"),
    path("log.csv", views.log_export, name="log_export"),
    path("people/<int:pk>/", views.person, name="person"),
]
