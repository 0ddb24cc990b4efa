from django.urls import path

from safeguard.sharing import views

app_name = "sharing"
urlpatterns = [
    path("", views.decision_list, name="list"),
    path("new/", views.choose_person, name="choose_person"),
    path("new/<int:person_pk>/", views.decision_create, name="create"),
    path("reviews/", views.overview, name="overview"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/replace/", views.supersede, name="supersede"),
    path("<int:pk>/review/", views.review, name="review"),
    path("briefings/", views.briefing_list, name="briefings"),
    path("briefings/manage/", views.briefing_manage, name="briefing_manage"),
    path("briefings/manage/<int:pk>/", views.briefing_edit, name="briefing_edit"),
    path("briefings/manage/<int:pk>/publish/", views.briefing_publish, name="briefing_publish"),
    path("briefings/<slug:slug>/", views.briefing, name="briefing"),
]
