from django.urls import path

from safeguard.visits import views

app_name = "visits"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("campaign/start/", views.campaign_start, name="campaign_start"),
    path("campaign/update/", views.campaign_update, name="campaign_update"),
    path("campaign/close/", views.campaign_close, name="campaign_close"),
    path("unseen/", views.unseen, name="unseen"),
    path("plan/", views.plan, name="plan"),
    path("list/", views.my_visits, name="list"),
    path("list/<int:pk>/", views.visit_detail, name="visit"),
    path("export.xlsx", views.export, name="export"),
]
