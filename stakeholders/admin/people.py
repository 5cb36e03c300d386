"""Stakeholders: the person's page (consent history, seats, representations, interactions
and follow-ups inline), consent changes and representations."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.utils.translation import gettext_lazy as _

from stakeholders import access_log, services
from stakeholders.admin.base import (
    LOCALITY_FILTER,
    ScopedAdmin,
    ScopedHistoryAdmin,
    ScopedInline,
)
from stakeholders.forms.fields import PhoneField
from stakeholders.models import (
    ConsentChange,
    FollowUp,
    Interaction,
    Membership,
    Representation,
    Stakeholder,
)
from stakeholders.phones import phone_html
from stakeholders.widgets import PhoneInput


# On both the person's page and the organisation's.
class RepresentationInline(ScopedInline):
    model = Representation
    autocomplete_fields = ["stakeholder", "organisation"]


class ConsentChangeInline(ScopedInline):
    """Consent history is appended through 'record consent', never edited in place."""

    model = ConsentChange
    fk_name = "stakeholder"
    fields = ["at", "old_level", "new_level", "evidence", "note", "changed_by"]
    readonly_fields = fields
    can_delete = False
    ordering = ["-at", "-pk"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StakeholderMembershipInline(ScopedInline):
    model = Membership
    fields = ["committee", "role", "start_date", "term_end_date", "end_date"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("committee and task-team seats")

    def has_add_permission(self, request, obj=None):
        # Seats are added from the committee, where the consent evidence is recorded.
        return False

    def has_change_permission(self, request, obj=None):
        return False


class InteractionInline(ScopedInline):
    model = Interaction
    fields = ["occurred_at", "channel", "summary", "outcome", "recorded_by"]
    ordering = ["-occurred_at"]


class FollowUpInline(ScopedInline):
    model = FollowUp
    fields = ["description", "owner", "due_date", "done_at"]


class InfluentialByPersonalityFilter(admin.SimpleListFilter):
    title = _("influential by personality")
    parameter_name = "by_personality"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.influential_by_personality()
        return queryset


class BurnedFilter(admin.SimpleListFilter):
    title = _("burned by an earlier process")
    parameter_name = "burned"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.burned()
        return queryset


@admin.register(Stakeholder)
class StakeholderAdmin(ScopedHistoryAdmin):
    # Adds "Import from a file" (the same import as the coordinators' page) to the list.
    change_list_template = "admin/stakeholders/stakeholder/change_list.html"
    list_display = [
        "full_name",
        "kind",
        "sector",
        "consent_level",
        "influence_level",
        "influence_basis",
        "phone_display",
        "locality",
    ]
    list_filter = [
        "kind",
        "consent_level",
        "sector",
        "influence_level",
        "influence_basis",
        InfluentialByPersonalityFilter,
        BurnedFilter,
        "position",
        LOCALITY_FILTER,
    ]
    search_fields = ["first_name", "last_name", "email", "phone", "job_title"]
    list_select_related = ["locality"]
    readonly_fields = ["consent_level", "consent_changed_at", "created_by", "created_at"]
    fieldsets = [
        (None, {"fields": ["locality", "kind", "first_name", "last_name", "sector"]}),
        (_("Resident"), {"fields": ["community", "is_social_activist"]}),
        (_("Municipal official"), {"fields": ["division", "department", "position", "job_title"]}),
        (_("Contact details"), {"fields": ["phone", "email"]}),
        (
            _("Influence and consent"),
            {
                "fields": [
                    "influence_level",
                    "influence_basis",
                    "consent_level",
                    "consent_changed_at",
                ]
            },
        ),
        (_("Notes"), {"fields": ["notes", "created_by", "created_at"]}),
    ]
    inlines = [
        ConsentChangeInline,
        StakeholderMembershipInline,
        RepresentationInline,
        InteractionInline,
        FollowUpInline,
    ]

    @admin.display(description=_("name"), ordering="last_name")
    def full_name(self, obj):
        return obj.full_name

    @admin.display(description=_("phone"), ordering="phone")
    def phone_display(self, obj):
        return phone_html(obj.phone)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "phone":
            # As the workspace's forms: typed and shown as 050-1234567, kept as E.164.
            return db_field.formfield(
                form_class=PhoneField, widget=PhoneInput(attrs={"class": "vTextField"})
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Interaction:
            # The inline wrote the interactions itself; the service keeps the copy in step.
            services.last_contact_refresh(stakeholder_ids=[form.instance.pk])

    def get_search_results(self, request, queryset, search_term):
        # The same search as the coordinators' register: a local phone number ("050...")
        # finds the stored international form, and organisation names count.
        return queryset.search(search_term), False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        # In the admin's transaction: the log row commits with the change it records.
        before = [form.initial.get(name) or "" for name in access_log.CONTACT_FIELDS]
        access_log.record_change(request, obj, before)

    # --- The access log of contact details -----------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "GET" and object_id is not None:
            # Logged here, before the admin opens its transaction for the page: a page that
            # fails to render has still been asked for, and its row must stay.
            person = self.get_object(request, unquote(object_id))
            if person is not None and (person.phone or person.email):
                access_log.record(
                    request, person, access_log.VIEW, fields=access_log.filled_fields(person)
                )
        return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None:
            # The list's phone column, before the page is rendered.
            shown = [person for person in changelist.result_list if person.phone]
            access_log.record(request, shown, access_log.VIEW, fields=["phone"])
        return response

    def record_history_access(self, request, records):
        shown = [
            name for name in access_log.CONTACT_FIELDS if records.exclude(**{name: ""}).exists()
        ]
        last = records.order_by("-history_id").first()
        if shown and last is not None:
            person = Stakeholder(pk=last.id, locality_id=last.locality_id)
            access_log.record(request, person, access_log.VIEW, fields=shown)


@admin.register(ConsentChange)
class ConsentChangeAdmin(ScopedHistoryAdmin):
    """Append-only: a new row moves the stakeholder's current level; rows are never edited."""

    list_display = ["stakeholder", "old_level", "new_level", "evidence", "at", "changed_by"]
    list_filter = [
        "new_level",
        "evidence",
        ("stakeholder__locality", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["stakeholder__first_name", "stakeholder__last_name", "note"]
    list_select_related = ["stakeholder", "changed_by"]
    autocomplete_fields = ["stakeholder", "membership"]
    date_hierarchy = "at"
    fields = ["stakeholder", "new_level", "evidence", "note", "at", "membership"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return [*self.fields, "old_level", "changed_by"]
        return []

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        change_row = obj.stakeholder.change_consent(
            level=obj.new_level,
            by=request.user,
            evidence=obj.evidence,
            note=obj.note,
            at=obj.at,
            membership=obj.membership,
        )
        # The admin goes on to log and link the object it saved: give it the real row.
        obj.pk = change_row.pk
        obj.old_level = change_row.old_level


@admin.register(Representation)
class RepresentationAdmin(ScopedAdmin):
    list_display = ["stakeholder", "organisation", "role"]
    search_fields = ["stakeholder__first_name", "stakeholder__last_name", "organisation__name"]
    list_select_related = ["stakeholder", "organisation"]
    autocomplete_fields = ["stakeholder", "organisation"]
