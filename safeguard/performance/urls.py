from django.urls import path

from safeguard.performance import views

app_name = "performance"
urlpatterns = [
    path("", views.scorecard, name="scorecard"),
    path("export/scorecard.xlsx", views.export_xlsx, name="export_xlsx"),
    path("export/board-report.docx", views.export_docx, name="export_docx"),
    path("indicators/", views.indicator_list, name="indicators"),
    path("indicators/new/", views.indicator_create, name="indicator_create"),
    path("indicators/standard/", views.indicators_seed, name="indicators_seed"),
    path("indicators/<int:pk>/change/", views.indicator_edit, name="indicator_edit"),
    path("submit/", views.submit, name="submit"),
    path("submit/upload/", views.upload, name="upload"),
    path("submit/template.xlsx", views.upload_template, name="upload_template"),
    path("submit/<int:pk>/confirm/", views.submission_confirm, name="submission_confirm"),
    path("late/", views.late, name="late"),
    path("late/chase/", views.late_chase, name="late_chase"),
    path("audits/", views.audit_list, name="audits"),
    path("audits/new/", views.audit_create, name="audit_create"),
    path("audits/<int:pk>/", views.audit_detail, name="audit"),
    path("audits/<int:pk>/actions/", views.audit_action_add, name="audit_action_add"),
    path("audits/cases/<int:pk>/", views.audit_case, name="audit_case"),
    path("audits/actions/<int:pk>/done/", views.audit_action_done, name="audit_action_done"),
]
