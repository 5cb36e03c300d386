"""Django admin in Hebrew, scoped to the localities the user administers."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import re_path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from stakeholders import access, access_log, services
from stakeholders.enums import Role
from stakeholders.forms import AdminLoginForm
from stakeholders.models import (
    BurnedStakeholder,
    Committee,
    ConsentChange,
    FollowUp,
    ImportBatch,
    Interaction,
    Invitation,
    Locality,
    LocalityAccess,
    Membership,
    Organisation,
    PastProcess,
    PersonalDataAccess,
    Relationship,
    Representation,
    SeatRequest,
    Stakeholder,
    UserPreference,
    user_display_name,
)

admin.site.site_header = _("Kehila administration")
admin.site.site_title = _("Kehila")
admin.site.index_title = _("Stakeholder map administration")
admin.site.login_form = AdminLoginForm


# Only the localities that appear in the user's own records, never the others' names.
LOCALITY_FILTER = ("locality", admin.RelatedOnlyFieldListFilter)


def _is_locality_admin(user):
    return access.sees_everything(user) or bool(access.locality_ids(user, [Role.ADMIN]))


class ScopedAdminMixin:
    """Locality admins see and choose only their localities' records; superusers see all.

    Permission comes from the locality role rather than Django's per-model permissions, so
    granting a role in a locality is the one place where access is decided.
    """

    def get_queryset(self, request):
        return super().get_queryset(request).administered_by(request.user)

    def has_module_permission(self, request):
        return _is_locality_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return _is_locality_admin(request.user)

    def has_add_permission(self, request, *args):
        return _is_locality_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return _is_locality_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return _is_locality_admin(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if related is get_user_model():
            kwargs.setdefault("queryset", _users_for(request.user))
        elif hasattr(related.objects.all(), "administered_by"):
            kwargs.setdefault("queryset", related.objects.administered_by(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        related = db_field.related_model
        if hasattr(related.objects.all(), "administered_by"):
            kwargs.setdefault("queryset", related.objects.administered_by(request.user))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def _users_for(user):
    """Users a locality admin may pick: those of their localities and those with no role yet."""
    users = get_user_model().objects.order_by("username")
    if access.sees_everything(user):
        return users
    administered = access.locality_ids(user, [Role.ADMIN])
    return users.filter(
        Q(locality_accesses__locality__in=administered) | Q(locality_accesses__isnull=True)
    ).distinct()


class ScopedAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_per_page = 50
    # Websites typed without a scheme are assumed to be HTTPS, as Django 6 will.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class ScopedInline(ScopedAdminMixin, admin.TabularInline):
    extra = 0

    def get_queryset(self, request):
        # The parent object is already scoped; inlines only need their own rows.
        return admin.TabularInline.get_queryset(self, request)


def _administered_history(model, user, history=None):
    """The model's historical rows (or those of `history`) in the localities the user
    administers, by the locality of each row's object (a deleted object's rows included,
    where the row itself records its locality)."""
    if history is None:
        history = model.history.all()
    if access.sees_everything(user):
        return history
    lookup = model.objects.all().locality_lookup
    return history.filter(**{f"{lookup}__in": access.locality_ids(user, [Role.ADMIN])})


class ScopedHistoryAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """django-simple-history's pages of each object's past versions, scoped and read-only.

    Its own views look rows up in the whole history table, so a locality admin could read
    another locality's objects by their numbers: here every historical row is looked up among
    the localities the user administers. Reverting is off: the history is a record, and a
    correction is a new change, made on the object itself.
    """

    def get_urls(self):
        # The same page as django-simple-history's, with named groups (so it reverses with
        # keyword arguments like the admin's other pages).
        name = f"{self.opts.app_label}_{self.opts.model_name}_simple_history"
        version = re_path(
            r"^(?P<object_id>[^/]+)/history/(?P<version_id>[^/]+)/$",
            self.admin_site.admin_view(self.history_form_view),
            name=name,
        )
        return [version, *(url for url in super().get_urls() if url.name != name)]

    def revert_disabled(self, request, obj=None):
        return True

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        records = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return _administered_history(self.model, request.user, records)

    def _object_id(self, object_id):
        try:
            return self.opts.pk.to_python(unquote(object_id))
        except ValidationError as error:
            raise Http404 from error

    def history_view(self, request, object_id, extra_context=None):
        object_id = self._object_id(object_id)
        records = self.get_history_queryset(request, self.model.history, "id", object_id)
        self.record_history_access(request, records)
        return super().history_view(request, str(object_id), extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        object_id = self._object_id(object_id)
        if not version_id.isdigit():
            raise Http404
        records = _administered_history(self.model, request.user).filter(
            id=object_id, history_id=int(version_id)
        )
        if not records.exists():
            raise Http404
        self.record_history_access(request, records)
        return super().history_form_view(request, str(object_id), version_id, extra_context)

    def record_history_access(self, request, records):
        """Models with contact details log the history pages that show them."""


# --- Localities and access -----------------------------------------------------------------


class LocalityAccessInline(ScopedInline):
    model = LocalityAccess
    autocomplete_fields = ["stakeholder"]


@admin.register(Locality)
class LocalityAdmin(ScopedAdmin):
    list_display = ["name", "district", "official_active_target", "stakeholder_count"]
    search_fields = ["name", "district"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [LocalityAccessInline]

    def get_queryset(self, request):
        localities = Locality.objects.administered_by(request.user)
        return localities.annotate(_stakeholder_count=Count("stakeholders"))

    @admin.display(description=_("stakeholders"), ordering="_stakeholder_count")
    def stakeholder_count(self, obj):
        return obj._stakeholder_count

    def has_add_permission(self, request, *args):
        # A new locality is a new deployment decision, not a locality admin's.
        return access.sees_everything(request.user)

    def has_delete_permission(self, request, obj=None):
        return access.sees_everything(request.user)


@admin.register(LocalityAccess)
class LocalityAccessAdmin(ScopedAdmin):
    list_display = ["user", "locality", "role", "stakeholder"]
    list_filter = ["role", LOCALITY_FILTER]
    search_fields = ["user__username", "user__first_name", "user__last_name", "locality__name"]
    list_select_related = ["user", "locality", "stakeholder"]
    autocomplete_fields = ["stakeholder"]


@admin.register(UserPreference)
class UserPreferenceAdmin(admin.ModelAdmin):
    """Not locality data: users choose their language in the interface; superusers only here."""

    list_display = ["user", "language"]
    list_filter = ["language"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]

    def has_module_permission(self, request):
        return access.sees_everything(request.user)

    def has_view_permission(self, request, obj=None):
        return access.sees_everything(request.user)

    def has_add_permission(self, request):
        return access.sees_everything(request.user)

    def has_change_permission(self, request, obj=None):
        return access.sees_everything(request.user)

    def has_delete_permission(self, request, obj=None):
        return access.sees_everything(request.user)


# --- Organisations -------------------------------------------------------------------------


class RepresentationInline(ScopedInline):
    model = Representation
    autocomplete_fields = ["stakeholder", "organisation"]


@admin.register(Organisation)
class OrganisationAdmin(ScopedHistoryAdmin):
    list_display = ["name", "sector", "scope", "kind", "locality", "representative_count"]
    list_filter = ["sector", "scope", "kind", LOCALITY_FILTER]
    search_fields = ["name", "notes"]
    list_select_related = ["locality"]
    inlines = [RepresentationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_representatives=Count("representations"))

    @admin.display(description=_("representatives"), ordering="_representatives")
    def representative_count(self, obj):
        return obj._representatives


# --- Stakeholders --------------------------------------------------------------------------


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


class BurnedInline(ScopedInline):
    model = BurnedStakeholder
    autocomplete_fields = ["stakeholder", "process"]


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
        return obj.phone_display

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Interaction:
            form.instance.refresh_last_contact()

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


@admin.register(ImportBatch)
class ImportBatchAdmin(ScopedAdmin):
    """A record of the files brought in; files are uploaded from the import page."""

    list_display = ["filename", "kind", "status", "locality", "created_by", "created_at"]
    list_filter = ["kind", "status", LOCALITY_FILTER]
    search_fields = ["filename"]
    list_select_related = ["locality", "created_by"]
    fields = ["filename", "kind", "status", "locality", "created_by", "created_at", "result"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content", "preview")

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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


# --- Committees and task teams -------------------------------------------------------------


class CommitteeMembershipInline(ScopedInline):
    model = Membership
    fields = ["stakeholder", "role", "start_date", "term_end_date", "end_date", "note"]
    autocomplete_fields = ["stakeholder"]
    ordering = ["end_date", "role"]


class TaskTeamInline(ScopedInline):
    model = Committee
    fk_name = "parent"
    fields = ["name", "kind"]
    show_change_link = True
    verbose_name_plural = _("task teams")


def _save_membership(request, membership):
    """New seats go through the service, so that they count as active consent."""
    if membership.pk is None:
        return services.membership_add(
            stakeholder=membership.stakeholder,
            committee=membership.committee,
            role=membership.role,
            by=request.user,
            start_date=membership.start_date,
            term_end_date=membership.term_end_date,
            note=membership.note,
        )
    membership.save()
    return membership


@admin.register(Committee)
class CommitteeAdmin(ScopedAdmin):
    list_display = ["name", "kind", "parent", "locality", "current_members"]
    list_filter = ["kind", LOCALITY_FILTER]
    search_fields = ["name", "description"]
    list_select_related = ["parent", "locality"]
    autocomplete_fields = ["parent"]
    inlines = [CommitteeMembershipInline, TaskTeamInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _current_members=Count("memberships", filter=Q(memberships__end_date__isnull=True))
            )
        )

    @admin.display(description=_("current members"), ordering="_current_members")
    def current_members(self, obj):
        return obj._current_members

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        for membership in formset.save(commit=False):
            _save_membership(request, membership)
        for membership in formset.deleted_objects:
            membership.delete()
        formset.save_m2m()


@admin.register(Membership)
class MembershipAdmin(ScopedHistoryAdmin):
    list_display = ["stakeholder", "committee", "role", "start_date", "term_end_date", "end_date"]
    list_filter = ["role", "committee__kind", ("committee", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["stakeholder__first_name", "stakeholder__last_name", "committee__name"]
    list_select_related = ["stakeholder", "committee"]
    autocomplete_fields = ["stakeholder", "committee"]
    date_hierarchy = "start_date"

    def save_model(self, request, obj, form, change):
        saved = _save_membership(request, obj)
        obj.pk = saved.pk


# --- Relationships and history -------------------------------------------------------------


@admin.register(Relationship)
class RelationshipAdmin(ScopedHistoryAdmin):
    list_display = ["__str__", "kind", "sensitive", "locality"]
    list_filter = ["sensitive", "kind", LOCALITY_FILTER]
    search_fields = [
        "from_stakeholder__first_name",
        "from_stakeholder__last_name",
        "to_stakeholder__first_name",
        "to_stakeholder__last_name",
        "from_organisation__name",
        "to_organisation__name",
        "note",
    ]
    list_select_related = [
        "from_stakeholder",
        "from_organisation",
        "to_stakeholder",
        "to_organisation",
        "locality",
    ]
    autocomplete_fields = [
        "from_stakeholder",
        "from_organisation",
        "to_stakeholder",
        "to_organisation",
    ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(PastProcess)
class PastProcessAdmin(ScopedAdmin):
    list_display = ["name", "years", "outcome", "locality", "burned_count"]
    list_filter = ["outcome", LOCALITY_FILTER]
    search_fields = ["name", "description", "lessons"]
    inlines = [BurnedInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_burned=Count("burns"))

    @admin.display(description=_("burned stakeholders"), ordering="_burned")
    def burned_count(self, obj):
        return obj._burned


@admin.register(BurnedStakeholder)
class BurnedStakeholderAdmin(ScopedAdmin):
    list_display = ["stakeholder", "process"]
    list_filter = [("process", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["stakeholder__first_name", "stakeholder__last_name", "process__name", "note"]
    list_select_related = ["stakeholder", "process"]
    autocomplete_fields = ["stakeholder", "process"]


@admin.register(Interaction)
class InteractionAdmin(ScopedAdmin):
    list_display = ["stakeholder", "channel", "occurred_at", "outcome", "recorded_by"]
    list_filter = [
        "channel",
        "outcome",
        ("stakeholder__locality", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["stakeholder__first_name", "stakeholder__last_name", "summary"]
    list_select_related = ["stakeholder", "recorded_by"]
    autocomplete_fields = ["stakeholder"]
    date_hierarchy = "occurred_at"

    def save_model(self, request, obj, form, change):
        if not change and not obj.recorded_by_id:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
        # The person may have changed too: refresh both the old and the new one.
        stakeholders = {obj.stakeholder_id, form.initial.get("stakeholder")} - {None}
        Stakeholder.objects.filter(pk__in=stakeholders).refresh_last_contact()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        Stakeholder.objects.filter(pk=obj.stakeholder_id).refresh_last_contact()

    def delete_queryset(self, request, queryset):
        stakeholders = list(queryset.values_list("stakeholder_id", flat=True))
        super().delete_queryset(request, queryset)
        Stakeholder.objects.filter(pk__in=stakeholders).refresh_last_contact()


class OpenFollowUpFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("open", _("Open")), ("overdue", _("Overdue")), ("done", _("Done"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.open()
        if self.value() == "overdue":
            return queryset.overdue()
        if self.value() == "done":
            return queryset.filter(done_at__isnull=False)
        return queryset


@admin.register(FollowUp)
class FollowUpAdmin(ScopedAdmin):
    list_display = ["description", "stakeholder", "owner", "due_date", "done_at"]
    list_filter = [OpenFollowUpFilter, ("stakeholder__locality", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["description", "stakeholder__first_name", "stakeholder__last_name"]
    list_select_related = ["stakeholder", "owner"]
    autocomplete_fields = ["stakeholder", "interaction"]
    date_hierarchy = "due_date"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


# --- Municipal staff self-service ------------------------------------------------------------


@admin.register(SeatRequest)
class SeatRequestAdmin(ScopedAdmin):
    """Officials' requests, for the record. They are decided in the workspace's queue, where
    approving also changes the seat; here they are read and, if need be, deleted."""

    list_display = ["stakeholder", "committee", "kind", "role", "status", "created_at"]
    list_filter = ["status", "kind", LOCALITY_FILTER]
    search_fields = ["stakeholder__first_name", "stakeholder__last_name", "committee__name"]
    list_select_related = ["stakeholder", "committee"]
    fields = [
        "locality",
        "stakeholder",
        "committee",
        "membership",
        "kind",
        "role",
        "note",
        "status",
        "requested_by",
        "created_at",
        "decided_by",
        "decided_at",
        "decision_note",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(ScopedAdmin):
    """Who was invited to log in, by whom, and whether they accepted. Invitations are sent
    from the official's profile in the workspace, which creates the login and the link."""

    # The address is personal data: shown on the record's page (and logged), not in the list.
    list_display = ["stakeholder", "invited_by", "created_at", "accepted_at"]
    list_filter = [LOCALITY_FILTER]
    search_fields = ["stakeholder__first_name", "stakeholder__last_name"]
    list_select_related = ["stakeholder", "invited_by"]
    fields = ["locality", "stakeholder", "user", "email", "invited_by", "created_at", "accepted_at"]
    readonly_fields = fields

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        invitation = self.get_object(request, unquote(object_id)) if object_id else None
        if invitation is not None:
            access_log.record(request, invitation.stakeholder, access_log.VIEW, fields=["email"])
        return super().changeform_view(request, object_id, form_url, extra_context)

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- Audit: deleted stakeholders and the access log ------------------------------------------


