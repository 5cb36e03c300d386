"""Writes that touch several models: each is one keyword-only function that validates
(`full_clean()`), writes in one transaction and returns what it wrote. Views, the admin,
imports, self-service and the demo seed all call these, so a rule is enforced once.

Names read `<entity>_<action>`; the modules follow the models package.
"""

from stakeholders.services.committees import (
    membership_add,
    membership_close,
    membership_self_update,
    seat_request_decide,
    seat_request_open,
    seat_request_withdraw,
)
from stakeholders.services.engagement import (
    interaction_delete,
    interaction_log,
    interaction_save,
    interactions_bulk_create,
    last_contact_refresh,
)
from stakeholders.services.history import past_process_save
from stakeholders.services.imports import import_batch_confirm
from stakeholders.services.people import stakeholder_save

__all__ = [
    "import_batch_confirm",
    "interaction_delete",
    "past_process_save",
    "stakeholder_save",
    "interaction_log",
    "interaction_save",
    "interactions_bulk_create",
    "last_contact_refresh",
    "membership_add",
    "membership_close",
    "membership_self_update",
    "seat_request_decide",
    "seat_request_open",
    "seat_request_withdraw",
]
