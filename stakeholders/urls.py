from django.urls import include, path

from stakeholders.views import (
    audit,
    committees,
    dashboard,
    history,
    imports,
    organisations,
    pages,
    preferences,
    privacy,
    register,
    selfservice,
    shell,
)

app_name = "stakeholders"

urlpatterns = [
    # Home, locality, language, accessibility and the dashboard
    path("", shell.home, name="home"),
    path("locality/", shell.switch_locality, name="switch_locality"),
    path("language/", preferences.set_language, name="set_language"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("dashboard/", dashboard.dashboard_view, name="dashboard"),
    path("dashboard/target/", dashboard.dashboard_target, name="dashboard_target"),
    # The stakeholder register and profiles, and what is done from a profile (consent,
    # meetings, seats, relationships, change history, personal data, invitations)
    path(
        "stakeholders/",
        include(
            [
                path("", register.stakeholder_list, name="stakeholder_list"),
                path("export/", register.stakeholder_export, name="stakeholder_export"),
                path(
                    "consent-history/export/",
                    register.consent_history_export,
                    name="consent_history_export",
                ),
                path("new/", register.stakeholder_create, name="stakeholder_create"),
                path("lookup/", register.stakeholder_lookup, name="stakeholder_lookup"),
                path("<int:pk>/", register.stakeholder_detail, name="stakeholder_detail"),
                path("<int:pk>/edit/", register.stakeholder_edit, name="stakeholder_edit"),
                path("<int:pk>/consent/", register.stakeholder_consent, name="stakeholder_consent"),
                path(
                    "<int:pk>/interactions/new/",
                    register.stakeholder_interaction,
                    name="stakeholder_interaction",
                ),
                path("<int:pk>/seats/new/", register.stakeholder_seat, name="stakeholder_seat"),
                path(
                    "<int:pk>/relationships/new/",
                    register.stakeholder_relationship,
                    name="stakeholder_relationship",
                ),
                path("<int:pk>/history/", audit.stakeholder_history, name="stakeholder_history"),
                path(
                    "<int:pk>/personal-data/export/",
                    privacy.stakeholder_privacy_export,
                    name="stakeholder_privacy_export",
                ),
                path(
                    "<int:pk>/personal-data/erase/",
                    privacy.stakeholder_privacy_erase,
                    name="stakeholder_privacy_erase",
                ),
                path("<int:pk>/invite/", selfservice.stakeholder_invite, name="stakeholder_invite"),
            ]
        ),
    ),
    # Organisations
    path(
        "organisations/",
        include(
            [
                path("", organisations.organisation_list, name="organisation_list"),
                path("new/", organisations.organisation_create, name="organisation_create"),
                path("lookup/", organisations.organisation_lookup, name="organisation_lookup"),
                path("export/", organisations.organisation_export, name="organisation_export"),
                path("<int:pk>/", organisations.organisation_detail, name="organisation_detail"),
                path("<int:pk>/edit/", organisations.organisation_edit, name="organisation_edit"),
                path("<int:pk>/history/", audit.organisation_history, name="organisation_history"),
            ]
        ),
    ),
    # Committees and task teams
    path(
        "committees/",
        include(
            [
                path("", committees.committee_list, name="committee_list"),
                path("new/", committees.committee_create, name="committee_create"),
                path("export/", committees.committee_export, name="committee_export"),
                path("<int:pk>/", committees.committee_detail, name="committee_detail"),
                path("<int:pk>/edit/", committees.committee_edit, name="committee_edit"),
                path(
                    "<int:pk>/members/new/",
                    committees.committee_add_member,
                    name="committee_add_member",
                ),
                path("<int:pk>/history/", audit.committee_history, name="committee_history"),
            ]
        ),
    ),
    # Seats on a body
    path(
        "memberships/",
        include(
            [
                path("<int:pk>/role/", committees.membership_role, name="membership_role"),
                path("<int:pk>/close/", committees.membership_close, name="membership_close"),
            ]
        ),
    ),
    # The locality's history: earlier processes
    path(
        "history/",
        include(
            [
                path("", history.past_process_list, name="past_process_list"),
                path("new/", history.past_process_create, name="past_process_create"),
                path("<int:pk>/edit/", history.past_process_edit, name="past_process_edit"),
                path("<int:pk>/delete/", history.past_process_delete, name="past_process_delete"),
                path("burns/<int:pk>/note/", history.burn_note_edit, name="burn_note_edit"),
            ]
        ),
    ),
    # Relationships
    path(
        "relationships/",
        include(
            [
                path("", history.relationship_list, name="relationship_list"),
                path("new/", history.relationship_create, name="relationship_create"),
                path("<int:pk>/edit/", history.relationship_edit, name="relationship_edit"),
                path("<int:pk>/delete/", history.relationship_delete, name="relationship_delete"),
            ]
        ),
    ),
    # Follow-ups
    path(
        "follow-ups/",
        include(
            [
                path("", history.followup_list, name="followup_list"),
                path("<int:pk>/done/", history.followup_done, name="followup_done"),
            ]
        ),
    ),
    # Import from Excel and CSV
    path(
        "import/",
        include(
            [
                path("", imports.import_start, name="import_start"),
                path("<int:pk>/", imports.import_preview, name="import_preview"),
                path("<int:pk>/confirm/", imports.import_confirm, name="import_confirm"),
                path("<int:pk>/not-imported/", imports.import_problems, name="import_problems"),
                path("template/<slug:kind>/", imports.import_template, name="import_template"),
            ]
        ),
    ),
    # The personal-data access log
    path(
        "access-log/",
        include(
            [
                path("", audit.access_log_list, name="access_log"),
                path("export/", audit.access_log_export, name="access_log_export"),
            ]
        ),
    ),
    # Municipal staff: my committees, seats, requests and details
    path(
        "my/",
        include(
            [
                path("", selfservice.my_committees, name="my_committees"),
                path("seats/<int:pk>/", selfservice.my_seat, name="my_seat"),
                path("seats/<int:pk>/leave/", selfservice.my_seat_leave, name="my_seat_leave"),
                path("teams/<int:pk>/join/", selfservice.my_team_join, name="my_team_join"),
                path(
                    "requests/<int:pk>/withdraw/",
                    selfservice.my_request_withdraw,
                    name="my_request_withdraw",
                ),
                path("details/<int:pk>/", selfservice.my_details, name="my_details"),
            ]
        ),
    ),
    # The coordinators' queue of staff requests
    path(
        "requests/",
        include(
            [
                path("", selfservice.seat_request_list, name="seat_request_list"),
                path(
                    "<int:pk>/decide/", selfservice.seat_request_decide, name="seat_request_decide"
                ),
            ]
        ),
    ),
    # An invitation link
    path(
        "invitation/",
        include(
            [
                path("<str:token>/", selfservice.invitation_accept, name="invitation_accept"),
            ]
        ),
    ),
]
