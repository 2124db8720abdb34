"""The admin's login form."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.validators import MaxLengthValidator


class AdminLoginForm(AdminAuthenticationForm):
    """Django's, but a username longer than any user's is a form error. Django's form sets
    the field's max_length after the field made its validators, so there the limit is only
    an HTML attribute: a longer name went on to a failed login, which django-axes records
    in a column of 255 characters; PostgreSQL refused it (a 5xx) where SQLite kept it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))
