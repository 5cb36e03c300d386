from django import template

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
