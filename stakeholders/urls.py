from django.urls import path

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
    path("", shell.home, name="home"),
    path("locality/", shell.switch_locality, name="switch_locality"),
    path("language/", preferences.set_language, name="set_language"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("dashboard/", dashboard.dashboard_view, name="dashboard"),
    path("dashboard/target/", dashboard.dashboard_target, name="dashboard_target"),
    # Stakeholder register and profiles
    path("stakeholders/", register.stakeholder_list, name="stakeholder_list"),
    path("stakeholders/export/", register.stakeholder_export, name="stakeholder_export"),
    path(
        "stakeholders/consent-history/export/",
        register.consent_history_export,
        name="consent_history_export",
    ),
    path("stakeholders/new/", register.stakeholder_create, name="stakeholder_create"),
    path("stakeholders/lookup/", register.stakeholder_lookup, name="stakeholder_lookup"),
    path("stakeholders/<int:pk>/", register.stakeholder_detail, name="stakeholder_detail"),
    path("stakeholders/<int:pk>/edit/", register.stakeholder_edit, name="stakeholder_edit"),
    path(
        "stakeholders/<int:pk>/consent/", register.stakeholder_consent, name="stakeholder_consent"
    ),
    path(
        "stakeholders/<int:pk>/interactions/new/",
        register.stakeholder_interaction,
        name="stakeholder_interaction",
    ),
    path("stakeholders/<int:pk>/seats/new/", register.stakeholder_seat, name="stakeholder_seat"),
    path(
        "stakeholders/<int:pk>/relationships/new/",
        register.stakeholder_relationship,
        name="stakeholder_relationship",
    ),
    # --- Organisations
    path("organisations/", organisations.organisation_list, name="organisation_list"),
    path("organisations/new/", organisations.organisation_create, name="organisation_create"),
    path("organisations/lookup/", organisations.organisation_lookup, name="organisation_lookup"),
    path("organisations/export/", organisations.organisation_export, name="organisation_export"),
    path("organisations/<int:pk>/", organisations.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", organisations.organisation_edit, name="organisation_edit"),
    # --- Committees and task teams, and their seats
    path("committees/", committees.committee_list, name="committee_list"),
    path("committees/new/", committees.committee_create, name="committee_create"),
    path("committees/export/", committees.committee_export, name="committee_export"),
    path("committees/<int:pk>/", committees.committee_detail, name="committee_detail"),
    path("committees/<int:pk>/edit/", committees.committee_edit, name="committee_edit"),
    path(
        "committees/<int:pk>/members/new/",
        committees.committee_add_member,
        name="committee_add_member",
    ),
    path("memberships/<int:pk>/role/", committees.membership_role, name="membership_role"),
    path("memberships/<int:pk>/close/", committees.membership_close, name="membership_close"),
    # --- The locality's history, relationships and follow-ups
    path("history/", history.past_process_list, name="past_process_list"),
    path("history/new/", history.past_process_create, name="past_process_create"),
    path("history/<int:pk>/edit/", history.past_process_edit, name="past_process_edit"),
    path("history/<int:pk>/delete/", history.past_process_delete, name="past_process_delete"),
    path("relationships/", history.relationship_list, name="relationship_list"),
    path("relationships/<int:pk>/delete/", history.relationship_delete, name="relationship_delete"),
    path("follow-ups/", history.followup_list, name="followup_list"),
    path("follow-ups/<int:pk>/done/", history.followup_done, name="followup_done"),
    # --- Import from Excel and CSV
    path("import/", imports.import_start, name="import_start"),
    path("import/<int:pk>/", imports.import_preview, name="import_preview"),
    path("import/<int:pk>/confirm/", imports.import_confirm, name="import_confirm"),
    path("import/<int:pk>/not-imported/", imports.import_problems, name="import_problems"),
    path("import/template/<slug:kind>/", imports.import_template, name="import_template"),
    # --- Change history and the personal-data access log
    path("stakeholders/<int:pk>/history/", audit.stakeholder_history, name="stakeholder_history"),
    path(
        "organisations/<int:pk>/history/", audit.organisation_history, name="organisation_history"
    ),
    path("committees/<int:pk>/history/", audit.committee_history, name="committee_history"),
    path("access-log/", audit.access_log_list, name="access_log"),
    path("access-log/export/", audit.access_log_export, name="access_log_export"),
    # --- Privacy: a person's data export and erasure
    path(
        "stakeholders/<int:pk>/personal-data/export/",
        privacy.stakeholder_privacy_export,
        name="stakeholder_privacy_export",
    ),
    path(
        "stakeholders/<int:pk>/personal-data/erase/",
        privacy.stakeholder_privacy_erase,
        name="stakeholder_privacy_erase",
    ),
    # --- Municipal staff: invitations, my committees, requests
    path("my/", selfservice.my_committees, name="my_committees"),
    path("my/seats/<int:pk>/", selfservice.my_seat, name="my_seat"),
    path("my/seats/<int:pk>/leave/", selfservice.my_seat_leave, name="my_seat_leave"),
    path("my/teams/<int:pk>/join/", selfservice.my_team_join, name="my_team_join"),
    path(
        "my/requests/<int:pk>/withdraw/",
        selfservice.my_request_withdraw,
        name="my_request_withdraw",
    ),
    path("my/details/<int:pk>/", selfservice.my_details, name="my_details"),
    path("requests/", selfservice.seat_request_list, name="seat_request_list"),
    path("requests/<int:pk>/decide/", selfservice.seat_request_decide, name="seat_request_decide"),
    path(
        "stakeholders/<int:pk>/invite/", selfservice.stakeholder_invite, name="stakeholder_invite"
    ),
    path("invitation/<str:token>/", selfservice.invitation_accept, name="invitation_accept"),
]
