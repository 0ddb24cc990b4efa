from django.urls import path

from safeguard.dataprotection import views

app_name = "dataprotection"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.find_person, name="find"),
    path("new/<int:person_pk>/", views.request_new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/extend/", views.extend, name="extend"),
    path("<int:pk>/exemptions/new/", views.exemption_add, name="exemption_add"),
    path("<int:pk>/answered/", views.answered, name="answered"),
    path("<int:pk>/bundle/", views.bundle, name="bundle"),
    path("people/<int:person_pk>/correct/", views.correct, name="correct"),
    path("retention/", views.retention, name="retention"),
    path("retention/change/", views.retention_edit, name="retention_edit"),
    path("processing-record/", views.processing_record, name="processing_record"),
    path("privacy-notice/", views.privacy_edit, name="privacy_edit"),
    path("privacy/<slug:slug>/", views.privacy, name="privacy"),
]
