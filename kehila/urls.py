from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from stakeholders.forms import LoginForm
from stakeholders.views import pages

urlpatterns = [
    path("admin/", admin.site.urls),
    path("favicon.ico", pages.favicon, name="favicon"),
    path("health/", pages.health, name="health"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("", include("stakeholders.urls")),
]