class HistoryTypeFilter(admin.SimpleListFilter):
    title = _("change")
    parameter_name = "type"

    def lookups(self, request, model_admin):
        return [("+", _("Created")), ("~", _("Changed")), ("-", _("Deleted"))]

    def queryset(self, request, queryset):
        if self.value() in ("+", "~", "-"):
            return queryset.filter(history_type=self.value())
        return queryset


@admin.register(Stakeholder.history.model)
class StakeholderChangeAdmin(admin.ModelAdmin):
    """Every saved version of every stakeholder, deleted people's last versions included:
    where an admin finds who deleted someone, and when ("Deleted" in the filter). Read-only;
    a row opens that version, and "history" the person's whole history."""

    list_display = ["changed_at", "name", "change_type", "changed_by", "history_link"]
    list_display_links = ["changed_at"]
    list_filter = [HistoryTypeFilter]
    search_fields = ["first_name", "last_name"]
    list_select_related = ["history_user"]
    list_per_page = 50
    actions = None

    def get_queryset(self, request):
        return _administered_history(Stakeholder, request.user)

    def get_search_results(self, request, queryset, search_term):
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term.isdigit() and len(term) < 10:
            # A stakeholder's number finds all their versions.
            queryset |= self.get_queryset(request).filter(id=int(term))
        return queryset, duplicates

    def has_module_permission(self, request):
        return _is_locality_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return _is_locality_admin(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # One version is shown by the stakeholder's own history pages, with its labels.
        if request.method != "GET":
            raise PermissionDenied
        record = self.get_object(request, unquote(object_id))
        if record is None:
            raise Http404
        return redirect(
            "admin:stakeholders_stakeholder_simple_history",
            object_id=record.id,
            version_id=record.history_id,
        )

    @admin.display(description=_("time"), ordering="history_date")
    def changed_at(self, obj):
        return obj.history_date

    @admin.display(description=_("name"))
    def name(self, obj):
        return f"{obj.first_name} {obj.last_name}".strip()

    @admin.display(description=_("change"), ordering="history_type")
    def change_type(self, obj):
        return obj.get_history_type_display()

    @admin.display(description=_("changed by"))
    def changed_by(self, obj):
        return user_display_name(obj.history_user, empty="—")

    @admin.display(description=_("history"))
    def history_link(self, obj):
        url = reverse("admin:stakeholders_stakeholder_history", args=[obj.id])
        return format_html('<a href="{}">{}</a>', url, _("All versions"))


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ScopedAdmin):
    """The access log of contact details: read and filtered here, never written. Nobody,
    superusers included, adds, changes or deletes a row (see prune_access_log for retention)."""

    list_display = ["at", "username", "action", "stakeholder_number", "source", "fields"]
    list_filter = ["action", ("at", admin.DateFieldListFilter), LOCALITY_FILTER]
    search_fields = ["username"]
    date_hierarchy = "at"
    fields = ["at", "username", "user", "locality", "stakeholder", "action", "source", "fields"]
    readonly_fields = fields
    actions = None

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        condition = Q(username__icontains=term)
        if term.isdigit() and len(term) < 10:
            condition |= Q(stakeholder_id=int(term))
        return queryset.filter(condition), False

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("stakeholder number"), ordering="stakeholder_id")
    def stakeholder_number(self, obj):
        return obj.stakeholder_id
