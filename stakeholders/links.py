"""Links into the stakeholder register with filters, built often (thousands per dashboard)."""

from functools import lru_cache
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import get_script_prefix, reverse


@lru_cache(maxsize=8)
def _register_base(script_prefix):
    return reverse("stakeholders:stakeholder_list")


def _pairs(filters):
    return [
        (name, str(item))
        for name, value in filters.items()
        for item in (value if isinstance(value, list | tuple) else [value])
        if item not in (None, "")
    ]


def register_link(**filters):
    """`/stakeholders/?kind=official&consent=active`; list values repeat the parameter."""
    params = _pairs(filters)
    base = _register_base(get_script_prefix())
    return f"{base}?{urlencode(params)}" if params else base


def register_query(**filters):
    """The query `register_link(**filters)` sends, as the register view receives it."""
    return QueryDict(urlencode(_pairs(filters)))
