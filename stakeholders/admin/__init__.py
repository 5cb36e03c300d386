"""Django admin in the user's language (Hebrew or Arabic), scoped to the localities the
user administers.

One module per concept, as in `stakeholders.models`; `base` holds the scoped base classes
they share. Importing the modules here registers every ModelAdmin when Django's autodiscover
imports `stakeholders.admin`.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from stakeholders.admin import (
    committees,
    engagement,
    history,
    locality,
    organisations,
    people,
    records,
)
from stakeholders.forms import AdminLoginForm

__all__ = [
    "committees",
    "engagement",
    "history",
    "locality",
    "organisations",
    "people",
    "records",
]

admin.site.site_header = _("Kehila administration")
admin.site.site_title = _("Kehila")
admin.site.index_title = _("Stakeholder map administration")
admin.site.login_form = AdminLoginForm
