from django.urls import path

from safeguard.intelligence import views

app_name = "intelligence"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/change/", views.edit, name="edit"),
    path("<int:pk>/add/<slug:kind>/", views.entity_add, name="entity_add"),
    path("<int:pk>/remove/<int:entity_pk>/", views.entity_remove, name="entity_remove"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/additions/", views.addition_add, name="addition_add"),
    path("queue/", views.queue, name="queue"),
    path("queue/<int:pk>/", views.review, name="review"),
    path("queue/<int:pk>/release/", views.release, name="release"),
    path("network/", views.network, name="network"),
    path("network/people/<int:person_pk>/", views.person_network, name="person_network"),
    path("themes/", views.themes, name="themes"),
    path("themes/export.xlsx", views.themes_export, name="themes_export"),
]
