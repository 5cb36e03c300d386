"""The stakeholder register as a query: the list, its export and every dashboard figure that
links to it are answered by this one function, so a number and its list always agree."""

from stakeholders import access
from stakeholders.filters import SORTS, StakeholderFilter
from stakeholders.models import Stakeholder


def register_filter(params, *, user, locality, text="", contacts=False):
    """The register's filter set over what `user` may see in `locality`.

    `params` are the register's query parameters (a QueryDict, or a dict of lists as
    `links.register_link` takes them); `text` is the free-text search, searched in phone
    numbers and emails only when `contacts` is allowed.
    """
    stakeholders = (
        Stakeholder.objects.visible_to(user)
        .in_locality(locality)
        .search(text, contacts=contacts)
        .with_consent_order()
        .order_by(*SORTS["name"])
    )
    return StakeholderFilter(
        params or None,
        queryset=stakeholders,
        locality=locality,
        can_see_sensitive=access.can_see_sensitive(user, locality),
    )
