from django.urls import path

from safeguard.signon import views

app_name = "signon"
urlpatterns = [
    path("agencies/<int:pk>/", views.agency_sign_on, name="agency"),
]
