"""Forms of the coordinators' workspace, one module per area of the views. Every message the
user sees is translated.

The names below were imported from the single `stakeholders.forms` module before it was
split, so those imports keep working.
"""

from stakeholders.forms.committees import (
    CommitteeForm,
    MemberForm,
    MembershipCloseForm,
    MembershipRoleForm,
    SeatForm,
)
from stakeholders.forms.history import PastProcessForm, RelationshipForm
from stakeholders.forms.login import AdminLoginForm, LoginForm
from stakeholders.forms.organisations import OrganisationForm
from stakeholders.forms.register import ConsentForm, InteractionForm, StakeholderForm
from stakeholders.forms.selfservice import (
    MyContactDetailsForm,
    MySeatForm,
    SeatRequestDecisionForm,
    SeatRequestNoteForm,
)

__all__ = [
    "AdminLoginForm",
    "CommitteeForm",
    "ConsentForm",
    "InteractionForm",
    "LoginForm",
    "MemberForm",
    "MembershipCloseForm",
    "MembershipRoleForm",
    "MyContactDetailsForm",
    "MySeatForm",
    "OrganisationForm",
    "PastProcessForm",
    "RelationshipForm",
    "SeatForm",
    "SeatRequestDecisionForm",
    "SeatRequestNoteForm",
    "StakeholderForm",
]
