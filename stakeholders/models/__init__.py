"""The stakeholder map of one locality, as the Kehila Metiva guide describes it.

See DOMAIN.md: residents and communities, municipal officials, centres of influence in five
sectors and regional bodies; committees and task teams; consent that moves from passive to
active; the locality's history, its sensitive relationships and people influential by
personality rather than position.

One module per concept; everything is re-exported here, so the rest of the project imports
`from stakeholders.models import Stakeholder` and never needs to know which file holds what.
The models never import `stakeholders.access`: the rules about who may do what are built on
the grants that `models.locality` reads.
"""

from stakeholders.enums import CONSENT_ORDER, ConsentLevel, SeatRole, Sector
from stakeholders.models.committees import (
    Committee,
    Invitation,
    Membership,
    SeatRequest,
)
from stakeholders.models.engagement import FollowUp, Interaction
from stakeholders.models.history import BurnedStakeholder, PastProcess, Relationship
from stakeholders.models.locality import (
    Locality,
    LocalityAccess,
    ScopedQuerySet,
    UserPreference,
    user_display_name,
)
from stakeholders.models.organisations import Organisation
from stakeholders.models.people import (
    BIDI_CONTROLS,
    ConsentChange,
    Representation,
    Stakeholder,
)
from stakeholders.models.records import ImmutableRecord, ImportBatch, PersonalDataAccess

__all__ = [
    "BIDI_CONTROLS",
    "CONSENT_ORDER",
    "BurnedStakeholder",
    "Committee",
    "ConsentChange",
    "ConsentLevel",
    "FollowUp",
    "ImmutableRecord",
    "ImportBatch",
    "Interaction",
    "Invitation",
    "Locality",
    "LocalityAccess",
    "Membership",
    "Organisation",
    "PastProcess",
    "PersonalDataAccess",
    "Relationship",
    "Representation",
    "ScopedQuerySet",
    "SeatRequest",
    "SeatRole",
    "Sector",
    "Stakeholder",
    "UserPreference",
    "user_display_name",
]
