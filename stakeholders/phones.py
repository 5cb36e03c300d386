"""Israeli phone numbers: validated and kept in one canonical form (E.164, "+972501234567").

One form in the database is what lets an import or a second coordinator find an existing
person by phone however the number was typed ("050-123 4567", "+972 50 1234567", "0501234567").
"""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

INVALID_MESSAGE = _("Enter a valid Israeli phone number, for example 050-1234567 or 04-8123456.")


def normalize_israeli_phone(value):
    """Return the number in E.164 form, or raise ValidationError in Hebrew."""
    value = (value or "").strip()
    if not value:
        return ""
    # Long inputs are never phone numbers; refusing early keeps the parser's work bounded.
    if len(value) > 32:
        raise ValidationError(INVALID_MESSAGE, code="invalid_phone")
    try:
        number = phonenumbers.parse(value, "IL")
    except phonenumbers.NumberParseException as error:
        raise ValidationError(INVALID_MESSAGE, code="invalid_phone") from error
    if number.country_code != 972 or not phonenumbers.is_valid_number(number):
        raise ValidationError(INVALID_MESSAGE, code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_israeli_phone(value):
    """The local way to write a stored number ("050-123-4567"), for display."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "IL")
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
