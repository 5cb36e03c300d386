"""Messages of django-simple-history that the admin's history pages show, for our catalogues.

django-simple-history ships no Hebrew catalogue (it has Arabic, with gaps). `makemessages`
collects only the messages of our own code and templates, so the ones its admin templates
(`simple_history/templates/simple_history/*.html`), `admin.py` and `models.py` use are listed
here, word for word, with `gettext_noop`: they then reach `locale/he` and `locale/ar`, and our
translations are used on its pages (the project's catalogues come first in Django's lookup).
Nothing imports this module; it is read by `makemessages` only.

Messages Django's own admin already translates ("Home", "History", "Close", "None",
"Date/time", "View on site", "Change history: %s", "View %s") are left to Django.
When django-simple-history is upgraded, compare this list with its templates again.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

SIMPLE_HISTORY_MESSAGES = [
    # models.py: the kind of each historical row, and a deleted object's name.
    gettext_noop("Created"),
    gettext_noop("Changed"),
    gettext_noop("Deleted"),
    gettext_noop("Deleted %(type_name)s"),
    # admin.py: page titles and messages.
    gettext_noop("View history: %s"),
    gettext_noop("Revert %s"),
    gettext_noop('The %(name)s "%(obj)s" was changed successfully.'),
    gettext_noop("You may edit it again below"),
    # object_history.html
    gettext_noop(
        "Choose a date from the list below to revert to a previous version of this object."
    ),
    gettext_noop("This object doesn't have a change history."),
    # object_history_list.html: the table's headings and its count.
    gettext_noop("Object"),
    gettext_noop("Comment"),
    gettext_noop("Changed by"),
    gettext_noop("Change reason"),
    gettext_noop("Changes"),
    ngettext_lazy("entry", "entries"),
    # object_history_form.html and submit_line.html: one version of the object.
    gettext_noop("View %(verbose_name)s"),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("Press the 'Revert' button below to revert to this version of the object."),
    gettext_noop("Press the 'Change History' button below to edit the history."),
    gettext_noop("Revert"),
    gettext_noop("Change History"),
]
