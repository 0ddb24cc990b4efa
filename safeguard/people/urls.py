from django.urls import path

from safeguard.people import views

app_name = "people"
urlpatterns = [
    path("", views.search, name="search"),
    path("new/", views.create, name="create"),
    path("trace/", views.trace, name="trace"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/change/", views.edit, name="edit"),
    path("<int:pk>/identifiers/", views.identifier_add, name="identifier_add"),
]
