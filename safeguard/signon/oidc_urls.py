"""allauth's OpenID Connect login and callback, under the names allauth reverses (no namespace).

Mounted at /sign-in/sso/ by safeguard/urls.py, so the redirect URI an agency registers is
<site>/sign-in/sso/<provider id>/login/callback/.
"""

from django.urls import path

from safeguard.signon import views

urlpatterns = [
    path("<str:provider_id>/login/", views.oidc_login, name="openid_connect_login"),
    path("<str:provider_id>/login/callback/", views.oidc_callback, name="openid_connect_callback"),
]
