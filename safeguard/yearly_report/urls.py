from django.urls import path

from safeguard.yearly_report import views

app_name = "yearly_report"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.edit, name="edit"),
    path("sections/<int:pk>/", views.section_edit, name="section_edit"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    # Public pages: no sign-in.
    path("<slug:partnership>/", views.archive, name="archive"),
    path("<slug:partnership>/<int:pk>/", views.public_report, name="public_report"),
    path("<slug:partnership>/<int:pk>/report.docx", views.report_word, name="report_word"),
]
