"""Israeli phone numbers: validated and kept in one canonical form (E.164, "+972501234567").

One form in the database is what lets an import or a second coordinator find an existing
person by phone however the number was typed ("050-123 4567", "+972 50 1234567", "0501234567").

The check is structural (the numbering plan's prefixes and lengths), not a list of allocated
ranges: range lists lag behind new allocations and would refuse real people's numbers.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

INVALID_MESSAGE = _("Enter a valid Israeli phone number, for example 050-1234567 or 04-8123456.")

# The national significant number: mobiles 05X and VoIP 07X have nine digits, landlines
# (02, 03, 04, 08, 09) eight.
_NATIONAL_NUMBER = re.compile(r"^(?:[57]\d{8}|[23489]\d{7})$", re.ASCII)
_SEPARATORS = re.compile(r"[\s\-().\u200e\u200f\u202a-\u202e]")


def normalize_israeli_phone(value):
    """Return the number in E.164 form, or raise ValidationError with a translated message."""
    value = (value or "").strip()
    if not value:
        return ""
    digits = _SEPARATORS.sub("", value)
    if len(digits) > 20:
        raise ValidationError(INVALID_MESSAGE, code="invalid_phone")
    for international_prefix in ("+972", "00972", "972"):
        if digits.startswith(international_prefix):
            digits = digits[len(international_prefix) :]
            break
    else:
        if not digits.startswith("0"):
            raise ValidationError(INVALID_MESSAGE, code="invalid_phone")
    national = digits.removeprefix("0")
    if not _NATIONAL_NUMBER.match(national):
        raise ValidationError(INVALID_MESSAGE, code="invalid_phone")
    return f"+972{national}"


def format_israeli_phone(value):
    """The local way to write a stored number ("050-1234567"), for display."""
    if not value or not value.startswith("+972"):
        return value or ""
    national = "0" + value[4:]
    prefix_length = 3 if len(national) == 10 else 2
    return f"{national[:prefix_length]}-{national[prefix_length:]}"


def phone_html(value):
    """A stored number as every page and Django admin show it: the local form, as one
    left-to-right unit that never wraps. Without the <bdi>, a right-to-left line may show
    "03-5551234" as "5551234-03" once spaces or other text sit next to it."""
    if not value:
        return ""
    return format_html('<bdi dir="ltr" class="text-nowrap">{}</bdi>', format_israeli_phone(value))
