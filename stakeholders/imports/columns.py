"""Columns and values: the headers each field is recognised by, and how a cell becomes a value."""

import dataclasses
import datetime
import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from stakeholders.enums import SeatRole
from stakeholders.imports.reading import cell_text
from stakeholders.imports.text import normal_text, spellings
from stakeholders.models import (
    ConsentLevel,
    Organisation,
    Sector,
    Stakeholder,
)
from stakeholders.phones import normalize_israeli_phone

# --- Columns and values --------------------------------------------------------------------


def _aliases(*labels):
    """Every way a header or value may be written: its label in English and in every
    language of the interface, whatever the user's own (a template downloaded in Hebrew has
    Hebrew headers; a colleague may fill it in Arabic), in its masculine and feminine forms."""
    names = set()
    for label in labels:
        for language in ["en", *(code for code, _name in settings.LANGUAGES)]:
            with translation.override(language):
                names.update(normal_text(spelling) for spelling in spellings(label))
    return names


@dataclasses.dataclass
class Column:
    field: str
    labels: tuple
    required: bool = False

    def matches(self, header):
        return normal_text(header) in self.aliases

    @functools.cached_property
    def aliases(self):
        return _aliases(*self.labels)


def _choice_lookup(choices, extra=None):
    """Map every spelling of a choice (code, English label, Hebrew label) to its code."""
    lookup = {}
    for code, label in choices:
        if code == "":
            continue
        for name in _aliases(code, label):
            lookup[name] = code
    for spelling, code in (extra or {}).items():
        lookup[normal_text(spelling)] = code
    return lookup


SECTOR_WORDS = {
    "חברתי": Sector.SOCIAL,
    "ציבורי": Sector.PUBLIC,
    "עסקי": Sector.BUSINESS,
    "אקדמי": Sector.ACADEMIA,
    "אקדמיה": Sector.ACADEMIA,
    "פילנתרופי": Sector.PHILANTHROPY,
    "פילנתרופיה": Sector.PHILANTHROPY,
    "קרנות": Sector.PHILANTHROPY,
}
KIND_WORDS = {
    "תושב": Stakeholder.Kind.RESIDENT,
    "תושבת": Stakeholder.Kind.RESIDENT,
    "פעיל": Stakeholder.Kind.RESIDENT,
    "פעילה": Stakeholder.Kind.RESIDENT,
    "בעל תפקיד": Stakeholder.Kind.OFFICIAL,
    "בעלת תפקיד": Stakeholder.Kind.OFFICIAL,
    "עובד רשות": Stakeholder.Kind.OFFICIAL,
    "עובדת רשות": Stakeholder.Kind.OFFICIAL,
    "מוקד השפעה": Stakeholder.Kind.INFLUENCE_CENTRE,
    "גוף אזורי": Stakeholder.Kind.REGIONAL_BODY,
}
CONSENT_WORDS = {
    "פעילה": ConsentLevel.ACTIVE,
    "פעיל": ConsentLevel.ACTIVE,
    "סבילה": ConsentLevel.PASSIVE,
    "סביל": ConsentLevel.PASSIVE,
    "מתנגד": ConsentLevel.OPPOSED,
    "מתנגדת": ConsentLevel.OPPOSED,
    "התנגדות": ConsentLevel.OPPOSED,
    "לא ידוע": ConsentLevel.UNKNOWN,
}
SCOPE_WORDS = {"מקומי": "local", "אזורי": "regional", "ארצי": "national", "ארצית": "national"}
CHOICES = {
    "kind": (Stakeholder.Kind.choices, KIND_WORDS),
    "sector": (Sector.choices, SECTOR_WORDS),
    "position": (Stakeholder.Position.choices, {}),
    "influence_basis": (
        Stakeholder.InfluenceBasis.choices,
        {"תפקיד": "position", "אישיות": "personality", "שניהם": "both"},
    ),
    "consent": (ConsentLevel.choices, CONSENT_WORDS),
    "scope": (Organisation.Scope.choices, SCOPE_WORDS),
    "organisation_kind": (Organisation.Kind.choices, {"מתנס": "community_centre"}),
    "role": (SeatRole.choices, {"יו״ר": "chair", "יור": "chair"}),
}


@functools.cache
def lookup(name):
    """Every spelling of the choices of `name`, built once per process."""
    choices, extra = CHOICES[name]
    return _choice_lookup(choices, extra)


def accepted_values(name):
    """The labels of the choices of `name` in the user's language, as a reader types them."""
    choices, _extra = CHOICES[name]
    return ", ".join(str(label) for code, label in choices if code != "")


def choice_value(value, name, message):
    """The code of the choice of `name` (see CHOICES) that the cell spells; an unknown value
    is refused with `message` and the list of what may be typed instead."""
    text = cell_text(value)
    if not text:
        return ""
    code = lookup(name).get(normal_text(text))
    if code is None:
        raise ValidationError(
            " ".join(
                [
                    message % {"value": text},
                    _("Type one of: %(values)s.") % {"values": accepted_values(name)},
                ]
            ),
            code="unknown_choice",
        )
    return code


def phone_value(value):
    """A phone from a cell; Excel turns 0501234567 into the number 501234567."""
    if isinstance(value, int | float):
        digits = str(int(value))
        value = digits if digits.startswith(("0", "972")) else "0" + digits
    return normalize_israeli_phone(cell_text(value))


def date_value(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    for pattern in ("%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y", "%d.%m.%y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(
        _("“%(value)s” is not a date; write it as 31/12/2026.") % {"value": text}, code="bad_date"
    )


def influence_value(value):
    text = cell_text(value)
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 5:
        raise ValidationError(
            _("Influence is a whole number from 1 to 5, not “%(value)s”.") % {"value": text},
            code="bad_influence",
        )
    return int(text)
