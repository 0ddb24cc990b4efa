from django.urls import path

from safeguard.placements import views

app_name = "placements"
urlpatterns = [
    path("", views.index, name="index"),
    path("export.csv", views.export, name="export"),
    path("incoming/", views.inbox, name="inbox"),
    path("incoming/acknowledged/", views.acknowledged, name="acknowledged"),
    path("record/", views.find_child, name="find"),
    path("record/<int:person_pk>/", views.record, name="record"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/end/", views.end, name="end"),
    path("<int:pk>/details/", views.details, name="details"),
    path("notices/<int:pk>/sent/", views.notice_send, name="notice_send"),
    path("notices/<int:pk>/record-sent/", views.notice_record_sent, name="notice_record_sent"),
    path("notices/<int:pk>/letter.docx", views.notice_letter, name="notice_letter"),
    path("notices/<int:pk>/acknowledge/", views.notice_acknowledge, name="notice_acknowledge"),
]
