from django.urls import path

from safeguard.workforce import views

app_name = "workforce"
urlpatterns = [
    path("", views.report, name="report"),
    path("report.docx", views.export_docx, name="export_docx"),
    path("returns/", views.returns, name="returns"),
    path("returns/new/", views.return_create, name="return_create"),
    path("returns/template.xlsx", views.returns_template, name="returns_template"),
    path("returns/upload/", views.returns_upload, name="returns_upload"),
    path("returns/<int:pk>/change/", views.return_edit, name="return_edit"),
]
