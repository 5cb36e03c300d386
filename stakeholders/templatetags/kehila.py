from django import template
from django.utils.html import format_html

from stakeholders.links import register_link
from stakeholders.phones import phone_html

register = template.Library()


@register.simple_tag
def register_url(**filters):
    """The stakeholder register filtered as given: every dashboard number links to its list.

    A comma-separated value (`consent="passive,unknown"`) stands for several choices of a
    multiple-choice filter, since templates cannot write lists.
    """
    return register_link(
        **{
            name: str(value).split(",") if value is not None else None
            for name, value in filters.items()
        }
    )


@register.filter
def phone(value):
    """`{{ person.phone|phone }}`: the stored E.164 number as 050-1234567, one left-to-right
    unit that never wraps. The one way pages show a phone number (Django admin uses the same
    function)."""
    return phone_html(value)


@register.filter
def ltr(value):
    """`{{ process.years|ltr }}`: a range ("2022–2024") or code read left to right as one
    unit; in a right-to-left line the en dash would otherwise put the years in reverse."""
    if value in (None, ""):
        return ""
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@register.filter
def bdi(value):
    """`{% blocktranslate with name=person.full_name|bdi %}`: text a person typed, isolated so
    that a name in English or Arabic keeps the sentence around it in order. Outside a
    blocktranslate, write <bdi>{{ value }}</bdi>. Never in an attribute or a <title>."""
    if value in (None, ""):
        return ""
    return format_html("<bdi>{}</bdi>", value)
