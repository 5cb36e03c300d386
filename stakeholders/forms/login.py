"""The login forms of the workspace and of the admin site."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class UsernameLengthMixin:
    """Django's login forms give the username a max_length without enforcing it, so a
    10,000-character name reached authenticate() and then django-axes' log of failed
    logins, whose username column holds 255 characters: an error page on PostgreSQL.
    The form refuses it first, with Django's own (translated) message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class LoginForm(UsernameLengthMixin, AuthenticationForm):
    pass


class AdminLoginForm(UsernameLengthMixin, AdminAuthenticationForm):
    pass
