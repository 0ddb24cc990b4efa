from django.urls import path

from safeguard.partnership import views

app_name = "partnership"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("settings/", views.settings_edit, name="settings"),
    path("agencies/new/", views.agency_new, name="agency_new"),
    path("agencies/<int:pk>/", views.agency_edit, name="agency_edit"),
    path("users/", views.user_list, name="users"),
    path("users/new/", views.user_new, name="user_new"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/password-link/", views.user_password_link, name="user_password_link"),
    path("users/<int:pk>/second-factor/reset/", views.user_second_factor_reset, name="user_second_factor_reset"),
    path("groups/<int:pk>/", views.group_detail, name="group"),
    path("groups/<int:pk>/members/<int:membership_pk>/remove/", views.membership_remove, name="membership_remove"),
    path("api-tokens/", views.api_tokens, name="api_tokens"),
    path("api-tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
