from urllib.parse import urlencode

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def register_url(**filters):
    """The stakeholder register filtered as given: every dashboard number links to its list.

    A comma-separated value (`consent="passive,unknown"`) stands for several choices of a
    multiple-choice filter, since templates cannot write lists.
    """
    params = [
        (name, item)
        for name, value in filters.items()
        for item in str(value if value is not None else "").split(",")
        if item
    ]
    url = reverse("stakeholders:stakeholder_list")
    return f"{url}?{urlencode(params)}" if params else url


@register.filter
def get_item(mapping, key):
    return mapping.get(key, 0)
