from django.urls import path

from safeguard.datawash import views

app_name = "datawash"
urlpatterns = [
    path("", views.index, name="index"),
    path("extracts/", views.extracts, name="extracts"),
    path("extracts/upload/", views.upload, name="upload"),
    path("extracts/<int:pk>/", views.extract_detail, name="extract"),
    path("extracts/<int:pk>/columns/", views.mapping, name="mapping"),
    path("extracts/<int:pk>/results/", views.extract_results, name="extract_results"),
    path("extracts/<int:pk>/results.csv", views.extract_results_export, name="extract_results_export"),
    path("extracts/<int:pk>/withdraw/", views.extract_withdraw, name="extract_withdraw"),
    path("runs/", views.runs, name="runs"),
    path("runs/new/", views.run_new, name="run_new"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/children.csv", views.run_children_export, name="run_children_export"),
    path("runs/<int:pk>/status.json", views.run_status, name="run_status"),
    path("runs/<int:pk>/cancel/", views.run_cancel, name="run_cancel"),
    path("runs/<int:pk>/report/", views.run_report, name="run_report"),
    path("runs/<int:pk>/report/page/", views.run_report_page, name="run_report_page"),
    path("runs/<int:pk>/children/<int:child_pk>/", views.child_detail, name="child"),
    path("review/", views.review_queue, name="review"),
    path("review/pairs.csv", views.review_queue_export, name="review_export"),
    path("review/<int:pk>/", views.review_case, name="review_case"),
]
