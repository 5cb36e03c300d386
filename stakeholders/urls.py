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
    *organisations.urlpatterns,
    *committees.urlpatterns,
    *history.urlpatterns,
    *imports.urlpatterns,
    *audit.urlpatterns,
    *privacy.urlpatterns,
    *selfservice.urlpatterns,
]
