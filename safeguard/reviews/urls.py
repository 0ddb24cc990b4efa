from django.urls import path

from safeguard.reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.index, name="index"),
    path("progress/", views.progress, name="progress"),
    path("new/", views.find_child, name="find"),
    path("new/<int:person_pk>/", views.review_new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/members/new/", views.member_add, name="member_add"),
    path("<int:pk>/join/", views.join, name="join"),
    path("<int:pk>/notified/", views.notified, name="notified"),
    path("<int:pk>/rapid-review/", views.rapid_review, name="rapid_review"),
    path("<int:pk>/local-review/", views.commission, name="commission"),
    path("<int:pk>/publication/", views.publication, name="publication"),
    path("<int:pk>/learning/new/", views.learning_new, name="learning_new"),
    path("<int:pk>/briefings/new/", views.briefing_new, name="briefing_new"),
    path("<int:pk>/close/", views.close, name="close"),
    path("learning/<int:pk>/complete/", views.learning_complete, name="learning_complete"),
    path("learning/<int:pk>/impact/", views.learning_impact, name="learning_impact"),
]
